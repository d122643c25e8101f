/**
 * One run of `subnet-sim sweep`, without files, and the worker thread that runs them.
 *
 * This module is small on purpose: a worker loads only it and the engine (not the scenario
 * loader, the report or the progress bar). Started by the sweep with `workerData` set to
 * SWEEP_WORKER, it receives jobs (a scenario with its seed), runs each with discarding sinks
 * and posts back its metric row, one job at a time; the main thread orders the rows by
 * (point, seed) and ends the worker when the sweep is done. Imported anywhere else it only
 * exports functions (the sweep's --jobs 1 path runs jobs in the main thread with them).
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { EventLog } from "../core/events.js";
import { MetricsTable } from "../core/metrics.js";
import { METRIC_COLUMNS, simulate } from "../engine.js";
import type { Scenario } from "../scenario/schema.js";
import { NullSink } from "./outputs.js";

/** The `workerData` a sweep gives its workers. */
export const SWEEP_WORKER = "subnet-sim-sweep-worker";

/** Per adversary group, these fields become columns `adv_<strategy>_<group>_<field>`. */
export const ADVERSARY_FIELDS = ["fair_share", "captured_share", "return_tao", "return_usd", "honest_income_change", "detected_epoch"] as const;

/** Summary sections whose numeric leaves become columns named by their dotted path. */
export const SUMMARY_SECTIONS = ["mechanism", "emission", "market"] as const;

/** Main thread → worker. */
export interface SweepJobMessage {
  run: number;
  scenario: Scenario;
}

/** A metric row of one run: [column, value] in summary order; null where the summary has none. */
export type RunMetrics = [string, number | null][];

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function flattenInto(out: RunMetrics, prefix: string, v: unknown): void {
  if (v === null) out.push([prefix, null]);
  else if (typeof v === "number") out.push([prefix, finiteOrNull(v)]);
  else if (Array.isArray(v)) v.forEach((x, i) => flattenInto(out, `${prefix}[${i}]`, x));
  else if (typeof v === "object") for (const [k, x] of Object.entries(v as Record<string, unknown>)) flattenInto(out, `${prefix}.${k}`, x);
  // strings and booleans are not metrics
}

/**
 * The numeric leaves of summary.mechanism, .emission and .market (named by dotted path), then
 * per adversary group `adv_<strategy>_<group>_<field>`. Two adversary entries with the same
 * strategy and group (different roles) are told apart as `adv_<strategy>_<role>_<group>_<field>`.
 */
export function flattenSummary(summary: Record<string, unknown>): RunMetrics {
  const out: RunMetrics = [];
  for (const section of SUMMARY_SECTIONS) {
    const v = summary[section];
    if (v !== undefined) flattenInto(out, section, v);
  }
  const adversaries = summary["adversaries"];
  if (Array.isArray(adversaries)) {
    const entries = adversaries as Record<string, unknown>[];
    const keyOf = (a: Record<string, unknown>) => `${String(a["strategy"])}_${String(a["group"])}`;
    const count = new Map<string, number>();
    for (const a of entries) count.set(keyOf(a), (count.get(keyOf(a)) ?? 0) + 1);
    for (const a of entries) {
      const base = count.get(keyOf(a))! > 1 ? `adv_${String(a["strategy"])}_${String(a["role"])}_${String(a["group"])}` : `adv_${keyOf(a)}`;
      for (const field of ADVERSARY_FIELDS) {
        const v = a[field];
        out.push([`${base}_${field}`, typeof v === "number" ? finiteOrNull(v) : null]);
      }
    }
  }
  return out;
}

/** Runs one scenario (seed already set) with discarding sinks; resolves to its metric row. */
export async function runSweepJob(scenario: Scenario, shouldStop?: () => string | null): Promise<RunMetrics | null> {
  const runId = `${scenario.name}-${scenario.seed}`;
  const none = new NullSink();
  const metrics = new MetricsTable(METRIC_COLUMNS, runId, scenario.seed, none, none);
  const events = new EventLog(none);
  const result = await simulate(scenario, { metrics, events }, { shouldStop });
  if (result.interrupted !== null) return null;
  return flattenSummary(result.summary);
}

/** Worker → main thread. */
export type SweepReply = { kind: "done"; run: number; metrics: RunMetrics } | { kind: "error"; run: number; message: string };

if (!isMainThread && parentPort !== null && workerData === SWEEP_WORKER) {
  const port = parentPort;
  port.on("message", (job: SweepJobMessage) => {
    runSweepJob(job.scenario).then(
      (metrics) => {
        const reply: SweepReply =
          metrics === null ? { kind: "error", run: job.run, message: "the run stopped early" } : { kind: "done", run: job.run, metrics };
        port.postMessage(reply);
      },
      (err: unknown) => {
        const reply: SweepReply = { kind: "error", run: job.run, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
        port.postMessage(reply);
      },
    );
  });
}
