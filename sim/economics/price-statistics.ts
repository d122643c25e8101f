/**
 * Statistics of a price series: the figures quoted in `data/tao-usd-daily.SOURCE.md`
 * (annualised volatility, share of big days, max drawdown, moments of daily log returns),
 * computed the same way for history and for simulated paths.
 */

/** Calendar days per year: crypto trades every day, so daily figures annualise with 365. */
export const DAYS_PER_YEAR = 365;

/** Sample moments of a set of observations. */
export interface Moments {
  readonly count: number;
  readonly mean: number;
  /** Sample variance (divisor n − 1). */
  readonly variance: number;
  /** Sample standard deviation (divisor n − 1). */
  readonly sd: number;
  /** Adjusted Fisher–Pearson skewness G1 (as spreadsheet SKEW); NaN when n < 3. */
  readonly skewness: number;
  /** Adjusted excess kurtosis G2 (as spreadsheet KURT); NaN when n < 4. */
  readonly excessKurtosis: number;
}

/** Sample moments (mean, n − 1 variance, adjusted skewness and excess kurtosis). */
export function moments(values: ArrayLike<number>): Moments {
  const n = values.length;
  if (n < 2) throw new Error(`moments: ${n} value(s); expected at least 2`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const variance = m2 / (n - 1);
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const g1 = m2 > 0 ? m3 / Math.pow(m2, 1.5) : Number.NaN;
  const g2 = m2 > 0 ? m4 / (m2 * m2) - 3 : Number.NaN;
  const skewness = n >= 3 ? (g1 * Math.sqrt(n * (n - 1))) / (n - 2) : Number.NaN;
  const excessKurtosis = n >= 4 ? (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3)) : Number.NaN;
  return { count: n, mean, variance, sd: Math.sqrt(variance), skewness, excessKurtosis };
}

/** Largest peak-to-trough fall of a series. */
export interface Drawdown {
  /** min over t of S_t / max_{s ≤ t} S_s − 1, a fraction ≤ 0 (−0.8 is −80%). */
  readonly maxDrawdown: number;
  /** Index of the peak before the deepest trough. */
  readonly peakIndex: number;
  /** Index of the deepest trough. */
  readonly troughIndex: number;
}

/** Maximum drawdown of a positive series (over `from..to−1`, default the whole series). */
export function maxDrawdown(prices: ArrayLike<number>, from = 0, to = prices.length): Drawdown {
  if (to - from < 1) throw new Error(`maxDrawdown: empty range ${from}..${to}; expected at least 1 price`);
  let peak = prices[from]!;
  let peakIdx = from;
  let worst = 0;
  let worstPeak = from;
  let worstTrough = from;
  for (let i = from; i < to; i++) {
    const p = prices[i]!;
    if (p > peak) {
      peak = p;
      peakIdx = i;
    }
    const dd = p / peak - 1;
    if (dd < worst) {
      worst = dd;
      worstPeak = peakIdx;
      worstTrough = i;
    }
  }
  return { maxDrawdown: worst, peakIndex: worstPeak, troughIndex: worstTrough };
}

/** Statistics of a daily price series (see `priceSeriesStatistics`). */
export interface PriceSeriesStatistics {
  /** Number of daily close-to-close returns (prices − 1). */
  readonly returns: number;
  /** Mean daily log return (per day, not annualised). */
  readonly meanLogReturnDaily: number;
  /** Sample standard deviation of daily log returns (per day). */
  readonly sdLogReturnDaily: number;
  /** Mean daily log return × periodsPerYear (per year). */
  readonly meanLogReturnAnnual: number;
  /** Sample standard deviation of daily log returns × √periodsPerYear (per year; 1.139 = 113.9%). */
  readonly annualisedVolatility: number;
  /** Days whose |simple return| exceeds the threshold (strictly). */
  readonly bigMoveDays: number;
  /** bigMoveDays / returns (a fraction; 0.0874 = 8.74%). */
  readonly bigMoveShare: number;
  /** The threshold used for big moves (a simple-return fraction, default 0.10). */
  readonly bigMoveThreshold: number;
  /** Maximum drawdown as a fraction ≤ 0, with its peak and trough indices. */
  readonly drawdown: Drawdown;
  /** Adjusted sample skewness of daily log returns. */
  readonly skewness: number;
  /** Adjusted sample excess kurtosis of daily log returns. */
  readonly excessKurtosis: number;
  /** Worst and best daily simple returns (fractions). */
  readonly worstSimpleReturn: number;
  readonly bestSimpleReturn: number;
}

/**
 * Statistics of a price series sampled once per period (default daily, 365 periods a year).
 * Volatility = sample sd of log returns × √periodsPerYear, as in the SOURCE.md table. On the
 * shipped file: 113.9%/yr, 8.74% of days with |simple return| > 10%, max drawdown −80.0%,
 * skewness 0.53, excess kurtosis 1.62, mean daily log return +0.00034.
 */
export function priceSeriesStatistics(
  prices: ArrayLike<number>,
  options: { bigMoveThreshold?: number; periodsPerYear?: number } = {},
): PriceSeriesStatistics {
  const threshold = options.bigMoveThreshold ?? 0.1;
  const periodsPerYear = options.periodsPerYear ?? DAYS_PER_YEAR;
  const n = prices.length;
  if (n < 5) throw new Error(`priceSeriesStatistics: ${n} price(s); expected at least 5`);
  for (let i = 0; i < n; i++) {
    const p = prices[i]!;
    if (!Number.isFinite(p) || p <= 0) {
      throw new Error(`priceSeriesStatistics: price[${i}] = ${p}; expected a finite number > 0`);
    }
  }
  const logs = new Float64Array(n - 1);
  let big = 0;
  let worst = Infinity;
  let best = -Infinity;
  for (let i = 1; i < n; i++) {
    const ratio = prices[i]! / prices[i - 1]!;
    logs[i - 1] = Math.log(ratio);
    const simple = ratio - 1;
    if (Math.abs(simple) > threshold) big++;
    if (simple < worst) worst = simple;
    if (simple > best) best = simple;
  }
  const m = moments(logs);
  return {
    returns: n - 1,
    meanLogReturnDaily: m.mean,
    sdLogReturnDaily: m.sd,
    meanLogReturnAnnual: m.mean * periodsPerYear,
    annualisedVolatility: m.sd * Math.sqrt(periodsPerYear),
    bigMoveDays: big,
    bigMoveShare: big / (n - 1),
    bigMoveThreshold: threshold,
    drawdown: maxDrawdown(prices),
    skewness: m.skewness,
    excessKurtosis: m.excessKurtosis,
    worstSimpleReturn: worst,
    bestSimpleReturn: best,
  };
}
