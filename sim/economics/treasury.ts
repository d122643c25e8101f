/**
 * The owner's treasury: alpha from the owner cut and from our validator's dividends, turned
 * into fiat by a conversion strategy (ECONOMICS.md, "The owner's treasury"). Alpha is sold
 * through the pool (slippage is the pool formula's), the TAO then sold for USD paying the
 * exchange fee and half the spread.
 *
 * Strategies, each deciding once a day how much of the inventory to sell:
 * - every-epoch: sell all of it. At a daily step this is one swap of the day's alpha: in a
 *   constant-product pool, consecutive sales with nothing in between give exactly the proceeds
 *   of one sale of their sum, so the 20 epochs of a day collapse into one.
 * - weekly (`every_days`): sell all of it every `every_days` days (dollar-cost averaging).
 * - threshold (`price_ratio`): sell all of it on days the alpha's USD price is at least
 *   price_ratio × its price on day 0 (after our set-up).
 * - hold-share (`hold_share`): keep that share of each day's alpha until the horizon; sell the
 *   rest every day.
 * - capped (`max_share_of_depth_per_day`): sell every day, at most that share of the pool's
 *   alpha reserve.
 * What is still held at the horizon is sold then (when `liquidate_at_horizon`).
 *
 * Proceeds are attributed to the two streams (owner cut, validator dividends) in proportion to
 * the alpha each put into the inventory being sold.
 */
import { strategyName, type StrategySettings } from "../scenario/economics-schema.js";

export const EVERY_EPOCH = 0;
export const WEEKLY = 1;
export const THRESHOLD = 2;
export const HOLD_SHARE = 3;
export const CAPPED = 4;

/** A strategy in numbers, for the daily loop. */
export interface StrategyRule {
  readonly name: string;
  readonly kind: StrategySettings["kind"];
  readonly code: number;
  readonly everyDays: number;
  readonly priceRatio: number;
  readonly holdShare: number;
  readonly maxShareOfDepth: number;
}

export function strategyRule(s: StrategySettings): StrategyRule {
  const base = { name: strategyName(s), kind: s.kind, everyDays: 1, priceRatio: 0, holdShare: 0, maxShareOfDepth: 1 };
  switch (s.kind) {
    case "every-epoch":
      return { ...base, code: EVERY_EPOCH };
    case "weekly":
      return { ...base, code: WEEKLY, everyDays: s.every_days };
    case "threshold":
      return { ...base, code: THRESHOLD, priceRatio: s.price_ratio };
    case "hold-share":
      return { ...base, code: HOLD_SHARE, holdShare: s.hold_share };
    case "capped":
      return { ...base, code: CAPPED, maxShareOfDepth: s.max_share_of_depth_per_day };
  }
}

/** One-line description of a strategy for reports. */
export function describeStrategy(r: StrategyRule): string {
  switch (r.code) {
    case EVERY_EPOCH:
      return "sell every epoch";
    case WEEKLY:
      return `sell every ${r.everyDays} days`;
    case THRESHOLD:
      return `sell when alpha is at least ${r.priceRatio}× its day-0 USD price`;
    case HOLD_SHARE:
      return `hold ${Math.round(r.holdShare * 100)}% until the horizon, sell the rest daily`;
    default:
      return `sell daily, at most ${r.maxShareOfDepth * 100}% of pool depth a day`;
  }
}

/** Fees on converting `grossUsd` worth of TAO: exchange fee plus half the spread. */
export function conversionFees(grossUsd: number, exchangeFee: number, spread: number): number {
  return grossUsd * (exchangeFee + 0.5 * spread);
}

/** USD it costs to buy `tao` TAO at `taoUsd`, fee and half-spread included. */
export function usdToBuyTao(tao: number, taoUsd: number, exchangeFee: number, spread: number): number {
  return tao * taoUsd * (1 + exchangeFee + 0.5 * spread);
}

/** TAO bought with `usd` dollars at `taoUsd`, fee and half-spread paid. */
export function taoBoughtWithUsd(usd: number, taoUsd: number, exchangeFee: number, spread: number): number {
  return usd / (taoUsd * (1 + exchangeFee + 0.5 * spread));
}

/** The treasury's alpha inventory for one path and strategy. */
export class Treasury {
  readonly rule: StrategyRule;
  /** Alpha waiting to be sold, by source. */
  ownerInventory = 0;
  validatorInventory = 0;
  /** Alpha kept until the horizon (hold-share), by source. */
  ownerHeld = 0;
  validatorHeld = 0;
  /** Share of the last sale that came from the owner cut. */
  ownerShareOfSale = 0;

  constructor(rule: StrategyRule) {
    this.rule = rule;
  }

  reset(): void {
    this.ownerInventory = 0;
    this.validatorInventory = 0;
    this.ownerHeld = 0;
    this.validatorHeld = 0;
    this.ownerShareOfSale = 0;
  }

  /** Today's owner cut and dividends arrive. */
  accrue(ownerAlpha: number, validatorAlpha: number): void {
    const h = this.rule.holdShare;
    if (h > 0) {
      this.ownerHeld += h * ownerAlpha;
      this.validatorHeld += h * validatorAlpha;
      this.ownerInventory += (1 - h) * ownerAlpha;
      this.validatorInventory += (1 - h) * validatorAlpha;
    } else {
      this.ownerInventory += ownerAlpha;
      this.validatorInventory += validatorAlpha;
    }
  }

  /**
   * Alpha to sell today (day index from 0), given the alpha's USD price, its day-0 reference
   * and the pool's alpha reserve; takes it out of the inventory and sets `ownerShareOfSale`.
   */
  takeSale(day: number, alphaUsd: number, alphaUsdReference: number, poolAlpha: number): number {
    const r = this.rule;
    const inventory = this.ownerInventory + this.validatorInventory;
    if (inventory <= 0) return 0;
    let amount: number;
    switch (r.code) {
      case WEEKLY:
        amount = (day + 1) % r.everyDays === 0 ? inventory : 0;
        break;
      case THRESHOLD:
        amount = alphaUsd >= r.priceRatio * alphaUsdReference ? inventory : 0;
        break;
      case CAPPED: {
        const cap = r.maxShareOfDepth * poolAlpha;
        amount = inventory < cap ? inventory : cap;
        break;
      }
      default:
        amount = inventory;
    }
    if (amount <= 0) return 0;
    const ownerShare = this.ownerInventory / inventory;
    this.ownerShareOfSale = ownerShare;
    const left = 1 - amount / inventory;
    this.ownerInventory *= left;
    this.validatorInventory *= left;
    return amount;
  }

  /** Everything still held (inventory and hold-share reserve), emptied: the horizon sale. */
  takeAll(): number {
    const all = this.ownerInventory + this.validatorInventory + this.ownerHeld + this.validatorHeld;
    this.ownerShareOfSale = all > 0 ? (this.ownerInventory + this.ownerHeld) / all : 0;
    this.ownerInventory = 0;
    this.validatorInventory = 0;
    this.ownerHeld = 0;
    this.validatorHeld = 0;
    return all;
  }
}
