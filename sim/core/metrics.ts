/**
 * The metrics collector: a long table (the shape cadCAD/radCAD users know) streamed to CSV and
 * JSON lines as rows arrive, so memory stays bounded however long the run.
 *
 * Key columns: run, seed, epoch, block, day, subnet, uid, role, strategy. Subnet-level rows
 * have an empty uid and role "subnet"; network-level rows role "network".
 */
import type { TextSink } from "../run/outputs.js";

export const KEY_COLUMNS = ["run", "seed", "epoch", "block", "day", "subnet", "uid", "role", "strategy"] as const;

export type MetricValue = number | bigint | string | null;

export interface RowKey {
  epoch: number;
  block: number;
  day: number;
  subnet: number;
  uid: number | null;
  role: string;
  strategy: string;
}

/** Numbers are written with at most 12 significant digits so text is stable across platforms. */
export function formatMetric(v: MetricValue): string {
  if (v === null) return "";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(v)) return v.toString();
  return Number(v.toPrecision(12)).toString();
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class MetricsTable {
  readonly columns: readonly string[];
  private readonly run: string;
  private readonly seed: number;
  private readonly csv: TextSink;
  private readonly jsonl: TextSink;
  private rows = 0;

  constructor(metricColumns: readonly string[], run: string, seed: number, csv: TextSink, jsonl: TextSink) {
    this.columns = metricColumns;
    this.run = run;
    this.seed = seed;
    this.csv = csv;
    this.jsonl = jsonl;
    csv.write(`${[...KEY_COLUMNS, ...metricColumns].map(csvCell).join(",")}\n`);
  }

  /** Appends one row; `values` maps metric columns to values (missing ones are empty). */
  row(key: RowKey, values: Readonly<Record<string, MetricValue>>): void {
    const keyCells: MetricValue[] = [this.run, this.seed, key.epoch, key.block, key.day, key.subnet, key.uid, key.role, key.strategy];
    const cells: string[] = keyCells.map((v) => csvCell(formatMetric(v)));
    let json = `{"run":${JSON.stringify(this.run)},"seed":${this.seed},"epoch":${key.epoch},"block":${key.block},"day":${formatMetric(key.day)},"subnet":${key.subnet},"uid":${key.uid === null ? "null" : key.uid},"role":${JSON.stringify(key.role)},"strategy":${JSON.stringify(key.strategy)}`;
    for (const col of this.columns) {
      const v = values[col] ?? null;
      const text = formatMetric(v);
      cells.push(csvCell(text));
      json += `,${JSON.stringify(col)}:${v === null ? "null" : typeof v === "string" ? JSON.stringify(v) : text === "NaN" || text.endsWith("Infinity") ? "null" : text}`;
    }
    this.csv.write(`${cells.join(",")}\n`);
    this.jsonl.write(`${json}}\n`);
    this.rows++;
  }

  get rowCount(): number {
    return this.rows;
  }
}
