/**
 * IWPC pharmacogenetic warfarin formula (Klein et al., NEJM 2009), checked against worked
 * examples computed by hand from the published coefficients:
 *
 *   √dose = 5.6044 − 0.2614·decades + 0.0087·height + 0.0128·weight
 *           − 0.8677·[A/G] − 1.6974·[A/A] − 0.4854·[VKORC1 unknown]
 *           − 0.5211·[*1/*2] − 0.9357·[*1/*3] − 1.0616·[*2/*2] − 1.9206·[*2/*3] − 2.3312·[*3/*3]
 *           − 0.2188·[CYP2C9 unknown] − 0.1092·[Asian] − 0.2760·[Black] − 0.1032·[missing/mixed]
 *           + 1.1816·[enzyme inducer] − 0.5503·[amiodarone]
 */
import { describe, expect, it } from "vitest";
import { warfarinDose } from "../../../sim/tasks/pharmacogenomics/reference.js";
import { warfarinClassIndex } from "../../../sim/tasks/pharmacogenomics/warfarin.js";

describe("IWPC worked examples", () => {
  it("example 1: 65 y, 170 cm, 75 kg, VKORC1 G/G, CYP2C9 *1/*1, White → 41.93 mg/week, intermediate", () => {
    // decades = 6
    // 5.6044 − 0.2614×6 (1.5684) + 0.0087×170 (1.479) + 0.0128×75 (0.96)
    //   = 5.6044 − 1.5684 + 1.479 + 0.96 = 6.4750
    // dose = 6.475² = 41.925625 mg/week → 21 ≤ 41.93 < 49 → intermediate
    const r = warfarinDose({ age_years: 65, height_cm: 170, weight_kg: 75, vkorc1: "G/G", cyp2c9: "*1/*1", race: "white" });
    expect(r.sqrt_weekly_dose).toBeCloseTo(6.475, 10);
    expect(r.weekly_dose_mg).toBeCloseTo(41.925625, 8);
    expect(r.dose_class).toBe("intermediate");
  });

  it("example 2: 72 y, 160 cm, 60 kg, VKORC1 A/A, CYP2C9 *1/*3, Asian → 10.19 mg/week, low", () => {
    // decades = 7
    // 5.6044 − 0.2614×7 (1.8298) = 3.7746
    //   + 0.0087×160 (1.392) = 5.1666
    //   + 0.0128×60 (0.768) = 5.9346
    //   − 1.6974 (A/A) = 4.2372
    //   − 0.9357 (*1/*3) = 3.3015
    //   − 0.1092 (Asian) = 3.1923
    // dose = 3.1923² = 10.19077929 mg/week → < 21 → low
    const r = warfarinDose({ age_years: 72, height_cm: 160, weight_kg: 60, vkorc1: "A/A", cyp2c9: "*1/*3", race: "asian" });
    expect(r.sqrt_weekly_dose).toBeCloseTo(3.1923, 10);
    expect(r.weekly_dose_mg).toBeCloseTo(10.19077929, 8);
    expect(r.dose_class).toBe("low");
  });

  it("example 3: 45 y, 185 cm, 100 kg, G/G, *1/*1, Black, enzyme inducer → 69.79 mg/week, high", () => {
    // decades = 4
    // 5.6044 − 0.2614×4 (1.0456) = 4.5588
    //   + 0.0087×185 (1.6095) = 6.1683
    //   + 0.0128×100 (1.28) = 7.4483
    //   − 0.2760 (Black) = 7.1723
    //   + 1.1816 (inducer) = 8.3539
    // dose = 8.3539² = 69.78764521 mg/week → ≥ 49 → high
    const r = warfarinDose({ age_years: 45, height_cm: 185, weight_kg: 100, vkorc1: "G/G", cyp2c9: "*1/*1", race: "black", enzyme_inducer: true });
    expect(r.sqrt_weekly_dose).toBeCloseTo(8.3539, 10);
    expect(r.weekly_dose_mg).toBeCloseTo(69.78764521, 8);
    expect(r.dose_class).toBe("high");
  });

  it("example 4: 55 y, 175 cm, 80 kg, A/G, *1/*2, White, amiodarone → 24.06 mg/week, intermediate", () => {
    // decades = 5
    // 5.6044 − 1.307 = 4.2974; + 1.5225 = 5.8199; + 1.024 = 6.8439
    //   − 0.8677 (A/G) = 5.9762; − 0.5211 (*1/*2) = 5.4551; − 0.5503 (amiodarone) = 4.9048
    // dose = 4.9048² = 24.05706304
    const r = warfarinDose({ age_years: 55, height_cm: 175, weight_kg: 80, vkorc1: "A/G", cyp2c9: "*1/*2", race: "white", amiodarone: true });
    expect(r.weekly_dose_mg).toBeCloseTo(24.05706304, 8);
    expect(r.dose_class).toBe("intermediate");
  });

  it("example 5: unknown genotypes and missing race use their own terms", () => {
    // decades = 3: 5.6044 − 0.7842 + 0.0087×165 (1.4355) + 0.0128×70 (0.896) = 7.1517
    //   − 0.4854 (VKORC1 unknown) − 0.2188 (CYP2C9 unknown) − 0.1032 (missing race) = 6.3443
    const r = warfarinDose({ age_years: 39, height_cm: 165, weight_kg: 70 });
    expect(r.sqrt_weekly_dose).toBeCloseTo(6.3443, 10);
    expect(r.iwpc_inputs.vkorc1).toBe("unknown");
    expect(r.iwpc_inputs.race).toBe("missing_or_mixed");
  });

  it("maps other CYP2C9 alleles by activity (*8 like *2, *6 like *3) and ancestry to IWPC race", () => {
    const a = warfarinDose({ age_years: 50, height_cm: 170, weight_kg: 70, vkorc1: "G/G", cyp2c9: "*1/*8", ancestry: "african" });
    const b = warfarinDose({ age_years: 50, height_cm: 170, weight_kg: 70, vkorc1: "G/G", cyp2c9: "*1/*2", race: "black" });
    expect(a.weekly_dose_mg).toBeCloseTo(b.weekly_dose_mg, 10);
    expect(warfarinDose({ age_years: 50, height_cm: 170, weight_kg: 70, cyp2c9: "*6/*3" }).iwpc_inputs.cyp2c9).toBe("*3/*3");
  });
});

describe("dose classes", () => {
  it.each([
    [20.99, 0],
    [21, 1],
    [48.99, 1],
    [49, 2],
  ])("%d mg/week → class %d", (dose, cls) => expect(warfarinClassIndex(dose)).toBe(cls));

  it("class probabilities put 1 − noise on the dose class and noise on its neighbours", () => {
    const r = warfarinDose({ age_years: 65, height_cm: 170, weight_kg: 75, vkorc1: "G/G", cyp2c9: "*1/*1", race: "white" }, 0.1);
    expect(r.class_probabilities).toEqual({ low: 0.05, intermediate: 0.9, high: 0.05 });
  });
});
