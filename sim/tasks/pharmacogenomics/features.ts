/**
 * The feature encoding miners see: one Float32 row per challenge, versioned by a schema number.
 *
 * Schema 1 (width 77), blocks in this order:
 *
 * | block | slots | content |
 * |---|---|---|
 * | `variant` | 39 | per gene (GENES order) per defining variant (panel file order): alternate-allele dosage summed over both chromosomes, counting duplicated copies (CYP2D6 `*4x2/*1` gives rs3892097 = 2). Structural markers (CYP2D6 deletion, *36 exon-9 conversion, *68 hybrid) count like variants. Star-allele names never appear. |
 * | `copy_number` | 1 | CYP2D6 gene copies over both chromosomes (0 for *5/*5, 3 for *1/*1x2) |
 * | `decoy` | 8 | dosage of variants CPIC classes as normal function (they never change a label); 0 unless a perturbation or a canary fingerprint writes them |
 * | `derived` | 10 + 1 | per gene (GENES order): activity score where CPIC has one, else the phenotype's ordinal (Poor … Ultrarapid = 0 … 4; SLCO1B1 Poor … Normal Function = 0 … 2), else the count of non-reference alleles; then a flag, 1 when the block is filled. All 0 when the scenario switch `include_derived` is off (giving them makes the task easier). |
 * | `covariate` | 6 | age/10, sex (1 = female), height (m), weight/100 (kg), amiodarone (0/1), enzyme inducer (0/1) |
 * | `ancestry` | 5 | one-hot over ANCESTRIES |
 * | `drug` | 7 | one-hot over DRUGS |
 *
 * Decoy variants (normal function per CPIC, as distributed in PharmCAT's CPIC phenotype files):
 * DPYD c.85T>C rs1801265 (*9A), c.496A>G rs2297595, c.1601G>A rs1801158 (*4),
 * c.1627A>G rs1801159 (*5), c.2194G>A rs1801160 (*6); CYP2D6 31G>A rs769258 (*35);
 * CYP2C19 rs3758581 (80161A>G, carried by the *1 reference definition);
 * SLCO1B1 c.388A>G rs2306283 (*37, normal function).
 */
import { GENE_TABLES } from "./lookup.js";
import { ANCESTRIES, GENES, PANEL, type Gene } from "./panel.js";
import { DRUGS } from "./response.js";

if (GENES[0] !== "CYP2D6") throw new Error("features: CYP2D6 must be the first panel gene");

/** The current feature schema number. */
export const FEATURE_SCHEMA_VERSION = 1;

/** One named block of the layout. */
export interface FeatureBlock {
  name: "variant" | "copy_number" | "decoy" | "derived" | "covariate" | "ancestry" | "drug";
  offset: number;
  length: number;
}

/** A feature layout: width, blocks, and a name per slot. */
export interface FeatureLayout {
  version: number;
  width: number;
  blocks: FeatureBlock[];
  /** Slot names, e.g. "variant:CYP2D6:rs3892097", "covariate:age_decades", "drug:warfarin". */
  names: string[];
  /** Offset of gene g's first variant slot (GENES order). */
  variantOffset: Int32Array;
  copyNumber: number;
  decoy: number;
  derived: number;
  derivedFlag: number;
  covariate: number;
  ancestry: number;
  drug: number;
}

/** Decoy variants (see module comment). */
export const DECOY_VARIANTS: readonly { gene: Gene; id: string; label: string }[] = [
  { gene: "DPYD", id: "rs1801265", label: "c.85T>C (*9A), normal function" },
  { gene: "DPYD", id: "rs2297595", label: "c.496A>G, normal function" },
  { gene: "DPYD", id: "rs1801158", label: "c.1601G>A (*4), normal function" },
  { gene: "DPYD", id: "rs1801159", label: "c.1627A>G (*5), normal function" },
  { gene: "DPYD", id: "rs1801160", label: "c.2194G>A (*6), normal function" },
  { gene: "CYP2D6", id: "rs769258", label: "31G>A (*35), normal function" },
  { gene: "CYP2C19", id: "rs3758581", label: "80161A>G (in the *1 definition), normal function" },
  { gene: "SLCO1B1", id: "rs2306283", label: "c.388A>G (*37), normal function" },
];

/** Covariate slot names in order. */
export const COVARIATES = ["age_decades", "sex_female", "height_m", "weight_100kg", "amiodarone", "enzyme_inducer"] as const;

/** The layout for a schema version (only 1 exists). */
export function featureLayout(version: number = FEATURE_SCHEMA_VERSION): FeatureLayout {
  if (version !== 1) throw new Error(`feature schema ${version} is unknown; expected 1`);
  // Built once: every batch shares it (treat it as read-only).
  layoutV1 ??= buildLayoutV1(version);
  return layoutV1;
}

let layoutV1: FeatureLayout | undefined;

function buildLayoutV1(version: number): FeatureLayout {
  const names: string[] = [];
  const blocks: FeatureBlock[] = [];
  const variantOffset = new Int32Array(GENES.length);
  const push = (name: FeatureBlock["name"], labels: string[]): number => {
    const offset = names.length;
    for (const l of labels) names.push(`${name}:${l}`);
    blocks.push({ name, offset, length: labels.length });
    return offset;
  };
  const variantLabels: string[] = [];
  GENES.forEach((g, gi) => {
    variantOffset[gi] = variantLabels.length;
    for (const v of PANEL[g].variants) variantLabels.push(`${g}:${v.id}`);
  });
  push("variant", variantLabels);
  const copyNumber = push("copy_number", ["CYP2D6"]);
  const decoy = push(
    "decoy",
    DECOY_VARIANTS.map((d) => `${d.gene}:${d.id}`),
  );
  const derived = push("derived", [...GENES.map((g) => g as string), "present"]);
  const covariate = push("covariate", [...COVARIATES]);
  const ancestry = push("ancestry", [...ANCESTRIES]);
  const drug = push("drug", [...DRUGS]);
  return {
    version,
    width: names.length,
    blocks,
    names,
    variantOffset,
    copyNumber,
    decoy,
    derived,
    derivedFlag: derived + GENES.length,
    covariate,
    ancestry,
    drug,
  };
}

/**
 * Per gene, per allele: which variant slots (relative to the layout's first variant slot) the
 * allele sets and by how much. Flattened: alleles of gene g occupy
 * `start[g][i] .. start[g][i + 1]` in `slot` / `dose`.
 */
export interface AlleleVariantCodes {
  start: Int32Array[];
  slot: Int32Array[];
  dose: Float32Array[];
}

function buildAlleleCodes(): AlleleVariantCodes {
  const layout = featureLayout(1);
  const start: Int32Array[] = [];
  const slot: Int32Array[] = [];
  const dose: Float32Array[] = [];
  GENES.forEach((g, gi) => {
    const p = PANEL[g];
    const ids = p.variants.map((v) => v.id);
    const st: number[] = [0];
    const sl: number[] = [];
    const ds: number[] = [];
    for (const a of p.alleles) {
      for (const [v, d] of a.variantDosage) {
        sl.push(layout.variantOffset[gi]! + ids.indexOf(v));
        ds.push(d);
      }
      st.push(sl.length);
    }
    start.push(Int32Array.from(st));
    slot.push(Int32Array.from(sl));
    dose.push(Float32Array.from(ds));
  });
  return { start, slot, dose };
}

/** Allele → variant-slot codes for schema 1. */
export const ALLELE_CODES: AlleleVariantCodes = buildAlleleCodes();

/** Adds allele `i` of gene `gi` to the variant block of the row at `rowOffset`. */
export function addAlleleVariants(out: Float32Array, rowOffset: number, gi: number, i: number): void {
  const st = ALLELE_CODES.start[gi]!;
  const sl = ALLELE_CODES.slot[gi]!;
  const ds = ALLELE_CODES.dose[gi]!;
  for (let j = st[i]!; j < st[i + 1]!; j++) out[rowOffset + sl[j]!] += ds[j]!;
}

/**
 * Writes one challenge's row (variants, copy number, derived block if asked, covariates,
 * ancestry, drug) into `out` at `rowOffset`. The row must be zero on entry; decoys are left to
 * the perturbation and canary code. `alleles` holds two allele indices per gene (GENES order)
 * starting at `allelesOffset`.
 */
export function writeRow(
  out: Float32Array,
  rowOffset: number,
  layout: FeatureLayout,
  alleles: Uint8Array,
  allelesOffset: number,
  ancestryIndex: number,
  drugIndex: number,
  ageYears: number,
  female: boolean,
  heightCm: number,
  weightKg: number,
  amiodarone: boolean,
  enzymeInducer: boolean,
  includeDerived: boolean,
): void {
  let copies = 0;
  for (let gi = 0; gi < GENES.length; gi++) {
    const a = alleles[allelesOffset + gi * 2]!;
    const b = alleles[allelesOffset + gi * 2 + 1]!;
    addAlleleVariants(out, rowOffset, gi, a);
    addAlleleVariants(out, rowOffset, gi, b);
    const t = GENE_TABLES[gi]!;
    if (gi === 0) copies = t.geneCopies[a]! + t.geneCopies[b]!;
    if (includeDerived) out[rowOffset + layout.derived + gi] = t.derived[a * t.alleleCount + b]!;
  }
  out[rowOffset + layout.copyNumber] = copies;
  if (includeDerived) out[rowOffset + layout.derivedFlag] = 1;
  writeCovariates(out, rowOffset, layout, ageYears, female, heightCm, weightKg, amiodarone, enzymeInducer);
  out[rowOffset + layout.ancestry + ancestryIndex] = 1;
  out[rowOffset + layout.drug + drugIndex] = 1;
}

/** Writes the covariate block (see the layout table for units). */
export function writeCovariates(
  out: Float32Array,
  rowOffset: number,
  layout: FeatureLayout,
  ageYears: number,
  female: boolean,
  heightCm: number,
  weightKg: number,
  amiodarone: boolean,
  enzymeInducer: boolean,
): void {
  const c = rowOffset + layout.covariate;
  out[c] = ageYears / 10;
  out[c + 1] = female ? 1 : 0;
  out[c + 2] = heightCm / 100;
  out[c + 3] = weightKg / 100;
  out[c + 4] = amiodarone ? 1 : 0;
  out[c + 5] = enzymeInducer ? 1 : 0;
}
