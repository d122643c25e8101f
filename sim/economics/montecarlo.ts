/**
 * The revenue Monte Carlo: N paths, each a seeded draw of every stochastic input, each
 * conversion strategy evaluated on the SAME draws.
 *
 * Randomness. Path k draws only from streams of `new Rng(seed).child("revenue/path/k")`:
 * "tao-usd" (the TAO/USD path, daily), "market" (background index and sentiment, two normals
 * a day), "licensing" (two uniforms a month: adoption, churn) and "inputs" (one uniform per
 * uncertain input, mapped through its distribution's inverse CDF). So any path can be
 * replayed alone from (seed, k), and the strategies, which only read these draws, can never
 * change a price path: `PathSampler` draws once per path, `StrategyEvaluator` replays the
 * daily model for each strategy from the same arrays.
 *
 * Time. Days d = 0..D−1 with D = round(months × 365/12) (36 months: 1,095 days); day d belongs
 * to month 1 + ⌊d·M/D⌋, and its TAO/USD price is the path's close at the end of the day,
 * taoUsd[d + 1]. Month 0 is today (set-up costs, stake purchase, vendor licence, at
 * taoUsd[0]); cash of month m is discounted by (1 + r)^(−m/12) (sim/economics/finance.ts).
 *
 * Per path and strategy the net monthly cash is
 *   owner emissions + validator dividends (gross USD of alpha sold) + licensing
 *   − costs (set-up, operating, clinician review, audits, conversion fees)
 *   + capital (−stake at month 0; at the horizon, unsold alpha and the stake sold through the
 *     pool, gross, when liquidate_at_horizon).
 *
 * Speed: typed arrays allocated once per run; nothing is allocated per day or per path in the
 * daily loop.
 */
import { Rng } from "../core/rng.js";
import type { Distribution } from "../scenario/fields.js";
import { AlphaMarket, drawMarketShocks, type AlphaMarketParams, type ShockParams } from "./alpha-market.js";
import { COST_LINES, CONVERSION_FEES, operatingCosts, setupCosts, type CostInputs } from "./costs.js";
import { breakEvenMonth, irr, npv } from "./finance.js";
import { Licensing, type LicensingParams } from "./licensing.js";
import { taoUsdProcess, type TaoUsdSettings } from "./market.js";
import { Miners, type MinerParams } from "./miners.js";
import { distributionQuantile } from "./parameters.js";
import type { PriceProcess } from "./price-process.js";
import { taoBoughtWithUsd, Treasury, type StrategyRule } from "./treasury.js";
import { vendorCashFlows, type VendorInputs } from "./vendor.js";

/** Uncertain inputs, in the order their uniforms are drawn from a path's "inputs" stream. */
export const UNCERTAIN_INPUTS = [
  "licensing.bass.m",
  "costs.subnet_registration_tao",
  "costs.validator_stake_usd",
  "costs.development_usd",
  "costs.development_usd_per_month",
  "costs.infrastructure_usd_per_month",
  "costs.legal_ethics_usd",
  "costs.legal_ethics_usd_per_month",
  "costs.clinician_review_hours_per_dataset",
  "costs.clinician_usd_per_hour",
  "costs.audit_usd",
  "vendor.licence_usd_per_year",
  "vendor.setup_usd",
] as const;
export type UncertainInput = (typeof UNCERTAIN_INPUTS)[number];

/** Monthly cash streams recorded for the chosen strategy, in report order. */
export const STREAMS = ["owner_emissions", "validator_dividends", "licensing", "costs", "capital", "net"] as const;
export type StreamName = (typeof STREAMS)[number];
const OWNER = 0;
const VALIDATOR = 1;
const LICENSING = 2;
const COSTS = 3;
const CAPITAL = 4;
const NET = 5;

/** Everything the Monte Carlo needs, resolved from a scenario (sim/economics/revenue.ts). */
export interface RevenueModel {
  /** The run seed (paths use `new Rng(seed).child("revenue/path/k")`). */
  readonly seed: number;
  readonly months: number;
  readonly days: number;
  readonly discountRate: number;
  readonly taoUsd: TaoUsdSettings;
  readonly market: AlphaMarketParams;
  readonly shocks: ShockParams;
  readonly strategies: readonly StrategyRule[];
  /** Index of the chosen strategy in `strategies`. */
  readonly chosen: number;
  readonly exchangeFee: number;
  readonly spread: number;
  readonly liquidateAtHorizon: boolean;
  readonly licensing: LicensingParams;
  readonly vendorLicensing: LicensingParams;
  /** Data quality index (0..1), its reference, and the elasticities (see the schema). */
  readonly quality: number;
  readonly qualityReference: number;
  readonly qualityElasticity: number;
  readonly minersQualityElasticity: number;
  readonly vendorQualityMultiplier: number;
  readonly auditEveryMonths: number;
  readonly miners: MinerParams;
  readonly uncertain: Readonly<Record<UncertainInput, Distribution>>;
}

/** Days in a horizon of `months` months: round(months × 365/12). */
export function daysForMonths(months: number): number {
  return Math.round((months * 365) / 12);
}

/** The Rng of path k: `new Rng(seed).child("revenue/path/k")`. */
export function pathRng(seed: number, k: number): Rng {
  if (!Number.isInteger(k) || k < 0) throw new Error(`pathRng: path index k = ${k}; expected an integer ≥ 0`);
  return new Rng(seed).child(`revenue/path/${k}`);
}

/** Draws one path's random inputs into reused arrays. */
export class PathSampler {
  readonly model: RevenueModel;
  private readonly process: PriceProcess | null;
  /** TAO/USD closes, day 0..D (length D + 1). */
  readonly taoUsd: Float64Array;
  readonly taoLogReturn: Float64Array;
  readonly background: Float64Array;
  readonly sentiment: Float64Array;
  /** Uniforms per month (index = month, 0 unused). */
  readonly adoptU: Float64Array;
  readonly churnU: Float64Array;
  /** One uniform per uncertain input, in UNCERTAIN_INPUTS order. */
  readonly inputU: Float64Array;
  /** The path drawn last. */
  path = -1;

  constructor(model: RevenueModel) {
    this.model = model;
    this.process = taoUsdProcess(model.taoUsd);
    const D = model.days;
    this.taoUsd = new Float64Array(D + 1);
    this.taoLogReturn = new Float64Array(D);
    this.background = new Float64Array(D);
    this.sentiment = new Float64Array(D);
    this.adoptU = new Float64Array(model.months + 1);
    this.churnU = new Float64Array(model.months + 1);
    this.inputU = new Float64Array(UNCERTAIN_INPUTS.length);
  }

  /** This sampler's TAO/USD path for the path's streams, and its daily log returns. */
  private drawTaoUsd(rng: ReturnType<typeof pathRng>): void {
    const s0 = this.model.taoUsd.start;
    if (this.process === null) this.taoUsd.fill(s0);
    else this.process.simulate(rng.stream("tao-usd"), s0, this.taoUsd, 1);
    for (let d = 0; d < this.model.days; d++) this.taoLogReturn[d] = Math.log(this.taoUsd[d + 1]! / this.taoUsd[d]!);
  }

  draw(k: number): void {
    const rng = pathRng(this.model.seed, k);
    this.drawTaoUsd(rng);
    drawMarketShocks(rng.stream("market"), this.model.shocks, this.background, this.sentiment);
    const lic = rng.stream("licensing");
    for (let m = 1; m <= this.model.months; m++) {
      this.adoptU[m] = lic.uniform();
      this.churnU[m] = lic.uniform();
    }
    const inputs = rng.stream("inputs");
    for (let i = 0; i < this.inputU.length; i++) this.inputU[i] = inputs.uniform();
    this.path = k;
  }

  /**
   * Path k with this sampler's TAO/USD process and every other draw copied from `base` (which
   * must hold path k and use the same market-shock parameters): what `draw(k)` would give,
   * without redrawing the shared parts.
   */
  drawLike(k: number, base: PathSampler): void {
    if (base.path !== k) throw new Error(`PathSampler.drawLike: base holds path ${base.path}; expected path ${k}`);
    const rng = pathRng(this.model.seed, k);
    this.drawTaoUsd(rng);
    this.background.set(base.background);
    this.sentiment.set(base.sentiment);
    this.adoptU.set(base.adoptU);
    this.churnU.set(base.churnU);
    this.inputU.set(base.inputU);
    this.path = k;
  }
}

/** One path's outcome for one strategy (the evaluator's scratch; copy what you keep). */
export interface StrategyOutcome {
  npv: number;
  /** Break-even month, or null when never (within the horizon). */
  breakeven: number | null;
  /** Largest fall of cumulative cash from a previous peak (USD ≥ 0). */
  maxDrawdown: number;
  /** Standard deviation of monthly treasury revenue (owner + validator streams), months 1..M. */
  treasurySd: number;
  alphaPriceEnd: number;
  shareEnd: number;
  minersEnd: number;
  customersEnd: number;
}

/**
 * Replays the daily model for one strategy on a sampler's draws. `evaluate` = `simulateMarket`
 * (the daily alpha market, miners and treasury: the part that depends on prices) followed by
 * `book` (licensing, costs, capital, net cash and its statistics: monthly bookkeeping).
 * `adoptMarket` copies another evaluator's market part, so a model that differs only in
 * bookkeeping inputs (costs, licence prices and demand, discount rate) reuses it.
 */
export class StrategyEvaluator {
  readonly model: RevenueModel;
  readonly market: AlphaMarket;
  readonly miners: Miners;
  readonly licensing: Licensing;
  readonly vendorLicensing: Licensing;
  readonly treasuries: Treasury[];
  /** Monthly streams of the last evaluation, STREAMS order, each length M + 1. */
  readonly monthly: Float64Array[];
  /** Market part of the last evaluation: conversion fees and miner count at each month's end. */
  readonly fees: Float64Array;
  readonly minersAtMonthEnd: Float64Array;
  /** Cost lines of the last evaluation, summed over the horizon (COST_LINES order). */
  readonly costLines: Float64Array;
  /** Vendor net cash by month of the last `prepare`. */
  readonly vendor: Float64Array;
  /** This path's drawn inputs. */
  marketSize = 0;
  stakeUsd = 0;
  readonly costs: CostInputs;
  readonly vendorInputs: VendorInputs;
  readonly outcome: StrategyOutcome;
  private readonly monthOfDay: Uint16Array;
  private readonly lastDayOfMonth: Uint8Array;
  private readonly demandBase: number;
  private readonly minersExponent: number;

  constructor(model: RevenueModel) {
    this.model = model;
    this.market = new AlphaMarket(model.market);
    this.miners = new Miners(model.miners);
    this.licensing = new Licensing(model.licensing);
    this.vendorLicensing = new Licensing(model.vendorLicensing);
    this.treasuries = model.strategies.map((r) => new Treasury(r));
    const M = model.months;
    const D = model.days;
    this.monthly = STREAMS.map(() => new Float64Array(M + 1));
    this.fees = new Float64Array(M + 1);
    this.minersAtMonthEnd = new Float64Array(M + 1);
    this.costLines = new Float64Array(COST_LINES.length);
    this.vendor = new Float64Array(M + 1);
    this.monthOfDay = new Uint16Array(D);
    this.lastDayOfMonth = new Uint8Array(D);
    for (let d = 0; d < D; d++) this.monthOfDay[d] = 1 + Math.floor((d * M) / D);
    for (let d = 0; d < D; d++) this.lastDayOfMonth[d] = d === D - 1 || this.monthOfDay[d + 1] !== this.monthOfDay[d] ? 1 : 0;
    this.demandBase = Math.pow(model.quality / model.qualityReference, model.qualityElasticity);
    this.minersExponent = model.minersQualityElasticity * model.qualityElasticity;
    this.costs = {
      registrationTao: 0,
      developmentUsd: 0,
      developmentUsdPerMonth: 0,
      infrastructureUsdPerMonth: 0,
      legalEthicsUsd: 0,
      legalEthicsUsdPerMonth: 0,
      clinicianHoursPerDataset: 0,
      clinicianUsdPerHour: 0,
      auditUsd: 0,
      auditEveryMonths: model.auditEveryMonths,
    };
    this.vendorInputs = { licenceUsdPerYear: 0, setupUsd: 0 };
    this.outcome = { npv: 0, breakeven: null, maxDrawdown: 0, treasurySd: 0, alphaPriceEnd: 0, shareEnd: 0, minersEnd: 0, customersEnd: 0 };
  }

  private value(name: UncertainInput, u: Float64Array, index: number): number {
    const v = distributionQuantile(this.model.uncertain[name], u[index]!);
    return v > 0 ? v : 0;
  }

  /** Maps the sampler's uniforms to this model's input values and computes the vendor route. */
  prepare(s: PathSampler): void {
    const u = s.inputU;
    let i = 0;
    this.marketSize = this.value("licensing.bass.m", u, i++);
    const c = this.costs;
    c.registrationTao = this.value("costs.subnet_registration_tao", u, i++);
    this.stakeUsd = this.value("costs.validator_stake_usd", u, i++);
    c.developmentUsd = this.value("costs.development_usd", u, i++);
    c.developmentUsdPerMonth = this.value("costs.development_usd_per_month", u, i++);
    c.infrastructureUsdPerMonth = this.value("costs.infrastructure_usd_per_month", u, i++);
    c.legalEthicsUsd = this.value("costs.legal_ethics_usd", u, i++);
    c.legalEthicsUsdPerMonth = this.value("costs.legal_ethics_usd_per_month", u, i++);
    c.clinicianHoursPerDataset = this.value("costs.clinician_review_hours_per_dataset", u, i++);
    c.clinicianUsdPerHour = this.value("costs.clinician_usd_per_hour", u, i++);
    c.auditUsd = this.value("costs.audit_usd", u, i++);
    this.vendorInputs.licenceUsdPerYear = this.value("vendor.licence_usd_per_year", u, i++);
    this.vendorInputs.setupUsd = this.value("vendor.setup_usd", u, i++);
    const vendorDemand = Math.pow(this.model.vendorQualityMultiplier, this.model.qualityElasticity);
    vendorCashFlows(this.vendor, this.vendorLicensing, this.vendorInputs, this.costs, this.marketSize, vendorDemand, s.adoptU, s.churnU);
  }

  /** Runs strategy `si` on the sampler's path (after `prepare`); fills `monthly`, `costLines`, `outcome`. */
  evaluate(s: PathSampler, si: number): StrategyOutcome {
    this.simulateMarket(s, si);
    return this.book(s);
  }

  /** Takes the market part (treasury streams, capital, fees, miners) of another evaluator's last evaluation. */
  adoptMarket(other: StrategyEvaluator): void {
    this.monthly[OWNER]!.set(other.monthly[OWNER]!);
    this.monthly[VALIDATOR]!.set(other.monthly[VALIDATOR]!);
    this.monthly[CAPITAL]!.set(other.monthly[CAPITAL]!);
    this.fees.set(other.fees);
    this.minersAtMonthEnd.set(other.minersAtMonthEnd);
    const o = this.outcome;
    const b = other.outcome;
    o.alphaPriceEnd = b.alphaPriceEnd;
    o.shareEnd = b.shareEnd;
    o.minersEnd = b.minersEnd;
  }

  /**
   * The daily model for strategy `si`: the stake bought at month 0, then each day emission,
   * outside stakers, and one combined sale of miners', root stakers' and the treasury's alpha
   * (see sim/economics/alpha-market.ts); at the horizon unsold alpha and the stake are sold.
   * Fills the owner, validator and capital streams, `fees` and `minersAtMonthEnd`.
   */
  simulateMarket(s: PathSampler, si: number): void {
    const model = this.model;
    const M = model.months;
    const D = model.days;
    const feeRate = model.exchangeFee + 0.5 * model.spread;
    const tao = s.taoUsd;
    const market = this.market;
    const miners = this.miners;
    const treasury = this.treasuries[si]!;
    const owner = this.monthly[OWNER]!;
    const validator = this.monthly[VALIDATOR]!;
    const capital = this.monthly[CAPITAL]!;
    const fees = this.fees;
    const minersAtMonthEnd = this.minersAtMonthEnd;
    owner.fill(0);
    validator.fill(0);
    capital.fill(0);
    fees.fill(0);
    market.reset();
    miners.reset();
    treasury.reset();
    minersAtMonthEnd[0] = miners.count;

    const p0 = tao[0]!;
    if (this.stakeUsd > 0) {
      market.stakeOwn(taoBoughtWithUsd(this.stakeUsd, p0, model.exchangeFee, model.spread));
      capital[0] -= this.stakeUsd;
    }
    const alphaUsdReference = market.price() * p0;
    const monthOfDay = this.monthOfDay;
    const lastDay = this.lastDayOfMonth;
    const background = s.background;
    const sentiment = s.sentiment;
    const taoLogReturn = s.taoLogReturn;

    for (let d = 0; d < D; d++) {
      const P = tao[d + 1]!;
      market.emit(background[d]!);
      market.outsideStakers(sentiment[d]!, taoLogReturn[d]!);
      const alphaUsd = (market.tao / market.alpha) * P;
      const minerSale = miners.day(market.minerAlpha, alphaUsd);
      treasury.accrue(market.ownerAlpha, market.ourDividendAlpha);
      const treasurySale = treasury.takeSale(d, alphaUsd, alphaUsdReference, market.alpha);
      const total = minerSale + market.rootSellAlpha() + treasurySale;
      if (total > 0) {
        const taoOut = market.sellAlpha(total);
        if (treasurySale > 0) {
          const mo = monthOfDay[d]!;
          const gross = ((taoOut * treasurySale) / total) * P;
          const ownerPart = gross * treasury.ownerShareOfSale;
          owner[mo] += ownerPart;
          validator[mo] += gross - ownerPart;
          fees[mo] += gross * feeRate;
        }
      }
      market.endDay();
      if (lastDay[d] === 1) minersAtMonthEnd[monthOfDay[d]!] = miners.count;
    }
    const out = this.outcome;
    out.alphaPriceEnd = market.price();
    out.shareEnd = market.share;
    out.minersEnd = miners.count;
    if (model.liquidateAtHorizon) {
      const alpha = treasury.takeAll() + market.ownStake;
      market.ownStake = 0;
      const gross = market.sellAlpha(alpha) * tao[D]!;
      capital[M] += gross;
      fees[M] += gross * feeRate;
    }
  }

  /**
   * Monthly bookkeeping after the market part: licensing (demand scaled by data quality, which
   * follows the miner count), set-up and operating costs, conversion fees; then net cash, NPV,
   * break-even, drawdown and the treasury's monthly spread.
   */
  book(s: PathSampler): StrategyOutcome {
    const model = this.model;
    const M = model.months;
    const owner = this.monthly[OWNER]!;
    const validator = this.monthly[VALIDATOR]!;
    const licensing = this.monthly[LICENSING]!;
    const costs = this.monthly[COSTS]!;
    const capital = this.monthly[CAPITAL]!;
    const net = this.monthly[NET]!;
    const lines = this.costLines;
    lines.fill(0);
    licensing.fill(0);
    costs.set(this.fees);
    const lic = this.licensing;
    lic.reset(this.marketSize);
    costs[0] += setupCosts(this.costs, s.taoUsd[0]!, model.exchangeFee, model.spread, lines);
    const miners0 = model.miners.initial;
    for (let m = 1; m <= M; m++) {
      const mult = this.demandBase * (this.minersExponent === 0 ? 1 : Math.pow(this.minersAtMonthEnd[m]! / miners0, this.minersExponent));
      lic.month(m, mult, s.adoptU[m]!, s.churnU[m]!);
      licensing[m] = lic.revenueUsd;
      costs[m] += operatingCosts(this.costs, m, lic.datasets, lines);
    }
    let feeTotal = 0;
    for (let m = 0; m <= M; m++) feeTotal += this.fees[m]!;
    lines[CONVERSION_FEES] = feeTotal;
    const out = this.outcome;
    out.customersEnd = lic.customers;
    let sum = 0;
    let sumSq = 0;
    let cumulative = 0;
    let peak = -Infinity;
    let drawdown = 0;
    for (let m = 0; m <= M; m++) {
      const c = owner[m]! + validator[m]! + licensing[m]! - costs[m]! + capital[m]!;
      net[m] = c;
      cumulative += c;
      if (cumulative > peak) peak = cumulative;
      else if (peak - cumulative > drawdown) drawdown = peak - cumulative;
      if (m >= 1) {
        const t = owner[m]! + validator[m]!;
        sum += t;
        sumSq += t * t;
      }
    }
    const meanT = sum / M;
    out.treasurySd = Math.sqrt(Math.max(0, sumSq / M - meanT * meanT));
    out.maxDrawdown = drawdown;
    out.npv = npv(net, model.discountRate);
    out.breakeven = breakEvenMonth(net);
    return out;
  }
}

/** Per-path results of one strategy over a run. */
export interface StrategyPaths {
  readonly rule: StrategyRule;
  readonly npv: Float64Array;
  /** Break-even month, NaN when never. */
  readonly breakeven: Float64Array;
  readonly maxDrawdown: Float64Array;
  readonly treasurySd: Float64Array;
  readonly alphaPriceEnd: Float64Array;
  readonly shareEnd: Float64Array;
  readonly minersEnd: Float64Array;
  readonly customersEnd: Float64Array;
}

export interface MonteCarloResult {
  readonly model: RevenueModel;
  readonly paths: number;
  readonly strategies: readonly StrategyPaths[];
  /** Chosen strategy: monthly streams, path-major (path × (M + 1) + month), STREAMS order. */
  readonly monthly: readonly Float64Array[];
  /** Chosen strategy: cost lines summed over the horizon, path-major (path × lines + line). */
  readonly costLines: Float64Array;
  /** Chosen strategy: IRR (annual effective), NaN when none. */
  readonly irr: Float64Array;
  readonly vendorNpv: Float64Array;
  /** Vendor break-even month, NaN when never. */
  readonly vendorBreakeven: Float64Array;
  /** Vendor net cash, path-major. */
  readonly vendorMonthly: Float64Array;
  readonly taoUsdEnd: Float64Array;
  /** Drawn inputs per path (path × inputs + i), UNCERTAIN_INPUTS order. */
  readonly inputs: Float64Array;
}

function strategyPaths(rule: StrategyRule, n: number): StrategyPaths {
  return {
    rule,
    npv: new Float64Array(n),
    breakeven: new Float64Array(n),
    maxDrawdown: new Float64Array(n),
    treasurySd: new Float64Array(n),
    alphaPriceEnd: new Float64Array(n),
    shareEnd: new Float64Array(n),
    minersEnd: new Float64Array(n),
    customersEnd: new Float64Array(n),
  };
}

/** Runs paths first .. first + paths − 1 of the model (every strategy on each path). */
export function runMonteCarlo(model: RevenueModel, paths: number, first = 0): MonteCarloResult {
  if (!Number.isInteger(paths) || paths < 1) throw new Error(`runMonteCarlo: paths = ${paths}; expected an integer ≥ 1`);
  const M = model.months;
  const width = M + 1;
  const sampler = new PathSampler(model);
  const evaluator = new StrategyEvaluator(model);
  const strategies = model.strategies.map((r) => strategyPaths(r, paths));
  const monthly = STREAMS.map(() => new Float64Array(paths * width));
  const nLines = COST_LINES.length;
  const costLines = new Float64Array(paths * nLines);
  const irrs = new Float64Array(paths);
  const vendorNpv = new Float64Array(paths);
  const vendorBreakeven = new Float64Array(paths);
  const vendorMonthly = new Float64Array(paths * width);
  const taoUsdEnd = new Float64Array(paths);
  const nInputs = UNCERTAIN_INPUTS.length;
  const inputs = new Float64Array(paths * nInputs);
  const inputValues = new Float64Array(nInputs);
  for (let i = 0; i < paths; i++) {
    sampler.draw(first + i);
    evaluator.prepare(sampler);
    taoUsdEnd[i] = sampler.taoUsd[model.days]!;
    vendorMonthly.set(evaluator.vendor, i * width);
    vendorNpv[i] = npv(evaluator.vendor, model.discountRate);
    vendorBreakeven[i] = breakEvenMonth(evaluator.vendor) ?? NaN;
    for (let j = 0; j < nInputs; j++) {
      const v = distributionQuantile(model.uncertain[UNCERTAIN_INPUTS[j]!], sampler.inputU[j]!);
      inputValues[j] = v > 0 ? v : 0;
    }
    inputs.set(inputValues, i * nInputs);
    for (let si = 0; si < strategies.length; si++) {
      const o = evaluator.evaluate(sampler, si);
      const sp = strategies[si]!;
      sp.npv[i] = o.npv;
      sp.breakeven[i] = o.breakeven ?? NaN;
      sp.maxDrawdown[i] = o.maxDrawdown;
      sp.treasurySd[i] = o.treasurySd;
      sp.alphaPriceEnd[i] = o.alphaPriceEnd;
      sp.shareEnd[i] = o.shareEnd;
      sp.minersEnd[i] = o.minersEnd;
      sp.customersEnd[i] = o.customersEnd;
      if (si === model.chosen) {
        for (let st = 0; st < STREAMS.length; st++) monthly[st]!.set(evaluator.monthly[st]!, i * width);
        costLines.set(evaluator.costLines, i * nLines);
        irrs[i] = irr(evaluator.monthly[NET]!) ?? NaN;
      }
    }
  }
  return {
    model,
    paths,
    strategies,
    monthly,
    costLines,
    irr: irrs,
    vendorNpv,
    vendorBreakeven,
    vendorMonthly,
    taoUsdEnd,
    inputs,
  };
}

/** One path replayed alone: its TAO/USD path and every strategy's monthly net cash and outcome. */
export interface PathReplay {
  readonly k: number;
  readonly taoUsd: Float64Array;
  readonly strategies: { name: string; net: Float64Array; outcome: StrategyOutcome }[];
  readonly vendor: Float64Array;
}

/** Replays path k of the model alone (the same numbers as row k of `runMonteCarlo`). */
export function replayPath(model: RevenueModel, k: number): PathReplay {
  const sampler = new PathSampler(model);
  const evaluator = new StrategyEvaluator(model);
  sampler.draw(k);
  evaluator.prepare(sampler);
  const strategies = model.strategies.map((r, si) => {
    const o = evaluator.evaluate(sampler, si);
    return { name: r.name, net: Float64Array.from(evaluator.monthly[NET]!), outcome: { ...o } };
  });
  return { k, taoUsd: Float64Array.from(sampler.taoUsd), strategies, vendor: Float64Array.from(evaluator.vendor) };
}

/** Joins results of consecutive path ranges (in path order) into one result. */
export function concatResults(model: RevenueModel, parts: readonly MonteCarloResult[]): MonteCarloResult {
  if (parts.length === 1) return { ...parts[0]!, model };
  const paths = parts.reduce((n, p) => n + p.paths, 0);
  const cat = (pick: (r: MonteCarloResult) => Float64Array): Float64Array => {
    const total = parts.reduce((n, p) => n + pick(p).length, 0);
    const out = new Float64Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(pick(p), at);
      at += pick(p).length;
    }
    return out;
  };
  const strategies = model.strategies.map((rule, si) => ({
    rule,
    npv: cat((r) => r.strategies[si]!.npv),
    breakeven: cat((r) => r.strategies[si]!.breakeven),
    maxDrawdown: cat((r) => r.strategies[si]!.maxDrawdown),
    treasurySd: cat((r) => r.strategies[si]!.treasurySd),
    alphaPriceEnd: cat((r) => r.strategies[si]!.alphaPriceEnd),
    shareEnd: cat((r) => r.strategies[si]!.shareEnd),
    minersEnd: cat((r) => r.strategies[si]!.minersEnd),
    customersEnd: cat((r) => r.strategies[si]!.customersEnd),
  }));
  return {
    model,
    paths,
    strategies,
    monthly: STREAMS.map((_, st) => cat((r) => r.monthly[st]!)),
    costLines: cat((r) => r.costLines),
    irr: cat((r) => r.irr),
    vendorNpv: cat((r) => r.vendorNpv),
    vendorBreakeven: cat((r) => r.vendorBreakeven),
    vendorMonthly: cat((r) => r.vendorMonthly),
    taoUsdEnd: cat((r) => r.taoUsdEnd),
    inputs: cat((r) => r.inputs),
  };
}

/** Every typed array's buffer in a result (to transfer it between threads). */
export function resultBuffers(r: MonteCarloResult): ArrayBuffer[] {
  const arrays: Float64Array[] = [r.costLines, r.irr, r.vendorNpv, r.vendorBreakeven, r.vendorMonthly, r.taoUsdEnd, r.inputs, ...r.monthly];
  for (const s of r.strategies) arrays.push(s.npv, s.breakeven, s.maxDrawdown, s.treasurySd, s.alphaPriceEnd, s.shareEnd, s.minersEnd, s.customersEnd);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
