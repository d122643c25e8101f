import { describe, expect, it } from "vitest";
import {
  blockEmissionForIssuance,
  emissionStep,
  halvingIndex,
  nextHalvingIssuance,
  TOTAL_SUPPLY_RAO,
} from "../../sim/chain/local/issuance.js";
import { fixtureCase } from "./fixtures.js";

describe("block emission by issuance (MECHANISM.md §5.1)", () => {
  const c = fixtureCase("derived.block_emission_halving") as unknown as {
    vectors: Array<{ issuance_rao: number; block_emission_rao: number }>;
  };

  it("reproduces every halving vector exactly", () => {
    expect(c.vectors.length).toBeGreaterThanOrEqual(8);
    for (const v of c.vectors) {
      expect(blockEmissionForIssuance(BigInt(v.issuance_rao)), `issuance ${v.issuance_rao}`).toBe(
        BigInt(v.block_emission_rao),
      );
    }
  });

  it("halves at 10.5M, 15.75M, 18.375M TAO and stops at the total supply", () => {
    const T = 1_000_000_000n;
    expect(nextHalvingIssuance(0n)).toBe(10_500_000n * T);
    expect(blockEmissionForIssuance(10_500_000n * T - 1n)).toBe(1_000_000_000n);
    expect(blockEmissionForIssuance(10_500_000n * T)).toBe(500_000_000n);
    expect(nextHalvingIssuance(10_500_000n * T)).toBe(15_750_000n * T);
    expect(blockEmissionForIssuance(15_750_000n * T)).toBe(250_000_000n);
    expect(nextHalvingIssuance(15_750_000n * T)).toBe(18_375_000n * T);
    expect(blockEmissionForIssuance(18_375_000n * T)).toBe(125_000_000n);
    expect(blockEmissionForIssuance(TOTAL_SUPPLY_RAO)).toBe(0n);
    expect(blockEmissionForIssuance(TOTAL_SUPPLY_RAO + 5n)).toBe(0n);
    expect(halvingIndex(0n)).toBe(0);
    expect(halvingIndex(TOTAL_SUPPLY_RAO)).toBe(-1);
  });

  it("reports the distance to the next halving for the per-block loop", () => {
    const st = emissionStep(10_000_000n * 1_000_000_000n);
    expect(st.emission).toBe(1e9);
    expect(st.toNext).toBe(500_000 * 1e9);
    expect(emissionStep(TOTAL_SUPPLY_RAO).toNext).toBe(Number.POSITIVE_INFINITY);
  });

  it("refuses a negative issuance", () => {
    expect(() => halvingIndex(-1n)).toThrow(/expected ≥ 0/);
  });
});
