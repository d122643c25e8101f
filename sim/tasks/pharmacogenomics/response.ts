/**
 * Drug → response classes (TASKS.md, Family A table), and the response model: a
 * phenotype-conditioned categorical distribution over a drug's ordered classes.
 *
 * The "true" class comes from the CPIC phenotype (or, for warfarin, the IWPC dose). The
 * distribution puts 1 − noise on it and spreads `noise` over the adjacent classes (half to each
 * neighbour; all of it to the one neighbour at either end). Noise is bounded to [0, 0.5) so the
 * true class stays the mode.
 */
import type { Gene } from "./panel.js";
import type { Phenotype } from "./phenotype.js";
import { WARFARIN_CLASSES } from "./warfarin.js";

/** Drugs with a response model, in the fixed order used by the drug one-hot feature. */
export const DRUGS = [
  "codeine",
  "clopidogrel",
  "warfarin",
  "thiopurines",
  "fluoropyrimidines",
  "simvastatin",
  "tacrolimus",
] as const;
/** A drug context. */
export type Drug = (typeof DRUGS)[number];

/** Ordered response classes per drug (order defines adjacency for label noise). */
export const DRUG_CLASSES: Readonly<Record<Drug, readonly string[]>> = {
  codeine: ["ineffective", "normal_response", "toxicity_risk"],
  clopidogrel: ["reduced_efficacy", "normal_response"],
  warfarin: WARFARIN_CLASSES,
  thiopurines: ["normal_dose", "reduce_dose", "drastically_reduce_dose"],
  fluoropyrimidines: ["normal_dose", "reduce_dose_50pct", "avoid"],
  simvastatin: ["low_myopathy_risk", "moderate_myopathy_risk", "high_myopathy_risk"],
  tacrolimus: ["standard_starting_dose", "increased_starting_dose"],
};

/** Genes whose genotype determines each drug's class. */
export const DRUG_GENES: Readonly<Record<Drug, readonly Gene[]>> = {
  codeine: ["CYP2D6"],
  clopidogrel: ["CYP2C19"],
  warfarin: ["CYP2C9", "VKORC1"],
  thiopurines: ["TPMT", "NUDT15"],
  fluoropyrimidines: ["DPYD"],
  simvastatin: ["SLCO1B1"],
  tacrolimus: ["CYP3A5"],
};

/** The largest number of classes any drug has. */
export const MAX_CLASSES = 3;

/** True when `s` is a drug with a response model. */
export function isDrug(s: string): s is Drug {
  return (DRUGS as readonly string[]).includes(s);
}

/** Upper bound (exclusive) on label noise. */
export const MAX_NOISE = 0.5;

/**
 * True class index for a phenotype-driven drug (not warfarin, whose class comes from the dose).
 * `second` is the NUDT15 phenotype for thiopurines.
 */
export function phenotypeClass(drug: Exclude<Drug, "warfarin">, phenotype: Phenotype, second?: Phenotype): number {
  switch (drug) {
    case "codeine":
      if (phenotype === "Poor Metabolizer") return 0;
      if (phenotype === "Ultrarapid Metabolizer") return 2;
      return 1;
    case "clopidogrel":
      return phenotype === "Poor Metabolizer" || phenotype === "Intermediate Metabolizer" ? 0 : 1;
    case "thiopurines": {
      const worst = (p: Phenotype | undefined): number =>
        p === "Poor Metabolizer" ? 2 : p === "Intermediate Metabolizer" ? 1 : 0;
      return Math.max(worst(phenotype), worst(second));
    }
    case "fluoropyrimidines":
      if (phenotype === "Poor Metabolizer") return 2;
      if (phenotype === "Intermediate Metabolizer") return 1;
      return 0;
    case "simvastatin":
      if (phenotype === "Poor Function") return 2;
      if (phenotype === "Decreased Function") return 1;
      return 0;
    case "tacrolimus":
      // CYP3A5 expressers (Normal or Intermediate Metabolizer) need a higher starting dose.
      return phenotype === "Poor Metabolizer" ? 0 : 1;
  }
}

/**
 * Writes the class probabilities for `trueClass` into `out[offset .. offset + classes)`.
 * Returns `out`. No allocation.
 */
export function writeClassProbabilities(
  trueClass: number,
  classes: number,
  noise: number,
  out: Float32Array | number[],
  offset = 0,
): Float32Array | number[] {
  for (let c = 0; c < classes; c++) out[offset + c] = 0;
  if (classes === 1) {
    out[offset] = 1;
    return out;
  }
  out[offset + trueClass] = 1 - noise;
  const hasLeft = trueClass > 0;
  const hasRight = trueClass < classes - 1;
  if (hasLeft && hasRight) {
    out[offset + trueClass - 1] = noise / 2;
    out[offset + trueClass + 1] = noise / 2;
  } else if (hasLeft) {
    out[offset + trueClass - 1] = noise;
  } else {
    out[offset + trueClass + 1] = noise;
  }
  return out;
}

/** Class probabilities as a plain array. */
export function classProbabilities(trueClass: number, classes: number, noise: number): number[] {
  return writeClassProbabilities(trueClass, classes, noise, new Array<number>(classes).fill(0)) as number[];
}

/** Samples a class index from the categorical at `probs[offset .. offset + classes)` with uniform `u` in [0, 1). */
export function sampleClass(probs: ArrayLike<number>, offset: number, classes: number, u: number): number {
  let acc = 0;
  let lastPositive = 0;
  for (let c = 0; c < classes; c++) {
    const p = probs[offset + c]!;
    if (p > 0) lastPositive = c;
    acc += p;
    if (u < acc) return c;
  }
  // Only reachable through rounding (float32 sums slightly below 1).
  return lastPositive;
}
