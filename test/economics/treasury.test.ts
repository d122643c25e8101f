import { describe, expect, it } from "vitest";
import { conversionFees, strategyRule, taoBoughtWithUsd, Treasury, usdToBuyTao } from "../../sim/economics/treasury.js";

const treasury = (s: Parameters<typeof strategyRule>[0]) => new Treasury(strategyRule(s));

describe("conversion strategies", () => {
  it("every-epoch sells the whole inventory each day, split by source", () => {
    const t = treasury({ kind: "every-epoch" });
    t.accrue(300, 100);
    expect(t.takeSale(0, 1, 1, 1e6)).toBe(400);
    expect(t.ownerShareOfSale).toBe(0.75);
    expect(t.takeSale(1, 1, 1, 1e6)).toBe(0);
  });

  it("weekly sells on every 7th day only", () => {
    const t = treasury({ kind: "weekly", every_days: 7 });
    for (let d = 0; d < 6; d++) {
      t.accrue(10, 0);
      expect(t.takeSale(d, 1, 1, 1e6)).toBe(0);
    }
    t.accrue(10, 0);
    expect(t.takeSale(6, 1, 1, 1e6)).toBe(70);
  });

  it("threshold sells only when the alpha's USD price is at least the ratio × day 0's", () => {
    const t = treasury({ kind: "threshold", price_ratio: 1.5 });
    t.accrue(50, 50);
    expect(t.takeSale(0, 1.49, 1, 1e6)).toBe(0);
    expect(t.takeSale(1, 1.5, 1, 1e6)).toBe(100);
  });

  it("hold-share keeps its share until the horizon and sells the rest", () => {
    const t = treasury({ kind: "hold-share", hold_share: 0.25 });
    t.accrue(80, 20);
    expect(t.takeSale(0, 1, 1, 1e6)).toBeCloseTo(75, 12);
    expect(t.takeAll()).toBeCloseTo(25, 12);
    expect(t.ownerShareOfSale).toBeCloseTo(0.8, 12);
    expect(t.takeAll()).toBe(0);
  });

  it("capped sells at most the given share of the pool's alpha a day, carrying the rest", () => {
    const t = treasury({ kind: "capped", max_share_of_depth_per_day: 0.001 });
    t.accrue(1500, 0);
    expect(t.takeSale(0, 1, 1, 1e6)).toBe(1000);
    expect(t.takeSale(1, 1, 1, 1e6)).toBeCloseTo(500, 9);
  });

  it("fees: exchange fee plus half the spread, both ways", () => {
    expect(conversionFees(10000, 0.001, 0.002)).toBeCloseTo(20, 12);
    expect(usdToBuyTao(10, 150, 0.001, 0.002)).toBeCloseTo(1503, 9);
    expect(taoBoughtWithUsd(1503, 150, 0.001, 0.002)).toBeCloseTo(10, 12);
  });
});
