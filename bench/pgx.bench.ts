/**
 * Pharmacogenomics challenge generation throughput: batches of 1024 generated into one reused
 * storage (features K × 77 Float32), with decoys, covariate jitter and canaries switched on as a
 * validator would run them. Each call uses a fresh seed, as every served batch would.
 */
import { createBatch } from "../sim/tasks/pharmacogenomics/batch.js";
import { generateBatchInto } from "../sim/tasks/pharmacogenomics/generator.js";
import { type Figure, ratePerSecond } from "./figure.js";

const K = 1024;

export async function run(): Promise<Figure[]> {
  const batch = createBatch(K);
  const params = { batch_size: K, decoy_rate: 0.2, covariate_jitter: 1, canary_rate: 0.02, include_derived: true };
  let n = 0;
  const batchesPerS = ratePerSecond(() => {
    generateBatchInto(batch, `bench-${n++}`, params);
  }, 1500);
  return [{ name: "pgx_challenges_generated_per_s", value: Math.round(batchesPerS * K), unit: "challenges/s" }];
}
