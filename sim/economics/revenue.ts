/**
 * Leadership's revenue model, end to end: scenario → RevenueModel → Monte Carlo (every
 * strategy on identical paths) → tornado → the summary object written as summary.json.
 *
 * Coupling to a mechanism run (`economics.couple_mechanism: true`): the scenario is simulated
 * once (sim/engine.ts, `horizon.days`, the run's seed) and these figures are taken from that
 * run's summary, replacing the economics defaults:
 * - `market.mean_emission_share` → our initial share of network TAO emission
 *   (alpha_market.emission_share.initial, at most emission_share.max); the mechanism run's
 *   network should be mainnet-like (network.background_subnets.count ≈ 127) for this to mean
 *   anything;
 * - `market.alpha_price_end_tao` → the alpha price at the start: the pool's alpha reserve is
 *   set to pool_tao / price (its TAO reserve kept);
 * - the miner groups' `count` (summed) → miners.initial (clamped to miners.min..max);
 * - the miner groups' `cost_usd` ÷ (count × run days) → miners.cost_usd_per_day;
 * - with licensing.quality_from_mechanism: Σ over miner groups of emission_share × mean_skill
 *   (the skill the subnet pays for, on the mean-skill scale: 0 a uniform guess, 1 perfect) →
 *   the data-quality index that scales licence demand.
 * The mechanism run's own horizon is short (days); its figures are treated as the starting
 * state, and the reduced-form daily model carries them forward.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Scenario } from "../scenario/schema.js";
import { strategyName } from "../scenario/economics-schema.js";
import { emaWeight, type InjectionRule, type ShareRule } from "./alpha-market.js";
import { COST_LINES } from "./costs.js";
import { cvar, mean, probabilityAbove, probabilityBelow, probabilityPairwiseGreater, probabilityStandardError, quantileSorted } from "./finance.js";
import {
  concatResults,
  daysForMonths,
  runMonteCarlo,
  STREAMS,
  UNCERTAIN_INPUTS,
  type MonteCarloResult,
  type RevenueModel,
  type StrategyPaths,
} from "./montecarlo.js";
import { describeDistribution } from "../core/distribution.js";
import type { WorkerReply, WorkerTask } from "./montecarlo-worker.js";
import { runTornado, tornadoFromPaths, type TornadoResult } from "./tornado.js";
import { describeStrategy, strategyRule } from "./treasury.js";

/** What a mechanism run hands the revenue model (see the module comment). */
export interface MechanismCoupling {
  emission_share: number;
  alpha_price_tao: number;
  miners: number;
  miner_cost_usd_per_day: number;
  quality: number;
  /** The mechanism run's folder, when it was written to disk. */
  run_dir: string | null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Takes the coupling figures from a mechanism run's summary (summary.json of `subnet-sim run`). */
export function couplingFromSummary(summary: Record<string, unknown>, runDir: string | null = null): MechanismCoupling {
  const market = (summary["market"] ?? {}) as Record<string, unknown>;
  const run = (summary["run"] ?? {}) as Record<string, unknown>;
  const groups = (Array.isArray(summary["groups"]) ? summary["groups"] : []) as Record<string, unknown>[];
  const share = num(market["mean_emission_share"]);
  const price = num(market["alpha_price_end_tao"]);
  const days = num(run["days"]);
  if (share === null) throw new Error("mechanism coupling: the run summary has no market.mean_emission_share; expected a number");
  if (price === null || price <= 0) throw new Error("mechanism coupling: the run summary has no positive market.alpha_price_end_tao");
  let miners = 0;
  let cost = 0;
  let quality = 0;
  let qualityWeight = 0;
  for (const g of groups) {
    if (g["role"] !== "miner") continue;
    const count = num(g["count"]) ?? 0;
    miners += count;
    cost += num(g["cost_usd"]) ?? 0;
    const w = num(g["emission_share"]);
    const skill = num(g["mean_skill"]);
    if (w !== null && skill !== null) {
      quality += w * skill;
      qualityWeight += w;
    }
  }
  if (miners <= 0) throw new Error("mechanism coupling: the run summary has no miner groups; expected at least one");
  return {
    emission_share: share,
    alpha_price_tao: price,
    miners,
    miner_cost_usd_per_day: days !== null && days > 0 ? cost / (miners * days) : 0,
    quality: qualityWeight > 0 ? Math.min(1, Math.max(0, quality / qualityWeight)) : 0,
    run_dir: runDir,
  };
}

function shareRule(scenario: Scenario): ShareRule {
  const e = scenario.economics.alpha_market.emission_share;
  if (e.rule === "fixed") return "fixed";
  return scenario.era === "flow-2025-11" ? "flow" : "price";
}

/** Resolves a scenario (and an optional mechanism coupling) into the Monte Carlo's model. */
export function revenueModel(scenario: Scenario, coupling: MechanismCoupling | null = null, seed = scenario.seed): RevenueModel {
  const e = scenario.economics;
  const am = e.alpha_market;
  const t = e.treasury;
  const lic = e.licensing;
  const mn = e.miners;
  const strategies = t.strategies.map(strategyRule);
  const chosen = t.strategies.findIndex((s) => strategyName(s) === t.chosen);
  if (chosen < 0) throw new Error(`economics.treasury.chosen: "${t.chosen}" is not one of the strategies`);
  let initialShare = am.emission_share.initial;
  let poolAlpha = am.pool_alpha;
  let minersInitial = mn.initial;
  let minerCost = mn.cost_usd_per_day;
  let quality = lic.quality;
  if (coupling !== null) {
    initialShare = Math.min(am.emission_share.max, Math.max(0, coupling.emission_share));
    poolAlpha = am.pool_tao / coupling.alpha_price_tao;
    minersInitial = Math.min(mn.max, Math.max(mn.min, coupling.miners));
    minerCost = coupling.miner_cost_usd_per_day;
    if (lic.quality_from_mechanism) quality = coupling.quality;
  }
  const licensing = {
    startMonth: lic.start_month,
    p: lic.bass.p,
    q: lic.bass.q,
    churnPerMonth: lic.churn_per_month,
    subscriptionUsdPerMonth: lic.subscription_usd_per_month,
    perDatasetUsd: lic.per_dataset_usd,
    datasetsPerCustomerPerYear: lic.datasets_per_customer_per_year,
    stochastic: lic.stochastic,
  };
  return {
    seed,
    months: e.horizon_months,
    days: daysForMonths(e.horizon_months),
    discountRate: e.discount_rate,
    taoUsd: scenario.market.tao_usd,
    market: {
      poolTao: am.pool_tao,
      poolAlpha,
      alphaPerDay: am.alpha_per_day,
      networkTaoPerDay: am.network_tao_per_day,
      rootSellShare: am.root_sell_share,
      shareRule: shareRule(scenario),
      injection: scenario.era as InjectionRule,
      initialShare,
      maxShare: am.emission_share.max,
      emaWeight: emaWeight(am.emission_share.ema_halflife_days),
      backgroundFlowTaoPerDay: am.background.flow_tao_per_day,
      taoWeight: scenario.network.tao_weight,
      rootTao: scenario.network.root_tao,
      ownerCut: t.owner_cut,
      validatorTake: t.validator_take,
      delegatedStakeAlpha: t.delegated_stake_alpha,
      otherStakeAlpha: am.stakers.other_stake_alpha,
      referenceYield: am.stakers.reference_yield,
      yieldResponse: am.stakers.yield_response,
      taoBeta: am.stakers.tao_beta,
      maxDailyFlow: am.stakers.max_daily_flow,
    },
    shocks: {
      backgroundDriftAnnual: am.background.drift_annual,
      backgroundVolatilityAnnual: am.background.volatility_annual,
      sentimentSd: am.stakers.sentiment_sd,
      sentimentHalflifeDays: am.stakers.sentiment_halflife_days,
    },
    strategies,
    chosen,
    exchangeFee: t.exchange_fee,
    spread: t.spread,
    liquidateAtHorizon: t.liquidate_at_horizon,
    licensing,
    vendorLicensing: { ...licensing, startMonth: e.vendor.start_month },
    quality,
    qualityReference: lic.quality_reference,
    qualityElasticity: lic.quality_elasticity,
    minersQualityElasticity: lic.miners_quality_elasticity,
    vendorQualityMultiplier: e.vendor.quality_multiplier,
    auditEveryMonths: e.costs.audit_every_months,
    miners: {
      initial: minersInitial,
      max: mn.max,
      min: mn.min,
      costUsdPerDay: minerCost,
      extraSellShare: mn.extra_sell_share,
      expectationHalflifeDays: mn.expectation_halflife_days,
      entryRatePerDay: mn.entry_rate_per_day,
      exitRatePerDay: mn.exit_rate_per_day,
      exitAfterDays: mn.exit_after_days,
    },
    uncertain: {
      "licensing.bass.m": lic.bass.m,
      "costs.subnet_registration_tao": e.costs.subnet_registration_tao,
      "costs.validator_stake_usd": e.costs.validator_stake_usd,
      "costs.development_usd": e.costs.development_usd,
      "costs.development_usd_per_month": e.costs.development_usd_per_month,
      "costs.infrastructure_usd_per_month": e.costs.infrastructure_usd_per_month,
      "costs.legal_ethics_usd": e.costs.legal_ethics_usd,
      "costs.legal_ethics_usd_per_month": e.costs.legal_ethics_usd_per_month,
      "costs.clinician_review_hours_per_dataset": e.costs.clinician_review_hours_per_dataset,
      "costs.clinician_usd_per_hour": e.costs.clinician_usd_per_hour,
      "costs.audit_usd": e.costs.audit_usd,
      "vendor.licence_usd_per_year": e.vendor.licence_usd_per_year,
      "vendor.setup_usd": e.vendor.setup_usd,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

/** Rounds to 6 significant digits (stable JSON text); non-finite → null. */
export function round6(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : null;
}

export interface Quantiles {
  p5: number | null;
  p50: number | null;
  p95: number | null;
}

/** P5/P50/P95 of values (NaN values, e.g. "never", count as +∞; a quantile among them is null). */
export function quantiles3(values: ArrayLike<number>): Quantiles {
  const sorted = Float64Array.from(values as ArrayLike<number>, (v) => (Number.isNaN(v) ? Infinity : v));
  sorted.sort();
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    if (!Number.isFinite(sorted[lo]!) || !Number.isFinite(sorted[hi]!)) return null;
    return round6(quantileSorted(sorted, p));
  };
  return { p5: q(0.05), p50: q(0.5), p95: q(0.95) };
}

function shareFinite(values: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) c++;
  return c / values.length;
}

/** Money for people: "$1.23M", "−$45.6K", "$980". */
export function usd(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "n/a";
  const sign = x < 0 ? "−" : "";
  const a = Math.abs(x);
  if (a >= 1e9) return `${sign}$${Number((a / 1e9).toPrecision(3))}B`;
  if (a >= 1e6) return `${sign}$${Number((a / 1e6).toPrecision(3))}M`;
  if (a >= 1e3) return `${sign}$${Number((a / 1e3).toPrecision(3))}K`;
  return `${sign}$${Math.round(a)}`;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

function strategySummary(sp: StrategyPaths, vendorNpv: Float64Array) {
  return {
    name: sp.rule.name,
    kind: sp.rule.kind,
    description: describeStrategy(sp.rule),
    npv_usd: quantiles3(sp.npv),
    mean_npv_usd: round6(mean(sp.npv)),
    p_npv_positive: round6(probabilityAbove(sp.npv, 0)),
    cvar5_npv_usd: round6(cvar(sp.npv, 0.05)),
    breakeven_month: quantiles3(sp.breakeven),
    p_breakeven: round6(shareFinite(sp.breakeven)),
    p_subnet_beats_vendor: round6(probabilityPairwiseGreater(sp.npv, vendorNpv)),
    monthly_treasury_usd_sd: round6(mean(sp.treasurySd)),
    max_drawdown_usd: quantiles3(sp.maxDrawdown),
    alpha_price_end_tao: quantiles3(sp.alphaPriceEnd),
  };
}

/** Per-month P5/P50/P95 and mean of a path-major monthly array; `cumulative` sums months first. */
function monthlyBands(data: Float64Array, paths: number, width: number, cumulative = false) {
  const column = new Float64Array(paths);
  const p5: (number | null)[] = [];
  const p50: (number | null)[] = [];
  const p95: (number | null)[] = [];
  const avg: (number | null)[] = [];
  const running = cumulative ? new Float64Array(paths) : null;
  for (let m = 0; m < width; m++) {
    let s = 0;
    for (let i = 0; i < paths; i++) {
      let v = data[i * width + m]!;
      if (running !== null) {
        running[i] += v;
        v = running[i]!;
      }
      column[i] = v;
      s += v;
    }
    column.sort();
    p5.push(round6(quantileSorted(column, 0.05)));
    p50.push(round6(quantileSorted(column, 0.5)));
    p95.push(round6(quantileSorted(column, 0.95)));
    avg.push(round6(s / paths));
  }
  return { p5, p50, p95, mean: avg };
}

/** Histogram of subnet and vendor NPV on common bins (shares of paths; the outer 0.5% folded into the end bins). */
function npvHistogram(a: Float64Array, b: Float64Array, bins = 40) {
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  let lo = Math.min(quantileSorted(sa, 0.005), quantileSorted(sb, 0.005));
  let hi = Math.max(quantileSorted(sa, 0.995), quantileSorted(sb, 0.995));
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const width = (hi - lo) / bins;
  const count = (v: Float64Array) => {
    const c = new Array<number>(bins).fill(0);
    for (let i = 0; i < v.length; i++) {
      let j = Math.floor((v[i]! - lo) / width);
      if (j < 0) j = 0;
      if (j >= bins) j = bins - 1;
      c[j]!++;
    }
    return c.map((x) => round6(x / v.length));
  };
  const centres: (number | null)[] = [];
  for (let j = 0; j < bins; j++) centres.push(round6(lo + (j + 0.5) * width));
  return { bin_centres_usd: centres, bin_width_usd: round6(width), subnet: count(a), vendor: count(b) };
}

export interface RevenueRun {
  model: RevenueModel;
  result: MonteCarloResult;
  tornado: TornadoResult | null;
  coupling: MechanismCoupling | null;
}

export interface RunRevenueOptions {
  /**
   * Worker threads (default: the machine's available parallelism, at most 8, and no more than
   * one per 250 paths). Results are identical for any number: paths depend only on (seed, k)
   * and are joined in path order. Without the compiled worker (running from TypeScript
   * sources, as the tests do) everything runs in this thread.
   */
  threads?: number;
}

const WORKER_URL = new URL("./montecarlo-worker.js", import.meta.url);

/** Splits n items into `parts` contiguous ranges [first, count]. */
function ranges(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  let first = 0;
  for (let i = 0; i < parts; i++) {
    const count = Math.floor((n * (i + 1)) / parts) - Math.floor((n * i) / parts);
    out.push([first, count]);
    first += count;
  }
  return out;
}

function runWorker(task: WorkerTask): Promise<{ mc: MonteCarloResult | null; tornado: Float64Array | null }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL);
    let settled = false;
    worker.once("message", (reply: WorkerReply) => {
      settled = true;
      void worker.terminate();
      if (reply.ok) resolve({ mc: reply.mc, tornado: reply.tornado });
      else reject(new Error(`revenue worker: ${reply.error}`));
    });
    worker.once("error", (err) => {
      settled = true;
      reject(err);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`revenue worker exited with code ${code} before replying`));
    });
    worker.postMessage(task);
  });
}

/** Runs the Monte Carlo (every strategy on paths 0..paths−1) and the tornado on the first paths. */
export async function runRevenue(
  model: RevenueModel,
  paths: number,
  tornadoPaths: number,
  coupling: MechanismCoupling | null = null,
  options: RunRevenueOptions = {},
): Promise<RevenueRun> {
  if (!Number.isInteger(paths) || paths < 1) throw new Error(`runRevenue: paths = ${paths}; expected an integer ≥ 1`);
  const tp = Math.max(0, Math.min(tornadoPaths, paths));
  const wanted = options.threads ?? Math.min(8, availableParallelism());
  const threads = Math.max(1, Math.min(wanted, Math.ceil(paths / 250)));
  if (threads === 1 || !existsSync(fileURLToPath(WORKER_URL))) {
    const result = runMonteCarlo(model, paths);
    const tornado = tp > 0 ? runTornado(model, tp) : null;
    return { model, result, tornado, coupling };
  }
  const mcRanges = ranges(paths, threads);
  const tRanges = ranges(tp, threads);
  const replies = await Promise.all(
    mcRanges.map(([first, count], i) =>
      runWorker({ model, first, count, tornadoFirst: tRanges[i]![0], tornadoCount: tRanges[i]![1] }),
    ),
  );
  const result = concatResults(
    model,
    replies.map((r) => r.mc!),
  );
  let tornado: TornadoResult | null = null;
  if (tp > 0) {
    const parts = replies.map((r) => r.tornado).filter((t): t is Float64Array => t !== null);
    const rows = new Float64Array(parts.reduce((n, t) => n + t.length, 0));
    let at = 0;
    for (const t of parts) {
      rows.set(t, at);
      at += t.length;
    }
    tornado = tornadoFromPaths(model, rows, tp);
  }
  return { model, result, tornado, coupling };
}

/** The summary object (summary.json); a pure function of the run. */
export function revenueSummary(scenario: Scenario, run: RevenueRun): Record<string, unknown> {
  const { model, result, tornado, coupling } = run;
  const N = result.paths;
  const M = model.months;
  const width = M + 1;
  const chosen = result.strategies[model.chosen]!;
  const npvs = chosen.npv;
  const vendorNpv = result.vendorNpv;
  const streams: Record<string, unknown> = {};
  STREAMS.forEach((name, i) => {
    streams[name] = monthlyBands(result.monthly[i]!, N, width);
  });
  streams["cumulative_cash"] = monthlyBands(result.monthly[STREAMS.indexOf("net")]!, N, width, true);
  streams["vendor_net"] = monthlyBands(result.vendorMonthly, N, width);
  streams["vendor_cumulative_cash"] = monthlyBands(result.vendorMonthly, N, width, true);
  const costs: Record<string, Quantiles & { mean: number | null }> = {};
  COST_LINES.forEach((line, j) => {
    const v = new Float64Array(N);
    for (let i = 0; i < N; i++) v[i] = result.costLines[i * COST_LINES.length + j]!;
    costs[line] = { ...quantiles3(v), mean: round6(mean(v)) };
  });
  const inputs: Record<string, unknown> = {};
  UNCERTAIN_INPUTS.forEach((name, j) => {
    inputs[name] = describeDistribution(model.uncertain[name]);
  });
  const pPositive = probabilityAbove(npvs, 0);
  const strategies = result.strategies.map((sp) => strategySummary(sp, vendorNpv));
  const summary: Record<string, unknown> = {
    scenario: {
      name: scenario.name,
      description: scenario.description,
      seed: model.seed,
      era: scenario.era,
      tao_usd_model: model.taoUsd.model,
      tao_usd_start: model.taoUsd.start,
    },
    model: {
      paths: N,
      horizon_months: M,
      days: model.days,
      discount_rate: model.discountRate,
      chosen_strategy: chosen.rule.name,
      emission_share_rule: model.market.shareRule,
      initial_emission_share: round6(model.market.initialShare),
      initial_alpha_price_tao: round6(model.market.poolTao / model.market.poolAlpha),
      miners_initial: round6(model.miners.initial),
      miner_cost_usd_per_day: round6(model.miners.costUsdPerDay),
      quality_index: round6(model.quality),
      uncertain_inputs: inputs,
    },
    mechanism: coupling === null ? null : {
      run_dir: coupling.run_dir,
      taken: {
        emission_share: round6(coupling.emission_share),
        alpha_price_tao: round6(coupling.alpha_price_tao),
        miners: coupling.miners,
        miner_cost_usd_per_day: round6(coupling.miner_cost_usd_per_day),
        quality: round6(coupling.quality),
      },
    },
    npv_usd: quantiles3(npvs),
    mean_npv_usd: round6(mean(npvs)),
    p_npv_positive: round6(pPositive),
    p_npv_positive_se: round6(probabilityStandardError(pPositive, N)),
    p_loss: round6(probabilityBelow(npvs, 0)),
    cvar5_npv_usd: round6(cvar(npvs, 0.05)),
    breakeven_month: quantiles3(chosen.breakeven),
    p_breakeven: round6(shareFinite(chosen.breakeven)),
    irr_annual: { ...quantiles3(result.irr), p_defined: round6(shareFinite(result.irr)) },
    monthly_fiat_usd: { months: Array.from({ length: width }, (_, m) => m), ...streams },
    costs_usd: costs,
    vendor: {
      npv_usd: quantiles3(vendorNpv),
      mean_npv_usd: round6(mean(vendorNpv)),
      p_npv_positive: round6(probabilityAbove(vendorNpv, 0)),
      cvar5_npv_usd: round6(cvar(vendorNpv, 0.05)),
      breakeven_month: quantiles3(result.vendorBreakeven),
      p_breakeven: round6(shareFinite(result.vendorBreakeven)),
    },
    p_subnet_beats_vendor: round6(probabilityPairwiseGreater(npvs, vendorNpv)),
    npv_histogram: npvHistogram(npvs, vendorNpv),
    strategies,
    tornado:
      tornado === null
        ? null
        : {
            metric: tornado.metric,
            paths: tornado.paths,
            base_npv_usd: round6(tornado.base_npv_usd),
            base_mean_npv_usd: round6(tornado.base_mean_npv_usd),
            bars: tornado.bars.map((b) => ({
              ...b,
              npv_low_usd: round6(b.npv_low_usd),
              npv_high_usd: round6(b.npv_high_usd),
              swing_usd: round6(b.swing_usd),
              mean_npv_low_usd: round6(b.mean_npv_low_usd),
              mean_npv_high_usd: round6(b.mean_npv_high_usd),
            })),
          },
    market: {
      tao_usd_end: quantiles3(result.taoUsdEnd),
      alpha_price_end_tao: quantiles3(chosen.alphaPriceEnd),
      emission_share_end: quantiles3(chosen.shareEnd),
      miners_end: quantiles3(chosen.minersEnd),
      customers_end: quantiles3(chosen.customersEnd),
    },
  };
  summary["headline"] = headline(summary);
  return summary;
}

type Q = Quantiles;

/** Plain-language sentences for the top of the report and the command's output. */
export function headline(s: Record<string, unknown>): string[] {
  const model = s["model"] as Record<string, unknown>;
  const npvQ = s["npv_usd"] as Q;
  const be = s["breakeven_month"] as Q;
  const vendor = s["vendor"] as Record<string, unknown>;
  const vq = vendor["npv_usd"] as Q;
  const strategies = s["strategies"] as ReturnType<typeof strategySummary>[];
  const tornado = s["tornado"] as { bars: { label: string }[] } | null;
  const months = model["horizon_months"] as number;
  const rate = model["discount_rate"] as number;
  const pPos = s["p_npv_positive"] as number;
  const pBe = s["p_breakeven"] as number;
  const lines: string[] = [];
  const monthsText = `${months} month${months === 1 ? "" : "s"}`;
  lines.push(
    `Over ${monthsText}, the subnet's value today (net present value at ${Math.round(rate * 1000) / 10}% a year, ` +
      `strategy "${model["chosen_strategy"] as string}") is most likely about ${usd(npvQ.p50)}; ` +
      `in 9 futures out of 10 it lies between ${usd(npvQ.p5)} and ${usd(npvQ.p95)}.`,
  );
  lines.push(`Chance the subnet makes money (NPV above zero): ${pct(pPos)}. The worst 5% of futures average ${usd(s["cvar5_npv_usd"] as number)}.`);
  if (pBe > 0) {
    lines.push(
      `It pays back (cumulative cash stays above zero) in ${pct(pBe)} of futures` +
        (be.p50 !== null ? `; half of all futures pay back by month ${Math.ceil(be.p50)}` : "") +
        (pBe < 1 ? `; ${pct(1 - pBe)} never pay back within ${monthsText}.` : "."),
    );
  } else {
    lines.push(`It does not pay back within ${monthsText} in any simulated future.`);
  }
  lines.push(
    `The vendor route (licence plus licensing revenue) is most likely worth ${usd(vq.p50)} (${usd(vq.p5)} to ${usd(vq.p95)}); ` +
      `the subnet does better in ${pct(s["p_subnet_beats_vendor"] as number)} of futures.`,
  );
  if (strategies.length > 1) {
    const by = (key: (s: (typeof strategies)[number]) => number | null) =>
      [...strategies].sort((a, b) => (key(b) ?? -Infinity) - (key(a) ?? -Infinity))[0]!;
    const typical = by((x) => x.npv_usd.p50);
    const expected = by((x) => x.mean_npv_usd);
    const calm = by((x) => (x.monthly_treasury_usd_sd === null ? null : -x.monthly_treasury_usd_sd));
    lines.push(
      `On the same simulated prices, the way of turning tokens into dollars with the best typical result is "${typical.name}" ` +
        `(median ${usd(typical.npv_usd.p50)})` +
        (expected.name === typical.name ? ", also the best on average" : `; "${expected.name}" is best on average (${usd(expected.mean_npv_usd)}), carried by the lucky futures`) +
        `; "${calm.name}" gives the steadiest monthly income.`,
    );
  }
  if (tornado !== null && tornado.bars.length > 0) {
    lines.push(`What moves the typical result most: ${tornado.bars.slice(0, 3).map((b) => b.label).join(", ")}.`);
  }
  return lines;
}
