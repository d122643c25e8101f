/**
 * CPIC genotype → phenotype rules, per gene (the rule text is also stored in each panel JSON
 * file as `phenotype_rule_text`).
 *
 * - CYP2D6 (Caudle et al. 2020 consensus): activity score 0 → Poor; 0 < AS < 1.25 →
 *   Intermediate; 1.25 ≤ AS ≤ 2.25 → Normal; AS > 2.25 → Ultrarapid Metabolizer.
 * - CYP2C9 and DPYD: activity score 2 → Normal; 1 or 1.5 → Intermediate; 0 or 0.5 → Poor.
 * - CYP2C19 (2022): *17/*17 Ultrarapid; normal + increased Rapid; normal + normal Normal;
 *   one no-function with a normal or increased allele Intermediate; two no-function Poor.
 * - TPMT, NUDT15, CYP3A5: count of no-function alleles 0 / 1 / 2 → Normal / Intermediate / Poor
 *   Metabolizer. SLCO1B1: the same count → Normal / Decreased / Poor Function.
 * - VKORC1, CYP4F2: no CPIC phenotype; the genotype is used directly (warfarin).
 */
import { PANEL, type Allele, type Gene } from "./panel.js";

/** Phenotype names exactly as CPIC spells them, plus one label for genotype-only genes. */
export type Phenotype =
  | "Poor Metabolizer"
  | "Intermediate Metabolizer"
  | "Normal Metabolizer"
  | "Rapid Metabolizer"
  | "Ultrarapid Metabolizer"
  | "Poor Function"
  | "Decreased Function"
  | "Normal Function"
  | "No CPIC phenotype (genotype used directly)";

/** Metabolizer phenotypes ordered from least to most activity; index = ordinal used in features. */
export const METABOLIZER_ORDER: readonly Phenotype[] = [
  "Poor Metabolizer",
  "Intermediate Metabolizer",
  "Normal Metabolizer",
  "Rapid Metabolizer",
  "Ultrarapid Metabolizer",
];
/** Transporter function phenotypes (SLCO1B1), least to most function. */
export const FUNCTION_ORDER: readonly Phenotype[] = ["Poor Function", "Decreased Function", "Normal Function"];

/** A gene's derived phenotype. */
export interface PhenotypeCall {
  /** CPIC activity score where the gene has one (CYP2D6, CYP2C9, DPYD), else null. */
  activityScore: number | null;
  phenotype: Phenotype;
}

/** CYP2D6 activity score → phenotype. */
export function cyp2d6Phenotype(score: number): Phenotype {
  if (score === 0) return "Poor Metabolizer";
  if (score < 1.25) return "Intermediate Metabolizer";
  if (score <= 2.25) return "Normal Metabolizer";
  return "Ultrarapid Metabolizer";
}

/** CYP2C9 / DPYD activity score → phenotype (scores are multiples of 0.5 from 0 to 2). */
export function twoLevelScorePhenotype(score: number): Phenotype {
  if (score >= 2) return "Normal Metabolizer";
  if (score >= 1) return "Intermediate Metabolizer";
  return "Poor Metabolizer";
}

function isNoFunction(a: Allele): boolean {
  return a.function === "No function";
}

/** Applies the gene's CPIC rule to two alleles. */
export function phenotypeOfAlleles(gene: Gene, a: Allele, b: Allele): PhenotypeCall {
  const rule = PANEL[gene].rule;
  if (rule === "activity_score") {
    const score = (a.activityValue ?? 0) + (b.activityValue ?? 0);
    const phenotype = gene === "CYP2D6" ? cyp2d6Phenotype(score) : twoLevelScorePhenotype(score);
    return { activityScore: score, phenotype };
  }
  if (rule === "function_combination") {
    // CYP2C19: functions are Normal, Increased or No function.
    const none = (isNoFunction(a) ? 1 : 0) + (isNoFunction(b) ? 1 : 0);
    const inc = (a.function === "Increased function" ? 1 : 0) + (b.function === "Increased function" ? 1 : 0);
    if (none === 2) return { activityScore: null, phenotype: "Poor Metabolizer" };
    if (none === 1) return { activityScore: null, phenotype: "Intermediate Metabolizer" };
    if (inc === 2) return { activityScore: null, phenotype: "Ultrarapid Metabolizer" };
    if (inc === 1) return { activityScore: null, phenotype: "Rapid Metabolizer" };
    return { activityScore: null, phenotype: "Normal Metabolizer" };
  }
  if (rule === "no_function_count") {
    const none = (isNoFunction(a) ? 1 : 0) + (isNoFunction(b) ? 1 : 0);
    if (gene === "SLCO1B1") return { activityScore: null, phenotype: FUNCTION_ORDER[2 - none]! };
    return { activityScore: null, phenotype: METABOLIZER_ORDER[2 - none]! };
  }
  return { activityScore: null, phenotype: "No CPIC phenotype (genotype used directly)" };
}

/**
 * An ordinal for the phenotype, used as the "derived" feature: activity score where the gene
 * has one, otherwise the phenotype's index in METABOLIZER_ORDER / FUNCTION_ORDER, otherwise the
 * number of non-reference alleles (VKORC1, CYP4F2).
 */
export function derivedScore(gene: Gene, a: Allele, b: Allele, call: PhenotypeCall): number {
  if (call.activityScore !== null) return call.activityScore;
  const m = METABOLIZER_ORDER.indexOf(call.phenotype);
  if (m >= 0) return m;
  const f = FUNCTION_ORDER.indexOf(call.phenotype);
  if (f >= 0) return f;
  return (a.isReference ? 0 : 1) + (b.isReference ? 0 : 1);
}
