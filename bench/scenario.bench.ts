/**
 * Mechanism-run benchmarks: challenge scoring throughput, and the wall time of whole scenarios
 * (the 30-day baseline, and a full 256-UID subnet with 64 validators for 30 days).
 */
import { join } from "node:path";
import { EventLog } from "../sim/core/events.js";
import { MetricsTable } from "../sim/core/metrics.js";
import { Rng } from "../sim/core/rng.js";
import { packageRoot } from "../sim/core/version.js";
import { METRIC_COLUMNS, simulate } from "../sim/engine.js";
import { NullSink } from "../sim/run/outputs.js";
import { loadScenarioFile } from "../sim/scenario/load.js";
import { createTask } from "../sim/tasks/family.js";
import { batchScore, DEFAULT_SCORING } from "../sim/tasks/scoring.js";
import { peakRssMb, ratePerSecond, type Figure } from "./figure.js";

async function scenarioSeconds(file: string): Promise<number> {
  const { scenario } = loadScenarioFile(join(packageRoot(), "scenarios", file));
  const none = new NullSink();
  const t0 = process.hrtime.bigint();
  await simulate(scenario, { metrics: new MetricsTable(METRIC_COLUMNS, "bench", scenario.seed, none, none), events: new EventLog(none) });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function run(): Promise<Figure[]> {
  const { scenario } = loadScenarioFile(join(packageRoot(), "scenarios", "baseline.yaml"));
  const { task } = createTask(scenario, new Rng(1));
  const stream = new Rng(1).stream("bench/challenges");
  const request = { day: 0, size: 16, canaryRate: 0.05 };
  const gen = ratePerSecond(() => task.newBatch(stream, request)) * 16;
  const batch = task.newBatch(stream, { ...request, size: 1024 });
  const pred = new Float32Array(batch.size * batch.cMax).fill(1 / 3);
  const lat = new Float32Array(batch.size).fill(1);
  const scored = ratePerSecond(() => batchScore(pred, batch.cMax, batch.classCount, batch.labels, lat, DEFAULT_SCORING)) * batch.size;
  const baseline = await scenarioSeconds("baseline.yaml");
  const full = await scenarioSeconds("full-size.yaml");
  return [
    { name: "task_challenges_generated_per_s_batch16", value: Math.round(gen), unit: "challenges/s" },
    { name: "task_challenges_scored_per_s", value: Math.round(scored), unit: "challenges/s" },
    { name: "scenario_baseline_30d_s", value: Number(baseline.toFixed(2)), unit: "s" },
    { name: "scenario_full_size_30d_s", value: Number(full.toFixed(2)), unit: "s" },
    { name: "scenario_peak_rss_mb", value: Math.round(peakRssMb()), unit: "MB" },
  ];
}
