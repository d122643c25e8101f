import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../sim/core/hash.js";
import {
  concatResults,
  PathSampler,
  replayPath,
  runMonteCarlo,
  STREAMS,
  StrategyEvaluator,
  type RevenueModel,
} from "../../sim/economics/montecarlo.js";
import { revenueModel, revenueSummary, runRevenue } from "../../sim/economics/revenue.js";
import { runTornado, tornadoFromPaths, tornadoPathNpvs, tornadoSwings } from "../../sim/economics/tornado.js";
import { loadScenarioValue } from "../../sim/scenario/load.js";
import type { Scenario } from "../../sim/scenario/schema.js";

const scenario = (value: Record<string, unknown>): Scenario => loadScenarioValue({ name: "t", ...value }).scenario;

/** A short default model (6 months) so tests run fast. */
function shortModel(extra: Record<string, unknown> = {}, seed = 5): RevenueModel {
  const s = scenario({ seed, economics: { horizon_months: 6, ...extra } });
  return revenueModel(s);
}

describe("monthly cash-flow bookkeeping on a hand-worked tiny case", () => {
  // Constant TAO at $100; no TAO emission into the pool (fixed share 0), no root stake, no
  // stakers, miners sell nothing; the owner sells its 18% of 7,200 alpha (1,296) every day into
  // a pool of 1,000 TAO / 100,000 alpha. Two months = round(730/12) = 61 days: month 1 is days
  // 0–30 (31 days), month 2 days 31–60. Consecutive sales compose, so after n days the pool
  // holds T·A/(A + 1296n) TAO:
  //   month 1: 100 × (1000 − 1e8/(100000 + 1296·31)) = 28661.111745 USD
  //   month 2: 100 × (1e8/(100000 + 1296·31) − 1e8/(100000 + 1296·61)) = 15490.438608 USD
  // Licensing without noise, m = 10, p = 0.5, q = 0.2 a year, churn 10% a month, $1,000 a month:
  //   customers 10·F(1/12) = 0.41140742, then 0.41140742·0.9 + 10·(F(2/12) − F(1/12)) = 0.77096892.
  // Costs: $10,000 development today, $500 infrastructure a month, 1% exchange fee on sales.
  //   net = [−10000, 28661.111745 + 411.407420 − 500 − 286.611117, 15490.438608 + 770.968916 − 500 − 154.904386]
  //       = [−10000, 28285.908048, 15606.503138]
  //   NPV at 10%/yr = −10000 + 28285.908048·1.1^(−1/12) + 15606.503138·1.1^(−2/12) = 33422.688639
  const tiny = scenario({
    seed: 1,
    era: "price-burn-2026-06",
    network: { root_tao: 0 },
    market: { tao_usd: { model: "constant", start: 100 } },
    economics: {
      horizon_months: 2,
      discount_rate: 0.1,
      alpha_market: {
        pool_tao: 1000,
        pool_alpha: 100000,
        root_sell_share: 0,
        emission_share: { rule: "fixed", initial: 0 },
        stakers: { other_stake_alpha: 0, yield_response: 0, sentiment_sd: 0, tao_beta: 0 },
      },
      treasury: { exchange_fee: 0.01, spread: 0, strategies: [{ kind: "every-epoch" }], chosen: "every-epoch" },
      licensing: {
        start_month: 1,
        bass: { p: 0.5, q: 0.2, m: 10 },
        churn_per_month: 0.1,
        subscription_usd_per_month: 1000,
        per_dataset_usd: 0,
        datasets_per_customer_per_year: 0,
        stochastic: false,
        miners_quality_elasticity: 0,
      },
      costs: {
        subnet_registration_tao: 0,
        validator_stake_usd: 0,
        development_usd: 10000,
        development_usd_per_month: 0,
        infrastructure_usd_per_month: 500,
        legal_ethics_usd: 0,
        legal_ethics_usd_per_month: 0,
        clinician_review_hours_per_dataset: 0,
        clinician_usd_per_hour: 0,
        audit_usd: 0,
      },
      miners: { cost_usd_per_day: 0, extra_sell_share: 0 },
      tornado: { paths: 0 },
    },
  });

  it("books every stream in the right month", () => {
    const model = revenueModel(tiny);
    expect(model.days).toBe(61);
    const sampler = new PathSampler(model);
    const ev = new StrategyEvaluator(model);
    sampler.draw(0);
    ev.prepare(sampler);
    const o = ev.evaluate(sampler, 0);
    const [owner, validator, licensing, costs, capital, net] = ev.monthly.map((a) => Array.from(a));
    expect(STREAMS).toEqual(["owner_emissions", "validator_dividends", "licensing", "costs", "capital", "net"]);
    expect(owner![0]).toBe(0);
    expect(owner![1]).toBeCloseTo(28661.111745234564, 6);
    expect(owner![2]).toBeCloseTo(15490.43860772764, 6);
    expect(validator).toEqual([0, 0, 0]);
    expect(licensing![1]).toBeCloseTo(411.4074198651607, 9);
    expect(licensing![2]).toBeCloseTo(770.9689158960423, 9);
    expect(costs![0]).toBe(10000);
    expect(costs![1]).toBeCloseTo(500 + 286.61111745234564, 6);
    expect(costs![2]).toBeCloseTo(500 + 154.9043860772764, 6);
    expect(capital).toEqual([0, 0, 0]);
    expect(net![0]).toBe(-10000);
    expect(net![1]).toBeCloseTo(28285.90804764738, 6);
    expect(net![2]).toBeCloseTo(15606.503137546406, 6);
    expect(o.npv).toBeCloseTo(33422.68863926786, 5);
    expect(o.breakeven).toBe(1);
    expect(o.maxDrawdown).toBe(0);
    // Cost lines sum to the costs stream; conversion fees are 1% of sales.
    expect(ev.costLines.reduce((a, b) => a + b, 0)).toBeCloseTo(costs!.reduce((a, b) => a + b, 0), 6);
    expect(ev.costLines[6]).toBeCloseTo(0.01 * (owner![1]! + owner![2]!), 8);
  });

  it("the validator stake is capital: bought in month 0, sold back at the horizon", () => {
    const withStake = revenueModel({ ...tiny, economics: { ...tiny.economics, costs: { ...tiny.economics.costs, validator_stake_usd: 50000 } } });
    const r = replayPath(withStake, 0);
    const ev = new StrategyEvaluator(withStake);
    const s = new PathSampler(withStake);
    s.draw(0);
    ev.prepare(s);
    ev.evaluate(s, 0);
    expect(ev.monthly[4]![0]).toBe(-50000);
    expect(ev.monthly[4]![2]).toBeGreaterThan(0); // the stake's alpha sold at the end
    expect(ev.monthly[1]![1]).toBeGreaterThan(0); // our validator earns dividends
    expect(r.strategies[0]!.outcome.npv).toBeCloseTo(ev.outcome.npv, 9);
  });
});

describe("strategies are compared on identical paths", () => {
  it("every strategy sees the same TAO/USD path, and evaluating strategies never changes it", () => {
    const model = shortModel();
    const sampler = new PathSampler(model);
    sampler.draw(7);
    const before = Float64Array.from(sampler.taoUsd);
    const background = Float64Array.from(sampler.background);
    const ev = new StrategyEvaluator(model);
    ev.prepare(sampler);
    for (let si = 0; si < model.strategies.length; si++) ev.evaluate(sampler, si);
    expect(Array.from(sampler.taoUsd)).toEqual(Array.from(before));
    expect(Array.from(sampler.background)).toEqual(Array.from(background));
  });

  it("the same path seed gives the same price path whatever the strategies or the chosen one", () => {
    const a = shortModel();
    const b = shortModel({ treasury: { strategies: [{ kind: "capped", max_share_of_depth_per_day: 0.01 }], chosen: "capped" } });
    for (const k of [0, 3, 11]) {
      expect(Array.from(replayPath(a, k).taoUsd)).toEqual(Array.from(replayPath(b, k).taoUsd));
    }
  });

  it("a strategy's per-path results do not depend on which other strategies are compared", () => {
    const all = runMonteCarlo(shortModel(), 12);
    const alone = runMonteCarlo(shortModel({ treasury: { strategies: [{ kind: "weekly" }], chosen: "weekly" } }), 12);
    const weekly = all.strategies.find((s) => s.rule.name === "weekly")!;
    expect(Array.from(alone.strategies[0]!.npv)).toEqual(Array.from(weekly.npv));
    expect(Array.from(alone.taoUsdEnd)).toEqual(Array.from(all.taoUsdEnd));
    expect(Array.from(alone.vendorNpv)).toEqual(Array.from(all.vendorNpv));
    // And the strategies do differ on those paths.
    const every = all.strategies.find((s) => s.rule.name === "every-epoch")!;
    const hold = all.strategies.find((s) => s.rule.name === "hold-share")!;
    expect(Array.from(every.npv)).not.toEqual(Array.from(hold.npv));
  });
});

describe("determinism and reproducibility", () => {
  it("the same seed gives identical summary JSON text; another seed does not", async () => {
    const s = scenario({ seed: 3, economics: { horizon_months: 6, tornado: { paths: 20 } } });
    const text = async (sc: Scenario) => canonicalJson(revenueSummary(sc, await runRevenue(revenueModel(sc), 60, 20, null, { threads: 1 })));
    const a = await text(s);
    expect(await text(s)).toBe(a);
    expect(await text({ ...s, seed: 4 })).not.toBe(a);
  });

  it("path k replayed alone equals row k of the run", () => {
    const model = shortModel();
    const run = runMonteCarlo(model, 15);
    for (const k of [0, 6, 14]) {
      const r = replayPath(model, k);
      expect(r.taoUsd[model.days]).toBe(run.taoUsdEnd[k]);
      r.strategies.forEach((s, si) => {
        expect(s.outcome.npv).toBe(run.strategies[si]!.npv[k]);
        expect(s.outcome.breakeven ?? NaN).toEqual(run.strategies[si]!.breakeven[k]);
      });
    }
  });

  it("paths run in chunks (as worker threads do) and joined in order equal one run", () => {
    const model = shortModel();
    const whole = runMonteCarlo(model, 10);
    const joined = concatResults(model, [runMonteCarlo(model, 4, 0), runMonteCarlo(model, 6, 4)]);
    expect(joined.paths).toBe(10);
    expect(Array.from(joined.strategies[2]!.npv)).toEqual(Array.from(whole.strategies[2]!.npv));
    expect(Array.from(joined.monthly[5]!)).toEqual(Array.from(whole.monthly[5]!));
    expect(Array.from(joined.costLines)).toEqual(Array.from(whole.costLines));
    expect(Array.from(joined.inputs)).toEqual(Array.from(whole.inputs));
  });
});

describe("tornado", () => {
  it("bookkeeping-only swings reusing the base market equal a full evaluation", () => {
    const model = shortModel();
    const swing = tornadoSwings(model).find((s) => s.parameter === "economics.costs.development_usd")!;
    expect(swing.market).toBe(false);
    const base = new PathSampler(model);
    base.draw(2);
    const baseEval = new StrategyEvaluator(model);
    baseEval.prepare(base);
    baseEval.evaluate(base, model.chosen);
    const reuse = new StrategyEvaluator(swing.high);
    reuse.prepare(base);
    reuse.adoptMarket(baseEval);
    const viaReuse = reuse.book(base).npv;
    const full = new StrategyEvaluator(swing.high);
    full.prepare(base);
    expect(viaReuse).toBeCloseTo(full.evaluate(base, model.chosen).npv, 6);
  });

  it("chunks join to the same bars; the cost of development lowers NPV; bars are sorted", () => {
    const model = shortModel();
    const whole = runTornado(model, 8);
    const rows = new Float64Array([...tornadoPathNpvs(model, 0, 3), ...tornadoPathNpvs(model, 3, 5)]);
    expect(tornadoFromPaths(model, rows, 8)).toEqual(whole);
    const dev = whole.bars.find((b) => b.parameter === "economics.costs.development_usd")!;
    expect(dev.npv_high_usd).toBeLessThan(dev.npv_low_usd);
    for (let i = 1; i < whole.bars.length; i++) expect(whole.bars[i - 1]!.swing_usd).toBeGreaterThanOrEqual(whole.bars[i]!.swing_usd);
    expect(whole.bars.some((b) => b.parameter === "economics.treasury.chosen")).toBe(true);
  });
});
