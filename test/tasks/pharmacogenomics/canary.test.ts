import { describe, expect, it } from "vitest";
import { CANARY_CATALOG, findCanaries, fingerprintLabel } from "../../../sim/tasks/pharmacogenomics/canary.js";
import { generateBatch } from "../../../sim/tasks/pharmacogenomics/generator.js";
import { drugResponse, warfarinDose } from "../../../sim/tasks/pharmacogenomics/reference.js";

describe("canary tasks", () => {
  it.each(CANARY_CATALOG.map((c) => [c.id, c] as const))("%s: the stated answer is the reference's answer", (_id, c) => {
    if (c.drug === "warfarin") {
      const r = warfarinDose({ ...c.covariates, ancestry: c.ancestry, vkorc1: c.diplotypes.VKORC1, cyp2c9: c.diplotypes.CYP2C9 });
      expect(r.dose_class).toBe(c.expected_class);
    } else {
      expect(drugResponse(c.drug, c.diplotypes).true_class).toBe(c.expected_class);
    }
  });

  it("canaries appear at about the configured rate, keep their known answer, and are found with their fingerprint", () => {
    const b = generateBatch("canaries", { batch_size: 2000, canary_rate: 0.05, decoy_rate: 0.3 });
    const rows: number[] = [];
    for (let k = 0; k < b.size; k++) if (b.canary[k]! >= 0) rows.push(k);
    expect(rows.length).toBeGreaterThan(60);
    expect(rows.length).toBeLessThan(140);
    for (const k of rows) {
      const spec = CANARY_CATALOG[b.canary[k]!]!;
      expect(b.label[k]).toBe(b.trueClass[k]);
      expect(["ineffective", "toxicity_risk", "reduced_efficacy", "drastically_reduce_dose", "avoid", "high_myopathy_risk", "increased_starting_dose", "low"]).toContain(spec.expected_class);
    }
    const found = findCanaries(b.features, b.layout);
    const foundRows = new Map(found.map((f) => [f.row, f]));
    for (const k of rows) {
      const f = foundRows.get(k)!;
      expect(f.catalogIndex).toBe(b.canary[k]);
      expect(f.code).toBe(b.canaryCode[k]);
    }
    expect(fingerprintLabel(0, 0x3a)).toBe("codeine-cyp2d6-pm#3a");
  });

  it("canaries are only drawn for active drugs", () => {
    const b = generateBatch("canaries-rot", { batch_size: 1000, canary_rate: 0.2, drugs: ["codeine"] });
    for (let k = 0; k < b.size; k++) if (b.canary[k]! >= 0) expect(CANARY_CATALOG[b.canary[k]!]!.drug).toBe("codeine");
  });
});
