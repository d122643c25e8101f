import { describe, expect, it } from "vitest";
import { challengeAt } from "../../../sim/tasks/pharmacogenomics/batch.js";
import { generateBatch } from "../../../sim/tasks/pharmacogenomics/generator.js";
import { warfarinDose } from "../../../sim/tasks/pharmacogenomics/reference.js";

const BASE = { batch_size: 3000, drugs: ["warfarin", "codeine", "thiopurines"], canary_rate: 0.02 };

describe("perturbations keep the label", () => {
  const plain = generateBatch("perturb", BASE);
  const pert = generateBatch("perturb", { ...BASE, decoy_rate: 0.6, covariate_jitter: 2 });
  const L = plain.layout;

  it("genotypes, true classes and sampled labels are identical with and without perturbation", () => {
    expect(Array.from(pert.alleles)).toEqual(Array.from(plain.alleles));
    expect(Array.from(pert.trueClass)).toEqual(Array.from(plain.trueClass));
    expect(Array.from(pert.label)).toEqual(Array.from(plain.label));
    expect(Array.from(pert.drug)).toEqual(Array.from(plain.drug));
  });

  it("perturbations only touch the decoy and covariate blocks, and do change rows", () => {
    let changedDecoy = 0;
    let changedCov = 0;
    for (let k = 0; k < plain.size; k++) {
      for (let i = 0; i < L.width; i++) {
        const a = plain.features[k * L.width + i]!;
        const b = pert.features[k * L.width + i]!;
        if (a === b) continue;
        const inDecoy = i >= L.decoy && i < L.decoy + 8;
        const inCov = i >= L.covariate && i < L.covariate + 4; // age, sex slot untouched, height, weight
        expect(inDecoy || inCov, `slot ${L.names[i]} changed in row ${k}`).toBe(true);
        if (inDecoy) changedDecoy++;
        else changedCov++;
      }
    }
    expect(changedDecoy).toBeGreaterThan(100);
    expect(changedCov).toBeGreaterThan(100);
  });

  it("a warfarin row's jittered covariates still give its true dose class", () => {
    let jittered = 0;
    for (let k = 0; k < pert.size; k++) {
      const c = challengeAt(pert, k);
      if (c.drug !== "warfarin") continue;
      const f = c.features;
      const observed = warfarinDose({
        age_years: f[L.covariate]! * 10,
        height_cm: f[L.covariate + 2]! * 100,
        weight_kg: f[L.covariate + 3]! * 100,
        ancestry: c.ancestry,
        vkorc1: c.diplotypes.VKORC1,
        cyp2c9: c.diplotypes.CYP2C9,
        amiodarone: c.covariates.amiodarone,
        enzyme_inducer: c.covariates.enzyme_inducer,
      });
      expect(observed.dose_class).toBe(c.true_class);
      if (Math.abs(f[L.covariate + 2]! * 100 - c.covariates.height_cm) > 1e-3) jittered++;
    }
    expect(jittered).toBeGreaterThan(100);
  });

  it("decoy dosages are 0, 1 or 2 and canary rows carry an 8-bit 0/1 code", () => {
    for (let k = 0; k < pert.size; k++) {
      for (let i = 0; i < 8; i++) expect([0, 1, 2]).toContain(pert.features[k * L.width + L.decoy + i]);
    }
  });
});
