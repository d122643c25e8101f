/**
 * The vendor baseline (ECONOMICS.md): instead of running a subnet, license a traditional
 * synthetic-data vendor's platform and sell datasets from it. Cash flows per month:
 *
 * - month 0: set-up (integration) and the first year's licence, plus the one-off legal and
 *   ethics review (needed whichever route releases data);
 * - months 1..M: licensing revenue from the same Bass model and the same random draws as the
 *   subnet route (sales from `vendor.start_month`, market size × quality_multiplier^elasticity),
 *   minus ongoing legal and ethics, clinician review per dataset and privacy audits (the same
 *   amounts as the subnet route), and the licence again every 12 months before the horizon.
 *
 * No emissions, no stake, no crypto conversion.
 */
import { auditUsdInMonth, clinicianReviewUsd, type CostInputs } from "./costs.js";
import type { Licensing } from "./licensing.js";

export interface VendorInputs {
  licenceUsdPerYear: number;
  setupUsd: number;
}

/**
 * Writes the vendor route's net cash flow of months 0..M into `out` (length M + 1), using the
 * path's uniforms `adoptU`/`churnU` (index = month) and its market size.
 */
export function vendorCashFlows(
  out: Float64Array,
  licensing: Licensing,
  vendor: VendorInputs,
  costs: CostInputs,
  marketSize: number,
  demandMultiplier: number,
  adoptU: Float64Array,
  churnU: Float64Array,
): void {
  const months = out.length - 1;
  licensing.reset(marketSize);
  out[0] = -(vendor.setupUsd + vendor.licenceUsdPerYear + costs.legalEthicsUsd);
  for (let m = 1; m <= months; m++) {
    licensing.month(m, demandMultiplier, adoptU[m]!, churnU[m]!);
    let cash = licensing.revenueUsd - costs.legalEthicsUsdPerMonth - clinicianReviewUsd(costs, licensing.datasets) - auditUsdInMonth(costs, m);
    if (m % 12 === 0 && m < months) cash -= vendor.licenceUsdPerYear;
    out[m] = cash;
  }
}
