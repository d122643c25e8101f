/**
 * Uncertain inputs of the revenue model: a scenario distribution (a number, `{ uniform }`,
 * `{ lognormal }`, `{ normal }`) is drawn by INVERSE CDF from one uniform per input per path.
 * Every path draws the same number of uniforms in the same order whatever the distributions
 * are, so fixing one input (a tornado bar) leaves every other input's draw unchanged: common
 * random numbers.
 */
import type { Distribution } from "../scenario/fields.js";

/**
 * Standard normal quantile Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative
 * error below 1.2e-9), central region |p − 0.5| ≤ 0.47575, tails by the log form.
 */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`inverseNormalCdf: p = ${p}; expected a probability strictly between 0 and 1`);
  const a1 = -39.69683028665376, a2 = 220.9460984245205, a3 = -275.9285104469687;
  const a4 = 138.357751867269, a5 = -30.66479806614716, a6 = 2.506628277459239;
  const b1 = -54.47609879822406, b2 = 161.5858368580409, b3 = -155.6989798598866;
  const b4 = 66.80131188771972, b5 = -13.28068155288572;
  const c1 = -0.007784894002430293, c2 = -0.3223964580411365, c3 = -2.400758277161838;
  const c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
  const d1 = 0.007784695709041462, d2 = 0.3224671290700398, d3 = 2.445134137142996, d4 = 3.754408661907416;
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
}

/** Keeps a uniform draw in [1e-12, 1 − 1e-12] so tails stay finite. */
function clampU(u: number): number {
  return u < 1e-12 ? 1e-12 : u > 1 - 1e-12 ? 1 - 1e-12 : u;
}

/** The u-quantile of a scenario distribution (a constant ignores u). */
export function distributionQuantile(d: Distribution, u: number): number {
  if (typeof d === "number") return d;
  if ("uniform" in d) return d.uniform[0] + (d.uniform[1] - d.uniform[0]) * u;
  if ("lognormal" in d) return d.lognormal.median * Math.exp(d.lognormal.sigma * inverseNormalCdf(clampU(u)));
  return d.normal.mean + d.normal.sd * inverseNormalCdf(clampU(u));
}

/** Mean of a scenario distribution. */
export function distributionMean(d: Distribution): number {
  if (typeof d === "number") return d;
  if ("uniform" in d) return 0.5 * (d.uniform[0] + d.uniform[1]);
  if ("lognormal" in d) return d.lognormal.median * Math.exp(0.5 * d.lognormal.sigma * d.lognormal.sigma);
  return d.normal.mean;
}

/** True when the distribution is a single number. */
export function isConstant(d: Distribution): boolean {
  return typeof d === "number";
}
