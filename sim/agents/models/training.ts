/**
 * Training data a miner makes for itself with the public generator (TASKS.md: the generator is
 * open; only the validator's seeds and rotating parameters are secret). Public defaults: uniform
 * ancestry mix, no perturbations, the generator's default label noise.
 */
import { generateBatch } from "../../tasks/pharmacogenomics/generator.js";
import type { Batch } from "../../tasks/pharmacogenomics/batch.js";
import type { Drug } from "../../tasks/pharmacogenomics/response.js";

/** At most this many samples (the generator's largest batch). */
export const MAX_TRAINING_SAMPLES = 65_536;

export function trainingSet(seed: string, samples: number, drugs: readonly Drug[]): Batch {
  const n = Math.min(MAX_TRAINING_SAMPLES, Math.max(1, Math.round(samples)));
  return generateBatch(seed, { batch_size: n, drugs: [...drugs] });
}
