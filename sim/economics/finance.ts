/**
 * Financial maths for monthly cash flows and Monte Carlo outcome summaries.
 *
 * Time convention for every function here: `cashFlows[m]` is the net cash (USD) of month m and
 * occurs at time t = m months = m/12 years, so `cashFlows[0]` is today and is not discounted.
 * Rates are ANNUAL EFFECTIVE: a month is discounted by (1 + r)^(1/12), month m by
 * (1 + r)^(m/12). IRR is returned as an annual effective rate too.
 */

const MONTHS_PER_YEAR = 12;

function checkCashFlows(who: string, cashFlows: ArrayLike<number>): void {
  if (cashFlows.length === 0) throw new Error(`${who}: cashFlows is empty; expected at least one monthly cash flow`);
  for (let i = 0; i < cashFlows.length; i++) {
    if (!Number.isFinite(cashFlows[i]!)) {
      throw new Error(`${who}: cashFlows[${i}] = ${cashFlows[i]}; expected a finite amount (USD)`);
    }
  }
}

function checkAnnualRate(who: string, annualRate: number): void {
  if (!Number.isFinite(annualRate) || annualRate <= -1) {
    throw new Error(`${who}: annualRate = ${annualRate}; expected a finite annual effective rate > −1 (0.10 = 10%/yr)`);
  }
}

/** Monthly rate equivalent to an annual effective rate: (1 + r)^(1/12) − 1. */
export function monthlyRateFromAnnual(annualRate: number): number {
  checkAnnualRate("monthlyRateFromAnnual", annualRate);
  return Math.pow(1 + annualRate, 1 / MONTHS_PER_YEAR) - 1;
}

/** Annual effective rate equivalent to a monthly rate: (1 + m)^12 − 1. */
export function annualRateFromMonthly(monthlyRate: number): number {
  if (!Number.isFinite(monthlyRate) || monthlyRate <= -1) {
    throw new Error(`annualRateFromMonthly: monthlyRate = ${monthlyRate}; expected a finite monthly rate > −1`);
  }
  return Math.pow(1 + monthlyRate, MONTHS_PER_YEAR) - 1;
}

/** Discount factor of month m (m months from now) at an annual effective rate: (1 + r)^(−m/12). */
export function discountFactor(annualRate: number, month: number): number {
  checkAnnualRate("discountFactor", annualRate);
  return Math.pow(1 + annualRate, -month / MONTHS_PER_YEAR);
}

/**
 * Net present value (USD, today) of monthly cash flows at an annual effective discount rate:
 * Σ_m cashFlows[m] · (1 + r)^(−m/12), with cashFlows[0] today.
 */
export function npv(cashFlows: ArrayLike<number>, annualRate: number): number {
  checkCashFlows("npv", cashFlows);
  checkAnnualRate("npv", annualRate);
  const v = Math.pow(1 + annualRate, -1 / MONTHS_PER_YEAR);
  let df = 1;
  let total = 0;
  for (let m = 0; m < cashFlows.length; m++) {
    total += cashFlows[m]! * df;
    df *= v;
  }
  return total;
}

/** Σ_m cf[m] e^{−g m}: the NPV at monthly log rate g = ln(1 + monthly rate). */
function npvAtLogRate(cf: ArrayLike<number>, g: number): number {
  const v = Math.exp(-g);
  let df = 1;
  let total = 0;
  for (let m = 0; m < cf.length; m++) {
    total += cf[m]! * df;
    df *= v;
  }
  return total;
}

function bisect(cf: ArrayLike<number>, lo: number, hi: number, fLo: number): number {
  let a = lo;
  let b = hi;
  let fa = fLo;
  for (let i = 0; i < 200 && b - a > 1e-15 * Math.max(1, Math.abs(a) + Math.abs(b)); i++) {
    const mid = 0.5 * (a + b);
    const fm = npvAtLogRate(cf, mid);
    if (fm === 0) return mid;
    if (fa < 0 === fm < 0) {
      a = mid;
      fa = fm;
    } else {
      b = mid;
    }
  }
  return 0.5 * (a + b);
}

/**
 * Internal rate of return of monthly cash flows, as an ANNUAL effective rate ((1 + m)^12 − 1
 * for the monthly rate m with NPV = 0), or null when there is none: no sign change among the
 * flows, or no root with a monthly rate in (−99.995%, +1,900%).
 *
 * Method: in g = ln(1 + m), scan outward from g = 0 on both sides with steps growing by half
 * each time (first step 0.001) to bracket a sign change of the NPV, then bisect to machine
 * precision. With several roots (flows changing sign more than once) it returns the one
 * nearest g = 0 that the scan brackets; two roots closer than the scan step can be missed.
 */
export function irr(cashFlows: ArrayLike<number>): number | null {
  checkCashFlows("irr", cashFlows);
  let pos = false;
  let neg = false;
  for (let i = 0; i < cashFlows.length; i++) {
    if (cashFlows[i]! > 0) pos = true;
    else if (cashFlows[i]! < 0) neg = true;
  }
  if (!pos || !neg) return null;
  const toAnnual = (g: number) => Math.expm1(MONTHS_PER_YEAR * g);
  const f0 = npvAtLogRate(cashFlows, 0);
  if (f0 === 0) return 0;
  const G_MAX = 3; // monthly rate e^3 − 1 ≈ +1,900%
  const G_MIN = -10; // monthly rate e^−10 − 1 ≈ −99.995%
  let step = 0.001;
  let upPrev = 0;
  let fUpPrev = f0;
  let downPrev = 0;
  let fDownPrev = f0;
  let upDone = false;
  let downDone = false;
  while (!upDone || !downDone) {
    let upRoot: number | null = null;
    let downRoot: number | null = null;
    if (!upDone) {
      const g = Math.min(upPrev + step, G_MAX);
      const f = npvAtLogRate(cashFlows, g);
      if (f === 0) upRoot = g;
      else if (f < 0 !== fUpPrev < 0) upRoot = bisect(cashFlows, upPrev, g, fUpPrev);
      upPrev = g;
      fUpPrev = f;
      if (g >= G_MAX) upDone = true;
    }
    if (!downDone) {
      const g = Math.max(downPrev - step, G_MIN);
      const f = npvAtLogRate(cashFlows, g);
      if (f === 0) downRoot = g;
      else if (f < 0 !== fDownPrev < 0) downRoot = bisect(cashFlows, g, downPrev, f);
      downPrev = g;
      fDownPrev = f;
      if (g <= G_MIN) downDone = true;
    }
    if (upRoot !== null && downRoot !== null) return toAnnual(Math.abs(upRoot) <= Math.abs(downRoot) ? upRoot : downRoot);
    if (upRoot !== null) return toAnnual(upRoot);
    if (downRoot !== null) return toAnnual(downRoot);
    step *= 1.5;
  }
  return null;
}

/** Running total of cash flows: out[m] = Σ_{i ≤ m} cashFlows[i] (USD). */
export function cumulativeCash(cashFlows: ArrayLike<number>): Float64Array {
  checkCashFlows("cumulativeCash", cashFlows);
  const out = new Float64Array(cashFlows.length);
  let total = 0;
  for (let m = 0; m < cashFlows.length; m++) {
    total += cashFlows[m]!;
    out[m] = total;
  }
  return out;
}

export interface BreakEvenOptions {
  /**
   * "stays" (default): the first month m from which cumulative cash is ≥ 0 in EVERY later
   * month of the horizon (payback that holds). "first": the first month cumulative cash is
   * ≥ 0, even if it falls below zero again later.
   */
  readonly rule?: "stays" | "first";
  /** If given, discount each month first at this annual effective rate (discounted payback). */
  readonly annualRate?: number;
}

/**
 * Break-even month: with C_m = Σ_{i ≤ m} cashFlows[i] (discounted if `annualRate` is given),
 * the smallest month index m (0 = today) such that C_m ≥ 0 and, under the default rule
 * "stays", C_j ≥ 0 for every j ≥ m up to the end of the horizon. Returns null when no such
 * month exists within the horizon (in particular when the final cumulative cash is < 0).
 * A project that is never below zero breaks even at month 0.
 */
export function breakEvenMonth(cashFlows: ArrayLike<number>, options: BreakEvenOptions = {}): number | null {
  checkCashFlows("breakEvenMonth", cashFlows);
  const rule = options.rule ?? "stays";
  if (rule !== "stays" && rule !== "first") {
    throw new Error(`breakEvenMonth: rule = "${String(rule)}"; expected "stays" or "first"`);
  }
  let v = 1;
  if (options.annualRate !== undefined) {
    checkAnnualRate("breakEvenMonth", options.annualRate);
    v = Math.pow(1 + options.annualRate, -1 / MONTHS_PER_YEAR);
  }
  let total = 0;
  let df = 1;
  let candidate: number | null = null;
  for (let m = 0; m < cashFlows.length; m++) {
    total += cashFlows[m]! * df;
    df *= v;
    if (total >= 0) {
      if (candidate === null) {
        candidate = m;
        if (rule === "first") return m;
      }
    } else {
      candidate = null;
    }
  }
  return candidate;
}

// ---------------------------------------------------------------------------------------------
// Outcome summaries
// ---------------------------------------------------------------------------------------------

function checkValues(who: string, values: ArrayLike<number>): void {
  if (values.length === 0) throw new Error(`${who}: values is empty; expected at least one value`);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) throw new Error(`${who}: values[${i}] is NaN; expected a number`);
  }
}

function checkProbability(who: string, field: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new Error(`${who}: ${field} = ${p}; expected a probability in [0, 1]`);
}

/** A sorted copy (ascending); the caller's array is not touched. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  out.sort();
  return out;
}

/** Type-7 quantile (R's default, numpy's "linear") of values ALREADY SORTED ascending. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  checkProbability("quantileSorted", "p", p);
  const n = sorted.length;
  if (n === 0) throw new Error("quantileSorted: sorted is empty; expected at least one value");
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Type-7 quantile: with the n values sorted x_(0) ≤ … ≤ x_(n−1), h = (n − 1)p and
 * Q(p) = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)). Sorts a copy; the input is not modified.
 * For several quantiles of one sample use `quantiles` (one sort).
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  checkValues("quantile", values);
  checkProbability("quantile", "p", p);
  return quantileSorted(sortedCopy(values), p);
}

/** Type-7 quantiles at each probability in `ps` (one sorted copy; the input is not modified). */
export function quantiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  checkValues("quantiles", values);
  ps.forEach((p, i) => checkProbability("quantiles", `ps[${i}]`, p));
  const sorted = sortedCopy(values);
  return ps.map((p) => quantileSorted(sorted, p));
}

/** Arithmetic mean. */
export function mean(values: ArrayLike<number>): number {
  checkValues("mean", values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/**
 * Conditional value at risk (expected shortfall) of the LOWER tail: the mean of the worst
 * α·n values (α = 0.05: the worst 5%). When α·n is not a whole number the boundary value
 * enters with its fractional weight: CVaR = (Σ_{i<k} x_(i) + (αn − k) x_(k)) / (αn),
 * k = ⌊αn⌋. For outcomes where high is bad (losses), pass the negated values.
 */
export function cvar(values: ArrayLike<number>, alpha = 0.05): number {
  checkValues("cvar", values);
  if (!(alpha > 0 && alpha <= 1)) throw new Error(`cvar: alpha = ${alpha}; expected a tail share in (0, 1]`);
  const sorted = sortedCopy(values);
  const tail = alpha * sorted.length;
  const k = Math.floor(tail);
  let s = 0;
  for (let i = 0; i < k; i++) s += sorted[i]!;
  if (tail > k) s += (tail - k) * sorted[k]!;
  return s / tail;
}

/** Share of values strictly above the threshold (e.g. P(NPV > 0)). */
export function probabilityAbove(values: ArrayLike<number>, threshold: number): number {
  checkValues("probabilityAbove", values);
  let c = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > threshold) c++;
  return c / values.length;
}

/** Share of values strictly below the threshold (e.g. P(loss) = P(NPV < 0)). */
export function probabilityBelow(values: ArrayLike<number>, threshold: number): number {
  checkValues("probabilityBelow", values);
  let c = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! < threshold) c++;
  return c / values.length;
}

/**
 * Share of paired outcomes with a[i] > b[i] strictly (e.g. P(subnet NPV beats the vendor's)
 * when both were computed on the same Monte Carlo paths).
 */
export function probabilityPairwiseGreater(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkValues("probabilityPairwiseGreater", a);
  checkValues("probabilityPairwiseGreater", b);
  if (a.length !== b.length) {
    throw new Error(`probabilityPairwiseGreater: a has ${a.length} values and b has ${b.length}; expected the same paths in both`);
  }
  let c = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > b[i]!) c++;
  return c / a.length;
}

/** Monte Carlo standard error of an estimated probability p from n paths: √(p(1 − p)/n). */
export function probabilityStandardError(p: number, n: number): number {
  checkProbability("probabilityStandardError", "p", p);
  if (!Number.isInteger(n) || n < 1) throw new Error(`probabilityStandardError: n = ${n}; expected a path count ≥ 1`);
  return Math.sqrt((p * (1 - p)) / n);
}
