import { describe, expect, it } from "vitest";
import {
  AlphaMarket,
  alphaInForTaoOut,
  alphaOutForTaoIn,
  emaWeight,
  taoOutForAlphaIn,
  type AlphaMarketParams,
} from "../../sim/economics/alpha-market.js";

/** A quiet market: no stakers, no root, fixed share unless overridden. */
function params(over: Partial<AlphaMarketParams> = {}): AlphaMarketParams {
  return {
    poolTao: 1000,
    poolAlpha: 100000,
    alphaPerDay: 7200,
    networkTaoPerDay: 3600,
    rootSellShare: 0,
    shareRule: "fixed",
    injection: "price-burn-2026-06",
    initialShare: 0,
    maxShare: 1,
    emaWeight: emaWeight(32),
    backgroundFlowTaoPerDay: 10000,
    taoWeight: 0.18,
    rootTao: 0,
    ownerCut: 0.18,
    validatorTake: 0.18,
    delegatedStakeAlpha: 0,
    otherStakeAlpha: 0,
    referenceYield: 1,
    yieldResponse: 0,
    taoBeta: 0,
    maxDailyFlow: 0.05,
    ...over,
  };
}

describe("swaps against the constant-product formula (MECHANISM.md §5.4)", () => {
  it("buying alpha with TAO: Δα = A − T·A/(T + Δτ), and x·y stays k", () => {
    // T = 5000, A = 250000, Δτ = 100: Δα = 250000 − 5000·250000/5100 = 250000 − 245098.0392157 = 4901.9607843.
    expect(alphaOutForTaoIn(5000, 250000, 100)).toBeCloseTo(4901.9607843137, 9);
    for (const [T, A, x] of [
      [5000, 250000, 100],
      [1, 1e9, 1e-3],
      [123.4, 5678.9, 1e4],
    ] as const) {
      const out = alphaOutForTaoIn(T, A, x);
      expect(out).toBeCloseTo(A - (T * A) / (T + x), 6);
      expect(((T + x) * (A - out)) / (T * A)).toBeCloseTo(1, 12);
    }
    expect(alphaOutForTaoIn(5000, 250000, 0)).toBe(0);
  });

  it("selling alpha for TAO: Δτ = T − T·A/(A + Δα), and x·y stays k", () => {
    // T = 1000, A = 100000, Δα = 1296: Δτ = 1000 − 1e8/101296 = 12.7941873321.
    expect(taoOutForAlphaIn(1000, 100000, 1296)).toBeCloseTo(12.7941873321, 9);
    const T = 777;
    const A = 31000;
    const out = taoOutForAlphaIn(T, A, 5000);
    expect(((T - out) * (A + 5000)) / (T * A)).toBeCloseTo(1, 12);
  });

  it("alphaInForTaoOut inverts the sale; slippage grows with size", () => {
    const a = alphaInForTaoOut(1000, 100000, 50);
    expect(taoOutForAlphaIn(1000, 100000, a)).toBeCloseTo(50, 10);
    expect(alphaInForTaoOut(1000, 100000, 1000)).toBe(Infinity);
    // Average price received falls with the size sold (spot 0.01 TAO per alpha).
    const small = taoOutForAlphaIn(1000, 100000, 100) / 100;
    const large = taoOutForAlphaIn(1000, 100000, 50000) / 50000;
    expect(small).toBeLessThan(0.01);
    expect(large).toBeLessThan(small);
    expect(large).toBeCloseTo(1000 / 150000, 12); // T/(A + Δα)
  });

  it("two sales in a row give exactly the proceeds of one sale of their sum", () => {
    const T = 1000;
    const A = 100000;
    const first = taoOutForAlphaIn(T, A, 3000);
    const second = taoOutForAlphaIn(T - first, A + 3000, 7000);
    expect(first + second).toBeCloseTo(taoOutForAlphaIn(T, A, 10000), 10);
  });

  it("AlphaMarket swaps move the reserves by the formula and record user flow", () => {
    const m = new AlphaMarket(params());
    m.reset();
    const tao = m.sellAlpha(1296);
    expect(tao).toBeCloseTo(12.7941873321, 9);
    expect(m.tao).toBeCloseTo(1000 - 12.7941873321, 9);
    expect(m.alpha).toBe(101296);
    expect(m.netUserFlowTao).toBeCloseTo(-12.7941873321, 9);
    const alpha = m.buyAlpha(12.7941873321);
    expect(alpha).toBeCloseTo(1296, 6);
    expect(m.tao).toBeCloseTo(1000, 9);
  });
});

describe("emission, injection and the alpha_out split (MECHANISM.md §4.1, §5.3)", () => {
  it("splits alpha_out: owner 18%, miners 41%, validators 41% − root alpha", () => {
    const m = new AlphaMarket(params({ rootTao: 3_000_000, otherStakeAlpha: 50000 }));
    m.reset();
    const issuance = m.issuance; // 100000 pool + 50000 stake
    m.emit(1);
    const rootProp = (0.18 * 3_000_000) / (0.18 * 3_000_000 + issuance);
    expect(m.ownerAlpha).toBeCloseTo(0.18 * 7200, 9);
    expect(m.minerAlpha).toBeCloseTo(0.41 * 7200, 9);
    expect(m.rootAlpha).toBeCloseTo(rootProp * 0.82 * 7200 * 0.5, 9);
    expect(m.validatorAlpha).toBeCloseTo(0.41 * 7200 - m.rootAlpha, 9);
    expect(m.ownerAlpha + m.minerAlpha + m.rootAlpha + m.validatorAlpha).toBeCloseTo(7200, 9);
  });

  it("injects TAO at the pool price (price unchanged) while alpha_in is under the cap", () => {
    const m = new AlphaMarket(params({ initialShare: 0.005, rootTao: 3_000_000 }));
    m.reset();
    const p0 = m.price();
    m.emit(1);
    // 18 TAO in, 1800 alpha in: well under root_prop × 7200.
    expect(m.tao).toBeCloseTo(1018, 9);
    expect(m.alpha).toBeCloseTo(101800, 9);
    expect(m.price()).toBeCloseTo(p0, 12);
  });

  it("price-burn era: above the cap root_prop × alpha emission, the excess TAO buys alpha", () => {
    // Low price (0.0001 TAO): 18 TAO would need 180,000 alpha; the cap is root_prop × 7200.
    const m = new AlphaMarket(params({ initialShare: 0.005, poolTao: 10, poolAlpha: 100000, rootTao: 3_000_000 }));
    m.reset();
    const issuance = m.issuance;
    const rootProp = (0.18 * 3_000_000) / (0.18 * 3_000_000 + issuance);
    const cap = rootProp * 7200;
    m.emit(1);
    const taoIn = cap * 0.0001;
    const excess = 18 - taoIn;
    const T1 = 10 + taoIn;
    const A1 = 100000 + cap;
    const bought = (A1 * excess) / (T1 + excess);
    expect(m.tao).toBeCloseTo(T1 + excess, 9);
    expect(m.alpha).toBeCloseTo(A1 - bought, 6);
    expect(m.price()).toBeGreaterThan(0.0001);
  });

  it("dTAO-launch era: all TAO goes in, alpha_in capped at the alpha emission, no chain buy", () => {
    const m = new AlphaMarket(params({ initialShare: 0.005, poolTao: 10, poolAlpha: 100000, injection: "dtao-2025-02" }));
    m.reset();
    m.emit(1);
    expect(m.tao).toBeCloseTo(28, 12);
    expect(m.alpha).toBeCloseTo(107200, 9);
  });

  it("alpha emission halves once the subnet's alpha issuance reaches 10.5M", () => {
    const m = new AlphaMarket(params({ poolAlpha: 10_499_000 }));
    m.reset();
    m.emit(1);
    expect(m.alphaEmission).toBe(7200);
    m.emit(1);
    expect(m.alphaEmission).toBe(3600);
  });

  it("price rule: day 0 gives the initial share; a falling background raises it; the cap holds", () => {
    const m = new AlphaMarket(params({ shareRule: "price", initialShare: 0.01, maxShare: 0.05 }));
    m.reset();
    m.emit(1);
    expect(m.share).toBeCloseTo(0.01, 12);
    m.reset();
    m.emit(0.5);
    // w/(w + B0/2) with B0 = 99 w: 1/(1 + 49.5).
    expect(m.share).toBeCloseTo(1 / 50.5, 12);
    m.reset();
    m.emit(0.001);
    expect(m.share).toBe(0.05);
  });

  it("flow rule: the share follows our net TAO flow EMA and is zero when it turns negative", () => {
    const m = new AlphaMarket(params({ shareRule: "flow", injection: "flow-2025-11", initialShare: 0.02 }));
    m.reset();
    m.emit(1);
    expect(m.share).toBeCloseTo(0.02, 12);
    for (let d = 0; d < 400; d++) {
      m.sellAlpha(2000);
      m.endDay();
    }
    m.emit(1);
    expect(m.share).toBe(0);
  });
});
