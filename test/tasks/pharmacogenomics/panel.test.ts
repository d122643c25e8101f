import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ANCESTRIES, GENES, PANEL } from "../../../sim/tasks/pharmacogenomics/panel.js";

describe("panel data files", () => {
  it.each(GENES.map((g) => [g]))("%s: frequencies for five groups sum to 1, sources and rule text present", (g) => {
    const p = PANEL[g];
    for (const a of ANCESTRIES) {
      const s = p.alleles.reduce((acc, al) => acc + al.frequency[a], 0);
      expect(s).toBeCloseTo(1, 9);
    }
    expect(p.sourceIds.length).toBeGreaterThan(0);
    expect(p.ruleText.length).toBeGreaterThan(20);
    for (const al of p.alleles) expect(al.function.length).toBeGreaterThan(0);
  });

  it("required alleles are present", () => {
    const has = (g: (typeof GENES)[number], names: string[]) => names.forEach((n) => expect(PANEL[g].byName.has(n), `${g} ${n}`).toBe(true));
    has("CYP2D6", ["*5", "*1x2", "*2x2", "*10", "*17", "*41", "*36+*10"]);
    has("CYP2C19", ["*1", "*2", "*3", "*17"]);
    has("CYP2C9", ["*1", "*2", "*3"]);
    has("VKORC1", ["G", "A"]);
    has("CYP4F2", ["*3"]);
    has("TPMT", ["*2", "*3A", "*3B", "*3C"]);
    has("NUDT15", ["*3"]);
    has("DPYD", ["*2A", "*13", "c.2846A>T", "HapB3"]);
    has("SLCO1B1", ["*5"]);
    has("CYP3A5", ["*1", "*3", "*6", "*7"]);
  });

  it("defining variants are rsIDs or named structural markers, and CYP2D6 *5 has no gene copy", () => {
    expect(PANEL.CYP2D6.byName.get("*5")!.geneCopies).toBe(0);
    expect(PANEL.SLCO1B1.byName.get("*5")!.variantDosage.get("rs4149056")).toBe(1);
    expect(PANEL.DPYD.byName.get("HapB3")!.variantDosage.get("rs75017182")).toBe(1);
  });

  it("CYP2C19*2 uses CPIC's published frequencies", () => {
    const f = PANEL.CYP2C19.byName.get("*2")!.frequency;
    expect(f.european).toBeCloseTo(0.14685704, 6);
    expect(f.east_asian).toBeCloseTo(0.28352264, 6);
  });

  it("SOURCES.md exists next to the data", () => {
    const path = new URL("../../../sim/tasks/pharmacogenomics/panel/SOURCES.md", import.meta.url);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toContain("Gaps");
  });
});
