import { describe, expect, it } from "vitest";
import { couplingFromSummary, revenueModel } from "../../sim/economics/revenue.js";
import { loadScenarioValue, ScenarioError } from "../../sim/scenario/load.js";

function problems(value: Record<string, unknown>, overrides: string[] = []): string[] {
  try {
    loadScenarioValue({ name: "x", ...value }, "<inline>", overrides);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

describe("economics section: defaults and errors", () => {
  it("defaults fill every field; a scenario with only a name is valid", () => {
    const e = loadScenarioValue({ name: "x" }).scenario.economics;
    expect(e.horizon_months).toBe(36);
    expect(e.paths).toBe(10000);
    expect(e.couple_mechanism).toBe(false);
    expect(e.costs.validator_stake_usd).toEqual({ uniform: [50000, 200000] });
    expect(e.vendor.licence_usd_per_year).toEqual({ uniform: [100000, 500000] });
    expect(e.treasury.strategies.map((s) => s.kind)).toEqual(["every-epoch", "weekly", "threshold", "hold-share", "capped"]);
    expect(e.treasury.chosen).toBe("weekly");
    expect(e.licensing.bass).toEqual({ p: 0.03, q: 0.38, m: { uniform: [20, 80] } });
  });

  it("names the field, the value and the expectation", () => {
    expect(problems({ economics: { licensing: { bass: { p: 2 } } } })).toEqual([
      "economics.licensing.bass.p: expected a number from 0 to 1, got 2",
    ]);
    expect(problems({ economics: { horizon_months: 0, paths: -3 } })).toEqual([
      "economics.horizon_months: expected an integer from 1 to 600, got 0",
      "economics.paths: expected an integer from 1 to 10000000, got -3",
    ]);
    expect(problems({ economics: { treasury: { chosen: "yolo" } } })).toEqual([
      'economics.treasury.chosen: expected the name of one of treasury.strategies, got "yolo"',
    ]);
    expect(problems({ economics: { treasury: { strategies: [{ kind: "sometimes" }] } } })).toEqual([
      'economics.treasury.strategies[0].kind: expected a strategy whose kind is one of "every-epoch", "weekly", "threshold", "hold-share", "capped", got "sometimes"',
    ]);
    expect(problems({ economics: { costs: { validator_stake_usd: { uniform: [200000, 50000] } } } })).toEqual([
      "economics.costs.validator_stake_usd.uniform: expected [a, b] with a <= b, got a list ([200000,50000])",
    ]);
    expect(problems({ economics: { costs: { validator_stake_usd: "lots" } } })).toEqual([
      'economics.costs.validator_stake_usd: expected a number, { uniform: [a, b] }, { lognormal: { median, sigma } } or { normal: { mean, sd } }, got "lots"',
    ]);
    expect(problems({ economics: { licensing: { quality_from_mechanism: true } } })).toEqual([
      "economics.licensing.quality_from_mechanism: expected couple_mechanism: true (quality comes from the mechanism run), got true",
    ]);
    expect(problems({ economics: { treasury: { strategies: [{ kind: "weekly" }, { kind: "weekly", every_days: 3 }] } } })).toEqual([
      'economics.treasury.strategies: expected strategies with distinct names (give two of one kind a `name`), got a list ([{"kind":"weekly"},{"kind":"weekly","every_days":3}])',
    ]);
    expect(problems({ economics: { alpha_market: { emission_share: { initial: 0.3 } } } })).toEqual([
      "economics.alpha_market.emission_share.initial: expected initial <= max, got 0.3",
    ]);
    expect(problems({ economics: { miners: { initial: 500 } } })).toEqual(["economics.miners.initial: expected min <= initial <= max, got 500"]);
    expect(problems({ economics: { treasury: { strategies: [{ kind: "capped", max_share_of_depth_per_day: 1.5 }], chosen: "capped" } } })).toEqual([
      "economics.treasury.strategies[0].max_share_of_depth_per_day: expected a number from 0 to 1, got 1.5",
    ]);
    expect(problems({ economics: { vendor: { licence: 1 } } })[0]).toBe(
      "economics.vendor.licence: unknown field, expected one of: licence_usd_per_year, setup_usd, start_month, quality_multiplier",
    );
  });

  it("--set reaches economics fields with the same checks", () => {
    expect(problems({}, ["economics.discount_rate=1.5"])).toEqual([
      "economics.discount_rate: expected an annual rate from 0 to 1, got 1.5",
    ]);
    expect(loadScenarioValue({ name: "x" }, "<inline>", ["economics.treasury.chosen=capped"]).scenario.economics.treasury.chosen).toBe("capped");
  });
});

describe("mechanism coupling", () => {
  const summary = {
    run: { days: 2 },
    market: { mean_emission_share: 0.008, alpha_price_end_tao: 0.025 },
    groups: [
      { role: "miner", count: 10, cost_usd: 160, emission_share: 0.6, mean_skill: 0.5 },
      { role: "miner", count: 6, cost_usd: 12, emission_share: 0.4, mean_skill: 0.25 },
      { role: "validator", count: 4, cost_usd: 0, emission_share: 1 },
    ],
  };

  it("takes share, price, miners, cost per miner-day and emission-weighted skill", () => {
    const c = couplingFromSummary(summary, "mechanism");
    expect(c).toEqual({
      emission_share: 0.008,
      alpha_price_tao: 0.025,
      miners: 16,
      miner_cost_usd_per_day: 172 / (16 * 2),
      quality: 0.6 * 0.5 + 0.4 * 0.25,
      run_dir: "mechanism",
    });
  });

  it("feeds the model: initial share, pool alpha for the price, miners, and quality when asked", () => {
    const s = loadScenarioValue({ name: "x", economics: { couple_mechanism: true, licensing: { quality_from_mechanism: true } } }).scenario;
    const m = revenueModel(s, couplingFromSummary(summary));
    expect(m.market.initialShare).toBe(0.008);
    expect(m.market.poolTao / m.market.poolAlpha).toBeCloseTo(0.025, 12);
    expect(m.miners.initial).toBe(16);
    expect(m.miners.costUsdPerDay).toBeCloseTo(5.375, 12);
    expect(m.quality).toBeCloseTo(0.4, 12);
  });

  it("says what is missing from a summary", () => {
    expect(() => couplingFromSummary({ market: {} })).toThrow(
      "mechanism coupling: the run summary has no market.mean_emission_share; expected a number",
    );
  });
});
