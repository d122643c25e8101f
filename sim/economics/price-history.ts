/**
 * Historical daily prices: a `date,close` CSV parsed into a checked series, and the project's
 * shipped TAO/USD file (`sim/economics/data/tao-usd-daily.csv`, sources in its `.SOURCE.md`).
 *
 * `parsePriceCsv` is pure (text in, series out). `readPriceCsvFile` and `loadTaoUsdDaily` are
 * the thin file-reading adapters around it.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A checked daily price series, oldest first. */
export interface PriceHistory {
  /** Where the series came from (file name or label), used in messages. */
  readonly source: string;
  /** ISO dates `YYYY-MM-DD` (UTC), strictly increasing. */
  readonly dates: readonly string[];
  /** Closing prices (> 0), same length as `dates`. */
  readonly closes: Float64Array;
}

/** A CSV problem, naming the line (1-based; 0 when it concerns the whole file). */
export class PriceCsvError extends Error {
  readonly source: string;
  readonly line: number;

  constructor(source: string, line: number, message: string) {
    super(line > 0 ? `${source}:${line}: ${message}` : `${source}: ${message}`);
    this.name = "PriceCsvError";
    this.source = source;
    this.line = line;
  }
}

export interface ParsePriceCsvOptions {
  /** Name used in error messages (e.g. the file name). Default "price CSV". */
  source?: string;
  /** Fewest price rows accepted (a series of n rows has n − 1 returns). Default 30. */
  minRows?: number;
  /**
   * Accept missing calendar days between rows. Default false: a gap is an error, because the
   * returns of a daily series with gaps would silently span several days.
   */
  allowGaps?: boolean;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a valid ISO calendar date, or null if the text is not one. */
export function isoDateToDayNumber(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

/**
 * Parses a `date,close` CSV (header `date,close`, case-insensitive; one row per day, oldest
 * first; blank lines ignored; CRLF accepted). Throws `PriceCsvError` naming the line, the value
 * and what was expected for: a wrong header, a wrong field count, an invalid date, a close that
 * is not a finite number > 0, a duplicate date, an unsorted date, a calendar gap (unless
 * `allowGaps`), and fewer than `minRows` rows.
 */
export function parsePriceCsv(text: string, options: ParsePriceCsvOptions = {}): PriceHistory {
  const source = options.source ?? "price CSV";
  const minRows = options.minRows ?? 30;
  const allowGaps = options.allowGaps ?? false;
  if (!Number.isInteger(minRows) || minRows < 2) {
    throw new Error(`parsePriceCsv: minRows = ${minRows}; expected an integer ≥ 2`);
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let headerSeen = false;
  const dates: string[] = [];
  const closes: number[] = [];
  let prevDay = Number.NaN;
  let prevLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.trim();
    if (raw.length === 0) continue;
    if (!headerSeen) {
      const header = raw.split(",").map((f) => f.trim().toLowerCase());
      if (header.length !== 2 || header[0] !== "date" || header[1] !== "close") {
        throw new PriceCsvError(source, lineNo, `header is "${raw}"; expected "date,close"`);
      }
      headerSeen = true;
      continue;
    }
    const fields = raw.split(",");
    if (fields.length !== 2) {
      throw new PriceCsvError(
        source,
        lineNo,
        `found ${fields.length} comma-separated fields in "${raw}"; expected 2 (date,close)`,
      );
    }
    const date = fields[0]!.trim();
    const closeText = fields[1]!.trim();
    const day = isoDateToDayNumber(date);
    if (day === null) {
      throw new PriceCsvError(source, lineNo, `date "${date}" is not a valid calendar date; expected YYYY-MM-DD`);
    }
    const close = NUMBER_RE.test(closeText) ? Number(closeText) : Number.NaN;
    if (!Number.isFinite(close) || close <= 0) {
      throw new PriceCsvError(
        source,
        lineNo,
        `close "${closeText}" on ${date} is not a valid price; expected a finite number > 0`,
      );
    }
    if (dates.length > 0) {
      const prevDate = dates[dates.length - 1]!;
      if (day === prevDay) {
        throw new PriceCsvError(source, lineNo, `date ${date} repeats line ${prevLine}; expected each date once`);
      }
      if (day < prevDay) {
        throw new PriceCsvError(
          source,
          lineNo,
          `date ${date} comes after ${prevDate} (line ${prevLine}); expected dates sorted oldest first`,
        );
      }
      if (!allowGaps && day - prevDay > 1) {
        throw new PriceCsvError(
          source,
          lineNo,
          `date ${date} follows ${prevDate} (line ${prevLine}) with ${day - prevDay - 1} missing day(s); ` +
            `expected consecutive calendar days (set allowGaps to accept gaps)`,
        );
      }
    }
    dates.push(date);
    closes.push(close);
    prevDay = day;
    prevLine = lineNo;
  }
  if (!headerSeen) throw new PriceCsvError(source, 0, `file is empty; expected a "date,close" header and rows`);
  if (dates.length < minRows) {
    throw new PriceCsvError(source, 0, `has ${dates.length} price row(s); expected at least ${minRows}`);
  }
  return { source, dates, closes: Float64Array.from(closes) };
}

/** Reads and parses a `date,close` CSV file (see `parsePriceCsv`; `source` defaults to the path). */
export function readPriceCsvFile(path: string, options: ParsePriceCsvOptions = {}): PriceHistory {
  const text = readFileSync(path, "utf8");
  return parsePriceCsv(text, { ...options, source: options.source ?? path });
}

/**
 * Absolute path of the shipped `tao-usd-daily.csv`. Works from the TypeScript sources
 * (`sim/economics/`) and from the compiled build (`dist/sim/economics/`, which does not copy
 * data files, so it points back to `sim/economics/data/`).
 */
export function taoUsdDailyCsvPath(): string {
  const candidates = [
    new URL("./data/tao-usd-daily.csv", import.meta.url),
    new URL("../../../sim/economics/data/tao-usd-daily.csv", import.meta.url),
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  throw new Error(
    `tao-usd-daily.csv not found; looked in ${candidates.map((u) => fileURLToPath(u)).join(" and ")}`,
  );
}

/** The shipped TAO/USD daily closes, 2023-03-03 .. 2026-02-11 (1077 rows). */
export function loadTaoUsdDaily(): PriceHistory {
  return readPriceCsvFile(taoUsdDailyCsvPath(), { source: "tao-usd-daily.csv" });
}

/** Daily log returns ln(close[i+1] / close[i]), length n − 1. */
export function logReturnsOf(closes: ArrayLike<number>): Float64Array {
  const n = closes.length;
  const out = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) out[i - 1] = Math.log(closes[i]! / closes[i - 1]!);
  return out;
}
