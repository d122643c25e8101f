/**
 * A challenge batch: its parameters (validated, with defaults) and its storage.
 *
 * Storage is struct-of-arrays, allocated once per batch size and reusable: a batch of K
 * challenges writes its features into one Float32Array of K × width, and every other
 * per-challenge quantity into a typed array of length K (or K × something). `challengeAt`
 * materialises one challenge as a plain object when a caller wants to read it.
 */
import { featureLayout, type FeatureLayout } from "./features.js";
import { ANCESTRIES, GENES, PANEL, isGene, type Ancestry, type Gene } from "./panel.js";
import { normalizeMix, UNIFORM_MIX, type PopulationMix } from "./population.js";
import { DRUG_CLASSES, DRUGS, isDrug, MAX_CLASSES, MAX_NOISE, type Drug } from "./response.js";

/** Everything that determines a batch besides its seed (committed to, with the seed). */
export interface BatchParams {
  /** Feature schema number (1). */
  schema_version: number;
  /** Challenges per batch, K. */
  batch_size: number;
  /** Ancestry weights (normalised). */
  population_mix: PopulationMix;
  /** Active drug contexts (the rotation's current window). */
  drugs: Drug[];
  /** Response-model label noise, in [0, 0.5). */
  label_noise: number;
  /** Fill the derived block (activity scores / phenotype ordinals); makes the task easier. */
  include_derived: boolean;
  /** Probability that a challenge gets decoy normal-function variants written into its row. */
  decoy_rate: number;
  /** Scale of covariate jitter (1 ⇒ sd 2 years, 1 cm, 1.5 kg); 0 turns it off. */
  covariate_jitter: number;
  /** Probability that a challenge is a canary (known-answer item with a fingerprint). */
  canary_rate: number;
  /** Rare-variant burst: per chromosome, probability of drawing uniformly among the gene's rare alleles. */
  rare_variant_burst: { rate: number; genes: Gene[] };
  /** Covariate prevalences. */
  covariate_rates: { amiodarone: number; enzyme_inducer: number };
}

/** Input form of BatchParams: every field optional. */
export interface BatchParamsInput {
  schema_version?: number;
  batch_size?: number;
  population_mix?: Partial<Record<Ancestry, number>>;
  drugs?: string[];
  label_noise?: number;
  include_derived?: boolean;
  decoy_rate?: number;
  covariate_jitter?: number;
  canary_rate?: number;
  rare_variant_burst?: { rate?: number; genes?: string[] };
  covariate_rates?: { amiodarone?: number; enzyme_inducer?: number };
}

/** A rejected batch parameter; the message names the field, the value and the expectation. */
export class BatchParamsError extends Error {
  override name = "BatchParamsError";
}

function bad(field: string, value: unknown, expected: string): never {
  throw new BatchParamsError(`batch params ${field}: got ${JSON.stringify(value)}; expected ${expected}`);
}

function rate(field: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) bad(field, v, "a probability from 0 to 1");
  return v;
}

/** Validates and fills defaults. The result is what gets committed and hashed. */
export function normalizeBatchParams(input: BatchParamsInput = {}): BatchParams {
  const schema = input.schema_version ?? 1;
  if (schema !== 1) bad("schema_version", schema, "1");
  const size = input.batch_size ?? 16;
  if (!Number.isInteger(size) || size < 1 || size > 65536) bad("batch_size", size, "an integer from 1 to 65536");
  let mix: PopulationMix;
  try {
    mix = input.population_mix === undefined ? { ...UNIFORM_MIX } : normalizeMix(input.population_mix);
  } catch {
    bad("population_mix", input.population_mix, `non-negative weights over ${ANCESTRIES.join(", ")} with a positive total`);
  }
  if (input.population_mix) {
    for (const k of Object.keys(input.population_mix)) {
      if (!(ANCESTRIES as readonly string[]).includes(k)) bad(`population_mix.${k}`, k, `one of ${ANCESTRIES.join(", ")}`);
    }
  }
  const drugs = input.drugs ?? [...DRUGS];
  if (!Array.isArray(drugs) || drugs.length === 0) bad("drugs", drugs, `a non-empty list from ${DRUGS.join(", ")}`);
  for (const d of drugs) if (typeof d !== "string" || !isDrug(d)) bad("drugs", d, `one of ${DRUGS.join(", ")}`);
  if (new Set(drugs).size !== drugs.length) bad("drugs", drugs, "no repeated drug");
  const noise = input.label_noise ?? 0.05;
  if (typeof noise !== "number" || !(noise >= 0 && noise < MAX_NOISE)) bad("label_noise", noise, `a number from 0 up to (not including) ${MAX_NOISE}`);
  const jitter = input.covariate_jitter ?? 0;
  if (typeof jitter !== "number" || !(jitter >= 0 && jitter <= 10)) bad("covariate_jitter", jitter, "a number from 0 to 10");
  const burstGenes = input.rare_variant_burst?.genes ?? [...GENES];
  for (const g of burstGenes) if (typeof g !== "string" || !isGene(g)) bad("rare_variant_burst.genes", g, `one of ${GENES.join(", ")}`);
  // Canonical orders, so that equal parameter sets hash equally.
  const drugSet = new Set(drugs);
  const geneSet = new Set(burstGenes);
  return {
    schema_version: schema,
    batch_size: size,
    population_mix: mix,
    drugs: DRUGS.filter((d) => drugSet.has(d)),
    label_noise: noise,
    include_derived: input.include_derived ?? false,
    decoy_rate: rate("decoy_rate", input.decoy_rate, 0),
    covariate_jitter: jitter,
    canary_rate: rate("canary_rate", input.canary_rate, 0),
    rare_variant_burst: {
      rate: rate("rare_variant_burst.rate", input.rare_variant_burst?.rate, 0),
      genes: GENES.filter((g) => geneSet.has(g)),
    },
    covariate_rates: {
      amiodarone: rate("covariate_rates.amiodarone", input.covariate_rates?.amiodarone, 0.05),
      enzyme_inducer: rate("covariate_rates.enzyme_inducer", input.covariate_rates?.enzyme_inducer, 0.03),
    },
  };
}

/** Storage of a generated batch (see module comment). Indices into GENES, ANCESTRIES, DRUGS. */
export interface Batch {
  seed: string;
  params: BatchParams;
  layout: FeatureLayout;
  size: number;
  ancestry: Uint8Array;
  /** Allele indices: alleles[(k × GENES.length + g) × 2 + h]. */
  alleles: Uint8Array;
  /** True covariates (the feature row may carry jittered ones). */
  ageYears: Float32Array;
  heightCm: Float32Array;
  weightKg: Float32Array;
  female: Uint8Array;
  amiodarone: Uint8Array;
  enzymeInducer: Uint8Array;
  drug: Uint8Array;
  classCount: Uint8Array;
  trueClass: Uint8Array;
  /** Label sampled from the response distribution (canaries: the true class). */
  label: Uint8Array;
  /** Class probabilities, K × MAX_CLASSES (row k uses its first classCount[k] entries). */
  probs: Float32Array;
  /** IWPC weekly warfarin dose (mg) from the true covariates, for every challenge. */
  weeklyDose: Float32Array;
  /** Canary catalog index, or −1. */
  canary: Int16Array;
  /** Canary fingerprint code (0..255) written into the decoy block, or −1. */
  canaryCode: Int16Array;
  /** Feature rows, K × layout.width. */
  features: Float32Array;
}

/** Allocates storage for K challenges. */
export function createBatch(size: number, schemaVersion = 1): Batch {
  const layout = featureLayout(schemaVersion);
  return {
    seed: "",
    params: normalizeBatchParams({ batch_size: size, schema_version: schemaVersion }),
    layout,
    size,
    ancestry: new Uint8Array(size),
    alleles: new Uint8Array(size * GENES.length * 2),
    ageYears: new Float32Array(size),
    heightCm: new Float32Array(size),
    weightKg: new Float32Array(size),
    female: new Uint8Array(size),
    amiodarone: new Uint8Array(size),
    enzymeInducer: new Uint8Array(size),
    drug: new Uint8Array(size),
    classCount: new Uint8Array(size),
    trueClass: new Uint8Array(size),
    label: new Uint8Array(size),
    probs: new Float32Array(size * MAX_CLASSES),
    weeklyDose: new Float32Array(size),
    canary: new Int16Array(size),
    canaryCode: new Int16Array(size),
    features: new Float32Array(size * layout.width),
  };
}

/** One challenge, materialised (validator view: includes the answer). */
export interface Challenge {
  index: number;
  drug: Drug;
  classes: readonly string[];
  ancestry: Ancestry;
  diplotypes: Record<Gene, string>;
  cyp2d6_copy_number: number;
  covariates: {
    age_years: number;
    female: boolean;
    height_cm: number;
    weight_kg: number;
    amiodarone: boolean;
    enzyme_inducer: boolean;
  };
  weekly_warfarin_dose_mg: number;
  true_class: string;
  label: string;
  probabilities: number[];
  canary: { catalog_index: number; code: number } | null;
  /** A view (not a copy) of the challenge's feature row. */
  features: Float32Array;
}

/** Reads challenge k of a batch. Allocates; not for hot paths. */
export function challengeAt(batch: Batch, k: number): Challenge {
  if (!Number.isInteger(k) || k < 0 || k >= batch.size) throw new RangeError(`challenge ${k}: expected 0 to ${batch.size - 1}`);
  const drug = DRUGS[batch.drug[k]!]!;
  const classes = DRUG_CLASSES[drug];
  const diplotypes = {} as Record<Gene, string>;
  let copies = 0;
  GENES.forEach((g, gi) => {
    const base = (k * GENES.length + gi) * 2;
    const a = PANEL[g].alleles[batch.alleles[base]!]!;
    const b = PANEL[g].alleles[batch.alleles[base + 1]!]!;
    diplotypes[g] = `${a.name}/${b.name}`;
    if (g === "CYP2D6") copies = a.geneCopies + b.geneCopies;
  });
  const n = batch.classCount[k]!;
  const probabilities: number[] = [];
  for (let c = 0; c < n; c++) probabilities.push(batch.probs[k * MAX_CLASSES + c]!);
  const w = batch.layout.width;
  return {
    index: k,
    drug,
    classes,
    ancestry: ANCESTRIES[batch.ancestry[k]!]!,
    diplotypes,
    cyp2d6_copy_number: copies,
    covariates: {
      age_years: batch.ageYears[k]!,
      female: batch.female[k] === 1,
      height_cm: batch.heightCm[k]!,
      weight_kg: batch.weightKg[k]!,
      amiodarone: batch.amiodarone[k] === 1,
      enzyme_inducer: batch.enzymeInducer[k] === 1,
    },
    weekly_warfarin_dose_mg: batch.weeklyDose[k]!,
    true_class: classes[batch.trueClass[k]!]!,
    label: classes[batch.label[k]!]!,
    probabilities,
    canary: batch.canary[k]! >= 0 ? { catalog_index: batch.canary[k]!, code: batch.canaryCode[k]! } : null,
    features: batch.features.subarray(k * w, (k + 1) * w),
  };
}
