/**
 * TAO/USD price processes on a seeded time grid.
 *
 * Units: every rate parameter is ANNUALISED (per 365-day year, since crypto trades every day);
 * the grid step `dtDays` is in DAYS (1 = daily, 1/24 = hourly). A path is written into a
 * caller-provided `Float64Array`: `out[0] = s0` and `out[i]` is the price after `i` steps, so
 * `out.length = steps + 1` (36 months daily: 1,095 steps, `new Float64Array(1096)`). Nothing is
 * allocated per step or per path, so one buffer can be reused for a whole Monte Carlo run.
 *
 * Drift convention, the same for every parametric process: `muAnnual` is the EXPECTED-VALUE
 * drift, E[S_t] = S_0 · e^{μ t}. The median path grows at the log drift μ − σ²/2 (GBM), which
 * with TAO's σ ≈ 1.14 is about 0.65/yr lower. `muFromLogDrift` converts.
 *
 * Randomness: only through a `Stream` from `sim/core/rng.ts`. Path k of a run uses the stream
 * `price/path/k` (`pricePathStream`), so any path is reproducible alone from (seed, k).
 */
import { Rng, type Stream } from "../core/rng.js";
import { DAYS_PER_YEAR } from "./price-statistics.js";

/** A price process that fills a path buffer from a random stream. */
export interface PriceProcess {
  /** Short name: "gbm", "merton", "regime-switching", "block-bootstrap". */
  readonly kind: string;
  /**
   * Writes one path: `out[0] = s0` (USD, > 0), then `out.length − 1` steps of `dtDays` days.
   * Draws only from `stream`; the same stream state gives the same path.
   */
  simulate(stream: Stream, s0: number, out: Float64Array, dtDays?: number): void;
}

/** The stream of Monte Carlo path k: `rng.stream("price/path/k")`. */
export function pricePathStream(rng: Rng | number | string, k: number): Stream {
  if (!Number.isInteger(k) || k < 0) throw new Error(`pricePathStream: path index k = ${k}; expected an integer ≥ 0`);
  const r = rng instanceof Rng ? rng : new Rng(rng);
  return r.stream(`price/path/${k}`);
}

/** Simulates path k of a run with this seed into `out` (reproducible alone from (seed, k)). */
export function simulatePricePath(
  process: PriceProcess,
  seed: Rng | number | string,
  k: number,
  s0: number,
  out: Float64Array,
  dtDays = 1,
): void {
  process.simulate(pricePathStream(seed, k), s0, out, dtDays);
}

/** Expected-value drift μ (annual) from a log drift (annual mean log return) and volatility: μ = g + σ²/2. */
export function muFromLogDrift(logDriftAnnual: number, sigmaAnnual: number): number {
  return logDriftAnnual + (sigmaAnnual * sigmaAnnual) / 2;
}

/** Throws unless `value` is finite (and ≥ min / > min when given). */
function requireNumber(who: string, field: string, value: number, expectation: string, ok: boolean): void {
  if (!Number.isFinite(value) || !ok) throw new Error(`${who}: ${field} = ${value}; expected ${expectation}`);
}

/** Checks the arguments every `simulate` shares. */
export function checkPathArguments(who: string, s0: number, out: Float64Array, dtDays: number): void {
  requireNumber(who, "s0", s0, "a finite price > 0 (USD)", s0 > 0);
  requireNumber(who, "dtDays", dtDays, "a finite step > 0 (days)", dtDays > 0);
  if (!(out instanceof Float64Array) || out.length < 1) {
    throw new Error(`${who}: out has length ${out?.length}; expected a Float64Array of length steps + 1 ≥ 1`);
  }
}

// ---------------------------------------------------------------------------------------------
// Geometric Brownian motion
// ---------------------------------------------------------------------------------------------

export interface GbmParameters {
  /** Expected-value drift per year: E[S_t] = S_0 e^{μ t}. */
  readonly muAnnual: number;
  /** Volatility per year (sd of log returns × √365; 1.139 = 113.9%). */
  readonly sigmaAnnual: number;
}

/**
 * Geometric Brownian motion dS/S = μ dt + σ dW, discretised exactly in logs:
 * ln S_{t+Δ} = ln S_t + (μ − σ²/2) Δ + σ √Δ Z, Δ = dtDays / 365 years, Z ~ N(0, 1).
 * One normal draw per step.
 */
export class GbmProcess implements PriceProcess {
  readonly kind = "gbm";
  readonly muAnnual: number;
  readonly sigmaAnnual: number;

  constructor(p: GbmParameters) {
    requireNumber("GbmProcess", "muAnnual", p.muAnnual, "a finite annual drift", true);
    requireNumber("GbmProcess", "sigmaAnnual", p.sigmaAnnual, "a finite annual volatility ≥ 0", p.sigmaAnnual >= 0);
    this.muAnnual = p.muAnnual;
    this.sigmaAnnual = p.sigmaAnnual;
  }

  /** Theoretical mean of one step's log return (dimensionless, for a step of dtDays days). */
  logReturnMean(dtDays = 1): number {
    return (this.muAnnual - 0.5 * this.sigmaAnnual * this.sigmaAnnual) * (dtDays / DAYS_PER_YEAR);
  }

  /** Theoretical variance of one step's log return (for a step of dtDays days). */
  logReturnVariance(dtDays = 1): number {
    return this.sigmaAnnual * this.sigmaAnnual * (dtDays / DAYS_PER_YEAR);
  }

  simulate(stream: Stream, s0: number, out: Float64Array, dtDays = 1): void {
    checkPathArguments("GbmProcess.simulate", s0, out, dtDays);
    const drift = this.logReturnMean(dtDays);
    const vol = Math.sqrt(this.logReturnVariance(dtDays));
    let logS = Math.log(s0);
    out[0] = s0;
    const n = out.length;
    for (let i = 1; i < n; i++) {
      logS += drift + vol * stream.normal();
      out[i] = Math.exp(logS);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Merton jump-diffusion
// ---------------------------------------------------------------------------------------------

export interface MertonParameters {
  /** Expected-value drift per year INCLUDING jumps: E[S_t] = S_0 e^{μ t}. */
  readonly muAnnual: number;
  /** Diffusion volatility per year (jumps excluded). */
  readonly sigmaAnnual: number;
  /** Jump intensity λ: expected jumps per year. */
  readonly jumpsPerYear: number;
  /** Mean of a jump's log size ln J (e.g. −0.05 for a typical −4.9% jump). */
  readonly jumpLogMean: number;
  /** Standard deviation of a jump's log size ln J. */
  readonly jumpLogSd: number;
}

/**
 * Merton jump-diffusion dS/S = (μ − λκ) dt + σ dW + (J − 1) dN, N Poisson with intensity λ,
 * ln J ~ N(μ_J, σ_J²), κ = E[J − 1] = e^{μ_J + σ_J²/2} − 1. The −λκ compensator makes μ the
 * total expected-value drift: E[S_t] = S_0 e^{μ t}, whatever the jump parameters.
 *
 * Exact log discretisation per step Δ = dtDays/365 years: n ~ Poisson(λΔ) jumps, then
 * ln S += (μ − λκ − σ²/2) Δ + σ √Δ Z₁ + n μ_J + √n σ_J Z₂
 * (a sum of n normal jump sizes is one normal; Z₂ is drawn only when n > 0). The Poisson count
 * uses inversion on `stream.uniform()` (the same algorithm as `Stream.poisson`, with e^{−λΔ}
 * computed once per path rather than per step); for λΔ > 30 it defers to `Stream.poisson`.
 */
export class MertonProcess implements PriceProcess {
  readonly kind = "merton";
  readonly muAnnual: number;
  readonly sigmaAnnual: number;
  readonly jumpsPerYear: number;
  readonly jumpLogMean: number;
  readonly jumpLogSd: number;

  constructor(p: MertonParameters) {
    const who = "MertonProcess";
    requireNumber(who, "muAnnual", p.muAnnual, "a finite annual drift", true);
    requireNumber(who, "sigmaAnnual", p.sigmaAnnual, "a finite annual volatility ≥ 0", p.sigmaAnnual >= 0);
    requireNumber(who, "jumpsPerYear", p.jumpsPerYear, "a finite jump intensity ≥ 0 (jumps per year)", p.jumpsPerYear >= 0);
    requireNumber(who, "jumpLogMean", p.jumpLogMean, "a finite mean log jump size", true);
    requireNumber(who, "jumpLogSd", p.jumpLogSd, "a finite log jump sd ≥ 0", p.jumpLogSd >= 0);
    this.muAnnual = p.muAnnual;
    this.sigmaAnnual = p.sigmaAnnual;
    this.jumpsPerYear = p.jumpsPerYear;
    this.jumpLogMean = p.jumpLogMean;
    this.jumpLogSd = p.jumpLogSd;
  }

  /** κ = E[J − 1], the mean relative jump. */
  meanRelativeJump(): number {
    return Math.exp(this.jumpLogMean + 0.5 * this.jumpLogSd * this.jumpLogSd) - 1;
  }

  /** Expected jumps in one step of dtDays days (λΔ). */
  jumpsPerStep(dtDays = 1): number {
    return this.jumpsPerYear * (dtDays / DAYS_PER_YEAR);
  }

  /** Theoretical mean of one step's log return: (μ − λκ − σ²/2)Δ + λΔ μ_J. */
  logReturnMean(dtDays = 1): number {
    const years = dtDays / DAYS_PER_YEAR;
    const s2 = this.sigmaAnnual * this.sigmaAnnual;
    return (this.muAnnual - this.jumpsPerYear * this.meanRelativeJump() - 0.5 * s2) * years + this.jumpsPerStep(dtDays) * this.jumpLogMean;
  }

  /** Theoretical variance of one step's log return: σ²Δ + λΔ (μ_J² + σ_J²). */
  logReturnVariance(dtDays = 1): number {
    const years = dtDays / DAYS_PER_YEAR;
    return (
      this.sigmaAnnual * this.sigmaAnnual * years +
      this.jumpsPerStep(dtDays) * (this.jumpLogMean * this.jumpLogMean + this.jumpLogSd * this.jumpLogSd)
    );
  }

  /**
   * Total annualised volatility of log returns, jumps included: √(σ² + λ(μ_J² + σ_J²)) per
   * year. `sigmaAnnual` is the diffusion part only (1.074 of the default's 1.139).
   */
  totalVolatilityAnnual(): number {
    return Math.sqrt(this.logReturnVariance(DAYS_PER_YEAR));
  }

  /**
   * The same jumps with the diffusion σ chosen so that the TOTAL annualised volatility is
   * `totalVolatilityAnnual` (e.g. a scenario's "sigma_annual: 1.14" meant as all-in vol).
   */
  withTotalVolatility(totalVolatilityAnnual: number): MertonProcess {
    const jumpVar = this.jumpsPerYear * (this.jumpLogMean ** 2 + this.jumpLogSd ** 2);
    const diffusionVar = totalVolatilityAnnual * totalVolatilityAnnual - jumpVar;
    if (!Number.isFinite(diffusionVar) || diffusionVar < 0) {
      throw new Error(
        `MertonProcess.withTotalVolatility: totalVolatilityAnnual = ${totalVolatilityAnnual}; expected at least the jumps' own ${Math.sqrt(jumpVar)} per year`,
      );
    }
    return new MertonProcess({ ...this, sigmaAnnual: Math.sqrt(diffusionVar) });
  }

  /** Writes one path (see the class comment) and returns the number of jumps it contained. */
  simulate(stream: Stream, s0: number, out: Float64Array, dtDays = 1): number {
    checkPathArguments("MertonProcess.simulate", s0, out, dtDays);
    const years = dtDays / DAYS_PER_YEAR;
    const lambdaDt = this.jumpsPerStep(dtDays);
    const drift =
      (this.muAnnual - this.jumpsPerYear * this.meanRelativeJump() - 0.5 * this.sigmaAnnual * this.sigmaAnnual) * years;
    const vol = this.sigmaAnnual * Math.sqrt(years);
    const muJ = this.jumpLogMean;
    const sdJ = this.jumpLogSd;
    const limit = Math.exp(-lambdaDt);
    const useInversion = lambdaDt <= 30;
    let logS = Math.log(s0);
    let totalJumps = 0;
    out[0] = s0;
    const n = out.length;
    for (let i = 1; i < n; i++) {
      logS += drift + vol * stream.normal();
      let k = 0;
      if (useInversion) {
        let p = stream.uniform();
        while (p > limit) {
          k++;
          p *= stream.uniform();
        }
      } else {
        k = stream.poisson(lambdaDt);
      }
      if (k > 0) {
        logS += k * muJ + Math.sqrt(k) * sdJ * stream.normal();
        totalJumps += k;
      }
      out[i] = Math.exp(logS);
    }
    return totalJumps;
  }
}

// ---------------------------------------------------------------------------------------------
// Markov regime switching
// ---------------------------------------------------------------------------------------------

/** Regime index in paths and `regimesOut`: 0 = bull, 1 = bear. */
export const BULL = 0;
export const BEAR = 1;

export interface RegimeParameters {
  /** Expected-value drift per year while in this regime. */
  readonly muAnnual: number;
  /** Volatility per year while in this regime. */
  readonly sigmaAnnual: number;
}

export interface RegimeSwitchingParameters {
  readonly bull: RegimeParameters;
  readonly bear: RegimeParameters;
  /** Probability per DAY of moving from bull to bear. */
  readonly pBullToBearDaily: number;
  /** Probability per DAY of moving from bear to bull. */
  readonly pBearToBullDaily: number;
  /** Regime at t = 0: drawn from the stationary distribution (default) or fixed. */
  readonly initialRegime?: "stationary" | "bull" | "bear";
}

/**
 * Two-state Markov regime switching (bull = 0, bear = 1), GBM within each regime.
 * Each step: the log return is drawn with the regime in force, ln S += (μ_r − σ_r²/2)Δ + σ_r√Δ Z,
 * then the regime may switch. Transition probabilities are per day; for a step of dtDays days
 * the per-step probability is that of the dtDays-th power of the daily matrix:
 * P(switch from bull) = π_bear (1 − ρ^dtDays), ρ = 1 − p − q (needs ρ > 0 unless dtDays is an
 * integer). The initial regime (when "stationary") is drawn from π = (q, p)/(p + q).
 * Draws per step: one normal and one uniform.
 */
export class RegimeSwitchingProcess implements PriceProcess {
  readonly kind = "regime-switching";
  readonly bull: RegimeParameters;
  readonly bear: RegimeParameters;
  readonly pBullToBearDaily: number;
  readonly pBearToBullDaily: number;
  readonly initialRegime: "stationary" | "bull" | "bear";

  constructor(p: RegimeSwitchingParameters) {
    const who = "RegimeSwitchingProcess";
    for (const [name, r] of [
      ["bull", p.bull],
      ["bear", p.bear],
    ] as const) {
      requireNumber(who, `${name}.muAnnual`, r.muAnnual, "a finite annual drift", true);
      requireNumber(who, `${name}.sigmaAnnual`, r.sigmaAnnual, "a finite annual volatility ≥ 0", r.sigmaAnnual >= 0);
    }
    const okP = (x: number) => x >= 0 && x <= 1;
    requireNumber(who, "pBullToBearDaily", p.pBullToBearDaily, "a daily probability in [0, 1]", okP(p.pBullToBearDaily));
    requireNumber(who, "pBearToBullDaily", p.pBearToBullDaily, "a daily probability in [0, 1]", okP(p.pBearToBullDaily));
    if (p.pBullToBearDaily + p.pBearToBullDaily === 0 && (p.initialRegime ?? "stationary") === "stationary") {
      throw new Error(
        `${who}: pBullToBearDaily = pBearToBullDaily = 0 has no unique stationary distribution; expected a positive switching probability or a fixed initialRegime`,
      );
    }
    this.bull = { muAnnual: p.bull.muAnnual, sigmaAnnual: p.bull.sigmaAnnual };
    this.bear = { muAnnual: p.bear.muAnnual, sigmaAnnual: p.bear.sigmaAnnual };
    this.pBullToBearDaily = p.pBullToBearDaily;
    this.pBearToBullDaily = p.pBearToBullDaily;
    this.initialRegime = p.initialRegime ?? "stationary";
  }

  /** Long-run share of time in the bull regime: q / (p + q). */
  stationaryBullShare(): number {
    return this.pBearToBullDaily / (this.pBullToBearDaily + this.pBearToBullDaily);
  }

  /** Per-step switching probabilities [from bull, from bear] for a step of dtDays days. */
  switchProbabilities(dtDays = 1): [number, number] {
    const p = this.pBullToBearDaily;
    const q = this.pBearToBullDaily;
    if (dtDays === 1) return [p, q];
    if (p + q === 0) return [0, 0];
    const rho = 1 - p - q;
    const decay = Math.pow(rho, dtDays);
    if (!Number.isFinite(decay)) {
      throw new Error(
        `RegimeSwitchingProcess: dtDays = ${dtDays} with 1 − p − q = ${rho} < 0; expected an integer dtDays or persistent regimes (p + q < 1)`,
      );
    }
    return [(p / (p + q)) * (1 - decay), (q / (p + q)) * (1 - decay)];
  }

  /**
   * Writes one path; if `regimesOut` is given (length ≥ out.length − 1), `regimesOut[i]` is the
   * regime (0 bull, 1 bear) in force during step i, from out[i] to out[i + 1].
   */
  simulate(stream: Stream, s0: number, out: Float64Array, dtDays = 1, regimesOut?: Uint8Array): void {
    checkPathArguments("RegimeSwitchingProcess.simulate", s0, out, dtDays);
    if (regimesOut !== undefined && regimesOut.length < out.length - 1) {
      throw new Error(
        `RegimeSwitchingProcess.simulate: regimesOut has length ${regimesOut.length}; expected ≥ ${out.length - 1} (one per step)`,
      );
    }
    const years = dtDays / DAYS_PER_YEAR;
    const [pLeaveBull, pLeaveBear] = this.switchProbabilities(dtDays);
    const driftBull = (this.bull.muAnnual - 0.5 * this.bull.sigmaAnnual ** 2) * years;
    const driftBear = (this.bear.muAnnual - 0.5 * this.bear.sigmaAnnual ** 2) * years;
    const volBull = this.bull.sigmaAnnual * Math.sqrt(years);
    const volBear = this.bear.sigmaAnnual * Math.sqrt(years);
    let regime: number;
    if (this.initialRegime === "bull") regime = BULL;
    else if (this.initialRegime === "bear") regime = BEAR;
    else regime = stream.uniform() < this.stationaryBullShare() ? BULL : BEAR;
    let logS = Math.log(s0);
    out[0] = s0;
    const n = out.length;
    for (let i = 1; i < n; i++) {
      const z = stream.normal();
      if (regime === BULL) logS += driftBull + volBull * z;
      else logS += driftBear + volBear * z;
      if (regimesOut !== undefined) regimesOut[i - 1] = regime;
      out[i] = Math.exp(logS);
      const u = stream.uniform();
      if (regime === BULL) {
        if (u < pLeaveBull) regime = BEAR;
      } else if (u < pLeaveBear) regime = BULL;
    }
  }
}
