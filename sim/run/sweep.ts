/**
 * `subnet-sim sweep`: one scenario run over a grid of `--set` values × seeds, on worker threads.
 *
 * The value-list rule: in `--set path=text`, commas at the top level of `text` (outside [ ], { },
 * ( ) and quotes) separate sweep values, so `subnet.kappa=0.3,0.5` is an axis with two values.
 * Text without a top-level comma is one value, exactly as `run --set` reads it: `x=[1,2]` is one
 * list value, `x=[1,2],[3,4]` an axis of two lists. Each value is read as YAML, like applyOverride.
 * The grid is the cartesian product of the axes in the order given (the first axis varies
 * slowest); point i is the i-th combination. Seeds per point: the point's `seed` + 0 … K−1.
 *
 * Results are ordered by (point, seed), never by completion, and every output is a function of
 * the plan alone, so the folder is byte-identical whatever the number of workers.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import YAML from "yaml";
import { canonicalJson, sha256, sha256File } from "../core/hash.js";
import { formatMetric } from "../core/metrics.js";
import { gitCommit, packageRoot, packageVersion } from "../core/version.js";
import { ScenarioError, loadScenarioValue, parsePath, parseScenarioText, readScenarioText } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { RunDir } from "./outputs.js";
import { renderReport } from "./report.js";
import { buildSweepReport, valueText } from "./sweep-report.js";
import {
  ADVERSARY_FIELDS,
  SUMMARY_SECTIONS,
  SWEEP_WORKER,
  flattenSummary,
  runSweepJob,
  type RunMetrics,
  type SweepJobMessage,
  type SweepReply,
} from "./sweep-worker.js";

export { ADVERSARY_FIELDS, flattenSummary, runSweepJob, valueText, type RunMetrics };

export const SWEEP_FORMAT = 1;

/** Refuse grids larger than this many runs (points × seeds): almost surely a typo. */
export const MAX_SWEEP_RUNS = 100_000;

/** Metrics charted when no --metric is given (adversary captured_share and return_usd are added). */
export const DEFAULT_METRICS = ["mechanism.rank_correlation", "mechanism.mean_validator_trust", "mechanism.gini_miner_emission"];


// ---------------------------------------------------------------------------------------------
// Grid expansion
// ---------------------------------------------------------------------------------------------

export interface SweepAxis {
  /** The field path as given, e.g. `subnet.kappa`; also the column name. */
  path: string;
  /** Each value's text as given (trimmed), applied as `path=text`. */
  texts: string[];
  /** Each value as read (YAML), for the tables. */
  values: unknown[];
}

/** The `--set` arguments in order: plain overrides, or a reference to a sweep axis. */
export type SweepSet = { kind: "fixed"; assignment: string } | { kind: "axis"; axis: number };

export interface ParsedSets {
  axes: SweepAxis[];
  sets: SweepSet[];
  problems: string[];
}

export interface SweepPoint {
  index: number;
  /** Index into each axis's values. */
  valueIndex: number[];
  /** `path=value` for each axis, joined by ", ". */
  label: string;
  /** Every --set of this point, in the order given (axes replaced by their value). */
  overrides: string[];
  scenario: Scenario;
  seeds: number[];
}

export interface SweepJob {
  /** Position in the long table: point × seeds + seedIndex. */
  run: number;
  point: number;
  seedIndex: number;
  seed: number;
}

export interface SweepPlan {
  source: string;
  /** SHA-256 of the scenario file's text. */
  sourceSha256: string;
  name: string;
  axes: SweepAxis[];
  /** The --set arguments that are not axes. */
  fixed: string[];
  seedsPerPoint: number;
  points: SweepPoint[];
  jobs: SweepJob[];
}

/**
 * Splits text at commas outside brackets, braces, parentheses and quotes. Unbalanced text is
 * returned as one piece (the YAML reader then decides what it is).
 */
export function splitTopLevel(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (quote === '"' && c === "\\") i++;
      else if (c === quote) {
        // YAML escapes a single quote inside single quotes by doubling it.
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = null;
      }
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{" || c === "(") depth++;
    else if (c === "]" || c === "}" || c === ")") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Reads an override value the way applyOverride does: YAML, or the raw text if it is not YAML. */
export function readOverrideValue(text: string): unknown {
  if (text.trim() === "") return "";
  try {
    return YAML.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Splits the --set arguments into fixed overrides and sweep axes; collects every problem. */
export function parseSweepSets(sets: readonly string[]): ParsedSets {
  const axes: SweepAxis[] = [];
  const out: SweepSet[] = [];
  const problems: string[] = [];
  const axisByPath = new Map<string, number>();
  for (const assignment of sets) {
    const eq = assignment.indexOf("=");
    if (eq <= 0) {
      problems.push(`--set ${assignment}: expected path=value or path=v1,v2,…, for example subnet.kappa=0.3,0.5`);
      continue;
    }
    const path = assignment.slice(0, eq).trim();
    const pieces = splitTopLevel(assignment.slice(eq + 1));
    if (pieces.length === 1) {
      out.push({ kind: "fixed", assignment });
      continue;
    }
    try {
      parsePath(path);
    } catch (err) {
      problems.push((err as Error).message);
      continue;
    }
    const texts = pieces.map((p) => p.trim());
    const empty = texts.findIndex((t) => t === "");
    if (empty >= 0) {
      problems.push(
        `--set ${assignment}: value ${empty + 1} of ${texts.length} is empty, expected a value between each pair of commas (quote a value that contains a comma)`,
      );
      continue;
    }
    const values = texts.map(readOverrideValue);
    const seen = new Map<string, number>();
    let duplicate: string | null = null;
    for (let i = 0; i < values.length; i++) {
      const key = canonicalJson(values[i]);
      if (seen.has(key)) {
        duplicate = `--set ${assignment}: value ${JSON.stringify(texts[i])} is given twice, expected each sweep value once`;
        break;
      }
      seen.set(key, i);
    }
    if (duplicate !== null) {
      problems.push(duplicate);
      continue;
    }
    if (axisByPath.has(path)) {
      problems.push(`--set ${path}: swept more than once, expected all its values in one --set`);
      continue;
    }
    axisByPath.set(path, axes.length);
    out.push({ kind: "axis", axis: axes.length });
    axes.push({ path, texts, values });
  }
  // A path that is swept cannot also be fixed: which one wins would depend on argument order.
  for (const s of out) {
    if (s.kind !== "fixed") continue;
    const path = s.assignment.slice(0, s.assignment.indexOf("=")).trim();
    if (axisByPath.has(path)) problems.push(`--set ${s.assignment}: ${path} is also swept, expected either one value or a list of values`);
  }
  return { axes, sets: out, problems };
}

/** Every combination of axis value indexes, first axis slowest. */
export function gridIndexes(sizes: readonly number[]): number[][] {
  let combos: number[][] = [[]];
  for (const size of sizes) {
    const next: number[][] = [];
    for (const c of combos) for (let v = 0; v < size; v++) next.push([...c, v]);
    combos = next;
  }
  return combos;
}

/** `path=value, path=value` for a point (empty with no axes). */
export function pointLabel(axes: readonly SweepAxis[], valueIndex: readonly number[]): string {
  return axes.map((a, k) => `${a.path}=${a.texts[valueIndex[k]!]!}`).join(", ");
}

/**
 * Builds and validates the whole grid from an already-parsed scenario value. Throws
 * `ScenarioError` listing every problem: a problem shared by every point is listed once, one
 * confined to some points says where (`where subnet.kappa=2`, or the points by index).
 */
export function planSweepValue(raw: unknown, source: string, sets: readonly string[], seedsPerPoint: number, sourceText = ""): SweepPlan {
  const parsed = parseSweepSets(sets);
  if (parsed.problems.length > 0) throw new ScenarioError(parsed.problems, source);
  const { axes } = parsed;
  const sizes = axes.map((a) => a.values.length);
  const total = sizes.reduce((p, n) => p * n, 1) * seedsPerPoint;
  if (total > MAX_SWEEP_RUNS) {
    throw new ScenarioError(
      [`the grid has ${sizes.join(" × ") || "1"} points × ${seedsPerPoint} seeds = ${total} runs, expected at most ${MAX_SWEEP_RUNS}`],
      source,
    );
  }
  const combos = gridIndexes(sizes);
  const problemsAt = new Map<string, number[]>();
  const points: SweepPoint[] = [];
  for (let index = 0; index < combos.length; index++) {
    const valueIndex = combos[index]!;
    const overrides = parsed.sets.map((s) =>
      s.kind === "fixed" ? s.assignment : `${axes[s.axis]!.path}=${axes[s.axis]!.texts[valueIndex[s.axis]!]!}`,
    );
    try {
      const loaded = loadScenarioValue(raw, source, overrides);
      const base = loaded.scenario.seed;
      const seeds: number[] = [];
      for (let i = 0; i < seedsPerPoint; i++) seeds.push(base + i);
      if (!Number.isSafeInteger(base + seedsPerPoint - 1)) {
        throw new ScenarioError([`seed: ${base} + ${seedsPerPoint - 1} is beyond the largest safe integer, expected a smaller seed or fewer --seeds`]);
      }
      points.push({ index, valueIndex, label: pointLabel(axes, valueIndex), overrides, scenario: loaded.scenario, seeds });
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      for (const p of err.problems) {
        if (!problemsAt.has(p)) problemsAt.set(p, []);
        problemsAt.get(p)!.push(index);
      }
    }
  }
  if (problemsAt.size > 0) {
    const lines: string[] = [];
    for (const [problem, at] of problemsAt) {
      lines.push(at.length === combos.length ? problem : `${problem} (${describePoints(axes, combos, at)})`);
    }
    throw new ScenarioError(lines, source);
  }
  const jobs: SweepJob[] = [];
  for (const p of points) {
    for (let i = 0; i < seedsPerPoint; i++) jobs.push({ run: jobs.length, point: p.index, seedIndex: i, seed: p.seeds[i]! });
  }
  return {
    source,
    sourceSha256: sha256(sourceText),
    name: points[0]!.scenario.name,
    axes,
    fixed: parsed.sets.flatMap((s) => (s.kind === "fixed" ? [s.assignment] : [])),
    seedsPerPoint,
    points,
    jobs,
  };
}

/** Reads the scenario file and plans the sweep (see planSweepValue). Throws `ScenarioError`. */
export function planSweep(path: string, sets: readonly string[], seedsPerPoint: number): SweepPlan {
  const text = readScenarioText(path);
  return planSweepValue(parseScenarioText(text, path), path, sets, seedsPerPoint, text);
}

/** Where a problem occurs: the axis values its points share if exactly those, else the points. */
export function describePoints(axes: readonly SweepAxis[], combos: readonly number[][], at: readonly number[]): string {
  const shared: number[] = [];
  for (let k = 0; k < axes.length; k++) {
    const v = combos[at[0]!]![k]!;
    if (at.every((i) => combos[i]![k] === v)) shared.push(k);
  }
  if (shared.length > 0) {
    const matching = combos.filter((c) => shared.every((k) => c[k] === combos[at[0]!]![k])).length;
    if (matching === at.length) {
      return `where ${shared.map((k) => `${axes[k]!.path}=${axes[k]!.texts[combos[at[0]!]![k]!]!}`).join(", ")}`;
    }
  }
  const shown = at.slice(0, 5).map((i) => `${i} (${pointLabel(axes, combos[i]!)})`);
  return `at point${at.length > 1 ? "s" : ""} ${shown.join("; ")}${at.length > 5 ? `; and ${at.length - 5} more` : ""}`;
}

// ---------------------------------------------------------------------------------------------
// Execution
// ---------------------------------------------------------------------------------------------

export class SweepInterrupted extends Error {
  constructor(reason: string) {
    super(`sweep interrupted: ${reason}`);
    this.name = "SweepInterrupted";
  }
}

/** The compiled worker: next to this module when running from dist/, else under dist/. */
export function sweepWorkerUrl(): URL {
  const beside = new URL("./sweep-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = join(packageRoot(), "dist", "sim", "run", "sweep-worker.js");
  if (existsSync(built)) return pathToFileURL(built);
  throw new Error(`cannot find the compiled sweep worker (${fileURLToPath(beside)} or ${built}); build first: npx tsc -p tsconfig.build.json`);
}

function jobScenario(plan: SweepPlan, job: SweepJob): Scenario {
  return { ...plan.points[job.point]!.scenario, seed: job.seed };
}

function abortReason(signal: AbortSignal): string {
  return typeof signal.reason === "string" ? signal.reason : "aborted";
}

export interface ExecuteJobsOptions {
  /** Worker threads; 1 runs in this thread. */
  jobs: number;
  onRunDone?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Runs every job; resolves to their metric rows in job order (point, then seed). */
export async function executeSweepJobs(plan: SweepPlan, opts: ExecuteJobsOptions): Promise<RunMetrics[]> {
  if (opts.jobs <= 1 || plan.jobs.length <= 1) return runInProcess(plan, opts);
  return runInWorkers(plan, Math.min(opts.jobs, plan.jobs.length), opts);
}

async function runInProcess(plan: SweepPlan, opts: ExecuteJobsOptions): Promise<RunMetrics[]> {
  const results: RunMetrics[] = [];
  const shouldStop = () => (opts.signal?.aborted ? abortReason(opts.signal) : null);
  for (const job of plan.jobs) {
    const stop = shouldStop();
    if (stop !== null) throw new SweepInterrupted(stop);
    let metrics: RunMetrics | null;
    try {
      metrics = await runSweepJob(jobScenario(plan, job), shouldStop);
    } catch (err) {
      throw new Error(`run ${job.run} (point ${job.point}, seed ${job.seed}) failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    if (metrics === null) throw new SweepInterrupted(shouldStop() ?? "stopped");
    results.push(metrics);
    opts.onRunDone?.(results.length, plan.jobs.length);
  }
  return results;
}

function runInWorkers(plan: SweepPlan, workerCount: number, opts: ExecuteJobsOptions): Promise<RunMetrics[]> {
  const url = sweepWorkerUrl();
  const total = plan.jobs.length;
  const results: (RunMetrics | undefined)[] = new Array<RunMetrics | undefined>(total).fill(undefined);
  return new Promise<RunMetrics[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener("abort", onAbort);
      // Wait for every worker to stop before settling, so nothing keeps running afterwards.
      void Promise.allSettled(workers.map((w) => w.terminate())).then(() => {
        if (err !== null) reject(err);
        else resolve(results as RunMetrics[]);
      });
    };
    const onAbort = () => finish(new SweepInterrupted(abortReason(opts.signal!)));
    const feed = (w: Worker) => {
      if (next >= total) return;
      const job = plan.jobs[next++]!;
      const message: SweepJobMessage = { run: job.run, scenario: jobScenario(plan, job) };
      w.postMessage(message);
    };
    if (opts.signal?.aborted) {
      onAbort();
      return;
    }
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    for (let i = 0; i < workerCount; i++) {
      const w = new Worker(url, { workerData: SWEEP_WORKER });
      workers.push(w);
      w.on("message", (reply: SweepReply) => {
        if (settled) return;
        if (reply.kind === "error") {
          const job = plan.jobs[reply.run]!;
          finish(new Error(`run ${job.run} (point ${job.point}, seed ${job.seed}) failed: ${reply.message}`));
          return;
        }
        results[reply.run] = reply.metrics;
        done++;
        opts.onRunDone?.(done, total);
        if (done === total) finish(null);
        else feed(w);
      });
      w.on("error", (e: Error) => finish(new Error(`sweep worker failed: ${e.stack ?? e.message}`)));
      w.on("exit", (code: number) => {
        if (!settled) finish(new Error(`sweep worker exited with code ${code} before the sweep finished`));
      });
      feed(w);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Tables and statistics
// ---------------------------------------------------------------------------------------------

export interface MetricStats {
  /** Runs with a value. */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null with fewer than two values. */
  sd: number | null;
  min: number | null;
  max: number | null;
}

export interface SweepResult {
  plan: SweepPlan;
  /** Metric columns: the union over all runs, grouped mechanism, emission, market, adversaries. */
  columns: string[];
  /** Per job (in job order): column → value. */
  rows: Map<string, number | null>[];
  /** Per point: column → statistics over its seeds. */
  stats: Map<string, MetricStats>[];
}

const round12 = (x: number) => Number(x.toPrecision(12));

function sectionRank(column: string): number {
  if (column.startsWith("adv_")) return SUMMARY_SECTIONS.length;
  const i = (SUMMARY_SECTIONS as readonly string[]).indexOf(column.slice(0, column.indexOf(".")));
  return i >= 0 ? i : SUMMARY_SECTIONS.length + 1;
}

export function statsOf(values: readonly (number | null | undefined)[]): MetricStats {
  const xs = values.filter((v): v is number => typeof v === "number");
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, min: null, max: null };
  let sum = 0;
  let min = xs[0]!;
  let max = xs[0]!;
  for (const x of xs) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { n, mean: round12(mean), sd: n >= 2 ? round12(Math.sqrt(ss / (n - 1))) : null, min, max };
}

/** Orders columns and computes per-point statistics from the job-ordered metric rows. */
export function collectResults(plan: SweepPlan, runs: readonly RunMetrics[]): SweepResult {
  const buckets: string[][] = SUMMARY_SECTIONS.map(() => []);
  buckets.push([], []);
  const seen = new Set<string>();
  const rows: Map<string, number | null>[] = [];
  for (const run of runs) {
    const row = new Map<string, number | null>();
    for (const [name, value] of run) {
      row.set(name, value);
      if (!seen.has(name)) {
        seen.add(name);
        buckets[sectionRank(name)]!.push(name);
      }
    }
    rows.push(row);
  }
  const columns = buckets.flat();
  const stats = plan.points.map((p) => {
    const m = new Map<string, MetricStats>();
    const pointRows = plan.jobs.filter((j) => j.point === p.index).map((j) => rows[j.run]!);
    for (const c of columns) m.set(c, statsOf(pointRows.map((r) => r.get(c))));
    return m;
  });
  return { plan, columns, rows, stats };
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function jsonNumber(v: number | null | undefined): string {
  return v === null || v === undefined ? "null" : formatMetric(v);
}

/** sweep.csv: point, seed, one column per axis, then the metric columns. */
export function sweepCsv(r: SweepResult): string {
  const { plan } = r;
  const lines = [["point", "seed", ...plan.axes.map((a) => a.path), ...r.columns].map(csvCell).join(",")];
  for (const job of plan.jobs) {
    const p = plan.points[job.point]!;
    const row = r.rows[job.run]!;
    const cells = [String(job.point), String(job.seed)];
    plan.axes.forEach((a, k) => cells.push(csvCell(valueText(a.values[p.valueIndex[k]!]))));
    for (const c of r.columns) {
      const v = row.get(c);
      cells.push(v === null || v === undefined ? "" : formatMetric(v));
    }
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** sweep.jsonl: the same rows as JSON objects (axis values as JSON, missing metrics null). */
export function sweepJsonl(r: SweepResult): string {
  const { plan } = r;
  let out = "";
  for (const job of plan.jobs) {
    const p = plan.points[job.point]!;
    const row = r.rows[job.run]!;
    const parts = [`"point":${job.point}`, `"seed":${job.seed}`];
    plan.axes.forEach((a, k) => parts.push(`${JSON.stringify(a.path)}:${canonicalJson(a.values[p.valueIndex[k]!])}`));
    for (const c of r.columns) parts.push(`${JSON.stringify(c)}:${jsonNumber(row.get(c))}`);
    out += `{${parts.join(",")}}\n`;
  }
  return out;
}

/** summary.json: the plan and, per point, mean/sd/min/max of every metric over its seeds. */
export function sweepSummary(r: SweepResult): Record<string, unknown> {
  const { plan } = r;
  return {
    format: SWEEP_FORMAT,
    scenario: { name: plan.name, source: plan.source, sha256: plan.sourceSha256 },
    axes: plan.axes.map((a) => ({ path: a.path, values: a.values })),
    fixed: plan.fixed,
    seeds_per_point: plan.seedsPerPoint,
    seed_rule: "each point runs seeds scenario.seed + 0 … seeds_per_point − 1",
    runs: plan.jobs.length,
    metrics: r.columns,
    points: plan.points.map((p) => {
      const values: Record<string, unknown> = {};
      plan.axes.forEach((a, k) => (values[a.path] = a.values[p.valueIndex[k]!]));
      const stats: Record<string, MetricStats> = {};
      for (const c of r.columns) stats[c] = r.stats[p.index]!.get(c)!;
      return { point: p.index, values, seeds: p.seeds, stats };
    }),
  };
}

/** A --metric name must name a summary section leaf or an adversary column. */
export function metricNameProblem(name: string): string | null {
  if (/^(mechanism|emission|market)\.\S+$/.test(name) || /^adv_\S+$/.test(name)) return null;
  return `--metric ${name}: expected a column of sweep.csv such as mechanism.rank_correlation, emission.owner_cut_usd, market.alpha_price_end_tao or adv_<strategy>_<group>_captured_share`;
}

/** The metrics the report shows: the chosen ones, or the defaults plus adversary shares/returns. */
export function shownMetrics(columns: readonly string[], chosen: readonly string[]): { shown: string[]; missing: string[] } {
  const have = new Set(columns);
  if (chosen.length > 0) {
    const unique = [...new Set(chosen)];
    return { shown: unique.filter((m) => have.has(m)), missing: unique.filter((m) => !have.has(m)) };
  }
  const shown = DEFAULT_METRICS.filter((m) => have.has(m));
  for (const c of columns) if (/^adv_.*_(captured_share|return_usd)$/.test(c)) shown.push(c);
  return { shown, missing: [] };
}

// ---------------------------------------------------------------------------------------------
// The sweep folder
// ---------------------------------------------------------------------------------------------

export interface SweepManifest {
  format: number;
  kind: "sweep";
  subnet_sim_version: string;
  git_commit: string | null;
  scenario: { name: string; source: string; sha256: string };
  sweep: { axes: { path: string; values: unknown[] }[]; fixed: string[]; seeds_per_point: number; points: number; runs: number };
  /** Output file → SHA-256, in the order they were written. */
  outputs: Record<string, string>;
}

export interface SweepOptions {
  plan: SweepPlan;
  jobs: number;
  outDir: string;
  /** --metric names (empty: the defaults). */
  metrics: string[];
  onRunDone?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface SweepOutcome {
  dir: string;
  manifest: SweepManifest;
  result: SweepResult;
  shown: string[];
  /** Chosen metrics that no run produced. */
  missing: string[];
}

export const SWEEP_OUTPUTS = ["sweep.csv", "sweep.jsonl", "summary.json", "report.html"];

/** Default worker count: the available CPUs, at most one per run. */
export function defaultJobs(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), runs));
}

export async function executeSweep(opts: SweepOptions): Promise<SweepOutcome> {
  const { plan } = opts;
  const dir = new RunDir(opts.outDir);
  // RunDir clears a single run's outputs; clear a previous sweep's tables too.
  for (const name of ["sweep.csv", "sweep.jsonl"]) {
    rmSync(dir.path(name), { force: true });
    rmSync(dir.path(`${name}.partial`), { force: true });
  }
  try {
    const runs = await executeSweepJobs(plan, { jobs: opts.jobs, onRunDone: opts.onRunDone, signal: opts.signal });
    const result = collectResults(plan, runs);
    const { shown, missing } = shownMetrics(result.columns, opts.metrics);
    dir.write("sweep.csv", sweepCsv(result));
    dir.write("sweep.jsonl", sweepJsonl(result));
    dir.write("summary.json", `${JSON.stringify(sweepSummary(result), null, 2)}\n`);
    dir.write("report.html", renderReport(buildSweepReport(result, shown, missing)));
    dir.complete();
    const outputs: Record<string, string> = {};
    for (const name of SWEEP_OUTPUTS) outputs[name] = sha256File(dir.path(name));
    const manifest: SweepManifest = {
      format: SWEEP_FORMAT,
      kind: "sweep",
      subnet_sim_version: packageVersion(),
      git_commit: gitCommit(),
      scenario: { name: plan.name, source: plan.source, sha256: plan.sourceSha256 },
      sweep: {
        axes: plan.axes.map((a) => ({ path: a.path, values: a.values })),
        fixed: plan.fixed,
        seeds_per_point: plan.seedsPerPoint,
        points: plan.points.length,
        runs: plan.jobs.length,
      },
      outputs,
    };
    dir.write("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
    return { dir: opts.outDir, manifest, result, shown, missing };
  } catch (err) {
    dir.interrupt(err instanceof SweepInterrupted ? err.message : `failed: ${(err as Error).message}`);
    throw err;
  }
}

/** Per-point means of the shown metrics, as a plain-text table for the terminal. */
export function formatSweepTable(r: SweepResult, shown: readonly string[]): string {
  const head = ["point", ...r.plan.axes.map((a) => a.path), ...shown.map((m) => `${m} (mean)`)];
  const body = r.plan.points.map((p) => [
    String(p.index),
    ...r.plan.axes.map((a, k) => valueText(a.values[p.valueIndex[k]!])),
    ...shown.map((m) => {
      const v = r.stats[p.index]!.get(m)?.mean;
      return v === null || v === undefined ? "n/a" : String(Number(v.toPrecision(4)));
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return `${[line(head), ...body.map(line)].join("\n")}\n`;
}

