import { describe, expect, it } from "vitest";
import { loadTaoUsdDaily } from "../../sim/economics/price-history.js";
import { maxDrawdown, moments, priceSeriesStatistics } from "../../sim/economics/price-statistics.js";

describe("priceSeriesStatistics on the shipped file reproduces tao-usd-daily.SOURCE.md", () => {
  const h = loadTaoUsdDaily();
  const s = priceSeriesStatistics(h.closes);

  it("overall row: 113.9%/yr, 8.74% (94 days), −80.0%, 1076 returns", () => {
    expect(s.returns).toBe(1076);
    expect(s.annualisedVolatility.toFixed(3)).toBe("1.139");
    expect(s.bigMoveDays).toBe(94);
    expect((100 * s.bigMoveShare).toFixed(2)).toBe("8.74");
    expect((100 * s.drawdown.maxDrawdown).toFixed(1)).toBe("-80.0");
  });

  it("drawdown runs from 728.38 on 2024-03-07 to 145.90 on 2026-02-11", () => {
    expect(h.dates[s.drawdown.peakIndex]).toBe("2024-03-07");
    expect(h.closes[s.drawdown.peakIndex]!.toFixed(2)).toBe("728.38");
    expect(h.dates[s.drawdown.troughIndex]).toBe("2026-02-11");
  });

  it("moments, worst and best day", () => {
    expect(s.meanLogReturnDaily.toFixed(5)).toBe("0.00034");
    expect(s.skewness.toFixed(2)).toBe("0.53");
    expect(s.excessKurtosis.toFixed(2)).toBe("1.62");
    expect((100 * s.worstSimpleReturn).toFixed(2)).toBe("-20.95");
    expect((100 * s.bestSimpleReturn).toFixed(2)).toBe("30.33");
  });

  it("per-year rows (returns counted in the year of their end date)", () => {
    const expected: Record<string, [number, string, string, string]> = {
      "2023": [303, "124.0", "10.2", "-66.0"],
      "2024": [366, "114.2", "9.6", "-70.4"],
      "2025": [365, "106.5", "7.4", "-67.4"],
      "2026": [42, "96.3", "2.4", "-50.4"],
    };
    for (const [year, [n, vol, share, dd]] of Object.entries(expected)) {
      const first = h.dates.findIndex((d) => d.startsWith(year));
      let last = first;
      while (last + 1 < h.dates.length && h.dates[last + 1]!.startsWith(year)) last++;
      const y = priceSeriesStatistics(h.closes.subarray(Math.max(0, first - 1), last + 1));
      expect(y.returns, year).toBe(n);
      expect((100 * y.annualisedVolatility).toFixed(1), year).toBe(vol);
      expect((100 * y.bigMoveShare).toFixed(1), year).toBe(share);
      expect((100 * y.drawdown.maxDrawdown).toFixed(1), year).toBe(dd);
    }
  });

  it("segment volatilities: 117.1% CoinGecko, 99.1% Binance", () => {
    const split = h.dates.indexOf("2025-07-24");
    expect((100 * priceSeriesStatistics(h.closes.subarray(0, split)).annualisedVolatility).toFixed(1)).toBe("117.1");
    expect((100 * priceSeriesStatistics(h.closes.subarray(split)).annualisedVolatility).toFixed(1)).toBe("99.1");
  });
});

describe("moments and drawdown on small arrays", () => {
  it("moments of [1, 2, 3, 4, 10]", () => {
    // mean 4; deviations −3 −2 −1 0 6; Σd² = 50 → variance 50/4 = 12.5.
    // m2 = 10, m3 = (−27 − 8 − 1 + 216)/5 = 36, m4 = (81 + 16 + 1 + 1296)/5 = 278.8.
    // g1 = 36/10^1.5 = 1.1384200; G1 = g1·√(5·4)/3 = 1.6970563.
    // g2 = 278.8/100 − 3 = −0.212; G2 = ((6)(−0.212) + 6)(4)/((3)(2)) = 3.152.
    const m = moments([1, 2, 3, 4, 10]);
    expect(m.mean).toBe(4);
    expect(m.variance).toBe(12.5);
    expect(m.skewness).toBeCloseTo(1.6970563, 6);
    expect(m.excessKurtosis).toBeCloseTo(3.152, 10);
  });

  it("max drawdown picks the deepest fall from a running peak", () => {
    // peaks 100 → 120 (fall to 60: −50%) → 150 (fall to 90: −40%).
    const d = maxDrawdown([100, 120, 60, 90, 150, 90]);
    expect(d.maxDrawdown).toBeCloseTo(-0.5, 15);
    expect(d.peakIndex).toBe(1);
    expect(d.troughIndex).toBe(2);
    expect(maxDrawdown([1, 2, 3]).maxDrawdown).toBe(0);
  });

  it("rejects non-positive prices by index", () => {
    expect(() => priceSeriesStatistics([1, 2, 0, 3, 4])).toThrow("priceSeriesStatistics: price[2] = 0; expected a finite number > 0");
  });
});
