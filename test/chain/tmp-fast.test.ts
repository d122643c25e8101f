import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { runEpochJson } from "../../sim/chain/local/epoch-json.js";

const fx = JSON.parse(readFileSync("test/fixtures/yuma-public.json", "utf8"));
describe("fast", () => {
  for (const c of fx.cases) {
    if (!c.epochs) continue;
    c.epochs.forEach((e: any, k: number) => {
      it(`${c.id} ${k}`, () => {
        const out = runEpochJson(e.input) as any;
        const exp = { ...e.computed_by_reference_implementation };
        delete exp.float;
        expect(out).toEqual(exp);
      });
    });
  }
});
