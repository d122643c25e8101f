/**
 * Perturbation operators: they change what a miner sees without changing the answer, so that a
 * miner cannot answer by exact-match lookup of rows it has seen before (caching, relaying).
 *
 * - Decoys: write dosages of CPIC normal-function variants (features.ts DECOY_VARIANTS) into the
 *   decoy block. No phenotype rule reads them, so no label can change.
 * - Covariate jitter: the row shows age, height and weight with Gaussian noise (sd 2 years,
 *   1 cm, 1.5 kg at scale 1). Only warfarin's class depends on covariates; for a warfarin
 *   challenge the jittered values are kept only if the IWPC dose class computed from them equals
 *   the true class, otherwise the row keeps the true values. Either way the same number of
 *   random draws is consumed, so later challenges do not depend on the outcome.
 *
 * Every draw comes from the batch's "perturb" stream; a batch generated with and without
 * perturbation has the same genotypes, covariates, drugs and labels.
 */
import type { Stream } from "../../core/rng.js";
import { DECOY_VARIANTS, writeCovariates, type FeatureLayout } from "./features.js";
import { iwpcSqrtDoseCoded, warfarinClassIndex } from "./warfarin.js";

/** Standard deviations of covariate jitter at scale 1. */
export const JITTER_SD = { ageYears: 2, heightCm: 1, weightKg: 1.5 } as const;

/**
 * With probability `rate`, writes 1 to 3 decoy dosages (1 or 2) into the row's decoy block.
 * Returns true when it wrote any.
 */
export function applyDecoys(features: Float32Array, rowOffset: number, layout: FeatureLayout, stream: Stream, rate: number): boolean {
  if (!(stream.uniform() < rate)) return false;
  const n = 1 + stream.int(3);
  for (let j = 0; j < n; j++) {
    const slot = stream.int(DECOY_VARIANTS.length);
    features[rowOffset + layout.decoy + slot] = 1 + stream.int(2);
  }
  return true;
}

/** What the warfarin class check needs about a challenge (coded as in warfarin.ts). */
export interface WarfarinContext {
  vk: number;
  c9: number;
  race: number;
  amiodarone: boolean;
  enzymeInducer: boolean;
  trueClass: number;
}

/**
 * Jitters the covariate block of a row (scale > 0). `warfarin` is null for other drugs.
 * Returns true when the row shows jittered values.
 */
export function jitterCovariates(
  features: Float32Array,
  rowOffset: number,
  layout: FeatureLayout,
  stream: Stream,
  scale: number,
  ageYears: number,
  female: boolean,
  heightCm: number,
  weightKg: number,
  amiodarone: boolean,
  enzymeInducer: boolean,
  warfarin: WarfarinContext | null,
): boolean {
  const age = Math.max(18, ageYears + scale * JITTER_SD.ageYears * stream.normal());
  const height = heightCm + scale * JITTER_SD.heightCm * stream.normal();
  const weight = Math.max(20, weightKg + scale * JITTER_SD.weightKg * stream.normal());
  if (warfarin !== null) {
    const root = iwpcSqrtDoseCoded(age, height, weight, warfarin.vk, warfarin.c9, warfarin.race, warfarin.amiodarone, warfarin.enzymeInducer);
    if (warfarinClassIndex(root * root) !== warfarin.trueClass) return false;
  }
  writeCovariates(features, rowOffset, layout, age, female, height, weight, amiodarone, enzymeInducer);
  return true;
}
