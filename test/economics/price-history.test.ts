import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import {
  isoDateToDayNumber,
  loadTaoUsdDaily,
  logReturnsOf,
  parsePriceCsv,
  PriceCsvError,
  taoUsdDailyCsvPath,
} from "../../sim/economics/price-history.js";

/** A valid CSV body of `n` consecutive days from 2024-01-01 with closes 100, 101, ... */
function goodCsv(n: number): string {
  const lines = ["date,close"];
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    lines.push(`${d},${100 + i}`);
  }
  return lines.join("\n") + "\n";
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("parsePriceCsv", () => {
  it("parses a valid file, with CRLF, BOM, blank lines and a capitalised header", () => {
    const text = "\uFEFFDate,Close\r\n2024-01-01,10\r\n\r\n2024-01-02, 12.5\r\n2024-01-03,1e1\r\n";
    const h = parsePriceCsv(text, { minRows: 3, source: "t.csv" });
    expect(h.dates).toEqual(["2024-01-01", "2024-01-02", "2024-01-03"]);
    expect(Array.from(h.closes)).toEqual([10, 12.5, 10]);
    expect(h.source).toBe("t.csv");
  });

  it("rejects bad files with messages naming the line, value and expectation", () => {
    const opts = { source: "p.csv", minRows: 2 };
    const cases: Array<[string, string]> = [
      ["Date;Close\n2024-01-01,1\n2024-01-02,2\n", 'p.csv:1: header is "Date;Close"; expected "date,close"'],
      [
        "date,close\n2024-01-01,1\n2024-02-30,2\n",
        'p.csv:3: date "2024-02-30" is not a valid calendar date; expected YYYY-MM-DD',
      ],
      ["date,close\n2024-1-01,1\n2024-01-02,2\n", 'p.csv:2: date "2024-1-01" is not a valid calendar date; expected YYYY-MM-DD'],
      [
        "date,close\n2024-01-01,1\n2024-01-02,-5\n",
        'p.csv:3: close "-5" on 2024-01-02 is not a valid price; expected a finite number > 0',
      ],
      [
        "date,close\n2024-01-01,0\n2024-01-02,2\n",
        'p.csv:2: close "0" on 2024-01-01 is not a valid price; expected a finite number > 0',
      ],
      [
        "date,close\n2024-01-01,1\n2024-01-02,abc\n",
        'p.csv:3: close "abc" on 2024-01-02 is not a valid price; expected a finite number > 0',
      ],
      [
        "date,close\n2024-01-01,1\n2024-01-02,\n",
        'p.csv:3: close "" on 2024-01-02 is not a valid price; expected a finite number > 0',
      ],
      [
        "date,close\n2024-01-01,1\n2024-01-02,2\n2024-01-02,3\n",
        "p.csv:4: date 2024-01-02 repeats line 3; expected each date once",
      ],
      [
        "date,close\n2024-01-02,1\n2024-01-03,2\n2024-01-01,3\n",
        "p.csv:4: date 2024-01-01 comes after 2024-01-03 (line 3); expected dates sorted oldest first",
      ],
      [
        "date,close\n2024-01-01,1\n2024-01-04,2\n",
        "p.csv:3: date 2024-01-04 follows 2024-01-01 (line 2) with 2 missing day(s); expected consecutive calendar days (set allowGaps to accept gaps)",
      ],
      [
        "date,close\n2024-01-01,1,7\n2024-01-02,2\n",
        'p.csv:2: found 3 comma-separated fields in "2024-01-01,1,7"; expected 2 (date,close)',
      ],
      ["", 'p.csv: file is empty; expected a "date,close" header and rows'],
      ["date,close\n2024-01-01,1\n", "p.csv: has 1 price row(s); expected at least 2"],
    ];
    for (const [text, message] of cases) {
      const err = errorOf(() => parsePriceCsv(text, opts));
      expect(err).toBeInstanceOf(PriceCsvError);
      expect(err.message).toBe(message);
    }
  });

  it("names the minimum row count (default 30)", () => {
    expect(errorOf(() => parsePriceCsv(goodCsv(29))).message).toBe("price CSV: has 29 price row(s); expected at least 30");
    expect(parsePriceCsv(goodCsv(30)).closes.length).toBe(30);
  });

  it("accepts calendar gaps only when asked", () => {
    const text = "date,close\n2024-01-05,1\n2024-01-08,2\n";
    expect(() => parsePriceCsv(text, { minRows: 2 })).toThrow(/missing day/);
    expect(parsePriceCsv(text, { minRows: 2, allowGaps: true }).dates).toEqual(["2024-01-05", "2024-01-08"]);
  });

  it("reports the line number of the error counting blank lines", () => {
    const err = errorOf(() => parsePriceCsv("date,close\n\n2024-01-01,1\n\n2024-01-01,2\n", { minRows: 2 })) as PriceCsvError;
    expect(err.line).toBe(5);
    expect(err.message).toBe("price CSV:5: date 2024-01-01 repeats line 3; expected each date once");
  });
});

describe("isoDateToDayNumber", () => {
  it("accepts real calendar dates only", () => {
    expect(isoDateToDayNumber("1970-01-02")).toBe(1);
    expect(isoDateToDayNumber("2024-02-29")).not.toBeNull();
    expect(isoDateToDayNumber("2023-02-29")).toBeNull();
    expect(isoDateToDayNumber("2023-13-01")).toBeNull();
    expect(isoDateToDayNumber("2023-03-3")).toBeNull();
  });
});

describe("shipped tao-usd-daily.csv", () => {
  it("is the project's own copy with its SOURCE.md beside it, and loads as 1077 consecutive days", () => {
    const path = taoUsdDailyCsvPath();
    expect(path).toMatch(/sim[\\/]economics[\\/]data[\\/]tao-usd-daily\.csv$/);
    expect(existsSync(path.replace(/\.csv$/, ".SOURCE.md"))).toBe(true);
    const source = readFileSync(path.replace(/\.csv$/, ".SOURCE.md"), "utf8");
    expect(source).toContain("Data provided by CoinGecko");
    expect(source).toContain("Binance spot TAO/USDT");
    const h = loadTaoUsdDaily();
    expect(h.closes.length).toBe(1077);
    expect(h.dates[0]).toBe("2023-03-03");
    expect(h.dates[1076]).toBe("2026-02-11");
    expect(h.closes[1076]).toBe(145.9);
  });

  it("logReturnsOf gives n − 1 log returns", () => {
    const r = logReturnsOf([100, 110, 99]);
    expect(r.length).toBe(2);
    expect(r[0]).toBeCloseTo(Math.log(1.1), 15);
    expect(r[1]).toBeCloseTo(Math.log(0.9), 15);
  });
});
