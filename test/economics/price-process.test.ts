import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/core/rng.js";
import { BlockBootstrapProcess } from "../../sim/economics/bootstrap.js";
import {
  BULL,
  GbmProcess,
  MertonProcess,
  pricePathStream,
  RegimeSwitchingProcess,
  simulatePricePath,
  type PriceProcess,
} from "../../sim/economics/price-process.js";
import { TAO_USD_GBM_DEFAULTS, TAO_USD_MERTON_DEFAULTS, TAO_USD_REGIME_DEFAULTS } from "../../sim/economics/calibration.js";

/** Pooled per-step log-return mean and variance over many seeded paths, with standard errors. */
function pooledLogReturns(
  process: PriceProcess,
  seed: string,
  paths: number,
  steps: number,
  dtDays: number,
): { mean: number; variance: number; seMean: number; seVariance: number; n: number } {
  const out = new Float64Array(steps + 1);
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  const all = new Float64Array(paths * steps);
  for (let k = 0; k < paths; k++) {
    simulatePricePath(process, seed, k, 100, out, dtDays);
    for (let i = 1; i <= steps; i++) {
      const r = Math.log(out[i]! / out[i - 1]!);
      all[n++] = r;
      sum += r;
    }
  }
  const mean = sum / n;
  for (let i = 0; i < n; i++) sum2 += (all[i]! - mean) ** 2;
  const variance = sum2 / (n - 1);
  // Standard error of the variance from the sample itself: sd of squared deviations / √n.
  let s4 = 0;
  for (let i = 0; i < n; i++) s4 += ((all[i]! - mean) ** 2 - variance) ** 2;
  return { mean, variance, seMean: Math.sqrt(variance / n), seVariance: Math.sqrt(s4 / (n - 1) / n), n };
}

describe("GBM", () => {
  const gbm = new GbmProcess(TAO_USD_GBM_DEFAULTS);

  it("daily log returns have mean (μ − σ²/2)/365 and variance σ²/365 within sampling error", () => {
    const s = pooledLogReturns(gbm, "gbm-test", 1000, 365, 1);
    expect(Math.abs(s.mean - gbm.logReturnMean(1))).toBeLessThan(4 * s.seMean);
    expect(Math.abs(s.variance - gbm.logReturnVariance(1))).toBeLessThan(4 * s.seVariance);
  });

  it("an hourly grid (dt = 1/24 day) scales mean and variance with dt", () => {
    const s = pooledLogReturns(gbm, "gbm-hourly", 200, 24 * 30, 1 / 24);
    expect(Math.abs(s.mean - gbm.logReturnMean(1 / 24))).toBeLessThan(4 * s.seMean);
    expect(Math.abs(s.variance - (1.1393 ** 2 / 365 / 24))).toBeLessThan(4 * s.seVariance);
  });

  it("E[S_T] = S_0 e^{μT} (μ is the expected-value drift)", () => {
    const p = new GbmProcess({ muAnnual: 0.2, sigmaAnnual: 0.5 });
    const out = new Float64Array(53);
    const N = 20000;
    const terminal = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      simulatePricePath(p, "gbm-mean", k, 1, out, 7); // 52 weekly steps = 364 days
      terminal[k] = out[52]!;
    }
    const T = 364 / 365;
    let m = 0;
    for (const x of terminal) m += x;
    m /= N;
    let v = 0;
    for (const x of terminal) v += (x - m) ** 2;
    const se = Math.sqrt(v / (N - 1) / N);
    expect(Math.abs(m - Math.exp(0.2 * T))).toBeLessThan(4 * se);
  });

  it("writes out[0] = s0 and rejects bad arguments with named fields", () => {
    const out = new Float64Array(3);
    gbm.simulate(new Rng(1).stream("x"), 250, out);
    expect(out[0]).toBe(250);
    expect(() => new GbmProcess({ muAnnual: 0.1, sigmaAnnual: -1 })).toThrow(
      "GbmProcess: sigmaAnnual = -1; expected a finite annual volatility ≥ 0",
    );
    expect(() => gbm.simulate(new Rng(1).stream("x"), 0, out)).toThrow("GbmProcess.simulate: s0 = 0; expected a finite price > 0 (USD)");
    expect(() => gbm.simulate(new Rng(1).stream("x"), 1, out, 0)).toThrow(
      "GbmProcess.simulate: dtDays = 0; expected a finite step > 0 (days)",
    );
  });
});

describe("Merton jump-diffusion", () => {
  const merton = new MertonProcess(TAO_USD_MERTON_DEFAULTS);

  it("log-return mean and variance match theory; jump count ≈ λ·dt per step", () => {
    const s = pooledLogReturns(merton, "merton-test", 1000, 365, 1);
    expect(Math.abs(s.mean - merton.logReturnMean(1))).toBeLessThan(4 * s.seMean);
    expect(Math.abs(s.variance - merton.logReturnVariance(1))).toBeLessThan(4 * s.seVariance);
  });

  it("counts jumps at rate λ·dt (daily and 6-hourly grids)", () => {
    for (const dt of [1, 0.25]) {
      const steps = 1000;
      const out = new Float64Array(steps + 1);
      let jumps = 0;
      const paths = 500;
      for (let k = 0; k < paths; k++) jumps += merton.simulate(pricePathStream("jumps", k), 100, out, dt);
      const expected = merton.jumpsPerStep(dt) * steps * paths; // Poisson: sd = √expected
      expect(Math.abs(jumps - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });

  it("the compensator keeps E[S_T] = S_0 e^{μT} with large negative jumps", () => {
    const p = new MertonProcess({ muAnnual: 0.1, sigmaAnnual: 0.3, jumpsPerYear: 5, jumpLogMean: -0.1, jumpLogSd: 0.15 });
    const N = 20000;
    const out = new Float64Array(366);
    let m = 0;
    const xs = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      simulatePricePath(p, "merton-mean", k, 1, out, 1);
      xs[k] = out[365]!;
      m += xs[k]!;
    }
    m /= N;
    let v = 0;
    for (const x of xs) v += (x - m) ** 2;
    const se = Math.sqrt(v / (N - 1) / N);
    expect(Math.abs(m - Math.exp(0.1))).toBeLessThan(4 * se);
    // Without the compensator the mean would be e^{0.1 + λκ} = e^{0.1 − 0.454}: far outside.
    expect(Math.abs(Math.exp(0.1 + 5 * p.meanRelativeJump()) - m)).toBeGreaterThan(20 * se);
  });

  it("total volatility includes the jumps; withTotalVolatility re-solves the diffusion σ", () => {
    // Defaults: √(1.0744² + 6.784·(0.1047² + 0.1011²)) = √(1.15434 + 0.14370) = 1.1393.
    expect(merton.totalVolatilityAnnual()).toBeCloseTo(1.1393, 3);
    const m = merton.withTotalVolatility(1.3);
    expect(m.totalVolatilityAnnual()).toBeCloseTo(1.3, 12);
    expect(m.jumpsPerYear).toBe(merton.jumpsPerYear);
    expect(() => merton.withTotalVolatility(0.2)).toThrow(/totalVolatilityAnnual = 0.2; expected at least the jumps' own 0.379/);
  });

  it("a large λ·dt (> 30 per step) takes the Stream.poisson path", () => {
    const p = new MertonProcess({ muAnnual: 0, sigmaAnnual: 0.1, jumpsPerYear: 365 * 50, jumpLogMean: 0, jumpLogSd: 0.001 });
    const out = new Float64Array(201);
    let jumps = 0;
    for (let k = 0; k < 20; k++) jumps += p.simulate(pricePathStream("big", k), 1, out, 1);
    expect(Math.abs(jumps - 50 * 200 * 20)).toBeLessThan(4 * Math.sqrt(50 * 200 * 20));
  });
});

describe("regime switching", () => {
  const rs = new RegimeSwitchingProcess(TAO_USD_REGIME_DEFAULTS);

  it("occupancy ≈ stationary distribution, switching ≈ p and q, per-regime returns ≈ theory", () => {
    const steps = 1095;
    const paths = 1000;
    const out = new Float64Array(steps + 1);
    const regimes = new Uint8Array(steps);
    const shares = new Float64Array(paths);
    let leaveBull = 0;
    let bullSteps = 0;
    let leaveBear = 0;
    let bearSteps = 0;
    let bullSum = 0;
    let bullSum2 = 0;
    let bearSum = 0;
    let bearSum2 = 0;
    for (let k = 0; k < paths; k++) {
      rs.simulate(pricePathStream("regimes", k), 100, out, 1, regimes);
      let bull = 0;
      for (let i = 0; i < steps; i++) {
        const r = Math.log(out[i + 1]! / out[i]!);
        if (regimes[i] === BULL) {
          bull++;
          bullSum += r;
          bullSum2 += r * r;
        } else {
          bearSum += r;
          bearSum2 += r * r;
        }
        if (i + 1 < steps) {
          if (regimes[i] === BULL) {
            bullSteps++;
            if (regimes[i + 1] !== BULL) leaveBull++;
          } else {
            bearSteps++;
            if (regimes[i + 1] === BULL) leaveBear++;
          }
        }
      }
      shares[k] = bull / steps;
    }
    // Paths are independent, so the se of the mean occupancy comes from the spread across paths.
    let m = 0;
    for (const x of shares) m += x;
    m /= paths;
    let v = 0;
    for (const x of shares) v += (x - m) ** 2;
    const se = Math.sqrt(v / (paths - 1) / paths);
    expect(Math.abs(m - rs.stationaryBullShare())).toBeLessThan(4 * se);
    const p = TAO_USD_REGIME_DEFAULTS.pBullToBearDaily;
    const q = TAO_USD_REGIME_DEFAULTS.pBearToBullDaily;
    expect(Math.abs(leaveBull / bullSteps - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / bullSteps));
    expect(Math.abs(leaveBear / bearSteps - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / bearSteps));
    const nb = bullSteps;
    const bullMean = bullSum / nb;
    const bullVar = bullSum2 / nb - bullMean ** 2;
    const { muAnnual: mu1, sigmaAnnual: s1 } = TAO_USD_REGIME_DEFAULTS.bull;
    expect(Math.abs(bullMean - (mu1 - s1 * s1 / 2) / 365)).toBeLessThan(4 * Math.sqrt(bullVar / nb));
    expect(Math.abs(bullVar / (s1 * s1 / 365) - 1)).toBeLessThan(0.01);
    const nr = bearSteps;
    const bearMean = bearSum / nr;
    const bearVar = bearSum2 / nr - bearMean ** 2;
    const { muAnnual: mu2, sigmaAnnual: s2 } = TAO_USD_REGIME_DEFAULTS.bear;
    expect(Math.abs(bearMean - (mu2 - s2 * s2 / 2) / 365)).toBeLessThan(4 * Math.sqrt(bearVar / nr));
    expect(Math.abs(bearVar / (s2 * s2 / 365) - 1)).toBeLessThan(0.01);
  });

  it("a step of dt days switches like dt daily steps: P(bull→bear) = π_bear(1 − (1 − p − q)^dt)", () => {
    const r = new RegimeSwitchingProcess({ ...TAO_USD_REGIME_DEFAULTS, pBullToBearDaily: 0.1, pBearToBullDaily: 0.3 });
    const [p1, q1] = r.switchProbabilities(1);
    expect([p1, q1]).toEqual([0.1, 0.3]);
    // Two daily steps: P(bull at day 2 | bull at 0) = 0.9·0.9 + 0.1·0.3 = 0.84 → leave = 0.16.
    const [p2] = r.switchProbabilities(2);
    expect(p2).toBeCloseTo(0.16, 14);
    // Half-day steps keep the same stationary distribution (0.75 bull).
    const [ph, qh] = r.switchProbabilities(0.5);
    expect(qh / (ph + qh)).toBeCloseTo(0.75, 14);
    const flip = new RegimeSwitchingProcess({ ...TAO_USD_REGIME_DEFAULTS, pBullToBearDaily: 0.8, pBearToBullDaily: 0.7 });
    expect(() => flip.switchProbabilities(0.5)).toThrow(/dtDays = 0.5 with 1 − p − q = -0.5/);
    expect(flip.switchProbabilities(3)[0]).toBeGreaterThan(0);
  });

  it("a fixed initial regime is honoured", () => {
    const r = new RegimeSwitchingProcess({ ...TAO_USD_REGIME_DEFAULTS, initialRegime: "bear" });
    const regimes = new Uint8Array(1);
    for (let k = 0; k < 20; k++) {
      r.simulate(pricePathStream("init", k), 1, new Float64Array(2), 1, regimes);
      expect(regimes[0]).toBe(1);
    }
    expect(() => new RegimeSwitchingProcess({ ...TAO_USD_REGIME_DEFAULTS, pBullToBearDaily: 1.5 })).toThrow(
      "RegimeSwitchingProcess: pBullToBearDaily = 1.5; expected a daily probability in [0, 1]",
    );
  });
});

describe("reproducibility: path k from (seed, k) alone", () => {
  const history = new Float64Array(200);
  for (let i = 0; i < 200; i++) history[i] = Math.sin(i) * 0.05;
  const processes: PriceProcess[] = [
    new GbmProcess(TAO_USD_GBM_DEFAULTS),
    new MertonProcess(TAO_USD_MERTON_DEFAULTS),
    new RegimeSwitchingProcess(TAO_USD_REGIME_DEFAULTS),
    new BlockBootstrapProcess({ dailyLogReturns: history, blockLengthDays: 10 }),
  ];
  for (const process of processes) {
    it(`${process.kind}: path 17 alone equals path 17 of a run; other paths and seeds differ`, () => {
      const steps = 1095;
      const inRun = new Float64Array(steps + 1);
      const saved: Float64Array[] = [];
      for (let k = 0; k < 20; k++) {
        simulatePricePath(process, 42, k, 145.9, inRun, 1);
        saved.push(inRun.slice());
      }
      const alone = new Float64Array(steps + 1);
      simulatePricePath(process, 42, 17, 145.9, alone, 1);
      expect(alone).toEqual(saved[17]);
      // Same as drawing from new Rng(42).stream("price/path/17") directly.
      const direct = new Float64Array(steps + 1);
      process.simulate(new Rng(42).stream("price/path/17"), 145.9, direct, 1);
      expect(direct).toEqual(alone);
      expect(alone).not.toEqual(saved[16]);
      const otherSeed = new Float64Array(steps + 1);
      simulatePricePath(process, 43, 17, 145.9, otherSeed, 1);
      expect(otherSeed).not.toEqual(alone);
    });
  }
});
