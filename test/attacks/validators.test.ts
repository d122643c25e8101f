// Pinned outcomes of the validator attacks, each without and with its defence (scenarios/attacks/).
import { describe, expect, it } from "vitest";
import { bothWays, perStake, perUid } from "./helpers.js";

describe("validator attacks", () => {
  it("a cartel under κ of stake cannot lift its miners above consensus; above κ it can", async () => {
    const r = await bothWays("cartel"); // without: 60% of stake; with: 30% (κ = 0.5)
    expect(r.with.captured_share!).toBeLessThan(r.with.fair_share!);
    expect(r.without.captured_share!).toBeGreaterThan(3 * r.without.fair_share!);
  });

  it("a self-dealing validator with 10% of stake cannot lift its own miner under κ = 0.5", async () => {
    const r = await bothWays("self-dealing"); // without: κ = 0.05
    // Under κ = 0.5 its miner is paid like any prior-only guesser: the patron adds almost nothing.
    expect(perUid(r.withSummary, "cartel-member")).toBeLessThan(1.25 * perUid(r.withSummary, "prior-only"));
    expect(r.with.captured_share!).toBeLessThan(r.with.fair_share!);
    // With κ = 0.05 a 10% staker sets consensus for its own miner.
    expect(r.without.captured_share!).toBeGreaterThan(3 * r.with.captured_share!);
  });

  it("a weight copier earns close to an honest validator without commit-reveal and clearly less with it", async () => {
    const r = await bothWays("weight-copier");
    // Two copiers of 5000 TAO next to eight honest validators: compare pay per unit of stake.
    const honestOff = perStake(r.withoutSummary, "honest", 1 - shareOf(r.without));
    const copierOff = perStake(r.withoutSummary, "weight-copier", shareOf(r.without));
    const honestOn = perStake(r.withSummary, "honest", 1 - shareOf(r.with));
    const copierOn = perStake(r.withSummary, "weight-copier", shareOf(r.with));
    expect(copierOff).toBeGreaterThan(0.9 * honestOff);
    expect(copierOn).toBeLessThan(0.9 * honestOn);
    expect(copierOn).toBeLessThan(copierOff);
  });

  it("a lazy validator earns less than its stake's fair share and is flagged by validator trust", async () => {
    const r = await bothWays("lazy-validator");
    expect(r.with.captured_share!).toBeLessThan(r.with.fair_share!);
    expect(r.with.detection_method).toBe("low-validator-trust");
  });

  it("a divergent (buggy) validator is clipped: its dividends collapse and its trust alarm fires", async () => {
    const r = await bothWays("divergent-validator");
    expect(r.with.captured_share!).toBeLessThan(0.5 * r.with.fair_share!);
    expect(r.with.detection_method).toBe("low-validator-trust");
  });

  it("a late mover earns less than its stake's fair share", async () => {
    const r = await bothWays("late-mover");
    expect(r.with.captured_share!).toBeLessThan(r.with.fair_share!);
  });
});

/** The adversary group's share of validator stake. */
function shareOf(o: { weight_in_population: number | null }): number {
  return o.weight_in_population!;
}
