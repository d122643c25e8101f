/**
 * Sweep throughput: runs per second of `subnet-sim sweep` on the tiny test scenario (one day),
 * 8 runs (a 4-point kappa axis × 2 seeds), in the main thread (--jobs 1) and on 2 workers
 * (--jobs 2, worker start-up included). No files are written: this times the execution only.
 */
import { join } from "node:path";
import { packageRoot } from "../sim/core/version.js";
import { executeSweepJobs, planSweep } from "../sim/run/sweep.js";
import type { Figure } from "./figure.js";

export async function run(): Promise<Figure[]> {
  const tiny = join(packageRoot(), "test", "fixtures", "scenarios", "tiny.yaml");
  const plan = planSweep(tiny, ["subnet.kappa=0.3,0.4,0.5,0.6"], 2);
  if (plan.jobs.length !== 8) throw new Error(`sweep bench: expected 8 runs, planned ${plan.jobs.length}`);
  const figures: Figure[] = [];
  await executeSweepJobs(plan, { jobs: 1 }); // warm-up: module loading, JIT
  for (const jobs of [1, 2]) {
    const start = process.hrtime.bigint();
    await executeSweepJobs(plan, { jobs });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    figures.push({ name: `sweep_runs_per_s_jobs${jobs}`, value: plan.jobs.length / seconds, unit: "runs/s" });
  }
  return figures;
}
