/**
 * The reference simulator: what a validator knows about a profile.
 *
 * - `phenotypeOf(gene, diplotype)`: CPIC activity score and phenotype for one gene.
 * - `warfarinDose(profile)`: IWPC weekly dose, dose class and class probabilities.
 * - `drugResponse(drug, profile)`: the phenotype-conditioned categorical over a drug's classes,
 *   with its true class.
 * - `pgxQuery(...)`: the JSON-level entry the CLI calls (defined in query.ts, re-exported here).
 */
import { parseDiplotype, DiplotypeError } from "./diplotype.js";
import type { Ancestry, Gene } from "./panel.js";
import { phenotypeOfAlleles, type Phenotype } from "./phenotype.js";
import { classProbabilities, DRUG_CLASSES, DRUG_GENES, phenotypeClass, type Drug } from "./response.js";
import {
  cyp2c9CodeFromActivity,
  iwpcCyp2c9Label,
  iwpcSqrtDoseCoded,
  raceCode,
  RACE_OF_ANCESTRY,
  warfarinClassIndex,
  WARFARIN_CLASSES,
  type IwpcCyp2c9,
  type IwpcRace,
  type Vkorc1Genotype,
} from "./warfarin.js";

export { pgxQuery, PgxInputError } from "./query.js";
export { DiplotypeError };

/** Default label noise of the response model (a scenario parameter elsewhere). */
export const DEFAULT_NOISE = 0.05;

/** A gene's phenotype for one diplotype, in the JSON shape the CLI prints. */
export interface PhenotypeResult {
  gene: Gene;
  /** The diplotype with canonical allele names. */
  diplotype: string;
  /** CPIC activity score (CYP2D6, CYP2C9, DPYD), else null. */
  activity_score: number | null;
  phenotype: Phenotype;
  /** CYP2D6 only: total gene copies over both chromosomes. */
  copy_number?: number;
}

/** CPIC phenotype of `diplotype` (e.g. CYP2D6 "*1/*4" → 1, Intermediate Metabolizer). Throws DiplotypeError. */
export function phenotypeOf(gene: Gene, diplotype: string): PhenotypeResult {
  const [a, b] = parseDiplotype(gene, diplotype);
  const call = phenotypeOfAlleles(gene, a, b);
  const result: PhenotypeResult = {
    gene,
    diplotype: `${a.name}/${b.name}`,
    activity_score: call.activityScore,
    phenotype: call.phenotype,
  };
  if (gene === "CYP2D6") result.copy_number = a.geneCopies + b.geneCopies;
  return result;
}

/** Inputs of `warfarinDose`. Unknown genotypes are `null` (the IWPC formula has terms for them). */
export interface WarfarinProfile {
  age_years: number;
  height_cm: number;
  weight_kg: number;
  /** IWPC race category; if absent, derived from `ancestry`; if both absent, "missing_or_mixed". */
  race?: IwpcRace;
  ancestry?: Ancestry;
  /** VKORC1 −1639 genotype, e.g. "A/G" (or "-1639G/-1639A"); null or absent = unknown. */
  vkorc1?: string | null;
  /** CYP2C9 diplotype of panel alleles, e.g. "*1/*3"; null or absent = unknown. */
  cyp2c9?: string | null;
  amiodarone?: boolean;
  enzyme_inducer?: boolean;
}

/** Result of `warfarinDose`. */
export interface WarfarinResult {
  drug: "warfarin";
  sqrt_weekly_dose: number;
  weekly_dose_mg: number;
  daily_dose_mg: number;
  dose_class: (typeof WARFARIN_CLASSES)[number];
  classes: readonly string[];
  class_probabilities: Record<string, number>;
  noise: number;
  /** The coded IWPC inputs actually used. */
  iwpc_inputs: {
    age_decades: number;
    height_cm: number;
    weight_kg: number;
    race: IwpcRace;
    vkorc1: Vkorc1Genotype | "unknown";
    cyp2c9: IwpcCyp2c9 | "unknown";
    amiodarone: boolean;
    enzyme_inducer: boolean;
  };
}

/** VKORC1 genotype code (0 G/G, 1 A/G, 2 A/A) from a diplotype string. Throws DiplotypeError. */
export function vkorc1Code(genotype: string): number {
  const [a, b] = parseDiplotype("VKORC1", genotype);
  return (a.name === "A" ? 1 : 0) + (b.name === "A" ? 1 : 0);
}

/** IWPC CYP2C9 code (0..5) from a CYP2C9 diplotype of panel alleles. Throws DiplotypeError. */
export function cyp2c9Code(diplotype: string): number {
  const [a, b] = parseDiplotype("CYP2C9", diplotype);
  return cyp2c9CodeFromActivity(a.activityValue ?? 1, b.activityValue ?? 1);
}

const VK_LABELS: readonly Vkorc1Genotype[] = ["G/G", "A/G", "A/A"];

/** IWPC weekly dose and class distribution for a profile. Throws DiplotypeError on bad genotypes. */
export function warfarinDose(profile: WarfarinProfile, noise = DEFAULT_NOISE): WarfarinResult {
  const race: IwpcRace = profile.race ?? (profile.ancestry ? RACE_OF_ANCESTRY[profile.ancestry] : "missing_or_mixed");
  const vk = profile.vkorc1 === null || profile.vkorc1 === undefined ? 3 : vkorc1Code(profile.vkorc1);
  const c9 = profile.cyp2c9 === null || profile.cyp2c9 === undefined ? 6 : cyp2c9Code(profile.cyp2c9);
  const amiodarone = profile.amiodarone ?? false;
  const inducer = profile.enzyme_inducer ?? false;
  const root = iwpcSqrtDoseCoded(
    profile.age_years,
    profile.height_cm,
    profile.weight_kg,
    vk,
    c9,
    raceCode(race),
    amiodarone,
    inducer,
  );
  const weekly = root * root;
  const cls = warfarinClassIndex(weekly);
  const probs = classProbabilities(cls, WARFARIN_CLASSES.length, noise);
  return {
    drug: "warfarin",
    sqrt_weekly_dose: root,
    weekly_dose_mg: weekly,
    daily_dose_mg: weekly / 7,
    dose_class: WARFARIN_CLASSES[cls]!,
    classes: WARFARIN_CLASSES,
    class_probabilities: Object.fromEntries(WARFARIN_CLASSES.map((c, i) => [c, probs[i]!])),
    noise,
    iwpc_inputs: {
      age_decades: Math.floor(profile.age_years / 10),
      height_cm: profile.height_cm,
      weight_kg: profile.weight_kg,
      race,
      vkorc1: vk === 3 ? "unknown" : VK_LABELS[vk]!,
      cyp2c9: c9 === 6 ? "unknown" : iwpcCyp2c9Label(c9),
      amiodarone,
      enzyme_inducer: inducer,
    },
  };
}

/** Result of `drugResponse` for a phenotype-driven drug. */
export interface DrugResponseResult {
  drug: Drug;
  genes: Record<string, PhenotypeResult>;
  classes: readonly string[];
  true_class: string;
  class_probabilities: Record<string, number>;
  noise: number;
}

/**
 * Response distribution of a phenotype-driven drug (all but warfarin) for diplotypes keyed by
 * gene, e.g. `drugResponse("codeine", { CYP2D6: "*1/*4" })`. For thiopurines a missing NUDT15
 * diplotype is taken as *1/*1. Throws DiplotypeError, or Error naming a missing gene.
 */
export function drugResponse(
  drug: Exclude<Drug, "warfarin">,
  diplotypes: Partial<Record<Gene, string>>,
  noise = DEFAULT_NOISE,
): DrugResponseResult {
  const genes: Record<string, PhenotypeResult> = {};
  for (const g of DRUG_GENES[drug]) {
    const d = diplotypes[g] ?? (drug === "thiopurines" && g === "NUDT15" ? "*1/*1" : undefined);
    if (d === undefined) throw new Error(`drug ${drug} needs a ${g} diplotype`);
    genes[g] = phenotypeOf(g, d);
  }
  const [first, second] = DRUG_GENES[drug];
  const cls = phenotypeClass(drug, genes[first!]!.phenotype, second ? genes[second]!.phenotype : undefined);
  const classes = DRUG_CLASSES[drug];
  const probs = classProbabilities(cls, classes.length, noise);
  return {
    drug,
    genes,
    classes,
    true_class: classes[cls]!,
    class_probabilities: Object.fromEntries(classes.map((c, i) => [c, probs[i]!])),
    noise,
  };
}
