/**
 * Our subnet's alpha market in the revenue model: a reduced-form DAILY model in plain numbers
 * (the Monte Carlo cannot run the chain per path). One `AlphaMarket` holds one path's state and
 * is reset, not reallocated, between paths and strategies.
 *
 * Each day, in this order (sim/economics/montecarlo.ts calls the steps):
 * 1. `emit(b_d)`: the era's rule gives our share s of network TAO emission (MECHANISM.md §5.3)
 *    against a background index of the other subnets (a geometric random walk drawn per path):
 *    - "price" eras (dtao-2025-02, price-burn-2026-06; our miner burn is 0):
 *      s = min(EMA price, 1) / (min(EMA price, 1) + B₀·b_d);
 *    - "flow" era (flow-2025-11, cutoff 0, exponent 1): s = max(F, 0) / (max(F, 0) + Z₀·b_d),
 *      F the EMA of our net user TAO flow (stakes − unstakes, protocol flows excluded);
 *    - "fixed": s stays at its initial value;
 *    then s is capped at `emission_share.max` (the price rule is reflexive).
 *    B₀ and Z₀ are set so that day 0 gives the initial share. TAO in = s × network TAO a day,
 *    injected at the pool price with alpha_in capped (§4.1, §5.3 "alpha injection history"):
 *    dtao-2025-02: alpha_in = min(tao/p, alpha emission), all TAO in, no chain buy;
 *    flow-2025-11: cap = alpha emission, the excess TAO buys alpha ("chain buy");
 *    price-burn-2026-06: cap = root_prop × alpha emission, the excess buys alpha.
 *    alpha_out (1 alpha a block, halving by issuance at 10.5M, 15.75M, …) is split (§4.1):
 *    owner cut oc, a′ = alpha_out − oc, root alpha = root_prop·a′/2, miners a′/2, validators
 *    a′/2 − root alpha; root_prop = tw·RootTAO / (tw·RootTAO + alpha issuance).
 *    Validator alpha is shared pro rata to stake: our own stake, delegated stake (we keep the
 *    take), and other validators' stake (which compounds).
 * 2. `outsideStakers(sentiment, r)`: a net flow, as a share f of the pool's TAO,
 *    f = yield_response·(yield − reference) + sentiment_d + tao_beta·(TAO/USD log return),
 *    clamped to ±max_daily_flow, with yield = validator alpha × 365 / all validator stake;
 *    buying adds to other validators' stake, selling draws on it (never below zero).
 * 3. The day's sellers — miners (sim/economics/miners.ts), root stakers (`root_sell_share` of
 *    root alpha) and the owner's treasury (sim/economics/treasury.ts) — decide at the price
 *    after steps 1–2 and sell in ONE swap, sharing its TAO pro rata to their alpha. In a
 *    constant-product pool, consecutive sales with nothing in between give exactly the proceeds
 *    of one sale of their sum, so this is the same as selling one after another at a day's
 *    average price.
 * 4. `endDay()`: EMA price (spot capped at 1, §5.4) and flow EMA updated with the daily weight.
 *
 * The pool is constant product (the dTAO launch pool; the weighted pool is the same at 0.5/0.5
 * and its injections keep the price, as here). Swaps have no pool fee.
 */
import type { Stream } from "../core/rng.js";
import { DAYS_PER_YEAR } from "./price-statistics.js";

/** Alpha received for `taoIn` TAO from a constant-product pool (T, A): Δα = A − T·A/(T + Δτ) = A·Δτ/(T + Δτ). */
export function alphaOutForTaoIn(taoReserve: number, alphaReserve: number, taoIn: number): number {
  if (taoIn <= 0) return 0;
  return (alphaReserve * taoIn) / (taoReserve + taoIn);
}

/** TAO received for `alphaIn` alpha: Δτ = T − T·A/(A + Δα) = T·Δα/(A + Δα). */
export function taoOutForAlphaIn(taoReserve: number, alphaReserve: number, alphaIn: number): number {
  if (alphaIn <= 0) return 0;
  return (taoReserve * alphaIn) / (alphaReserve + alphaIn);
}

/** Alpha to sell to receive exactly `taoOut` TAO (needs taoOut < T): Δα = A·Δτ/(T − Δτ). */
export function alphaInForTaoOut(taoReserve: number, alphaReserve: number, taoOut: number): number {
  if (taoOut <= 0) return 0;
  if (taoOut >= taoReserve) return Infinity;
  return (alphaReserve * taoOut) / (taoReserve - taoOut);
}

/** Daily weight of an EMA with this half-life in days: 1 − 2^(−1/h). */
export function emaWeight(halflifeDays: number): number {
  return 1 - Math.pow(2, -1 / halflifeDays);
}

export type ShareRule = "fixed" | "price" | "flow";
export type InjectionRule = "dtao-2025-02" | "flow-2025-11" | "price-burn-2026-06";

export interface AlphaMarketParams {
  readonly poolTao: number;
  readonly poolAlpha: number;
  readonly alphaPerDay: number;
  readonly networkTaoPerDay: number;
  readonly rootSellShare: number;
  readonly shareRule: ShareRule;
  readonly injection: InjectionRule;
  readonly initialShare: number;
  /** Ceiling on our share (the era rules' result is clamped to it). */
  readonly maxShare: number;
  /** Daily EMA weight of the price and flow EMAs. */
  readonly emaWeight: number;
  /** Flow era: the background's summed positive flow EMA on day 0, TAO a day. */
  readonly backgroundFlowTaoPerDay: number;
  readonly taoWeight: number;
  readonly rootTao: number;
  readonly ownerCut: number;
  readonly validatorTake: number;
  readonly delegatedStakeAlpha: number;
  readonly otherStakeAlpha: number;
  readonly referenceYield: number;
  readonly yieldResponse: number;
  readonly taoBeta: number;
  readonly maxDailyFlow: number;
}

/** Exogenous daily series of one path, shared by every strategy evaluated on it. */
export interface MarketShocks {
  /** Background index relative to day 0 (b_d, b_0 = 1 at the start of day 0), length = days. */
  readonly background: Float64Array;
  /** Sentiment flow (share of pool TAO a day), length = days. */
  readonly sentiment: Float64Array;
  /** TAO/USD daily log return of day d, length = days. */
  readonly taoLogReturn: Float64Array;
}

export interface ShockParams {
  readonly backgroundDriftAnnual: number;
  readonly backgroundVolatilityAnnual: number;
  readonly sentimentSd: number;
  readonly sentimentHalflifeDays: number;
}

/**
 * Draws the background index and the sentiment process of one path from `stream`: two normals
 * a day (background first, then sentiment). Background: b_d = exp(Σ_{i<d} ((μ − σ²/2)/365 +
 * σ/√365·Z_i)), so b_0 = 1. Sentiment: an exact Ornstein–Uhlenbeck step with stationary sd
 * `sentimentSd` and half-life h: S_d = φ·S_{d−1} + sd·√(1 − φ²)·Z, φ = 2^(−1/h), S_{−1} drawn
 * from the stationary law.
 */
export function drawMarketShocks(stream: Stream, p: ShockParams, background: Float64Array, sentiment: Float64Array): void {
  const days = background.length;
  const drift = (p.backgroundDriftAnnual - 0.5 * p.backgroundVolatilityAnnual * p.backgroundVolatilityAnnual) / DAYS_PER_YEAR;
  const vol = p.backgroundVolatilityAnnual / Math.sqrt(DAYS_PER_YEAR);
  const phi = Math.pow(2, -1 / p.sentimentHalflifeDays);
  const innov = p.sentimentSd * Math.sqrt(1 - phi * phi);
  let logB = 0;
  let s = p.sentimentSd * stream.normal();
  for (let d = 0; d < days; d++) {
    background[d] = Math.exp(logB);
    logB += drift + vol * stream.normal();
    s = phi * s + innov * stream.normal();
    sentiment[d] = s;
  }
}

const TOTAL_SUPPLY = 21_000_000;

/** One path's alpha market (see the module comment). */
export class AlphaMarket {
  readonly params: AlphaMarketParams;
  /** Pool reserves. */
  tao = 0;
  alpha = 0;
  /** EMA of the (capped) pool price, and of our net user TAO flow per day. */
  emaPrice = 0;
  flowEma = 0;
  /** Alpha issued so far (pool + outstanding), for the halving and the root proportion. */
  issuance = 0;
  private halvings = 0;
  private nextHalving = 0;
  /** Alpha issued a day now (halves with issuance). */
  private alphaPerDayNow = 0;
  /** Numeric codes of the share and injection rules, for the daily loop. */
  private readonly shareCode: number;
  private readonly injectionCode: number;
  /** Stakes (alpha): ours, delegated to us, other validators' and their nominators'. */
  ownStake = 0;
  delegatedStake = 0;
  otherStake = 0;
  /** Background level on day 0 (B₀ or Z₀). */
  private backgroundBase = 0;
  /** Today's emission outputs. */
  share = 0;
  alphaEmission = 0;
  ownerAlpha = 0;
  minerAlpha = 0;
  rootAlpha = 0;
  validatorAlpha = 0;
  ourDividendAlpha = 0;
  /** Today's net user TAO flow into the pool (stakes − unstakes). */
  netUserFlowTao = 0;

  constructor(params: AlphaMarketParams) {
    this.params = params;
    this.shareCode = params.shareRule === "fixed" ? 0 : params.shareRule === "price" ? 1 : 2;
    this.injectionCode = params.injection === "dtao-2025-02" ? 0 : params.injection === "flow-2025-11" ? 1 : 2;
  }

  /** Back to day 0 (before any stake of ours). */
  reset(): void {
    const p = this.params;
    this.tao = p.poolTao;
    this.alpha = p.poolAlpha;
    this.emaPrice = Math.min(p.poolTao / p.poolAlpha, 1);
    this.ownStake = 0;
    this.delegatedStake = p.delegatedStakeAlpha;
    this.otherStake = p.otherStakeAlpha;
    this.issuance = p.poolAlpha + p.otherStakeAlpha + p.delegatedStakeAlpha;
    this.halvings = 0;
    this.nextHalving = TOTAL_SUPPLY / 2;
    this.alphaPerDayNow = p.alphaPerDay;
    while (this.issuance >= this.nextHalving) this.advanceHalving();
    const s0 = p.initialShare;
    if (p.shareRule === "flow") {
      this.backgroundBase = p.backgroundFlowTaoPerDay;
      this.flowEma = s0 >= 1 ? p.backgroundFlowTaoPerDay : (s0 / (1 - s0)) * p.backgroundFlowTaoPerDay;
    } else {
      this.flowEma = 0;
      this.backgroundBase = s0 <= 0 ? Infinity : ((1 - s0) / s0) * this.emaPrice;
    }
    this.share = s0;
    this.netUserFlowTao = 0;
  }

  private advanceHalving(): void {
    this.halvings++;
    this.nextHalving = TOTAL_SUPPLY * (1 - Math.pow(2, -(this.halvings + 1)));
    this.alphaPerDayNow = this.params.alphaPerDay / Math.pow(2, this.halvings);
  }

  /** Pool price, TAO per alpha. */
  price(): number {
    return this.tao / this.alpha;
  }

  /** A user (us, miners, stakers) sells alpha for TAO through the pool; returns the TAO. */
  sellAlpha(alphaIn: number): number {
    if (alphaIn <= 0) return 0;
    const out = taoOutForAlphaIn(this.tao, this.alpha, alphaIn);
    this.tao -= out;
    this.alpha += alphaIn;
    this.netUserFlowTao -= out;
    return out;
  }

  /** A user stakes TAO (buys alpha); returns the alpha. */
  buyAlpha(taoIn: number): number {
    if (taoIn <= 0) return 0;
    const out = alphaOutForTaoIn(this.tao, this.alpha, taoIn);
    this.tao += taoIn;
    this.alpha -= out;
    this.netUserFlowTao += taoIn;
    return out;
  }

  /** Stakes TAO to our own validator (day 0 set-up). */
  stakeOwn(taoIn: number): void {
    this.ownStake += this.buyAlpha(taoIn);
  }

  /** Our share of network emission today (from yesterday's EMAs and today's background), at most maxShare. */
  private shareToday(background: number): number {
    const s = this.ruleShare(background);
    return s > this.params.maxShare ? this.params.maxShare : s;
  }

  private ruleShare(background: number): number {
    const p = this.params;
    if (this.shareCode === 0) return p.initialShare;
    if (this.shareCode === 1) {
      const w = Math.min(this.emaPrice, 1);
      const b = this.backgroundBase * background;
      if (!(b < Infinity)) return 0;
      const denom = w + b;
      return denom > 0 ? w / denom : 0;
    }
    const z = this.flowEma > 0 ? this.flowEma : 0;
    const denom = z + this.backgroundBase * background;
    return denom > 0 ? z / denom : 0;
  }

  /** Step 1 of the day: emission share, TAO injection (and chain buy), alpha_out split. */
  emit(background: number): void {
    const p = this.params;
    const share = this.shareToday(background);
    this.share = share;
    const alphaEm = this.alphaPerDayNow;
    this.alphaEmission = alphaEm;
    const rootWeighted = p.taoWeight * p.rootTao;
    const rootProp = rootWeighted > 0 ? rootWeighted / (rootWeighted + this.issuance) : 0;
    const taoEm = share * p.networkTaoPerDay;
    let alphaIn = 0;
    if (taoEm > 0) {
      const price = this.tao / this.alpha;
      alphaIn = (taoEm * this.alpha) / this.tao;
      if (this.injectionCode === 0) {
        if (alphaIn > alphaEm) alphaIn = alphaEm;
        this.tao += taoEm;
        this.alpha += alphaIn;
      } else {
        const cap = this.injectionCode === 2 ? rootProp * alphaEm : alphaEm;
        let taoIn = taoEm;
        if (alphaIn > cap) {
          alphaIn = cap;
          taoIn = cap * price;
        }
        this.tao += taoIn;
        this.alpha += alphaIn;
        const excess = taoEm - taoIn;
        if (excess > 0) {
          // Chain buy: protocol-owned alpha leaves the pool (not a user flow).
          const bought = alphaOutForTaoIn(this.tao, this.alpha, excess);
          this.tao += excess;
          this.alpha -= bought;
        }
      }
    }
    this.issuance += alphaIn + alphaEm;
    while (this.issuance >= this.nextHalving) this.advanceHalving();

    const owner = p.ownerCut * alphaEm;
    const rest = alphaEm - owner;
    const root = rootProp * rest * 0.5;
    this.ownerAlpha = owner;
    this.minerAlpha = 0.5 * rest;
    this.rootAlpha = root;
    const validators = 0.5 * rest - root;
    this.validatorAlpha = validators;
    const total = this.ownStake + this.delegatedStake + this.otherStake;
    if (total > 0) {
      const perStake = validators / total;
      this.ourDividendAlpha = perStake * (this.ownStake + p.validatorTake * this.delegatedStake);
      this.delegatedStake += perStake * this.delegatedStake * (1 - p.validatorTake);
      this.otherStake += perStake * this.otherStake;
    } else {
      this.ourDividendAlpha = 0;
      this.otherStake += validators;
    }
  }

  /** Root alpha that root stakers claim and sell today. */
  rootSellAlpha(): number {
    return this.params.rootSellShare * this.rootAlpha;
  }

  /** Step 2: outside stakers' net flow given today's sentiment and TAO/USD log return. */
  outsideStakers(sentiment: number, taoLogReturn: number): void {
    const p = this.params;
    const total = this.ownStake + this.delegatedStake + this.otherStake;
    const yieldAnnual = total > 0 ? (this.validatorAlpha * DAYS_PER_YEAR) / total : p.referenceYield;
    let f = p.yieldResponse * (yieldAnnual - p.referenceYield) + sentiment + p.taoBeta * taoLogReturn;
    if (f > p.maxDailyFlow) f = p.maxDailyFlow;
    else if (f < -p.maxDailyFlow) f = -p.maxDailyFlow;
    if (f > 0) {
      this.otherStake += this.buyAlpha(f * this.tao);
    } else if (f < 0) {
      const taoOut = -f * this.tao;
      const alphaIn = alphaInForTaoOut(this.tao, this.alpha, taoOut);
      if (alphaIn <= this.otherStake) {
        // Exactly the swap that pays taoOut: Δα = A·Δτ/(T − Δτ).
        this.tao -= taoOut;
        this.alpha += alphaIn;
        this.netUserFlowTao -= taoOut;
        this.otherStake -= alphaIn;
      } else {
        this.sellAlpha(this.otherStake);
        this.otherStake = 0;
      }
    }
  }

  /** Step 4: update the price EMA (spot capped at 1) and the net-flow EMA; clear today's flow. */
  endDay(): void {
    const w = this.params.emaWeight;
    const spot = this.tao / this.alpha;
    this.emaPrice += w * ((spot < 1 ? spot : 1) - this.emaPrice);
    this.flowEma += w * (this.netUserFlowTao - this.flowEma);
    this.netUserFlowTao = 0;
  }
}
