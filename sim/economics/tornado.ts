/**
 * Tornado: what drives the subnet's NPV (ECONOMICS.md, question 4). One parameter at a time is
 * set to a low and a high value, everything else as in the scenario, and the chosen strategy's
 * MEDIAN NPV (the typical outcome; the mean is reported too but is ruled by TAO's fat right
 * tail) is recomputed on the first `paths` paths of the run with the same draws (common random
 * numbers: the uncertain inputs are inverse-CDF maps of the same uniforms, and a TAO/USD variant
 * redraws its path from the same stream), so the bar shows the parameter's effect, not sampling
 * noise. A parameter that only changes the monthly bookkeeping (costs, licence prices and
 * demand, discount rate) reuses the base path's daily market simulation.
 *
 * Low and high values:
 * - an uncertain input given as a distribution: its 10th and 90th percentiles; given as a
 *   number: ×0.75 and ×1.25;
 * - TAO/USD drift (gbm, jump-diffusion): the scenario's (or fitted) μ ∓ 0.5 a year, about one
 *   standard error of three years of TAO history (sim/economics/calibration.ts);
 * - TAO/USD volatility (gbm, jump-diffusion; all-in for jumps): ×0.75 and ×1.25;
 * - our initial emission share: ×0.5 and ×2; the alpha price at the start: ×0.5 and ×2 (the
 *   pool's TAO reserve scaled, its alpha kept: the subnet's market worth half or twice as much);
 * - licence demand (market size is an uncertain input), subscription and per-dataset prices:
 *   ×0.5 and ×1.5; miners' cost: ×0.5 and ×2; discount rate: ∓5 points;
 * - the sell strategy: the worst and the best of the compared strategies by median NPV.
 * Inputs that only the vendor route uses are left out.
 */
import { TAO_USD_GBM_DEFAULTS, TAO_USD_MERTON_DEFAULTS } from "./calibration.js";
import { quantileSorted } from "./finance.js";
import { distributionQuantile, isConstant } from "./parameters.js";
import { MertonProcess } from "./price-process.js";
import { PathSampler, StrategyEvaluator, UNCERTAIN_INPUTS, type RevenueModel, type UncertainInput } from "./montecarlo.js";

export interface Swing {
  /** Scenario field (or "treasury.strategy"). */
  readonly parameter: string;
  readonly label: string;
  readonly lowText: string;
  readonly highText: string;
  readonly low: RevenueModel;
  readonly high: RevenueModel;
  /**
   * True when the parameter changes the daily market (prices, stake, miners); false when only
   * the monthly bookkeeping changes, so the base path's market simulation is reused.
   */
  readonly market: boolean;
}

export interface TornadoBar {
  parameter: string;
  label: string;
  low: string;
  high: string;
  /** Median NPV (USD) with the parameter at its low and high value. */
  npv_low_usd: number;
  npv_high_usd: number;
  /** |high − low| of the medians. */
  swing_usd: number;
  /** Mean NPV (USD) at the low and high value. */
  mean_npv_low_usd: number;
  mean_npv_high_usd: number;
}

export interface TornadoResult {
  metric: "median NPV of the chosen strategy (USD)";
  paths: number;
  base_npv_usd: number;
  base_mean_npv_usd: number;
  /** Largest swing first. */
  bars: TornadoBar[];
}

const LABELS: Partial<Record<UncertainInput, string>> = {
  "licensing.bass.m": "licence demand (market size)",
  "costs.subnet_registration_tao": "subnet registration (TAO)",
  "costs.validator_stake_usd": "validator stake",
  "costs.development_usd": "development (one-off)",
  "costs.development_usd_per_month": "development (monthly)",
  "costs.infrastructure_usd_per_month": "infrastructure",
  "costs.legal_ethics_usd": "legal and ethics review (one-off)",
  "costs.legal_ethics_usd_per_month": "legal and ethics (monthly)",
  "costs.clinician_review_hours_per_dataset": "clinician review hours per dataset",
  "costs.clinician_usd_per_hour": "clinician rate",
  "costs.audit_usd": "privacy audits",
};

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** The one-at-a-time swings for a model (see the module comment). */
export function tornadoSwings(model: RevenueModel): Swing[] {
  const swings: Swing[] = [];
  const tao = model.taoUsd;
  if (tao.model === "gbm" || tao.model === "jump-diffusion") {
    const mu = tao.mu_annual ?? (tao.model === "gbm" ? TAO_USD_GBM_DEFAULTS.muAnnual : TAO_USD_MERTON_DEFAULTS.muAnnual);
    const sigma =
      tao.sigma_annual ??
      (tao.model === "gbm"
        ? TAO_USD_GBM_DEFAULTS.sigmaAnnual
        : new MertonProcess({ ...TAO_USD_MERTON_DEFAULTS, ...(tao.jumps_per_year !== undefined ? { jumpsPerYear: tao.jumps_per_year } : {}) }).totalVolatilityAnnual());
    swings.push({
      parameter: "market.tao_usd.mu_annual",
      label: "TAO price drift",
      lowText: `${fmt(mu - 0.5)}/yr`,
      highText: `${fmt(mu + 0.5)}/yr`,
      low: { ...model, taoUsd: { ...tao, mu_annual: mu - 0.5 } },
      high: { ...model, taoUsd: { ...tao, mu_annual: mu + 0.5 } },
      market: true,
    });
    swings.push({
      parameter: "market.tao_usd.sigma_annual",
      label: "TAO price volatility",
      lowText: `${fmt(sigma * 0.75)}/yr`,
      highText: `${fmt(sigma * 1.25)}/yr`,
      low: { ...model, taoUsd: { ...tao, sigma_annual: sigma * 0.75 } },
      high: { ...model, taoUsd: { ...tao, sigma_annual: sigma * 1.25 } },
      market: true,
    });
  }
  const share = model.market.initialShare;
  if (share > 0) {
    swings.push({
      parameter: "economics.alpha_market.emission_share.initial",
      label: "our share of network emission",
      lowText: fmt(share * 0.5),
      highText: fmt(Math.min(model.market.maxShare, share * 2)),
      low: { ...model, market: { ...model.market, initialShare: share * 0.5 } },
      high: { ...model, market: { ...model.market, initialShare: Math.min(model.market.maxShare, share * 2) } },
      market: true,
    });
  }
  const price = model.market.poolTao / model.market.poolAlpha;
  swings.push({
    parameter: "economics.alpha_market.pool_tao",
    label: "alpha price at the start",
    lowText: `${fmt(price * 0.5)} TAO`,
    highText: `${fmt(price * 2)} TAO`,
    low: { ...model, market: { ...model.market, poolTao: model.market.poolTao / 2 } },
    high: { ...model, market: { ...model.market, poolTao: model.market.poolTao * 2 } },
    market: true,
  });
  for (const name of UNCERTAIN_INPUTS) {
    const label = LABELS[name];
    if (label === undefined) continue; // vendor-only inputs
    const d = model.uncertain[name];
    let lo: number;
    let hi: number;
    if (isConstant(d)) {
      if (d === 0) continue;
      lo = (d as number) * 0.75;
      hi = (d as number) * 1.25;
    } else {
      lo = Math.max(0, distributionQuantile(d, 0.1));
      hi = Math.max(0, distributionQuantile(d, 0.9));
      if (lo === hi) continue;
    }
    swings.push({
      parameter: `economics.${name}`,
      label,
      lowText: fmt(lo),
      highText: fmt(hi),
      low: { ...model, uncertain: { ...model.uncertain, [name]: lo } },
      high: { ...model, uncertain: { ...model.uncertain, [name]: hi } },
      market: name === "costs.validator_stake_usd",
    });
  }
  const lic = model.licensing;
  if (lic.subscriptionUsdPerMonth > 0) {
    swings.push({
      parameter: "economics.licensing.subscription_usd_per_month",
      label: "subscription price",
      lowText: fmt(lic.subscriptionUsdPerMonth * 0.5),
      highText: fmt(lic.subscriptionUsdPerMonth * 1.5),
      low: { ...model, licensing: { ...lic, subscriptionUsdPerMonth: lic.subscriptionUsdPerMonth * 0.5 } },
      high: { ...model, licensing: { ...lic, subscriptionUsdPerMonth: lic.subscriptionUsdPerMonth * 1.5 } },
      market: false,
    });
  }
  if (lic.perDatasetUsd > 0 && lic.datasetsPerCustomerPerYear > 0) {
    swings.push({
      parameter: "economics.licensing.per_dataset_usd",
      label: "per-dataset price",
      lowText: fmt(lic.perDatasetUsd * 0.5),
      highText: fmt(lic.perDatasetUsd * 1.5),
      low: { ...model, licensing: { ...lic, perDatasetUsd: lic.perDatasetUsd * 0.5 } },
      high: { ...model, licensing: { ...lic, perDatasetUsd: lic.perDatasetUsd * 1.5 } },
      market: false,
    });
  }
  const cost = model.miners.costUsdPerDay;
  if (cost > 0) {
    swings.push({
      parameter: "economics.miners.cost_usd_per_day",
      label: "miners' compute cost",
      lowText: fmt(cost * 0.5),
      highText: fmt(cost * 2),
      low: { ...model, miners: { ...model.miners, costUsdPerDay: cost * 0.5 } },
      high: { ...model, miners: { ...model.miners, costUsdPerDay: cost * 2 } },
      market: true,
    });
  }
  const r = model.discountRate;
  swings.push({
    parameter: "economics.discount_rate",
    label: "discount rate",
    lowText: fmt(Math.max(0, r - 0.05)),
    highText: fmt(r + 0.05),
    low: { ...model, discountRate: Math.max(0, r - 0.05) },
    high: { ...model, discountRate: r + 0.05 },
    market: false,
  });
  return swings;
}

/**
 * Per-path NPVs for the tornado on paths first .. first + count − 1, path-major: for each path,
 * the chosen strategy's NPV under every swing's low then high model, then the NPV of every
 * strategy under the scenario's model. `tornadoFromPaths` turns rows for paths 0..n−1 into bars;
 * chunks computed apart (worker threads) and joined in path order give the same numbers.
 */
export function tornadoPathNpvs(model: RevenueModel, first: number, count: number): Float64Array {
  const swings = tornadoSwings(model);
  const base = new PathSampler(model);
  const baseEval = new StrategyEvaluator(model);
  const variants = swings.flatMap((s) => [
    { model: s.low, market: s.market },
    { model: s.high, market: s.market },
  ]).map((v) => {
    if (v.model.shocks !== model.shocks) throw new Error("tornado: a swing changed the market shocks; expected only the TAO/USD process to be redrawn");
    const ownSampler = v.model.taoUsd !== model.taoUsd;
    return { market: v.market, sampler: ownSampler ? new PathSampler(v.model) : null, evaluator: new StrategyEvaluator(v.model) };
  });
  const nStrategies = model.strategies.length;
  const width = variants.length + nStrategies;
  const out = new Float64Array(count * width);
  for (let i = 0; i < count; i++) {
    const k = first + i;
    base.draw(k);
    baseEval.prepare(base);
    const row = i * width;
    // The chosen strategy first: book-only variants reuse its market part.
    out[row + variants.length + model.chosen] = baseEval.evaluate(base, model.chosen).npv;
    for (let j = 0; j < variants.length; j++) {
      const v = variants[j]!;
      if (!v.market) {
        v.evaluator.prepare(base);
        v.evaluator.adoptMarket(baseEval);
        out[row + j] = v.evaluator.book(base).npv;
      }
    }
    for (let j = 0; j < variants.length; j++) {
      const v = variants[j]!;
      if (!v.market) continue;
      let sampler = base;
      if (v.sampler !== null) {
        v.sampler.drawLike(k, base);
        sampler = v.sampler;
      }
      v.evaluator.prepare(sampler);
      out[row + j] = v.evaluator.evaluate(sampler, model.chosen).npv;
    }
    for (let si = 0; si < nStrategies; si++) {
      if (si !== model.chosen) out[row + variants.length + si] = baseEval.evaluate(base, si).npv;
    }
  }
  return out;
}

/** Bars from `tornadoPathNpvs` rows of paths 0 .. paths − 1 (medians of each column; means summed in path order). */
export function tornadoFromPaths(model: RevenueModel, rows: Float64Array, paths: number): TornadoResult {
  const swings = tornadoSwings(model);
  const nVariants = 2 * swings.length;
  const width = nVariants + model.strategies.length;
  if (rows.length !== paths * width) throw new Error(`tornadoFromPaths: ${rows.length} values; expected ${paths} paths × ${width}`);
  const medians = new Float64Array(width);
  const means = new Float64Array(width);
  const column = new Float64Array(paths);
  for (let j = 0; j < width; j++) {
    let sum = 0;
    for (let i = 0; i < paths; i++) {
      column[i] = rows[i * width + j]!;
      sum += column[i]!;
    }
    means[j] = sum / paths;
    column.sort();
    medians[j] = quantileSorted(column, 0.5);
  }
  const bars: TornadoBar[] = swings.map((s, i) => ({
    parameter: s.parameter,
    label: s.label,
    low: s.lowText,
    high: s.highText,
    npv_low_usd: medians[2 * i]!,
    npv_high_usd: medians[2 * i + 1]!,
    swing_usd: Math.abs(medians[2 * i + 1]! - medians[2 * i]!),
    mean_npv_low_usd: means[2 * i]!,
    mean_npv_high_usd: means[2 * i + 1]!,
  }));
  const at = (si: number) => nVariants + si;
  if (model.strategies.length > 1) {
    let worst = 0;
    let best = 0;
    for (let si = 1; si < model.strategies.length; si++) {
      if (medians[at(si)]! < medians[at(worst)]!) worst = si;
      if (medians[at(si)]! > medians[at(best)]!) best = si;
    }
    bars.push({
      parameter: "economics.treasury.chosen",
      label: "sell strategy",
      low: model.strategies[worst]!.name,
      high: model.strategies[best]!.name,
      npv_low_usd: medians[at(worst)]!,
      npv_high_usd: medians[at(best)]!,
      swing_usd: medians[at(best)]! - medians[at(worst)]!,
      mean_npv_low_usd: means[at(worst)]!,
      mean_npv_high_usd: means[at(best)]!,
    });
  }
  bars.sort((a, b) => b.swing_usd - a.swing_usd || (a.parameter < b.parameter ? -1 : 1));
  return {
    metric: "median NPV of the chosen strategy (USD)",
    paths,
    base_npv_usd: medians[at(model.chosen)]!,
    base_mean_npv_usd: means[at(model.chosen)]!,
    bars,
  };
}

/** Runs the tornado on paths 0 .. paths − 1 in this thread. */
export function runTornado(model: RevenueModel, paths: number): TornadoResult {
  if (!Number.isInteger(paths) || paths < 1) throw new Error(`runTornado: paths = ${paths}; expected an integer ≥ 1`);
  return tornadoFromPaths(model, tornadoPathNpvs(model, 0, paths), paths);
}
