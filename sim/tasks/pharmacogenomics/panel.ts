/**
 * The pharmacogenomic panel: ten genes loaded from `panel/*.json` (sources in
 * `panel/SOURCES.md`), checked once at load, and indexed for fast lookup.
 *
 * Two levels per gene:
 * - a *haplotype* is a star allele's definition (function, CPIC activity value, defining
 *   variants, gene copies it contributes);
 * - an *allele* is what the generator draws for one chromosome: one or more haplotype
 *   components (CYP2D6 `*1x2` is two copies of `*1`, `*36+*10` a tandem), with a frequency per
 *   ancestry group. For every gene except CYP2D6 each allele is one haplotype.
 */
import cyp2d6Json from "./panel/cyp2d6.json" with { type: "json" };
import cyp2c19Json from "./panel/cyp2c19.json" with { type: "json" };
import cyp2c9Json from "./panel/cyp2c9.json" with { type: "json" };
import vkorc1Json from "./panel/vkorc1.json" with { type: "json" };
import cyp4f2Json from "./panel/cyp4f2.json" with { type: "json" };
import tpmtJson from "./panel/tpmt.json" with { type: "json" };
import nudt15Json from "./panel/nudt15.json" with { type: "json" };
import dpydJson from "./panel/dpyd.json" with { type: "json" };
import slco1b1Json from "./panel/slco1b1.json" with { type: "json" };
import cyp3a5Json from "./panel/cyp3a5.json" with { type: "json" };

/** Ancestry groups, in the fixed order used by features and frequency tables. */
export const ANCESTRIES = ["european", "african", "east_asian", "south_asian", "latino"] as const;
/** One of the five ancestry groups (see panel/SOURCES.md for the source columns behind each). */
export type Ancestry = (typeof ANCESTRIES)[number];

/** Panel genes, in the fixed order used by features. */
export const GENES = [
  "CYP2D6",
  "CYP2C19",
  "CYP2C9",
  "VKORC1",
  "CYP4F2",
  "TPMT",
  "NUDT15",
  "DPYD",
  "SLCO1B1",
  "CYP3A5",
] as const;
/** A panel gene symbol. */
export type Gene = (typeof GENES)[number];

/** How CPIC turns a diplotype into a phenotype for a gene. */
export type PhenotypeRule = "activity_score" | "function_combination" | "no_function_count" | "genotype_only";

/** A star allele's definition (one gene copy or a deletion). */
export interface Haplotype {
  name: string;
  /** CPIC clinical function, e.g. "No function". */
  function: string;
  /** CPIC activity value where CPIC defines one (CYP2D6, CYP2C9, DPYD), else null. */
  activityValue: number | null;
  /** Gene copies this haplotype contributes (0 for the CYP2D6 *5 deletion). */
  geneCopies: number;
  /** Variant ids (rsIDs or named structural markers) that define it. */
  definingVariants: string[];
}

/** One component of a drawable allele: a haplotype and how many copies of it. */
export interface AlleleComponent {
  haplotype: Haplotype;
  copies: number;
}

/** A drawable allele (one chromosome's worth of a gene). */
export interface Allele {
  /** Canonical name, e.g. "*1x2", "*36+*10", "c.2846A>T". */
  name: string;
  /** Other accepted spellings, e.g. "*2A" for DPYD c.1905+1G>A. */
  aliases: string[];
  /** Index of this allele within its gene's `alleles`. */
  index: number;
  components: AlleleComponent[];
  /** Clinical function as stated in the data file (for CYP2D6 composites, derived). */
  function: string;
  /** Σ copies × activity value, or null where CPIC defines no activity value. */
  activityValue: number | null;
  /** Gene copies on this chromosome (CYP2D6 copy number contribution). */
  geneCopies: number;
  /** True for the gene's reference allele (the frequency residual). */
  isReference: boolean;
  /** Frequency by ancestry; each ancestry sums to 1 over the gene's alleles. */
  frequency: Record<Ancestry, number>;
  /** Alternate-allele dosage per defining variant on this chromosome (variant id → dosage). */
  variantDosage: Map<string, number>;
}

/** One gene's panel entry. */
export interface GenePanel {
  gene: Gene;
  rule: PhenotypeRule;
  ruleText: string;
  referenceAllele: Allele;
  /** Defining variants in file order (the feature layout follows this order). */
  variants: { id: string; label: string }[];
  haplotypes: Map<string, Haplotype>;
  alleles: Allele[];
  /** Canonical name and aliases → allele. */
  byName: Map<string, Allele>;
  /** Source ids named in the data file. */
  sourceIds: string[];
  gaps: string[];
}

interface RawHaplotype {
  name: string;
  function: string;
  activity_value?: number | null;
  gene_copies?: number;
  defining_variants: string[];
}
interface RawAllele {
  name: string;
  aliases?: string[];
  function?: string;
  activity_value?: number | null;
  defining_variants?: string[];
  components?: { haplotype: string; copies: number }[];
  frequency: Record<string, number> | null;
}
interface RawGene {
  gene: string;
  phenotype_rule: string;
  phenotype_rule_text: string;
  reference_allele: string;
  variants: { id: string; label: string }[];
  haplotypes?: RawHaplotype[];
  alleles: RawAllele[];
  sources: { id: string }[];
  gaps: string[];
}

const RULES: readonly PhenotypeRule[] = ["activity_score", "function_combination", "no_function_count", "genotype_only"];

function fail(gene: string, msg: string): never {
  throw new Error(`pharmacogenomics panel ${gene}: ${msg}`);
}

function buildGene(raw: RawGene): GenePanel {
  const gene = raw.gene as Gene;
  if (!(GENES as readonly string[]).includes(raw.gene)) fail(raw.gene, "not a panel gene");
  if (!RULES.includes(raw.phenotype_rule as PhenotypeRule)) fail(gene, `unknown phenotype_rule ${raw.phenotype_rule}`);
  const variantIds = new Set(raw.variants.map((v) => v.id));

  // Haplotype definitions: explicit for CYP2D6, implied by the alleles elsewhere.
  const haplotypes = new Map<string, Haplotype>();
  const rawHaps: RawHaplotype[] =
    raw.haplotypes ??
    raw.alleles.map((a) => ({
      name: a.name,
      function: a.function ?? fail(gene, `allele ${a.name} has no function`),
      activity_value: a.activity_value ?? null,
      gene_copies: 1,
      defining_variants: a.defining_variants ?? [],
    }));
  for (const h of rawHaps) {
    for (const v of h.defining_variants) if (!variantIds.has(v)) fail(gene, `haplotype ${h.name} uses undeclared variant ${v}`);
    haplotypes.set(h.name, {
      name: h.name,
      function: h.function,
      activityValue: h.activity_value ?? null,
      geneCopies: h.gene_copies ?? 1,
      definingVariants: h.defining_variants,
    });
  }

  const alleles: Allele[] = [];
  const byName = new Map<string, Allele>();
  raw.alleles.forEach((a, index) => {
    const comps = (a.components ?? [{ haplotype: a.name, copies: 1 }]).map((c) => {
      const h = haplotypes.get(c.haplotype) ?? fail(gene, `allele ${a.name} names unknown haplotype ${c.haplotype}`);
      if (!Number.isInteger(c.copies) || c.copies < 1) fail(gene, `allele ${a.name} has bad copy count`);
      return { haplotype: h, copies: c.copies };
    });
    if (a.frequency === null) fail(gene, `allele ${a.name} has no frequency`);
    const frequency = {} as Record<Ancestry, number>;
    for (const anc of ANCESTRIES) {
      const f = a.frequency[anc];
      if (typeof f !== "number" || !(f >= 0 && f <= 1)) fail(gene, `allele ${a.name} frequency[${anc}] is not in [0, 1]`);
      frequency[anc] = f;
    }
    const { activity, copies, dosage } = compositeSums(comps);
    const fn = a.function ?? compositeFunction(comps);
    const allele: Allele = {
      name: a.name,
      aliases: a.aliases ?? [],
      index,
      components: comps,
      function: fn,
      activityValue: activity,
      geneCopies: copies,
      isReference: a.name === raw.reference_allele,
      frequency,
      variantDosage: dosage,
    };
    alleles.push(allele);
    for (const n of [allele.name, ...allele.aliases]) {
      if (byName.has(n)) fail(gene, `duplicate allele name ${n}`);
      byName.set(n, allele);
    }
  });
  for (const anc of ANCESTRIES) {
    let s = 0;
    for (const al of alleles) s += al.frequency[anc];
    if (Math.abs(s - 1) > 1e-6) fail(gene, `frequencies for ${anc} sum to ${s}, expected 1`);
  }
  const ref = byName.get(raw.reference_allele) ?? fail(gene, `reference allele ${raw.reference_allele} missing`);
  return {
    gene,
    rule: raw.phenotype_rule as PhenotypeRule,
    ruleText: raw.phenotype_rule_text,
    referenceAllele: ref,
    variants: raw.variants,
    haplotypes,
    alleles,
    byName,
    sourceIds: raw.sources.map((s) => s.id),
    gaps: raw.gaps,
  };
}

/**
 * What an allele's components add up to: activity value (null if any component's is unknown),
 * gene copies, and the dosage of each defining variant.
 */
export function compositeSums(comps: AlleleComponent[]): { activity: number | null; copies: number; dosage: Map<string, number> } {
  let activity: number | null = 0;
  let copies = 0;
  const dosage = new Map<string, number>();
  for (const c of comps) {
    activity = activity === null || c.haplotype.activityValue === null ? null : activity + c.copies * c.haplotype.activityValue;
    copies += c.copies * c.haplotype.geneCopies;
    for (const v of c.haplotype.definingVariants) dosage.set(v, (dosage.get(v) ?? 0) + c.copies);
  }
  return { activity, copies, dosage };
}

/** Function label of a composite CYP2D6 allele, following CPIC's wording for duplications. */
export function compositeFunction(comps: AlleleComponent[]): string {
  if (comps.length === 1 && comps[0]!.copies === 1) return comps[0]!.haplotype.function;
  let activity = 0;
  for (const c of comps) activity += c.copies * (c.haplotype.activityValue ?? 0);
  if (activity === 0) return "No function";
  if (activity > 1) return "Increased function";
  if (activity === 1) return "Normal function";
  return "Decreased function";
}

const RAW: Record<Gene, RawGene> = {
  CYP2D6: cyp2d6Json as RawGene,
  CYP2C19: cyp2c19Json as RawGene,
  CYP2C9: cyp2c9Json as RawGene,
  VKORC1: vkorc1Json as RawGene,
  CYP4F2: cyp4f2Json as RawGene,
  TPMT: tpmtJson as RawGene,
  NUDT15: nudt15Json as RawGene,
  DPYD: dpydJson as RawGene,
  SLCO1B1: slco1b1Json as RawGene,
  CYP3A5: cyp3a5Json as RawGene,
};

/** The loaded panel, keyed by gene. */
export const PANEL: Readonly<Record<Gene, GenePanel>> = Object.freeze(
  Object.fromEntries(GENES.map((g) => [g, buildGene(RAW[g])])) as Record<Gene, GenePanel>,
);

/** True when `s` is a panel gene symbol. */
export function isGene(s: string): s is Gene {
  return (GENES as readonly string[]).includes(s);
}

/** True when `s` is an ancestry group key. */
export function isAncestry(s: string): s is Ancestry {
  return (ANCESTRIES as readonly string[]).includes(s);
}
