import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/core/rng.js";
import { bassCumulative, binomialQuantile, Licensing, poissonQuantile } from "../../sim/economics/licensing.js";
import { distributionQuantile, inverseNormalCdf } from "../../sim/economics/parameters.js";

describe("Bass diffusion against its closed form", () => {
  it("F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)e^{−(p+q)t}) at p = 0.03, q = 0.38", () => {
    // Worked: t = 1: e^{−0.41} = 0.6636502502; F = 0.3363497498 / (1 + 12.6666667 × 0.6636502502) = 0.0357581643.
    expect(bassCumulative(1, 0.03, 0.38)).toBeCloseTo(0.03575816425644162, 14);
    expect(bassCumulative(0.5, 0.03, 0.38)).toBeCloseTo(0.016375552414842637, 14);
    expect(bassCumulative(2, 0.03, 0.38)).toBeCloseTo(0.08505628140218216, 14);
    expect(bassCumulative(3, 0.03, 0.38)).toBeCloseTo(0.15050007196371293, 14);
    expect(bassCumulative(0, 0.03, 0.38)).toBe(0);
    expect(bassCumulative(1e6, 0.03, 0.38)).toBeCloseTo(1, 12);
    expect(bassCumulative(2, 0, 0.38)).toBe(0);
  });

  it("solves dF/dt = (p + qF)(1 − F)", () => {
    const p = 0.04;
    const q = 0.5;
    for (const t of [0.1, 1, 3, 7]) {
      const h = 1e-5;
      const dF = (bassCumulative(t + h, p, q) - bassCumulative(t - h, p, q)) / (2 * h);
      const F = bassCumulative(t, p, q);
      expect(dF).toBeCloseTo((p + q * F) * (1 - F), 8);
    }
  });

  it("without noise or churn, cumulative adopters follow m·F(t) month by month", () => {
    const lic = new Licensing({
      startMonth: 4,
      p: 0.03,
      q: 0.38,
      churnPerMonth: 0,
      subscriptionUsdPerMonth: 1000,
      perDatasetUsd: 500,
      datasetsPerCustomerPerYear: 12,
      stochastic: false,
    });
    lic.reset(50);
    for (let m = 1; m <= 36; m++) {
      lic.month(m, 1, 0.5, 0.5);
      const expected = m < 4 ? 0 : 50 * bassCumulative((m - 3) / 12, 0.03, 0.38);
      expect(lic.adopted).toBeCloseTo(expected, 10);
      expect(lic.customers).toBeCloseTo(expected, 10);
      expect(lic.revenueUsd).toBeCloseTo(expected * (1000 + 500), 8);
    }
  });

  it("with Poisson adoption, the mean over paths tracks m·F(t)", () => {
    const months = 24;
    const paths = 3000;
    const sums = new Float64Array(months + 1);
    const lic = new Licensing({
      startMonth: 1,
      p: 0.05,
      q: 0.4,
      churnPerMonth: 0,
      subscriptionUsdPerMonth: 0,
      perDatasetUsd: 0,
      datasetsPerCustomerPerYear: 0,
      stochastic: true,
    });
    for (let k = 0; k < paths; k++) {
      const s = new Rng(9).child(`bass/${k}`).stream("licensing");
      lic.reset(40);
      for (let m = 1; m <= months; m++) {
        lic.month(m, 1, s.uniform(), s.uniform());
        sums[m] += lic.adopted;
      }
    }
    for (const m of [6, 12, 24]) {
      const expected = 40 * bassCumulative(m / 12, 0.05, 0.4);
      // A sum of independent Poisson increments: mean m·F(t), variance m·F(t); within 4 SE.
      expect(Math.abs(sums[m]! / paths - expected)).toBeLessThan(4 * Math.sqrt(expected / paths));
    }
  });

  it("churn removes customers before new ones arrive", () => {
    const lic = new Licensing({
      startMonth: 1,
      p: 0.5,
      q: 0.2,
      churnPerMonth: 0.1,
      subscriptionUsdPerMonth: 1000,
      perDatasetUsd: 0,
      datasetsPerCustomerPerYear: 0,
      stochastic: false,
    });
    lic.reset(10);
    lic.month(1, 1, 0.5, 0.5);
    const a1 = 10 * bassCumulative(1 / 12, 0.5, 0.2);
    expect(lic.customers).toBeCloseTo(a1, 12);
    lic.month(2, 1, 0.5, 0.5);
    const a2 = 10 * bassCumulative(2 / 12, 0.5, 0.2);
    expect(lic.customers).toBeCloseTo(a1 * 0.9 + (a2 - a1), 12);
    expect(lic.adopted).toBeCloseTo(a2, 12);
  });
});

describe("inverse-CDF draws", () => {
  it("standard normal quantiles", () => {
    expect(inverseNormalCdf(0.5)).toBeCloseTo(0, 12);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963985, 7);
    expect(inverseNormalCdf(0.01)).toBeCloseTo(-2.326347874, 7);
    expect(inverseNormalCdf(1e-6)).toBeCloseTo(-4.753424309, 6);
    expect(() => inverseNormalCdf(1)).toThrow("inverseNormalCdf: p = 1; expected a probability strictly between 0 and 1");
  });

  it("scenario distributions map a uniform to their quantile", () => {
    expect(distributionQuantile({ uniform: [50000, 200000] }, 0.1)).toBe(65000);
    expect(distributionQuantile(7, 0.3)).toBe(7);
    expect(distributionQuantile({ lognormal: { median: 100, sigma: 1 } }, 0.5)).toBeCloseTo(100, 9);
    expect(distributionQuantile({ normal: { mean: 10, sd: 2 } }, 0.975)).toBeCloseTo(13.91992797, 6);
  });

  it("Poisson and binomial quantiles are the CDF's inverse", () => {
    // Poisson(2): P(0) = 0.1353, P(≤1) = 0.4060, P(≤2) = 0.6767.
    expect(poissonQuantile(2, 0.1)).toBe(0);
    expect(poissonQuantile(2, 0.2)).toBe(1);
    expect(poissonQuantile(2, 0.5)).toBe(2);
    expect(poissonQuantile(0, 0.9)).toBe(0);
    // Binomial(3, 0.5): P(0) = 0.125, P(≤1) = 0.5, P(≤2) = 0.875.
    expect(binomialQuantile(3, 0.5, 0.1)).toBe(0);
    expect(binomialQuantile(3, 0.5, 0.4)).toBe(1);
    expect(binomialQuantile(3, 0.5, 0.6)).toBe(2);
    expect(binomialQuantile(3, 0.5, 0.95)).toBe(3);
    // Means over a fine grid of uniforms.
    let sp = 0;
    let sb = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = (i + 0.5) / n;
      sp += poissonQuantile(3.7, u);
      sb += binomialQuantile(40, 0.15, u);
    }
    expect(sp / n).toBeCloseTo(3.7, 2);
    expect(sb / n).toBeCloseTo(6, 2);
  });
});
