import { describe, expect, it } from "vitest";
import { pgxQuery, PgxInputError } from "../../../sim/tasks/pharmacogenomics/query.js";

function message(opts: Parameters<typeof pgxQuery>[0]): string {
  try {
    pgxQuery(opts);
  } catch (e) {
    expect(e).toBeInstanceOf(PgxInputError);
    return (e as Error).message;
  }
  throw new Error("expected a PgxInputError");
}

const ADULT = { age_years: 60, height_cm: 170, weight_kg: 70 };

describe("pgxQuery answers", () => {
  it("gene + diplotype → phenotype", () => {
    expect(pgxQuery({ gene: "CYP2D6", diplotype: "*1/*4" })).toEqual({
      gene: "CYP2D6",
      diplotype: "*1/*4",
      activity_score: 1,
      phenotype: "Intermediate Metabolizer",
      copy_number: 2,
    });
    expect(pgxQuery({ gene: "CYP2D6", diplotype: "*1/*1x2" })).toMatchObject({ activity_score: 3, phenotype: "Ultrarapid Metabolizer" });
  });
  it("drug warfarin + profile → dose and class probabilities", () => {
    const r = pgxQuery({ drug: "warfarin", profile: { ...ADULT, vkorc1: "A/A", cyp2c9: "*3/*3", race: "asian" } }) as { dose_class: string };
    expect(r.dose_class).toBe("low");
  });
  it("drug + diplotype, or drug + profile.diplotypes → response distribution", () => {
    expect(pgxQuery({ drug: "clopidogrel", diplotype: "*2/*2" })).toMatchObject({ true_class: "reduced_efficacy" });
    expect(pgxQuery({ drug: "thiopurines", profile: { diplotypes: { TPMT: "*1/*1", NUDT15: "*1/*3" } } })).toMatchObject({
      true_class: "reduce_dose",
    });
    expect(pgxQuery({ drug: "codeine", diplotype: "*1/*1x2", noise: 0 })).toMatchObject({
      class_probabilities: { ineffective: 0, normal_response: 0, toxicity_risk: 1 },
    });
  });
});

describe("pgxQuery rejects bad input with field, value and expectation", () => {
  it.each([
    [{}, "gene: got nothing; expected a gene with a diplotype"],
    [{ gene: "CYP2D7", diplotype: "*1/*1" }, 'gene: got "CYP2D7"; expected one of CYP2D6, CYP2C19, CYP2C9, VKORC1, CYP4F2, TPMT, NUDT15, DPYD, SLCO1B1, CYP3A5'],
    [{ gene: "CYP2D6" }, 'diplotype: got nothing; expected a CYP2D6 diplotype such as "*1/*2"'],
    [{ gene: "CYP2D6", diplotype: "*1-*4" }, 'diplotype: got "*1-*4"; expected two alleles separated by "/", such as "*1/*2"'],
    [{ gene: "CYP2D6", diplotype: "*1/*99" }, 'diplotype: got "*1/*99"; allele "*99" is not in the CYP2D6 panel; known alleles: *1, *2,'],
    [{ gene: "CYP2C19", diplotype: "*1/*2x2" }, 'diplotype: got "*1/*2x2"; allele "*2x2" is not in the CYP2C19 panel'],
    [{ drug: "aspirin" }, 'drug: got "aspirin"; expected one of codeine, clopidogrel, warfarin, thiopurines, fluoropyrimidines, simvastatin, tacrolimus'],
    [{ drug: "warfarin" }, "profile: got nothing; expected a JSON object with age_years, height_cm and weight_kg"],
    [{ drug: "warfarin", profile: [] }, "profile: got []; expected a JSON object with age_years"],
    [{ drug: "warfarin", profile: { ...ADULT, age_years: "sixty" } }, 'profile.age_years: got "sixty"; expected a number of years from 0 to 120'],
    [{ drug: "warfarin", profile: { ...ADULT, height_cm: 1.7 } }, "profile.height_cm: got 1.7; expected a number of centimetres from 50 to 250"],
    [{ drug: "warfarin", profile: { ...ADULT, race: "martian" } }, 'profile.race: got "martian"; expected one of white, asian, black, missing_or_mixed (the IWPC categories)'],
    [{ drug: "warfarin", profile: { ...ADULT, ancestry: "nordic" } }, 'profile.ancestry: got "nordic"; expected one of european, african, east_asian, south_asian, latino'],
    [{ drug: "warfarin", profile: { ...ADULT, vkorc1: "G/T" } }, 'profile.vkorc1: got "G/T"; allele "T" is not in the VKORC1 panel; known alleles: G, A'],
    [{ drug: "warfarin", profile: { ...ADULT, cyp2c9: "*1/*99" } }, 'profile.cyp2c9: got "*1/*99"; allele "*99" is not in the CYP2C9 panel'],
    [{ drug: "warfarin", profile: { ...ADULT, amiodarone: "yes" } }, 'profile.amiodarone: got "yes"; expected true or false'],
    [{ drug: "warfarin", profile: { ...ADULT, wieght_kg: 70 } }, "profile.wieght_kg: unexpected field; expected only age_years, height_cm, weight_kg"],
    [{ drug: "codeine" }, 'diplotype: got nothing; expected a CYP2D6 diplotype such as "*1/*2", or a profile'],
    [{ drug: "codeine", gene: "CYP2C19", diplotype: "*1/*1" }, 'gene: got "CYP2C19"; expected a gene that drives codeine: CYP2D6'],
    [{ drug: "thiopurines", profile: { diplotypes: { NUDT15: "*1/*1" } } }, 'profile.diplotypes.TPMT: got nothing; expected a TPMT diplotype such as "*1/*2"'],
    [{ gene: "CYP2D6", diplotype: "*1/*1", noise: 0.7 }, "noise: got 0.7; expected a number from 0 up to (not including) 0.5"],
  ] as const)("%j", (opts, expected) => {
    expect(message(opts as never)).toContain(expected);
  });

  it("errors carry the field name", () => {
    try {
      pgxQuery({ drug: "warfarin", profile: { ...ADULT, weight_kg: -1 } });
    } catch (e) {
      expect((e as PgxInputError).field).toBe("profile.weight_kg");
    }
  });
});
