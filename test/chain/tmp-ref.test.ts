import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { parseEpochInput, formatEpochOutput } from "../../sim/chain/local/epoch-json.js";
import { epochReference } from "./epoch-reference.js";

const fx = JSON.parse(readFileSync("test/fixtures/yuma-public.json", "utf8"));
describe("ref", () => {
  for (const c of fx.cases) {
    if (!c.epochs) continue;
    c.epochs.forEach((e: any, k: number) => {
      it(`${c.id} ${k}`, () => {
        const out = formatEpochOutput(epochReference(parseEpochInput(e.input))) as any;
        const exp = { ...e.computed_by_reference_implementation };
        delete exp.float;
        expect(out).toEqual(exp);
      });
    });
  }
});
