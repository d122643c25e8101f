import { describe, expect, it } from "vitest";
import { BlockBootstrapProcess } from "../../sim/economics/bootstrap.js";
import {
  fitGbm,
  fitMerton,
  fitRegimeSwitchingByTrend,
  fitRegimeSwitchingHmm,
  TAO_USD_BOOTSTRAP_DEFAULTS,
  TAO_USD_GBM_DEFAULTS,
  TAO_USD_LAST_CLOSE,
  TAO_USD_MERTON_DEFAULTS,
  TAO_USD_REGIME_DEFAULTS,
} from "../../sim/economics/calibration.js";
import { quantiles } from "../../sim/economics/finance.js";
import { loadTaoUsdDaily, logReturnsOf } from "../../sim/economics/price-history.js";
import {
  GbmProcess,
  MertonProcess,
  RegimeSwitchingProcess,
  simulatePricePath,
  type PriceProcess,
} from "../../sim/economics/price-process.js";
import { moments, priceSeriesStatistics } from "../../sim/economics/price-statistics.js";

const history = loadTaoUsdDaily();
const returns = logReturnsOf(history.closes);

/** |a − b| within a relative tolerance (the constants are rounded to 4–5 significant digits). */
function expectNear(actual: number, expected: number, rel = 1e-3, what = ""): void {
  expect(Math.abs(actual - expected), what).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-3));
}

describe("the default constants are what the fits give on the shipped file", () => {
  it("GBM by log-return moments", () => {
    const f = fitGbm(returns);
    expectNear(f.muAnnual, TAO_USD_GBM_DEFAULTS.muAnnual);
    expectNear(f.sigmaAnnual, TAO_USD_GBM_DEFAULTS.sigmaAnnual);
  });

  it("Merton by 3-sd threshold jump separation: 20 jump days; model mean, variance and kurtosis = the sample's", () => {
    const f = fitMerton(returns);
    expect(f.jumpDays).toBe(20);
    expect(f.iterations).toBe(4);
    for (const key of Object.keys(TAO_USD_MERTON_DEFAULTS) as Array<keyof typeof TAO_USD_MERTON_DEFAULTS>) {
      expectNear(f.parameters[key], TAO_USD_MERTON_DEFAULTS[key], 1e-3, key);
    }
    const m = new MertonProcess(f.parameters);
    const sample = moments(returns);
    expect(m.logReturnMean(1)).toBeCloseTo(sample.mean, 12);
    expect(m.logReturnVariance(1) / sample.variance).toBeCloseTo(1, 12);
    // Excess kurtosis of a daily Merton log return: λΔ(μ_J⁴ + 6μ_J²σ_J² + 3σ_J⁴)/κ₂².
    const a = m.jumpsPerStep(1);
    const mj = m.jumpLogMean;
    const v = m.jumpLogSd ** 2;
    expect((a * (mj ** 4 + 6 * mj * mj * v + 3 * v * v)) / m.logReturnVariance(1) ** 2).toBeCloseTo(sample.excessKurtosis, 10);
    expect(f.nonJumpVolatilityAnnual).toBeCloseTo(1.0237, 4);
  });

  it("regime switching by the centred 120-day trend split", () => {
    const f = fitRegimeSwitchingByTrend(returns);
    expect(Math.round(f.bullDayShare * returns.length)).toBe(517);
    const p = f.parameters;
    expectNear(p.bull.muAnnual, TAO_USD_REGIME_DEFAULTS.bull.muAnnual);
    expectNear(p.bull.sigmaAnnual, TAO_USD_REGIME_DEFAULTS.bull.sigmaAnnual);
    expectNear(p.bear.muAnnual, TAO_USD_REGIME_DEFAULTS.bear.muAnnual);
    expectNear(p.bear.sigmaAnnual, TAO_USD_REGIME_DEFAULTS.bear.sigmaAnnual);
    expectNear(p.pBullToBearDaily, TAO_USD_REGIME_DEFAULTS.pBullToBearDaily);
    expectNear(p.pBearToBullDaily, TAO_USD_REGIME_DEFAULTS.pBearToBullDaily);
    // The day-weighted mixture reproduces the sample mean of daily log returns exactly.
    const mixMean = f.bullDayShare * f.dailyMean[0] + (1 - f.bullDayShare) * f.dailyMean[1];
    expect(mixMean).toBeCloseTo(moments(returns).mean, 12);
  });

  it("the HMM alternative finds short volatility states on TAO (documented, not the default)", () => {
    const f = fitRegimeSwitchingHmm(returns);
    expect(f.dailySd[0]).toBeGreaterThan(f.dailySd[1]);
    expect(1 / f.parameters.pBullToBearDaily).toBeLessThan(10); // mean bull stay < 10 days
    expect(TAO_USD_LAST_CLOSE).toBe(history.closes[history.closes.length - 1]);
  });
});

describe("fits recover known parameters from simulated data", () => {
  it("Merton: separable jumps → λ and μ_J within sampling error, total variance exact", () => {
    const truth = { muAnnual: 0.1, sigmaAnnual: 0.3, jumpsPerYear: 20, jumpLogMean: -0.12, jumpLogSd: 0.05 };
    const out = new Float64Array(20001);
    simulatePricePath(new MertonProcess(truth), "fit-merton", 0, 100, out, 1);
    const f = fitMerton(logReturnsOf(out)).parameters;
    // 20000 days × 20/365 ≈ 1096 jumps: se of λ ≈ 20/√1096 ≈ 0.6.
    expect(Math.abs(f.jumpsPerYear - 20)).toBeLessThan(2.5);
    expect(Math.abs(f.jumpLogMean + 0.12)).toBeLessThan(0.01);
    expect(Math.abs(f.sigmaAnnual / 0.3 - 1)).toBeLessThan(0.1);
  });

  it("HMM EM: persistent regimes with distinct vols → sds and switching rates", () => {
    const truth = new RegimeSwitchingProcess({
      bull: { muAnnual: 0.5, sigmaAnnual: 0.4 },
      bear: { muAnnual: -0.5, sigmaAnnual: 1.2 },
      pBullToBearDaily: 0.02,
      pBearToBullDaily: 0.04,
    });
    const out = new Float64Array(8001);
    simulatePricePath(truth, "fit-hmm", 0, 100, out, 1);
    const f = fitRegimeSwitchingHmm(logReturnsOf(out));
    // Label by volatility here (the drifts are too close to separate reliably).
    const lowVol = f.dailySd[0] < f.dailySd[1] ? 0 : 1;
    const sdLow = f.dailySd[lowVol] * Math.sqrt(365);
    const sdHigh = f.dailySd[1 - lowVol] * Math.sqrt(365);
    expect(Math.abs(sdLow / 0.4 - 1)).toBeLessThan(0.1);
    expect(Math.abs(sdHigh / 1.2 - 1)).toBeLessThan(0.1);
    const pLeaveLow = lowVol === 0 ? f.parameters.pBullToBearDaily : f.parameters.pBearToBullDaily;
    const pLeaveHigh = lowVol === 0 ? f.parameters.pBearToBullDaily : f.parameters.pBullToBearDaily;
    expect(pLeaveLow).toBeGreaterThan(0.01);
    expect(pLeaveLow).toBeLessThan(0.035);
    expect(pLeaveHigh).toBeGreaterThan(0.02);
    expect(pLeaveHigh).toBeLessThan(0.07);
  });

  it("fit errors name the input", () => {
    expect(() => fitGbm([0.1])).toThrow("fitGbm: 1 daily log return(s); expected at least 2");
    expect(() => fitMerton(new Float64Array(20).fill(Number.NaN))).toThrow(
      "fitMerton: dailyLogReturns[0] = NaN; expected a finite log return",
    );
    expect(() => fitRegimeSwitchingByTrend(returns, { windowDays: 1 })).toThrow(
      "fitRegimeSwitchingByTrend: windowDays = 1; expected an integer in 2..1076 (days)",
    );
  });
});

describe("fitted models reproduce the history's statistics (1000 simulated 1076-day histories each)", () => {
  const cases: Array<[string, PriceProcess]> = [
    ["gbm", new GbmProcess(TAO_USD_GBM_DEFAULTS)],
    ["merton", new MertonProcess(TAO_USD_MERTON_DEFAULTS)],
    ["regime-switching", new RegimeSwitchingProcess(TAO_USD_REGIME_DEFAULTS)],
    ["block-bootstrap", BlockBootstrapProcess.fromHistory(history, TAO_USD_BOOTSTRAP_DEFAULTS)],
  ];
  const observed = priceSeriesStatistics(history.closes);
  for (const [name, process] of cases) {
    it(`${name}: vol ≈ 113.9%, share of |r| > 10% ≈ 8.74%, −80% drawdown inside the simulated 5–95% band`, () => {
      const paths = 1000;
      const out = new Float64Array(history.closes.length);
      const vols = new Float64Array(paths);
      const shares = new Float64Array(paths);
      const dds = new Float64Array(paths);
      for (let k = 0; k < paths; k++) {
        simulatePricePath(process, "calibration-check", k, history.closes[0]!, out, 1);
        const s = priceSeriesStatistics(out);
        vols[k] = s.annualisedVolatility;
        shares[k] = s.bigMoveShare;
        dds[k] = s.drawdown.maxDrawdown;
      }
      const [volMedian] = quantiles(vols, [0.5]);
      expect(Math.abs(volMedian! / observed.annualisedVolatility - 1), "vol").toBeLessThan(0.03);
      expect(Math.abs(moments(shares).mean - observed.bigMoveShare), "big-move share").toBeLessThan(0.01);
      const [dd5, dd95] = quantiles(dds, [0.05, 0.95]);
      expect(observed.drawdown.maxDrawdown).toBeGreaterThan(dd5!);
      expect(observed.drawdown.maxDrawdown).toBeLessThan(dd95!);
    });
  }
});
