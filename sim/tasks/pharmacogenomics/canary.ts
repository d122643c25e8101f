/**
 * Canary tasks: known-answer challenges mixed into batches, each carrying a fingerprint.
 *
 * A canary is a fixed profile whose answer follows directly from a CPIC rule (e.g. CYP2D6
 * *4/*4 with codeine → ineffective). Its label is the true class (no label noise). The
 * fingerprint is an 8-bit code drawn from the batch's canary stream and written as 0/1
 * dosages into the decoy block; decoys are normal-function variants, so the code never
 * changes the answer, and ordinary challenges carry random decoys too (when decoy_rate > 0),
 * so a canary does not stand out by having them. A validator that later sees a canary row
 * (same profile, same code) answered by someone it never sent it to has evidence of relaying.
 */
import { parseDiplotype } from "./diplotype.js";
import { DECOY_VARIANTS, writeRow, type FeatureLayout } from "./features.js";
import { ANCESTRIES, GENES, PANEL, type Ancestry, type Gene } from "./panel.js";
import { DRUG_CLASSES, DRUGS, type Drug } from "./response.js";

/** A known-answer profile. Genes not listed are homozygous for the reference allele. */
export interface CanarySpec {
  id: string;
  drug: Drug;
  ancestry: Ancestry;
  diplotypes: Partial<Record<Gene, string>>;
  covariates: { age_years: number; female: boolean; height_cm: number; weight_kg: number; amiodarone: boolean; enzyme_inducer: boolean };
  /** The answer, stated independently of the code (checked against the reference in tests). */
  expected_class: string;
}

const ADULT = { age_years: 60, female: false, height_cm: 175, weight_kg: 80, amiodarone: false, enzyme_inducer: false };

/** The canary catalogue. */
export const CANARY_CATALOG: readonly CanarySpec[] = [
  { id: "codeine-cyp2d6-pm", drug: "codeine", ancestry: "european", diplotypes: { CYP2D6: "*4/*4" }, covariates: ADULT, expected_class: "ineffective" },
  { id: "codeine-cyp2d6-um", drug: "codeine", ancestry: "african", diplotypes: { CYP2D6: "*1/*1x2" }, covariates: ADULT, expected_class: "toxicity_risk" },
  { id: "clopidogrel-cyp2c19-pm", drug: "clopidogrel", ancestry: "east_asian", diplotypes: { CYP2C19: "*2/*2" }, covariates: ADULT, expected_class: "reduced_efficacy" },
  { id: "thiopurines-tpmt-pm", drug: "thiopurines", ancestry: "european", diplotypes: { TPMT: "*3A/*3A" }, covariates: ADULT, expected_class: "drastically_reduce_dose" },
  { id: "fluoropyrimidines-dpyd-pm", drug: "fluoropyrimidines", ancestry: "european", diplotypes: { DPYD: "c.1905+1G>A/c.1905+1G>A" }, covariates: ADULT, expected_class: "avoid" },
  { id: "simvastatin-slco1b1-poor", drug: "simvastatin", ancestry: "south_asian", diplotypes: { SLCO1B1: "*5/*5" }, covariates: ADULT, expected_class: "high_myopathy_risk" },
  { id: "tacrolimus-cyp3a5-expresser", drug: "tacrolimus", ancestry: "african", diplotypes: { CYP3A5: "*1/*1" }, covariates: ADULT, expected_class: "increased_starting_dose" },
  {
    id: "warfarin-sensitive",
    drug: "warfarin",
    ancestry: "east_asian",
    diplotypes: { VKORC1: "A/A", CYP2C9: "*3/*3" },
    covariates: { age_years: 80, female: true, height_cm: 155, weight_kg: 50, amiodarone: false, enzyme_inducer: false },
    expected_class: "low",
  },
];

/** A canary resolved to indices. */
export interface ResolvedCanary {
  spec: CanarySpec;
  drugIndex: number;
  ancestryIndex: number;
  /** Allele indices, GENES-major, two per gene. */
  alleles: Uint8Array;
  expectedClassIndex: number;
}

/** The catalogue resolved against the panel (checked at load). */
export const RESOLVED_CANARIES: readonly ResolvedCanary[] = CANARY_CATALOG.map((spec) => {
  const alleles = new Uint8Array(GENES.length * 2);
  GENES.forEach((g, gi) => {
    const d = spec.diplotypes[g];
    if (d === undefined) {
      alleles[gi * 2] = PANEL[g].referenceAllele.index;
      alleles[gi * 2 + 1] = PANEL[g].referenceAllele.index;
    } else {
      const [a, b] = parseDiplotype(g, d);
      alleles[gi * 2] = a.index;
      alleles[gi * 2 + 1] = b.index;
    }
  });
  const drugIndex = DRUGS.indexOf(spec.drug);
  const expectedClassIndex = DRUG_CLASSES[spec.drug].indexOf(spec.expected_class);
  if (expectedClassIndex < 0) throw new Error(`canary ${spec.id}: ${spec.expected_class} is not a ${spec.drug} class`);
  return { spec, drugIndex, ancestryIndex: ANCESTRIES.indexOf(spec.ancestry), alleles, expectedClassIndex };
});

/** Writes an 8-bit code into the decoy block of a row. */
export function writeFingerprint(features: Float32Array, rowOffset: number, layout: FeatureLayout, code: number): void {
  for (let bit = 0; bit < DECOY_VARIANTS.length; bit++) {
    features[rowOffset + layout.decoy + bit] = (code >> bit) & 1;
  }
}

/** Reads the 8-bit code from a row's decoy block, or −1 if the block is not a 0/1 pattern. */
export function readFingerprint(row: ArrayLike<number>, layout: FeatureLayout): number {
  let code = 0;
  for (let bit = 0; bit < DECOY_VARIANTS.length; bit++) {
    const v = row[layout.decoy + bit]!;
    if (v !== 0 && v !== 1) return -1;
    code |= v << bit;
  }
  return code;
}

/** A fingerprint's printable form, e.g. "codeine-cyp2d6-pm#3a". */
export function fingerprintLabel(catalogIndex: number, code: number): string {
  return `${CANARY_CATALOG[catalogIndex]!.id}#${code.toString(16).padStart(2, "0")}`;
}

/** A canary found in a feature matrix. */
export interface CanarySighting {
  row: number;
  catalogIndex: number;
  id: string;
  /** Fingerprint code read from the decoy block (−1 if the block was not a 0/1 pattern). */
  code: number;
}

const MASKED_BLOCKS = new Set(["decoy", "derived"]);

/**
 * Scans `features` (rows × layout.width) for rows that encode a catalogue canary (variants,
 * copy number, covariates, ancestry and drug equal; decoy and derived blocks ignored) and reads
 * their fingerprints.
 */
export function findCanaries(features: Float32Array, layout: FeatureLayout): CanarySighting[] {
  const w = layout.width;
  const rows = Math.floor(features.length / w);
  const keep: number[] = [];
  for (const b of layout.blocks) if (!MASKED_BLOCKS.has(b.name)) for (let i = 0; i < b.length; i++) keep.push(b.offset + i);
  const refs = RESOLVED_CANARIES.map((c) => {
    const row = new Float32Array(w);
    const cv = c.spec.covariates;
    writeRow(row, 0, layout, c.alleles, 0, c.ancestryIndex, c.drugIndex, cv.age_years, cv.female, cv.height_cm, cv.weight_kg, cv.amiodarone, cv.enzyme_inducer, false);
    return row;
  });
  const out: CanarySighting[] = [];
  for (let r = 0; r < rows; r++) {
    const off = r * w;
    for (let ci = 0; ci < refs.length; ci++) {
      const ref = refs[ci]!;
      let same = true;
      for (const i of keep) {
        if (features[off + i] !== ref[i]) {
          same = false;
          break;
        }
      }
      if (same) {
        out.push({ row: r, catalogIndex: ci, id: CANARY_CATALOG[ci]!.id, code: readFingerprint(features.subarray(off, off + w), layout) });
        break;
      }
    }
  }
  return out;
}
