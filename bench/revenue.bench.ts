/**
 * Revenue Monte Carlo throughput, the default scenario (every default: jump-diffusion TAO/USD,
 * five conversion strategies on each path, vendor route), 36 months at daily steps (1,095
 * days), on all available cores (worker threads; results do not depend on their number):
 * - revenue_paths_per_s_36m_daily: Monte Carlo paths per second (every strategy evaluated on
 *   each path), without the tornado;
 * - revenue_10k_paths_s: wall time of 10,000 such paths;
 * - revenue_10k_with_tornado_s: wall time of what `subnet-sim revenue` computes by default
 *   (10,000 paths, the 500-path tornado, the summary), without writing files.
 */
import { availableParallelism } from "node:os";
import { revenueModel, revenueSummary, runRevenue } from "../sim/economics/revenue.js";
import { loadScenarioValue } from "../sim/scenario/load.js";
import type { Figure } from "./figure.js";

export async function run(): Promise<Figure[]> {
  const scenario = loadScenarioValue({ name: "bench", seed: 1 }).scenario;
  const model = revenueModel(scenario);
  await runRevenue(model, 500, 0); // warm-up (worker start-up, JIT)
  const t0 = process.hrtime.bigint();
  await runRevenue(model, 4000, 0);
  const rate = 4000 / (Number(process.hrtime.bigint() - t0) / 1e9);
  const t1 = process.hrtime.bigint();
  await runRevenue(model, 10000, 0);
  const tenK = Number(process.hrtime.bigint() - t1) / 1e9;
  const t2 = process.hrtime.bigint();
  const full = await runRevenue(model, 10000, scenario.economics.tornado.paths);
  revenueSummary(scenario, full);
  const withTornado = Number(process.hrtime.bigint() - t2) / 1e9;
  return [
    { name: "revenue_paths_per_s_36m_daily", value: rate, unit: "paths/s" },
    { name: "revenue_10k_paths_s", value: tenK, unit: "s" },
    { name: "revenue_10k_with_tornado_s", value: withTornado, unit: "s" },
    { name: "revenue_threads", value: Math.min(8, availableParallelism()), unit: "threads" },
  ];
}
