/**
 * Genotype → phenotype for every pair of alleles in every panel gene, against expected values
 * written here from the CPIC rule text (not computed by the code under test):
 *
 * - CYP2D6 (CPIC 2020 consensus; TASKS.md): allele activity values *1, *2 = 1; *9, *17, *29,
 *   *41 = 0.5; *10 = 0.25; *3, *4, *5, *6, *36, *68 = 0; a duplication multiplies the value by
 *   its copies; a tandem adds its parts. Score 0 → PM; 0 < s < 1.25 → IM; 1.25 ≤ s ≤ 2.25 → NM;
 *   s > 2.25 → UM.
 * - CYP2C9: *1 = 1; *2, *5, *8, *11 = 0.5; *3, *6 = 0. 2 → NM; 1, 1.5 → IM; 0, 0.5 → PM.
 * - DPYD: Reference = 1; c.2846A>T, HapB3 = 0.5; *2A, *13 = 0. Same cut-offs as CYP2C9.
 * - CYP2C19 (2022): *17/*17 UM; *1/*17 RM; *1/*1 NM; one of *2/*3 with *1 or *17 IM; two of
 *   *2/*3 PM.
 * - TPMT, NUDT15, CYP3A5: count of no-function alleles 0/1/2 → NM/IM/PM. SLCO1B1: → Normal /
 *   Decreased / Poor Function.
 */
import { describe, expect, it } from "vitest";
import { PANEL, GENES } from "../../../sim/tasks/pharmacogenomics/panel.js";
import { phenotypeOf } from "../../../sim/tasks/pharmacogenomics/reference.js";

const PM = "Poor Metabolizer";
const IM = "Intermediate Metabolizer";
const NM = "Normal Metabolizer";
const RM = "Rapid Metabolizer";
const UM = "Ultrarapid Metabolizer";

/** CPIC activity values, typed from the CPIC tables. */
const CYP2D6_AV: Record<string, number> = {
  "*1": 1, "*2": 1, "*1x2": 2, "*1x3": 3, "*2x2": 2, "*3": 0, "*4": 0, "*4x2": 0, "*5": 0, "*6": 0,
  "*9": 0.5, "*10": 0.25, "*17": 0.5, "*29": 0.5, "*41": 0.5, "*36+*10": 0.25, "*68+*4": 0,
};
const CYP2D6_COPIES: Record<string, number> = {
  "*1": 1, "*2": 1, "*1x2": 2, "*1x3": 3, "*2x2": 2, "*3": 1, "*4": 1, "*4x2": 2, "*5": 0, "*6": 1,
  "*9": 1, "*10": 1, "*17": 1, "*29": 1, "*41": 1, "*36+*10": 2, "*68+*4": 2,
};
const CYP2C9_AV: Record<string, number> = { "*1": 1, "*2": 0.5, "*3": 0, "*5": 0.5, "*6": 0, "*8": 0.5, "*11": 0.5 };
const DPYD_AV: Record<string, number> = {
  Reference: 1, "c.1905+1G>A": 0, "c.1679T>G": 0, "c.2846A>T": 0.5, "c.1129-5923C>G": 0.5,
};
const CYP2C19_FN: Record<string, "normal" | "none" | "increased"> = { "*1": "normal", "*2": "none", "*3": "none", "*17": "increased" };
const NO_FUNCTION: Record<string, string[]> = {
  TPMT: ["*2", "*3A", "*3B", "*3C"],
  NUDT15: ["*2", "*3"],
  CYP3A5: ["*3", "*6", "*7"],
  SLCO1B1: ["*5"],
};

function cyp2d6Expected(s: number): string {
  if (s === 0) return PM;
  if (s < 1.25) return IM;
  if (s <= 2.25) return NM;
  return UM;
}
function twoLevelExpected(s: number): string {
  return s === 2 ? NM : s >= 1 ? IM : PM;
}
function cyp2c19Expected(a: string, b: string): string {
  const f = [CYP2C19_FN[a], CYP2C19_FN[b]];
  const none = f.filter((x) => x === "none").length;
  const inc = f.filter((x) => x === "increased").length;
  if (none === 2) return PM;
  if (none === 1) return IM;
  if (inc === 2) return UM;
  if (inc === 1) return RM;
  return NM;
}

function names(gene: (typeof GENES)[number]): string[] {
  return PANEL[gene].alleles.map((a) => a.name);
}

function pairs(list: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const a of list) for (const b of list) out.push([a, b]);
  return out;
}

describe("every panel allele has an expected value in this test", () => {
  it("covers the panel", () => {
    expect(names("CYP2D6").sort()).toEqual(Object.keys(CYP2D6_AV).sort());
    expect(names("CYP2C9").sort()).toEqual(Object.keys(CYP2C9_AV).sort());
    expect(names("DPYD").sort()).toEqual(Object.keys(DPYD_AV).sort());
    expect(names("CYP2C19").sort()).toEqual(Object.keys(CYP2C19_FN).sort());
    for (const g of ["TPMT", "NUDT15", "CYP3A5", "SLCO1B1"] as const) {
      for (const n of NO_FUNCTION[g]!) expect(names(g)).toContain(n);
    }
  });
});

describe("CYP2D6: activity score and phenotype for all 17 × 17 diplotypes", () => {
  it.each(pairs(Object.keys(CYP2D6_AV)))("%s/%s", (a, b) => {
    const score = CYP2D6_AV[a]! + CYP2D6_AV[b]!;
    const r = phenotypeOf("CYP2D6", `${a}/${b}`);
    expect(r.activity_score).toBeCloseTo(score, 10);
    expect(r.phenotype).toBe(cyp2d6Expected(score));
    expect(r.copy_number).toBe(CYP2D6_COPIES[a]! + CYP2D6_COPIES[b]!);
  });

  it.each([
    ["*1/*4", 1, IM],
    ["*1/*1x2", 3, UM],
    ["*4/*4", 0, PM],
    ["*5/*5", 0, PM],
    ["*1/*10", 1.25, NM],
    ["*10/*10", 0.5, IM],
    ["*1/*2", 2, NM],
    ["*2x2/*41", 2.5, UM],
    ["*1x2/*4", 2, NM],
    ["*36+*10/*36+*10", 0.5, IM],
    ["*17/*29", 1, IM],
    ["*1/*41", 1.5, NM],
    ["*2x3/*4", 3, UM], // composed duplication: 3 × 1
    ["*41x2/*4", 1, IM], // composed duplication: 2 × 0.5
    ["*1x≥3/*1", 4, UM], // CPIC's "≥3" read as 3 copies
    ["*10x2/*5", 0.5, IM],
  ] as const)("worked example %s → %s, %s", (d, score, ph) => {
    const r = phenotypeOf("CYP2D6", d);
    expect(r.activity_score).toBeCloseTo(score, 10);
    expect(r.phenotype).toBe(ph);
  });
});

describe("CYP2C9 activity score", () => {
  it.each(pairs(Object.keys(CYP2C9_AV)))("%s/%s", (a, b) => {
    const score = CYP2C9_AV[a]! + CYP2C9_AV[b]!;
    const r = phenotypeOf("CYP2C9", `${a}/${b}`);
    expect(r.activity_score).toBeCloseTo(score, 10);
    expect(r.phenotype).toBe(twoLevelExpected(score));
  });
});

describe("DPYD activity score (aliases *2A, *13, HapB3 accepted)", () => {
  it.each(pairs(Object.keys(DPYD_AV)))("%s/%s", (a, b) => {
    const score = DPYD_AV[a]! + DPYD_AV[b]!;
    const r = phenotypeOf("DPYD", `${a}/${b}`);
    expect(r.activity_score).toBeCloseTo(score, 10);
    expect(r.phenotype).toBe(twoLevelExpected(score));
  });
  it.each([
    ["*2A/*13", 0, PM],
    ["HapB3/Reference", 1.5, IM],
    ["*1/*2A", 1, IM],
    ["c.2846A>T/HapB3", 1, IM],
    ["c.2846A>T/*2A", 0.5, PM],
  ] as const)("%s → %s, %s", (d, s, ph) => {
    const r = phenotypeOf("DPYD", d);
    expect(r.activity_score).toBe(s);
    expect(r.phenotype).toBe(ph);
  });
});

describe("CYP2C19 function combinations", () => {
  it.each(pairs(Object.keys(CYP2C19_FN)))("%s/%s", (a, b) => {
    const r = phenotypeOf("CYP2C19", `${a}/${b}`);
    expect(r.activity_score).toBeNull();
    expect(r.phenotype).toBe(cyp2c19Expected(a, b));
  });
  it.each([
    ["*17/*17", UM],
    ["*1/*17", RM],
    ["*1/*1", NM],
    ["*1/*2", IM],
    ["*2/*17", IM],
    ["*2/*3", PM],
  ] as const)("%s → %s", (d, ph) => expect(phenotypeOf("CYP2C19", d).phenotype).toBe(ph));
});

describe.each(["TPMT", "NUDT15", "CYP3A5", "SLCO1B1"] as const)("%s no-function count", (gene) => {
  const labels = gene === "SLCO1B1" ? ["Normal Function", "Decreased Function", "Poor Function"] : [NM, IM, PM];
  it.each(pairs(names(gene)))("%s/%s", (a, b) => {
    const none = (NO_FUNCTION[gene]!.includes(a) ? 1 : 0) + (NO_FUNCTION[gene]!.includes(b) ? 1 : 0);
    expect(phenotypeOf(gene, `${a}/${b}`).phenotype).toBe(labels[none]);
  });
});

describe("genotype-only genes", () => {
  it.each(["G/G", "A/G", "A/A", "-1639G/-1639A"])("VKORC1 %s", (d) => {
    expect(phenotypeOf("VKORC1", d).phenotype).toBe("No CPIC phenotype (genotype used directly)");
  });
  it("CYP4F2 *1/*3", () => {
    expect(phenotypeOf("CYP4F2", "*1/*3").activity_score).toBeNull();
  });
});
