/**
 * Licensing revenue: buyers (pharma, AI companies) adopt along a Bass diffusion curve, churn
 * monthly, and pay an API subscription plus per-dataset licences (ECONOMICS.md, "Licensing
 * revenue and costs").
 *
 * Bass (1969), cumulative share of the market that has adopted t years after launch:
 *
 *   F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}),
 *
 * the solution of dF/dt = (p + qF)(1 − F), F(0) = 0, with p (innovation) and q (imitation) per
 * year. Sales start at the beginning of month `start_month`; month m (≥ start) ends
 * t = (m − start + 1)/12 years after launch. Each month:
 *
 *   new      = m_eff × (F(t) − F(t − 1/12))   (Poisson with that mean when stochastic;
 *                                             m_eff = market size × demand multiplier)
 *   churned  = customers × churn        (binomial when stochastic), before the new arrive
 *   customers ← customers − churned + new;  adopted ← adopted + new
 *   datasets = customers × datasets_per_customer_per_year / 12
 *   revenue  = customers × subscription + datasets × per-dataset price
 *
 * With a constant m_eff, adopted(t) = m_eff·F(t) exactly without noise, and on average with it
 * (independent Poisson increments): the closed form. The stochastic draws are inverse CDFs of
 * one uniform each (adoption, churn) per month, so the subnet and the vendor route see the
 * same luck.
 */
import { inverseNormalCdf } from "./parameters.js";

/** Bass cumulative adoption share F(t), t in years, p and q per year (0 when p = 0). */
export function bassCumulative(t: number, p: number, q: number): number {
  if (t <= 0 || p <= 0) return 0;
  const e = Math.exp(-(p + q) * t);
  return (1 - e) / (1 + (q / p) * e);
}

/** Poisson(mean) quantile at u (inversion; normal approximation above a mean of 200). */
export function poissonQuantile(mean: number, u: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 200) {
    const uu = u < 1e-12 ? 1e-12 : u > 1 - 1e-12 ? 1 - 1e-12 : u;
    const k = Math.round(mean + Math.sqrt(mean) * inverseNormalCdf(uu));
    return k < 0 ? 0 : k;
  }
  let k = 0;
  let prob = Math.exp(-mean);
  let cdf = prob;
  const limit = mean + 60 * Math.sqrt(mean) + 60;
  while (u > cdf && k < limit) {
    k++;
    prob *= mean / k;
    cdf += prob;
  }
  return k;
}

/** Binomial(n, p) quantile at u, n a whole number (inversion; normal approximation above n = 1000). */
export function binomialQuantile(n: number, p: number, u: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n > 1000) {
    const uu = u < 1e-12 ? 1e-12 : u > 1 - 1e-12 ? 1 - 1e-12 : u;
    const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * inverseNormalCdf(uu));
    return k < 0 ? 0 : k > n ? n : k;
  }
  const ratio = p / (1 - p);
  let k = 0;
  let prob = Math.pow(1 - p, n);
  let cdf = prob;
  while (u > cdf && k < n) {
    prob *= ((n - k) / (k + 1)) * ratio;
    k++;
    cdf += prob;
  }
  return k;
}

export interface LicensingParams {
  readonly startMonth: number;
  readonly p: number;
  readonly q: number;
  readonly churnPerMonth: number;
  readonly subscriptionUsdPerMonth: number;
  readonly perDatasetUsd: number;
  readonly datasetsPerCustomerPerYear: number;
  readonly stochastic: boolean;
}

/** One route's licensing business on one path (see the module comment). */
export class Licensing {
  readonly params: LicensingParams;
  marketSize = 0;
  /** Buyers who have ever subscribed, and those subscribed now. */
  adopted = 0;
  customers = 0;
  /** This month's figures. */
  revenueUsd = 0;
  datasets = 0;

  constructor(params: LicensingParams) {
    this.params = params;
  }

  reset(marketSize: number): void {
    this.marketSize = marketSize > 0 ? marketSize : 0;
    this.adopted = 0;
    this.customers = 0;
    this.revenueUsd = 0;
    this.datasets = 0;
  }

  /** Month m (1-based): adoption, churn, revenue. `demandMultiplier` scales the market size. */
  month(m: number, demandMultiplier: number, uAdopt: number, uChurn: number): void {
    const p = this.params;
    if (m < p.startMonth) {
      this.revenueUsd = 0;
      this.datasets = 0;
      return;
    }
    const t = (m - p.startMonth + 1) / 12;
    const increment = bassCumulative(t, p.p, p.q) - bassCumulative(t - 1 / 12, p.p, p.q);
    const expected = this.marketSize * demandMultiplier * increment;
    let fresh: number;
    let churned: number;
    if (p.stochastic) {
      fresh = poissonQuantile(expected, uAdopt);
      churned = binomialQuantile(this.customers, p.churnPerMonth, uChurn);
    } else {
      fresh = expected;
      churned = this.customers * p.churnPerMonth;
    }
    this.customers = this.customers - churned + fresh;
    this.adopted += fresh;
    this.datasets = (this.customers * p.datasetsPerCustomerPerYear) / 12;
    this.revenueUsd = this.customers * p.subscriptionUsdPerMonth + this.datasets * p.perDatasetUsd;
  }
}
