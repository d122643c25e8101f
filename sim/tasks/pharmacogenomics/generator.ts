/**
 * The challenge generator (validator side): a batch is a pure function of (seed, parameters).
 *
 * Per challenge, in order:
 * 1. canary? (stream "pgx/canary", only if canary_rate > 0 and a catalogue canary uses an
 *    active drug): a canary copies its fixed profile and skips steps 2–5;
 * 2. ancestry from the population mix ("pgx/ancestry");
 * 3. two alleles per gene, independently, from that ancestry's frequencies — Hardy–Weinberg
 *    ("pgx/genotype"). CYP2D6 copy-number events (*5 deletion, x2/x3 duplications) and tandems
 *    (*36+*10, *68+*4) are alleles of their own, so the variants that define a star allele
 *    travel together. A rare-variant burst replaces a draw, with probability
 *    `rare_variant_burst.rate`, by a uniform pick among the gene's rare alleles (frequency < 1 %
 *    in that ancestry, including alleles the sources do not list);
 * 4. covariates ("pgx/covariates"): age ~ N(58, 16) clamped to 18–95; sex 1:1; height
 *    ~ N(162, 7) cm (female) or N(176, 7.5) (male) clamped to 140–205; weight = BMI × height²
 *    with BMI log-normal (median 26.5, σ 0.17) clamped to 16–50; amiodarone and enzyme inducer
 *    Bernoulli at `covariate_rates`. These are simulator assumptions, not sourced figures;
 * 5. drug context, uniform over the active drugs ("pgx/drug");
 * 6. true class from the reference (CPIC phenotype, or IWPC dose for warfarin), class
 *    probabilities with `label_noise`, and a sampled label ("pgx/label"; canaries keep the
 *    true class);
 * 7. the feature row (features.ts), then perturbations ("pgx/perturb"; perturb.ts) or, for a
 *    canary, its fingerprint (canary.ts).
 *
 * The hot path reads precomputed tables (lookup.ts) and writes into the batch's preallocated
 * typed arrays; `generateBatchInto` reuses a batch's storage.
 */
import { Rng, type Stream } from "../../core/rng.js";
import { createBatch, normalizeBatchParams, type Batch, type BatchParams, type BatchParamsInput } from "./batch.js";
import { RESOLVED_CANARIES, writeFingerprint } from "./canary.js";
import { writeRow } from "./features.js";
import {
  CLASS_OF_PHENOTYPE,
  CYP2C9_IWPC_CODE,
  drawAllele,
  GENE_INDEX,
  GENE_TABLES,
  VKORC1_A_INDEX,
} from "./lookup.js";
import { ANCESTRIES, GENES, type Gene } from "./panel.js";
import { applyDecoys, jitterCovariates, type WarfarinContext } from "./perturb.js";
import { DRUG_CLASSES, DRUGS, MAX_CLASSES, sampleClass, writeClassProbabilities } from "./response.js";
import { iwpcSqrtDoseCoded, raceCode, RACE_OF_ANCESTRY, warfarinClassIndex } from "./warfarin.js";

const G = GENES.length;
const IDX_CYP2D6 = GENE_INDEX.CYP2D6;
const IDX_CYP2C19 = GENE_INDEX.CYP2C19;
const IDX_CYP2C9 = GENE_INDEX.CYP2C9;
const IDX_VKORC1 = GENE_INDEX.VKORC1;
const IDX_TPMT = GENE_INDEX.TPMT;
const IDX_NUDT15 = GENE_INDEX.NUDT15;
const IDX_DPYD = GENE_INDEX.DPYD;
const IDX_SLCO1B1 = GENE_INDEX.SLCO1B1;
const IDX_CYP3A5 = GENE_INDEX.CYP3A5;
const DRUG_WARFARIN = DRUGS.indexOf("warfarin");
const DRUG_THIOPURINES = DRUGS.indexOf("thiopurines");
/** Gene that drives each drug's class (warfarin: none; thiopurines: TPMT, with NUDT15 below). */
const DRUG_GENE_INDEX: readonly number[] = DRUGS.map((d) => {
  switch (d) {
    case "codeine":
      return IDX_CYP2D6;
    case "clopidogrel":
      return IDX_CYP2C19;
    case "warfarin":
      return -1;
    case "thiopurines":
      return IDX_TPMT;
    case "fluoropyrimidines":
      return IDX_DPYD;
    case "simvastatin":
      return IDX_SLCO1B1;
    case "tacrolimus":
      return IDX_CYP3A5;
  }
});
const CLASS_COUNT: readonly number[] = DRUGS.map((d) => DRUG_CLASSES[d].length);
const RACE_CODE_OF_ANCESTRY: readonly number[] = ANCESTRIES.map((a) => raceCode(RACE_OF_ANCESTRY[a]));

/** The named streams of one batch. */
interface BatchStreams {
  canary: Stream;
  ancestry: Stream;
  genotype: Stream;
  covariates: Stream;
  drug: Stream;
  label: Stream;
  perturb: Stream;
}

function streamsFor(seed: string): BatchStreams {
  const rng = new Rng(seed);
  return {
    canary: rng.stream("pgx/canary"),
    ancestry: rng.stream("pgx/ancestry"),
    genotype: rng.stream("pgx/genotype"),
    covariates: rng.stream("pgx/covariates"),
    drug: rng.stream("pgx/drug"),
    label: rng.stream("pgx/label"),
    perturb: rng.stream("pgx/perturb"),
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Generates a batch for (seed, params) into new storage. */
export function generateBatch(seed: string, params: BatchParamsInput | BatchParams = {}): Batch {
  const p = normalizeBatchParams(params);
  return generateBatchInto(createBatch(p.batch_size, p.schema_version), seed, p);
}

/** Generates a batch for (seed, params) into `batch`, whose size must equal params.batch_size. */
export function generateBatchInto(batch: Batch, seed: string, params: BatchParamsInput | BatchParams = {}): Batch {
  const p = normalizeBatchParams(params);
  if (batch.size !== p.batch_size) throw new RangeError(`batch storage holds ${batch.size} challenges; params ask for ${p.batch_size}`);
  if (batch.layout.version !== p.schema_version) throw new RangeError("batch storage has a different feature schema");
  batch.seed = seed;
  batch.params = p;
  const s = streamsFor(seed);
  const layout = batch.layout;
  const width = layout.width;
  const features = batch.features;
  features.fill(0);

  // Per-batch setup (small allocations, not per challenge).
  const mixCum = new Float64Array(ANCESTRIES.length);
  let acc = 0;
  ANCESTRIES.forEach((a, i) => {
    acc += p.population_mix[a];
    mixCum[i] = acc;
  });
  const activeDrugs = Uint8Array.from(p.drugs.map((d) => DRUGS.indexOf(d)));
  const eligibleCanaries = RESOLVED_CANARIES.map((c, i) => (p.drugs.includes(c.spec.drug) ? i : -1)).filter((i) => i >= 0);
  const burstRate = p.rare_variant_burst.rate;
  const burstGene = new Uint8Array(G);
  for (const g of p.rare_variant_burst.genes) burstGene[GENE_INDEX[g as Gene]] = 1;
  const noise = p.label_noise;
  const wCtx: WarfarinContext = { vk: 0, c9: 0, race: 0, amiodarone: false, enzymeInducer: false, trueClass: 0 };

  for (let k = 0; k < batch.size; k++) {
    const row = k * width;
    const aBase = k * G * 2;
    let canary = -1;
    if (p.canary_rate > 0 && eligibleCanaries.length > 0 && s.canary.uniform() < p.canary_rate) {
      canary = eligibleCanaries[s.canary.int(eligibleCanaries.length)]!;
    }
    batch.canary[k] = canary;
    batch.canaryCode[k] = -1;
    let ai: number;
    let drug: number;
    if (canary >= 0) {
      const c = RESOLVED_CANARIES[canary]!;
      ai = c.ancestryIndex;
      drug = c.drugIndex;
      batch.alleles.set(c.alleles, aBase);
      const cv = c.spec.covariates;
      batch.ageYears[k] = cv.age_years;
      batch.female[k] = cv.female ? 1 : 0;
      batch.heightCm[k] = cv.height_cm;
      batch.weightKg[k] = cv.weight_kg;
      batch.amiodarone[k] = cv.amiodarone ? 1 : 0;
      batch.enzymeInducer[k] = cv.enzyme_inducer ? 1 : 0;
    } else {
      // 2. ancestry
      const ua = s.ancestry.uniform();
      ai = ANCESTRIES.length - 1;
      for (let i = 0; i < ANCESTRIES.length; i++) {
        if (ua < mixCum[i]!) {
          ai = i;
          break;
        }
      }
      // 3. genotypes (Hardy–Weinberg: two independent draws)
      for (let gi = 0; gi < G; gi++) {
        const t = GENE_TABLES[gi]!;
        for (let h = 0; h < 2; h++) {
          let allele = -1;
          if (burstRate > 0 && burstGene[gi] === 1) {
            const rare = t.rare[ai]!;
            if (s.genotype.uniform() < burstRate && rare.length > 0) allele = rare[s.genotype.int(rare.length)]!;
          }
          if (allele < 0) allele = drawAllele(t, ai, s.genotype.uniform());
          batch.alleles[aBase + gi * 2 + h] = allele;
        }
      }
      // 4. covariates
      const cov = s.covariates;
      batch.ageYears[k] = clamp(58 + 16 * cov.normal(), 18, 95);
      const female = cov.uniform() < 0.5;
      batch.female[k] = female ? 1 : 0;
      const height = clamp(female ? 162 + 7 * cov.normal() : 176 + 7.5 * cov.normal(), 140, 205);
      batch.heightCm[k] = height;
      const bmi = clamp(26.5 * Math.exp(0.17 * cov.normal()), 16, 50);
      batch.weightKg[k] = bmi * (height / 100) * (height / 100);
      batch.amiodarone[k] = cov.uniform() < p.covariate_rates.amiodarone ? 1 : 0;
      batch.enzymeInducer[k] = cov.uniform() < p.covariate_rates.enzyme_inducer ? 1 : 0;
      // 5. drug
      drug = activeDrugs[s.drug.int(activeDrugs.length)]!;
    }
    batch.ancestry[k] = ai;
    batch.drug[k] = drug;

    // 6. reference answer
    const age = batch.ageYears[k]!;
    const height = batch.heightCm[k]!;
    const weight = batch.weightKg[k]!;
    const amio = batch.amiodarone[k] === 1;
    const inducer = batch.enzymeInducer[k] === 1;
    const c9t = GENE_TABLES[IDX_CYP2C9]!;
    const c9 = CYP2C9_IWPC_CODE[batch.alleles[aBase + IDX_CYP2C9 * 2]! * c9t.alleleCount + batch.alleles[aBase + IDX_CYP2C9 * 2 + 1]!]!;
    const vk = (batch.alleles[aBase + IDX_VKORC1 * 2] === VKORC1_A_INDEX ? 1 : 0) + (batch.alleles[aBase + IDX_VKORC1 * 2 + 1] === VKORC1_A_INDEX ? 1 : 0);
    const race = RACE_CODE_OF_ANCESTRY[ai]!;
    const root = iwpcSqrtDoseCoded(age, height, weight, vk, c9, race, amio, inducer);
    const dose = root * root;
    batch.weeklyDose[k] = dose;
    let cls: number;
    if (drug === DRUG_WARFARIN) {
      cls = warfarinClassIndex(dose);
    } else {
      const gi = DRUG_GENE_INDEX[drug]!;
      const t = GENE_TABLES[gi]!;
      const ph = t.phenotype[batch.alleles[aBase + gi * 2]! * t.alleleCount + batch.alleles[aBase + gi * 2 + 1]!]!;
      cls = CLASS_OF_PHENOTYPE[drug]![ph]!;
      if (drug === DRUG_THIOPURINES) {
        const tn = GENE_TABLES[IDX_NUDT15]!;
        const phn = tn.phenotype[batch.alleles[aBase + IDX_NUDT15 * 2]! * tn.alleleCount + batch.alleles[aBase + IDX_NUDT15 * 2 + 1]!]!;
        const clsN = CLASS_OF_PHENOTYPE[drug]![phn]!;
        if (clsN > cls) cls = clsN;
      }
    }
    const nc = CLASS_COUNT[drug]!;
    batch.classCount[k] = nc;
    batch.trueClass[k] = cls;
    writeClassProbabilities(cls, nc, noise, batch.probs, k * MAX_CLASSES);
    for (let c = nc; c < MAX_CLASSES; c++) batch.probs[k * MAX_CLASSES + c] = 0;
    batch.label[k] = canary >= 0 ? cls : sampleClass(batch.probs, k * MAX_CLASSES, nc, s.label.uniform());

    // 7. features, then perturbation or fingerprint
    writeRow(features, row, layout, batch.alleles, aBase, ai, drug, age, batch.female[k] === 1, height, weight, amio, inducer, p.include_derived);
    if (canary >= 0) {
      const code = s.canary.int(256);
      batch.canaryCode[k] = code;
      writeFingerprint(features, row, layout, code);
    } else {
      if (p.decoy_rate > 0) applyDecoys(features, row, layout, s.perturb, p.decoy_rate);
      if (p.covariate_jitter > 0) {
        let ctx: WarfarinContext | null = null;
        if (drug === DRUG_WARFARIN) {
          wCtx.vk = vk;
          wCtx.c9 = c9;
          wCtx.race = race;
          wCtx.amiodarone = amio;
          wCtx.enzymeInducer = inducer;
          wCtx.trueClass = cls;
          ctx = wCtx;
        }
        jitterCovariates(features, row, layout, s.perturb, p.covariate_jitter, age, batch.female[k] === 1, height, weight, amio, inducer, ctx);
      }
    }
  }
  return batch;
}
