import { describe, expect, it } from "vitest";
import { challengeAt, BatchParamsError } from "../../../sim/tasks/pharmacogenomics/batch.js";
import { batchDigest } from "../../../sim/tasks/pharmacogenomics/commitment.js";
import { generateBatch } from "../../../sim/tasks/pharmacogenomics/generator.js";
import { ANCESTRIES, GENES, PANEL } from "../../../sim/tasks/pharmacogenomics/panel.js";
import { rotateDrugs, shiftMix, UNIFORM_MIX } from "../../../sim/tasks/pharmacogenomics/population.js";
import { drugResponse, phenotypeOf, warfarinDose } from "../../../sim/tasks/pharmacogenomics/reference.js";
import { DRUGS, MAX_CLASSES } from "../../../sim/tasks/pharmacogenomics/response.js";

const N = 20_000; // individuals per ancestry → 40,000 haplotype draws per gene

describe("allele frequencies are reproduced within 4 standard errors (Hardy–Weinberg draws)", () => {
  for (const anc of ANCESTRIES) {
    it(`${anc}: every allele of every gene`, () => {
      const b = generateBatch(`freq-${anc}`, { batch_size: N, population_mix: { [anc]: 1 } });
      const haplotypes = 2 * N;
      GENES.forEach((g, gi) => {
        const counts = new Array<number>(PANEL[g].alleles.length).fill(0);
        for (let k = 0; k < N; k++) {
          counts[b.alleles[(k * GENES.length + gi) * 2]!]!++;
          counts[b.alleles[(k * GENES.length + gi) * 2 + 1]!]!++;
        }
        PANEL[g].alleles.forEach((a, i) => {
          const p = a.frequency[anc];
          const observed = counts[i]! / haplotypes;
          if (p === 0) {
            expect(counts[i], `${g} ${a.name} has frequency 0 in ${anc}`).toBe(0);
            return;
          }
          const se = Math.sqrt((p * (1 - p)) / haplotypes);
          expect(Math.abs(observed - p), `${g} ${a.name} ${anc}: observed ${observed}, expected ${p}`).toBeLessThanOrEqual(4 * se);
        });
      });
    });
  }

  it("genotypes follow Hardy–Weinberg (CYP3A5 *3/*3 in Europeans ≈ p²)", () => {
    const b = generateBatch("hwe", { batch_size: N, population_mix: { european: 1 } });
    const gi = GENES.indexOf("CYP3A5");
    const i3 = PANEL.CYP3A5.byName.get("*3")!.index;
    let hom = 0;
    for (let k = 0; k < N; k++) {
      if (b.alleles[(k * GENES.length + gi) * 2] === i3 && b.alleles[(k * GENES.length + gi) * 2 + 1] === i3) hom++;
    }
    const p2 = PANEL.CYP3A5.alleles[i3]!.frequency.european ** 2;
    expect(Math.abs(hom / N - p2)).toBeLessThanOrEqual(4 * Math.sqrt((p2 * (1 - p2)) / N));
  });

  it("ancestry follows the population mix", () => {
    const mix = { european: 0.5, african: 0.3, east_asian: 0.2 };
    const b = generateBatch("mix", { batch_size: N, population_mix: mix });
    const counts = [0, 0, 0, 0, 0];
    for (let k = 0; k < N; k++) counts[b.ancestry[k]!]!++;
    ANCESTRIES.forEach((a, i) => {
      const p = (mix as Record<string, number>)[a] ?? 0;
      const se = Math.sqrt((p * (1 - p)) / N);
      expect(Math.abs(counts[i]! / N - p)).toBeLessThanOrEqual(4 * se + 1e-12);
    });
  });
});

describe("determinism", () => {
  const params = { batch_size: 256, decoy_rate: 0.3, covariate_jitter: 1, canary_rate: 0.05, include_derived: true };
  it("same seed and parameters → identical batch", () => {
    const a = generateBatch("seed-1", params);
    const b = generateBatch("seed-1", params);
    expect(batchDigest(a)).toBe(batchDigest(b));
    expect(Array.from(a.alleles)).toEqual(Array.from(b.alleles));
    expect(Array.from(a.features)).toEqual(Array.from(b.features));
    expect(Array.from(a.label)).toEqual(Array.from(b.label));
  });
  it("a different seed or different parameters → a different batch", () => {
    const a = generateBatch("seed-1", params);
    expect(batchDigest(generateBatch("seed-2", params))).not.toBe(batchDigest(a));
    expect(batchDigest(generateBatch("seed-1", { ...params, label_noise: 0.1 }))).not.toBe(batchDigest(a));
  });
});

describe("labels agree with the reference simulator", () => {
  it("every challenge's true class equals the reference's answer for its profile", () => {
    const b = generateBatch("ref-check", { batch_size: 2000 });
    for (let k = 0; k < b.size; k++) {
      const c = challengeAt(b, k);
      if (c.drug === "warfarin") {
        const r = warfarinDose({
          age_years: c.covariates.age_years,
          height_cm: c.covariates.height_cm,
          weight_kg: c.covariates.weight_kg,
          ancestry: c.ancestry,
          vkorc1: c.diplotypes.VKORC1,
          cyp2c9: c.diplotypes.CYP2C9,
          amiodarone: c.covariates.amiodarone,
          enzyme_inducer: c.covariates.enzyme_inducer,
        });
        expect(c.true_class).toBe(r.dose_class);
        expect(c.weekly_warfarin_dose_mg).toBeCloseTo(r.weekly_dose_mg, 2);
      } else {
        expect(c.true_class).toBe(drugResponse(c.drug, c.diplotypes).true_class);
      }
      expect(c.probabilities.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    }
  });

  it("sampled labels hit the true class at rate 1 − noise (within 4 SE)", () => {
    const noise = 0.2;
    const b = generateBatch("noise", { batch_size: N, label_noise: noise });
    let hits = 0;
    for (let k = 0; k < N; k++) if (b.label[k] === b.trueClass[k]) hits++;
    const se = Math.sqrt((noise * (1 - noise)) / N);
    expect(Math.abs(hits / N - (1 - noise))).toBeLessThanOrEqual(4 * se);
    // Noise only ever moves a label to an adjacent class.
    for (let k = 0; k < N; k++) expect(Math.abs(b.label[k]! - b.trueClass[k]!)).toBeLessThanOrEqual(1);
  });
});

describe("features", () => {
  const b = generateBatch("features", { batch_size: 500, include_derived: true });
  const L = b.layout;
  it("schema 1 is 77 wide with one-hot ancestry and drug blocks", () => {
    expect(L.width).toBe(77);
    expect(b.features.length).toBe(500 * 77);
    for (let k = 0; k < b.size; k++) {
      const row = b.features.subarray(k * L.width, (k + 1) * L.width);
      let anc = 0;
      let drug = 0;
      for (let i = 0; i < 5; i++) anc += row[L.ancestry + i]!;
      for (let i = 0; i < 7; i++) drug += row[L.drug + i]!;
      expect(anc).toBe(1);
      expect(drug).toBe(1);
      expect(row[L.ancestry + b.ancestry[k]!]).toBe(1);
      expect(row[L.drug + b.drug[k]!]).toBe(1);
    }
  });
  it("variant dosages and copy number follow the drawn alleles' definitions (no star names)", () => {
    for (let k = 0; k < b.size; k++) {
      const c = challengeAt(b, k);
      GENES.forEach((g, gi) => {
        const [x, y] = c.diplotypes[g].split("/") as [string, string];
        PANEL[g].variants.forEach((v, vi) => {
          const dose = (PANEL[g].byName.get(x)!.variantDosage.get(v.id) ?? 0) + (PANEL[g].byName.get(y)!.variantDosage.get(v.id) ?? 0);
          expect(c.features[L.variantOffset[gi]! + vi]).toBe(dose);
        });
      });
      expect(c.features[L.copyNumber]).toBe(c.cyp2d6_copy_number);
      expect(c.features[L.derived]).toBeCloseTo(phenotypeOf("CYP2D6", c.diplotypes.CYP2D6).activity_score!, 6);
      expect(c.features[L.derivedFlag]).toBe(1);
    }
    expect(L.names.some((n) => n.includes("*"))).toBe(false);
  });
  it("the derived block is empty when the switch is off", () => {
    const off = generateBatch("features", { batch_size: 500, include_derived: false });
    for (let k = 0; k < off.size; k++) {
      for (let i = 0; i < 11; i++) expect(off.features[k * L.width + L.derived + i]).toBe(0);
    }
  });
  it("class probabilities beyond a drug's class count are zero", () => {
    for (let k = 0; k < b.size; k++) {
      for (let c = b.classCount[k]!; c < MAX_CLASSES; c++) expect(b.probs[k * MAX_CLASSES + c]).toBe(0);
    }
  });
});

describe("task distribution: drug rotation, population shift, rare-variant bursts", () => {
  it("only the rotation's active drugs appear", () => {
    const active = rotateDrugs(1, 2);
    expect(active).toEqual(["warfarin", "thiopurines"]);
    const b = generateBatch("rot", { batch_size: 400, drugs: active });
    const seen = new Set(Array.from(b.drug, (d) => DRUGS[d]));
    expect([...seen].sort()).toEqual([...active].sort());
    // windows of 3 advance by 3 and wrap: period 1 → drugs 3..5, period 2 → 6, 0, 1
    expect(rotateDrugs(1, 3)).toEqual(["thiopurines", "fluoropyrimidines", "simvastatin"]);
    expect(rotateDrugs(2, 3)).toEqual(["tacrolimus", "codeine", "clopidogrel"]);
  });
  it("a population shift moves the mix toward the target", () => {
    const m = shiftMix(UNIFORM_MIX, { east_asian: 1 }, 0.5);
    expect(m.east_asian).toBeCloseTo(0.6, 12);
    expect(m.european).toBeCloseTo(0.1, 12);
  });
  it("a burst of rate 1 draws only rare alleles (frequency < 1 %) for the burst genes", () => {
    const b = generateBatch("burst", { batch_size: 3000, population_mix: { european: 1 }, rare_variant_burst: { rate: 1, genes: ["CYP2D6", "TPMT"] } });
    const seen = new Set<string>();
    for (let k = 0; k < b.size; k++) {
      const c = challengeAt(b, k);
      for (const g of ["CYP2D6", "TPMT"] as const) {
        for (const name of c.diplotypes[g].split("/")) {
          expect(PANEL[g].byName.get(name)!.frequency.european).toBeLessThan(0.01);
          seen.add(`${g}:${name}`);
        }
      }
    }
    // zero-frequency alleles (CYP2D6 *6, *9, TPMT *3B) appear only through bursts
    expect(seen.has("CYP2D6:*6")).toBe(true);
    expect(seen.has("TPMT:*3B")).toBe(true);
  });
});

describe("batch parameters", () => {
  it.each([
    [{ batch_size: 0 }, "batch params batch_size: got 0; expected an integer from 1 to 65536"],
    [{ drugs: ["aspirin"] }, 'batch params drugs: got "aspirin"; expected one of codeine'],
    [{ label_noise: 0.5 }, "batch params label_noise: got 0.5; expected a number from 0 up to (not including) 0.5"],
    [{ canary_rate: 2 }, "batch params canary_rate: got 2; expected a probability from 0 to 1"],
    [{ population_mix: { martian: 1 } }, "batch params population_mix"],
  ] as const)("%j is rejected", (input, msg) => {
    expect(() => generateBatch("x", input as never)).toThrow(BatchParamsError);
    expect(() => generateBatch("x", input as never)).toThrow(msg);
  });
});
