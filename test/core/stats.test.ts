import { describe, expect, it } from "vitest";
import { gini, quantile, ranks, spearman } from "../../sim/core/stats.js";

describe("statistics", () => {
  it("ranks ties by their average position", () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });
  it("spearman is 1 for monotone, -1 for reversed, null for constant", () => {
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 10000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNull();
    // hand-computed: ranks x = 1,2,3,4,5; y = 2,1,4,3,5; d² = 1+1+1+1+0 = 4; 1 − 6·4/(5·24) = 0.8
    expect(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50])).toBeCloseTo(0.8, 12);
  });
  it("gini is 0 for equal shares and (n−1)/n for one holder", () => {
    expect(gini([5, 5, 5, 5])).toBeCloseTo(0, 12);
    expect(gini([0, 0, 0, 8])).toBeCloseTo(0.75, 12);
    expect(gini([])).toBe(0);
  });
  it("quantile interpolates (type 7) without touching the input", () => {
    const v = [4, 1, 3, 2];
    expect(quantile(v, 0.5)).toBe(2.5);
    expect(quantile(v, 0)).toBe(1);
    expect(quantile(v, 1)).toBe(4);
    expect(v).toEqual([4, 1, 3, 2]);
  });
});
