/**
 * Costs of the subnet route (ECONOMICS.md, "Licensing revenue and costs"), per path and month.
 * Month 0 is today: the one-off set-up (subnet registration, development, legal and ethics
 * review). Months 1..M: maintenance development, infrastructure, ongoing legal and ethics,
 * clinician review of each released dataset, privacy audits (every `audit_every_months`, the
 * first at that month), and the conversion fees the treasury pays (booked by the Monte Carlo).
 * The validator stake is capital, not a cost: it is bought at month 0 and sold at the horizon
 * (see sim/economics/montecarlo.ts).
 */
import { usdToBuyTao } from "./treasury.js";

/** Cost lines, in report order; indexes into a line array. */
export const COST_LINES = [
  "registration",
  "development",
  "infrastructure",
  "legal_ethics",
  "clinician_review",
  "audits",
  "conversion_fees",
] as const;
export type CostLine = (typeof COST_LINES)[number];

export const REGISTRATION = 0;
export const DEVELOPMENT = 1;
export const INFRASTRUCTURE = 2;
export const LEGAL_ETHICS = 3;
export const CLINICIAN_REVIEW = 4;
export const AUDITS = 5;
export const CONVERSION_FEES = 6;

/** One path's cost inputs (drawn from the scenario's distributions). */
export interface CostInputs {
  registrationTao: number;
  developmentUsd: number;
  developmentUsdPerMonth: number;
  infrastructureUsdPerMonth: number;
  legalEthicsUsd: number;
  legalEthicsUsdPerMonth: number;
  clinicianHoursPerDataset: number;
  clinicianUsdPerHour: number;
  auditUsd: number;
  auditEveryMonths: number;
}

/**
 * Month-0 costs of the subnet route, added into `lines` (USD): the registration lock bought in
 * TAO at today's price (fee and half-spread included), development, legal and ethics. Returns
 * their total.
 */
export function setupCosts(c: CostInputs, taoUsd0: number, exchangeFee: number, spread: number, lines: Float64Array): number {
  const registration = usdToBuyTao(c.registrationTao, taoUsd0, exchangeFee, spread);
  lines[REGISTRATION] += registration;
  lines[DEVELOPMENT] += c.developmentUsd;
  lines[LEGAL_ETHICS] += c.legalEthicsUsd;
  return registration + c.developmentUsd + c.legalEthicsUsd;
}

/** Clinician review cost of releasing `datasets` datasets (USD). */
export function clinicianReviewUsd(c: CostInputs, datasets: number): number {
  return datasets * c.clinicianHoursPerDataset * c.clinicianUsdPerHour;
}

/** Audit cost due in month m (1-based). */
export function auditUsdInMonth(c: CostInputs, m: number): number {
  return m % c.auditEveryMonths === 0 ? c.auditUsd : 0;
}

/**
 * Operating costs of month m ≥ 1 of the subnet route, given the datasets released that month,
 * added into `lines` (USD; conversion fees are added by the treasury). Returns their total.
 */
export function operatingCosts(c: CostInputs, m: number, datasets: number, lines: Float64Array): number {
  const review = clinicianReviewUsd(c, datasets);
  const audit = auditUsdInMonth(c, m);
  lines[DEVELOPMENT] += c.developmentUsdPerMonth;
  lines[INFRASTRUCTURE] += c.infrastructureUsdPerMonth;
  lines[LEGAL_ETHICS] += c.legalEthicsUsdPerMonth;
  lines[CLINICIAN_REVIEW] += review;
  lines[AUDITS] += audit;
  return c.developmentUsdPerMonth + c.infrastructureUsdPerMonth + c.legalEthicsUsdPerMonth + review + audit;
}
