/**
 * Miners' economics in the revenue model (ECONOMICS.md, "Miners' economics"). The miners share
 * the day's miner alpha equally; each has a compute cost per day. Per miner and day:
 *
 *   profit = (miner alpha / n) × alpha price (TAO) × TAO/USD − cost.
 *
 * Miners act on EXPECTED profit, an EMA of daily profit (half-life `expectation_halflife_days`):
 * while it is positive the count grows by `entry_rate_per_day` (up to `max`); after it has been
 * negative for more than `exit_after_days` days in a row, `exit_rate_per_day` of the miners
 * leave each day (down to `min`). The count is a real number in this reduced form.
 *
 * Selling: miners sell the alpha that pays today's costs (n × cost in USD), then
 * `extra_sell_share` of what is left; so at free-entry equilibrium they sell everything.
 */
import { emaWeight } from "./alpha-market.js";

export interface MinerParams {
  readonly initial: number;
  readonly max: number;
  readonly min: number;
  readonly costUsdPerDay: number;
  readonly extraSellShare: number;
  readonly expectationHalflifeDays: number;
  readonly entryRatePerDay: number;
  readonly exitRatePerDay: number;
  readonly exitAfterDays: number;
}

export class Miners {
  readonly params: MinerParams;
  private readonly weight: number;
  /** Miners now. */
  count = 0;
  /** Expected profit per miner per day, USD (EMA). */
  expectedProfitUsd = 0;
  /** Today's profit per miner, USD. */
  profitUsd = 0;
  private lossDays = 0;
  private started = false;

  constructor(params: MinerParams) {
    this.params = params;
    this.weight = emaWeight(params.expectationHalflifeDays);
  }

  reset(): void {
    this.count = this.params.initial;
    this.expectedProfitUsd = 0;
    this.profitUsd = 0;
    this.lossDays = 0;
    this.started = false;
  }

  /**
   * One day: the miners receive `minerAlpha`, value it at `alphaUsd` (USD per alpha), decide
   * entry or exit, and return the alpha they sell today.
   */
  day(minerAlpha: number, alphaUsd: number): number {
    const p = this.params;
    const n = this.count;
    const cost = n * p.costUsdPerDay;
    let sold: number;
    if (alphaUsd > 0) {
      const forCosts = cost / alphaUsd;
      sold = forCosts >= minerAlpha ? minerAlpha : forCosts + p.extraSellShare * (minerAlpha - forCosts);
    } else {
      sold = minerAlpha;
    }
    const profit = n > 0 ? (minerAlpha * alphaUsd) / n - p.costUsdPerDay : -p.costUsdPerDay;
    this.profitUsd = profit;
    if (!this.started) {
      this.expectedProfitUsd = profit;
      this.started = true;
    } else {
      this.expectedProfitUsd += this.weight * (profit - this.expectedProfitUsd);
    }
    if (this.expectedProfitUsd > 0) {
      this.lossDays = 0;
      const next = n * (1 + p.entryRatePerDay);
      this.count = next > p.max ? p.max : next;
    } else {
      this.lossDays++;
      if (this.lossDays > p.exitAfterDays) {
        const next = n * (1 - p.exitRatePerDay);
        this.count = next < p.min ? p.min : next;
      }
    }
    return sold;
  }
}
