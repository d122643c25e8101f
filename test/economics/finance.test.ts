import { describe, expect, it } from "vitest";
import {
  annualRateFromMonthly,
  breakEvenMonth,
  cumulativeCash,
  cvar,
  discountFactor,
  irr,
  mean,
  monthlyRateFromAnnual,
  npv,
  probabilityAbove,
  probabilityBelow,
  probabilityPairwiseGreater,
  probabilityStandardError,
  quantile,
  quantiles,
  quantileSorted,
} from "../../sim/economics/finance.js";

/** n zeros. */
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

describe("rates and discounting", () => {
  it("monthly ↔ annual effective", () => {
    // (1.1)^(1/12) − 1 = e^{ln 1.1 / 12} − 1 = e^{0.0079425150} − 1 = 0.0079741404.
    expect(monthlyRateFromAnnual(0.1)).toBeCloseTo(0.0079741404, 10);
    expect(annualRateFromMonthly(monthlyRateFromAnnual(0.1))).toBeCloseTo(0.1, 14);
    // 1% a month: 1.01^12 − 1 = 0.1268250301.
    expect(annualRateFromMonthly(0.01)).toBeCloseTo(0.1268250301, 10);
    expect(discountFactor(0.1, 12)).toBeCloseTo(1 / 1.1, 15);
    expect(() => monthlyRateFromAnnual(-1)).toThrow(
      "monthlyRateFromAnnual: annualRate = -1; expected a finite annual effective rate > −1 (0.10 = 10%/yr)",
    );
  });
});

describe("npv", () => {
  it("one month: −100 today, +110 in a month, at 10%/yr", () => {
    // 110 · 1.1^(−1/12) = 110 · e^{−0.0079425150} = 110 · 0.9920889437 = 109.1297838; NPV = 9.1297838.
    expect(npv([-100, 110], 0.1)).toBeCloseTo(9.1297838, 6);
  });

  it("annual flows on a monthly grid: −1000 now, +600 at months 12 and 24, at 10%/yr", () => {
    // 600/1.1 + 600/1.21 = 545.4545455 + 495.8677686 = 1041.3223140; NPV = 41.3223140.
    const cf = [-1000, ...zeros(11), 600, ...zeros(11), 600];
    expect(cf.length).toBe(25);
    expect(npv(cf, 0.1)).toBeCloseTo(41.322314, 6);
  });

  it("zero rate is the plain sum; cash flow errors name the month", () => {
    expect(npv([-5, 2, 2, 2], 0)).toBe(1);
    expect(() => npv([1, Number.NaN], 0.1)).toThrow("npv: cashFlows[1] = NaN; expected a finite amount (USD)");
    expect(() => npv([], 0.1)).toThrow("npv: cashFlows is empty; expected at least one monthly cash flow");
  });
});

describe("irr", () => {
  it("−100 then +110 a month later: 10%/month = 1.1^12 − 1 = 213.84%/yr", () => {
    // 1.1^12 = 3.1384283767 → 2.1384283767.
    expect(irr([-100, 110])).toBeCloseTo(2.1384283767, 9);
  });

  it("−1000, +600 at month 12, +600 at month 24: 13.066%/yr", () => {
    // With x = 1/(1 + r): 600x + 600x² = 1000 → 3x² + 3x − 5 = 0 → x = (−3 + √69)/6 = 0.8844373105,
    // r = 1/x − 1 = 0.1306623863.
    const cf = [-1000, ...zeros(11), 600, ...zeros(11), 600];
    const expected = 6 / (-3 + Math.sqrt(69)) - 1;
    expect(expected).toBeCloseTo(0.1306623863, 9);
    expect(irr(cf)).toBeCloseTo(expected, 9);
  });

  it("a 36-month project: NPV at its IRR is zero", () => {
    const cf = [-50_000, ...new Array<number>(36).fill(2_000)];
    const r = irr(cf)!;
    expect(r).toBeGreaterThan(0);
    expect(Math.abs(npv(cf, r))).toBeLessThan(1e-6);
  });

  it("losing money: −100 then +50 a month later is −50%/month = 0.5^12 − 1", () => {
    expect(irr([-100, 50])).toBeCloseTo(Math.pow(0.5, 12) - 1, 12);
  });

  it("null without a sign change", () => {
    expect(irr([100, 50])).toBeNull();
    expect(irr([-1, -2])).toBeNull();
    expect(irr([0, 0])).toBeNull();
  });

  it("two roots: −100, +230, −132 has monthly IRRs 10% and 20%; the one nearest zero is returned", () => {
    // With x = 1 + m: −100x² + 230x − 132 = 0 → x = (230 ± √(52900 − 52800))/200 = 1.1 or 1.2.
    expect(irr([-100, 230, -132])).toBeCloseTo(Math.pow(1.1, 12) - 1, 9);
  });

  it("exactly zero IRR", () => {
    expect(irr([-100, 50, 50])).toBe(0);
  });
});

describe("break-even month", () => {
  it("first month the cumulative cash reaches zero and stays there", () => {
    // cumulative: −100, −70, −40, −10, +20 → month 4.
    expect(Array.from(cumulativeCash([-100, 30, 30, 30, 30]))).toEqual([-100, -70, -40, -10, 20]);
    expect(breakEvenMonth([-100, 30, 30, 30, 30])).toBe(4);
    // Exactly zero counts as break-even: −100, −50, 0 → month 2.
    expect(breakEvenMonth([-100, 50, 50])).toBe(2);
  });

  it("'stays' ignores a temporary recovery, 'first' does not", () => {
    // cumulative: −100, +50, −50, +30.
    expect(breakEvenMonth([-100, 150, -100, 80])).toBe(3);
    expect(breakEvenMonth([-100, 150, -100, 80], { rule: "first" })).toBe(1);
    // cumulative: −100, +50, −50 (ends below zero).
    expect(breakEvenMonth([-100, 150, -100])).toBeNull();
  });

  it("never negative → month 0; never recovered → null", () => {
    expect(breakEvenMonth([5, -3, 1])).toBe(0);
    expect(breakEvenMonth([-100, 10, 10])).toBeNull();
  });

  it("discounted payback: −100 now, +105 at month 12 pays back only undiscounted", () => {
    const cf = [-100, ...zeros(11), 105];
    expect(breakEvenMonth(cf)).toBe(12);
    // 105/1.1 = 95.45 < 100.
    expect(breakEvenMonth(cf, { annualRate: 0.1 })).toBeNull();
    // 105/1.04 = 100.96 ≥ 100.
    expect(breakEvenMonth(cf, { annualRate: 0.04 })).toBe(12);
  });
});

describe("quantiles (type 7)", () => {
  it("known small arrays (as R's quantile(x, type = 7))", () => {
    // x = 1 2 3 4: p = .25 → h = 0.75 → 1 + 0.75·1 = 1.75; p = .5 → h = 1.5 → 2.5; p = .9 → h = 2.7 → 3.7.
    expect(quantiles([1, 2, 3, 4], [0.25, 0.5, 0.9])).toEqual([1.75, 2.5, 3.7]);
    // x = 15 20 35 40 50, p = .4 → h = 1.6 → 20 + 0.6·15 = 29.
    expect(quantile([15, 20, 35, 40, 50], 0.4)).toBeCloseTo(29, 12);
    expect(quantile([7], 0.3)).toBe(7);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it("does not sort the caller's array", () => {
    const x = new Float64Array([4, 1, 3, 2]);
    expect(quantile(x, 0.5)).toBe(2.5);
    expect(Array.from(x)).toEqual([4, 1, 3, 2]);
    const y = [-1, -10, 5];
    quantiles(y, [0.1]);
    expect(y).toEqual([-1, -10, 5]);
  });

  it("sorts numerically, including negatives, and rejects NaN and bad p", () => {
    expect(quantile([10, -2, 9, 100], 0.5)).toBe(9.5);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow("quantile: values[1] is NaN; expected a number");
    expect(() => quantile([1, 2], 1.5)).toThrow("quantile: p = 1.5; expected a probability in [0, 1]");
    expect(() => quantile([], 0.5)).toThrow("quantile: values is empty; expected at least one value");
  });
});

describe("CVaR and probabilities", () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it("CVaR 5% is the mean of the worst 5%", () => {
    // Worst 5 of 1..100: (1 + 2 + 3 + 4 + 5)/5 = 3.
    expect(cvar(oneToHundred)).toBe(3);
    // α·n = 2.5: (1 + 2 + 0.5·3)/2.5 = 4.5/2.5 = 1.8.
    expect(cvar(oneToHundred, 0.025)).toBeCloseTo(1.8, 14);
    expect(cvar([-50, 10, 20], 1)).toBeCloseTo(-20 / 3, 14);
    expect(() => cvar([1, 2], 0)).toThrow("cvar: alpha = 0; expected a tail share in (0, 1]");
  });

  it("probability helpers are strict and paired", () => {
    expect(probabilityAbove([-1, 0, 1, 2], 0)).toBe(0.5);
    expect(probabilityBelow([-1, 0, 1, 2], 0)).toBe(0.25);
    expect(probabilityPairwiseGreater([1, 2, 3], [0, 2, 4])).toBeCloseTo(1 / 3, 15);
    expect(() => probabilityPairwiseGreater([1], [1, 2])).toThrow(
      "probabilityPairwiseGreater: a has 1 values and b has 2; expected the same paths in both",
    );
    expect(mean([1, 2, 3, 6])).toBe(3);
    // √(0.25·0.75/10000) = 0.00433013.
    expect(probabilityStandardError(0.25, 10_000)).toBeCloseTo(0.00433013, 8);
  });
});
