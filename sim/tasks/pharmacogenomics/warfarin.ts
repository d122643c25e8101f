/**
 * Warfarin weekly dose from the IWPC pharmacogenetic dosing algorithm (International Warfarin
 * Pharmacogenetics Consortium; Klein TE et al., N Engl J Med 2009;360:753–764,
 * doi:10.1056/NEJMoa0809329, Supplementary Appendix):
 *
 *   √(weekly dose, mg) = 5.6044
 *     − 0.2614 × age in decades        + 0.0087 × height (cm)      + 0.0128 × weight (kg)
 *     − 0.8677 × VKORC1 A/G            − 1.6974 × VKORC1 A/A       − 0.4854 × VKORC1 unknown
 *     − 0.5211 × CYP2C9 *1/*2          − 0.9357 × *1/*3            − 1.0616 × *2/*2
 *     − 1.9206 × *2/*3                 − 2.3312 × *3/*3            − 0.2188 × CYP2C9 unknown
 *     − 0.1092 × Asian race            − 0.2760 × Black or African American
 *     − 0.1032 × missing or mixed race
 *     + 1.1816 × enzyme inducer (carbamazepine, phenytoin, rifampin)
 *     − 0.5503 × amiodarone
 *   weekly dose = (√dose)²
 *
 * "Age in decades" is the decade number, ⌊age / 10⌋ (IWPC coded age as 10-year bands).
 * Dose classes (TASKS.md): low < 21 mg/week; 21 ≤ intermediate < 49; high ≥ 49.
 *
 * CYP2C9 alleles other than *1/*2/*3 have no IWPC term; this simulator maps them by CPIC
 * activity value (0.5 → *2-like, 0 → *3-like). That mapping is a modelling assumption.
 */
import type { Ancestry } from "./panel.js";

/** IWPC coefficients (see module comment for the source). */
export const IWPC = {
  intercept: 5.6044,
  ageDecades: -0.2614,
  heightCm: 0.0087,
  weightKg: 0.0128,
  vkorc1AG: -0.8677,
  vkorc1AA: -1.6974,
  vkorc1Unknown: -0.4854,
  cyp2c9_12: -0.5211,
  cyp2c9_13: -0.9357,
  cyp2c9_22: -1.0616,
  cyp2c9_23: -1.9206,
  cyp2c9_33: -2.3312,
  cyp2c9Unknown: -0.2188,
  asian: -0.1092,
  black: -0.276,
  missingOrMixed: -0.1032,
  enzymeInducer: 1.1816,
  amiodarone: -0.5503,
} as const;

/** IWPC race categories (White is the reference). */
export type IwpcRace = "white" | "asian" | "black" | "missing_or_mixed";
/** VKORC1 −1639 genotype as IWPC codes it. */
export type Vkorc1Genotype = "G/G" | "A/G" | "A/A";
/** CYP2C9 genotype among the six IWPC categories. */
export type IwpcCyp2c9 = "*1/*1" | "*1/*2" | "*1/*3" | "*2/*2" | "*2/*3" | "*3/*3";

/** Inputs of the IWPC formula, already coded. `null` genotype means "unknown". */
export interface IwpcInputs {
  ageYears: number;
  heightCm: number;
  weightKg: number;
  race: IwpcRace;
  vkorc1: Vkorc1Genotype | null;
  cyp2c9: IwpcCyp2c9 | null;
  amiodarone: boolean;
  enzymeInducer: boolean;
}

/** Warfarin dose classes, in order. */
export const WARFARIN_CLASSES = ["low", "intermediate", "high"] as const;
/** Low-dose ceiling (exclusive) and high-dose floor (inclusive), mg/week. */
export const WARFARIN_LOW_BELOW = 21;
export const WARFARIN_HIGH_FROM = 49;

/** Ancestry group → IWPC race category (a simulator mapping: IWPC had no Latino category). */
export const RACE_OF_ANCESTRY: Readonly<Record<Ancestry, IwpcRace>> = {
  european: "white",
  african: "black",
  east_asian: "asian",
  south_asian: "asian",
  latino: "missing_or_mixed",
};

/** √(weekly dose) from numeric codes: vk 0 = G/G, 1 = A/G, 2 = A/A, 3 = unknown; c9 0..5 as IwpcCyp2c9 order, 6 = unknown; race 0..3 as IwpcRace order. */
export function iwpcSqrtDoseCoded(
  ageYears: number,
  heightCm: number,
  weightKg: number,
  vk: number,
  c9: number,
  race: number,
  amiodarone: boolean,
  enzymeInducer: boolean,
): number {
  let s = IWPC.intercept + IWPC.ageDecades * Math.floor(ageYears / 10) + IWPC.heightCm * heightCm + IWPC.weightKg * weightKg;
  if (vk === 1) s += IWPC.vkorc1AG;
  else if (vk === 2) s += IWPC.vkorc1AA;
  else if (vk === 3) s += IWPC.vkorc1Unknown;
  switch (c9) {
    case 1: s += IWPC.cyp2c9_12; break;
    case 2: s += IWPC.cyp2c9_13; break;
    case 3: s += IWPC.cyp2c9_22; break;
    case 4: s += IWPC.cyp2c9_23; break;
    case 5: s += IWPC.cyp2c9_33; break;
    case 6: s += IWPC.cyp2c9Unknown; break;
    default: break;
  }
  if (race === 1) s += IWPC.asian;
  else if (race === 2) s += IWPC.black;
  else if (race === 3) s += IWPC.missingOrMixed;
  if (enzymeInducer) s += IWPC.enzymeInducer;
  if (amiodarone) s += IWPC.amiodarone;
  return s;
}

const RACES: readonly IwpcRace[] = ["white", "asian", "black", "missing_or_mixed"];
const VK: readonly Vkorc1Genotype[] = ["G/G", "A/G", "A/A"];
const C9: readonly IwpcCyp2c9[] = ["*1/*1", "*1/*2", "*1/*3", "*2/*2", "*2/*3", "*3/*3"];

/** √(weekly dose) in mg for coded inputs. */
export function iwpcSqrtWeeklyDose(p: IwpcInputs): number {
  return iwpcSqrtDoseCoded(
    p.ageYears,
    p.heightCm,
    p.weightKg,
    p.vkorc1 === null ? 3 : VK.indexOf(p.vkorc1),
    p.cyp2c9 === null ? 6 : C9.indexOf(p.cyp2c9),
    RACES.indexOf(p.race),
    p.amiodarone,
    p.enzymeInducer,
  );
}

/** Weekly dose (mg) → class index: 0 low, 1 intermediate, 2 high. */
export function warfarinClassIndex(weeklyDoseMg: number): number {
  if (weeklyDoseMg < WARFARIN_LOW_BELOW) return 0;
  if (weeklyDoseMg >= WARFARIN_HIGH_FROM) return 2;
  return 1;
}

/** IWPC CYP2C9 code (0..5) from two CPIC activity values (1, 0.5 or 0 per allele). */
export function cyp2c9CodeFromActivity(a: number, b: number): number {
  // per-allele IWPC category: 1 → *1, 0.5 → *2, 0 → *3
  const cat = (v: number): number => (v >= 1 ? 1 : v > 0 ? 2 : 3);
  const x = Math.min(cat(a), cat(b));
  const y = Math.max(cat(a), cat(b));
  if (x === 1) return y === 1 ? 0 : y === 2 ? 1 : 2;
  if (x === 2) return y === 2 ? 3 : 4;
  return 5;
}

/** The IWPC CYP2C9 label for a code from cyp2c9CodeFromActivity. */
export function iwpcCyp2c9Label(code: number): IwpcCyp2c9 {
  return C9[code]!;
}

/** Race code (0..3) for an ancestry group. */
export function raceCode(race: IwpcRace): number {
  return RACES.indexOf(race);
}
