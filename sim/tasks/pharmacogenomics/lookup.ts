/**
 * Genotype lookup tables precomputed once from the panel, so that the per-challenge hot path
 * of the generator is array reads only: phenotype, activity score and derived score per
 * (gene, allele a, allele b), cumulative allele frequencies per (gene, ancestry), the list of
 * rare alleles used by rare-variant bursts, and each drug's class per phenotype.
 */
import { ANCESTRIES, GENES, PANEL, type Gene } from "./panel.js";
import { derivedScore, phenotypeOfAlleles, type Phenotype } from "./phenotype.js";
import { DRUGS, phenotypeClass, type Drug } from "./response.js";
import { cyp2c9CodeFromActivity } from "./warfarin.js";

/** Every phenotype label, indexed (phenotype tables store these indices). */
export const PHENOTYPES: readonly Phenotype[] = [
  "Poor Metabolizer",
  "Intermediate Metabolizer",
  "Normal Metabolizer",
  "Rapid Metabolizer",
  "Ultrarapid Metabolizer",
  "Poor Function",
  "Decreased Function",
  "Normal Function",
  "No CPIC phenotype (genotype used directly)",
];

/** An allele whose panel frequency is below this, in an ancestry, counts as rare there. */
export const RARE_BELOW = 0.01;

/** Per-gene tables. Pair index = a × alleleCount + b. */
export interface GeneTables {
  gene: Gene;
  alleleCount: number;
  /** Index into PHENOTYPES per allele pair. */
  phenotype: Uint8Array;
  /** Activity score per pair (NaN where the gene has none). */
  activity: Float32Array;
  /** Derived score per pair (see phenotype.ts derivedScore). */
  derived: Float32Array;
  /** Cumulative frequencies, ancestry-major: cumulative[anc × alleleCount + i]. */
  cumulative: Float64Array;
  /** Rare non-reference alleles per ancestry (for rare-variant bursts). */
  rare: Uint8Array[];
  /** Gene copies per allele (CYP2D6 copy number). */
  geneCopies: Uint8Array;
  /** CPIC activity value per allele (NaN where none). */
  alleleActivity: Float32Array;
}

function buildGeneTables(gene: Gene): GeneTables {
  const p = PANEL[gene];
  const n = p.alleles.length;
  const phenotype = new Uint8Array(n * n);
  const activity = new Float32Array(n * n);
  const derived = new Float32Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const A = p.alleles[a]!;
      const B = p.alleles[b]!;
      const call = phenotypeOfAlleles(gene, A, B);
      phenotype[a * n + b] = PHENOTYPES.indexOf(call.phenotype);
      activity[a * n + b] = call.activityScore ?? Number.NaN;
      derived[a * n + b] = derivedScore(gene, A, B, call);
    }
  }
  const cumulative = new Float64Array(ANCESTRIES.length * n);
  const rare: Uint8Array[] = [];
  ANCESTRIES.forEach((anc, ai) => {
    let acc = 0;
    let lastPositive = 0;
    const rareHere: number[] = [];
    p.alleles.forEach((al, i) => {
      acc += al.frequency[anc];
      cumulative[ai * n + i] = acc;
      if (al.frequency[anc] > 0) lastPositive = i;
      if (!al.isReference && al.frequency[anc] < RARE_BELOW) rareHere.push(i);
    });
    // The last allele with positive frequency absorbs rounding, so a zero-frequency allele is never drawn.
    for (let i = lastPositive; i < n; i++) cumulative[ai * n + i] = Number.POSITIVE_INFINITY;
    rare.push(Uint8Array.from(rareHere));
  });
  return {
    gene,
    alleleCount: n,
    phenotype,
    activity,
    derived,
    cumulative,
    rare,
    geneCopies: Uint8Array.from(p.alleles.map((a) => a.geneCopies)),
    alleleActivity: Float32Array.from(p.alleles.map((a) => a.activityValue ?? Number.NaN)),
  };
}

/** Tables for every gene, in GENES order. */
export const GENE_TABLES: readonly GeneTables[] = GENES.map(buildGeneTables);

/** Index of a gene in GENES. */
export const GENE_INDEX: Readonly<Record<Gene, number>> = Object.fromEntries(GENES.map((g, i) => [g, i])) as Record<
  Gene,
  number
>;

/** Drug index → class per phenotype index (−1 where the drug's class is not phenotype-driven). */
export const CLASS_OF_PHENOTYPE: readonly Int8Array[] = DRUGS.map((drug: Drug) => {
  const out = new Int8Array(PHENOTYPES.length).fill(-1);
  if (drug === "warfarin") return out;
  PHENOTYPES.forEach((ph, i) => {
    out[i] = phenotypeClass(drug, ph);
  });
  return out;
});

/** IWPC CYP2C9 code (0..5) per CYP2C9 allele pair. */
export const CYP2C9_IWPC_CODE: Uint8Array = (() => {
  const t = GENE_TABLES[GENE_INDEX.CYP2C9]!;
  const n = t.alleleCount;
  const out = new Uint8Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) out[a * n + b] = cyp2c9CodeFromActivity(t.alleleActivity[a]!, t.alleleActivity[b]!);
  }
  return out;
})();

/** Index of the VKORC1 -1639A allele. */
export const VKORC1_A_INDEX: number = PANEL.VKORC1.byName.get("A")!.index;

/** Draws an allele index for ancestry `ai` with uniform `u`. */
export function drawAllele(t: GeneTables, ai: number, u: number): number {
  const n = t.alleleCount;
  const base = ai * n;
  for (let i = 0; i < n; i++) if (u < t.cumulative[base + i]!) return i;
  return n - 1;
}
