import { describe, expect, it } from "vitest";
import {
  constantProduct,
  injectLiquidity,
  logValueChange,
  newPool,
  type Pool,
  quoteAlphaForTao,
  quoteTaoForAlpha,
  spotPrice,
  swapAlphaForTao,
  swapTaoForAlpha,
  alphaOutNum,
} from "../../sim/chain/local/pool.js";
import { Rng } from "../../sim/core/rng.js";

const TAO = 1_000_000_000n;

function randomAmount(u: number, reserve: bigint): bigint {
  // from 1 rao to ~20% of the reserve, log-uniform
  const max = Number(reserve) * 0.2;
  return BigInt(Math.max(1, Math.floor(Math.exp(u * Math.log(max)))));
}

describe("constant-product pool (§5.4)", () => {
  it("prices y/x and returns Δα = α − τα/(τ+Δτ), floored", () => {
    const p = newPool("constant-product", 1000n * TAO, 4000n * TAO);
    expect(spotPrice(p)).toBeCloseTo(0.25, 15);
    // 100 TAO into 1000/4000: α·Δτ/(τ+Δτ) = 4000·100/1100 = 363.636… TAO
    expect(quoteTaoForAlpha(p, 100n * TAO)).toBe((4000n * TAO * 100n * TAO) / (1100n * TAO));
  });

  it("never decreases k over random swap sequences", () => {
    const s = new Rng(7).stream("pool/cp-swaps");
    const p = newPool("constant-product", 5000n * TAO, 250_000n * TAO);
    let k = constantProduct(p);
    for (let i = 0; i < 2000; i++) {
      if (s.bernoulli(0.5)) swapTaoForAlpha(p, randomAmount(s.uniform(), p.taoRao));
      else swapAlphaForTao(p, randomAmount(s.uniform(), p.alphaRao));
      const k2 = constantProduct(p);
      expect(k2 >= k).toBe(true);
      k = k2;
    }
  });

  it("injection keeps the price (to the rounding of tao_in)", () => {
    const s = new Rng(8).stream("pool/cp-inject");
    const p = newPool("constant-product", 5000n * TAO, 250_000n * TAO);
    for (let i = 0; i < 500; i++) {
      const before = spotPrice(p);
      const a = BigInt(s.int(1e9) + 1);
      const t = BigInt(Math.floor(Number(a) * before));
      injectLiquidity(p, t, a);
      expect(Math.abs(spotPrice(p) / before - 1)).toBeLessThan(1e-12);
    }
  });
});

describe("weighted (Balancer) pool (§5.4)", () => {
  it("is the constant product at 0.5/0.5", () => {
    const a = newPool("weighted", 1000n * TAO, 4000n * TAO);
    const b = newPool("constant-product", 1000n * TAO, 4000n * TAO);
    expect(quoteTaoForAlpha(a, 77n * TAO)).toBe(quoteTaoForAlpha(b, 77n * TAO));
    expect(quoteAlphaForTao(a, 77n * TAO)).toBe(quoteAlphaForTao(b, 77n * TAO));
  });

  it("injection re-solves the weights so the price does not move", () => {
    const s = new Rng(9).stream("pool/w-inject");
    const p = newPool("weighted", 5000n * TAO, 250_000n * TAO);
    for (let i = 0; i < 1000; i++) {
      const before = spotPrice(p);
      // lopsided injections: alpha only, TAO only, or both
      const a = s.bernoulli(0.3) ? 0n : BigInt(s.int(1e10));
      const t = s.bernoulli(0.3) ? 0n : BigInt(s.int(1e9));
      injectLiquidity(p, t, a);
      expect(Math.abs(spotPrice(p) / before - 1)).toBeLessThan(1e-12);
      expect(p.weightAlpha).toBeGreaterThanOrEqual(0.01);
      expect(p.weightAlpha).toBeLessThanOrEqual(0.99);
    }
    expect(p.weightAlpha).not.toBe(0.5);
  });

  it("value function x^w_a·y^w_τ never decreases over random swaps at skewed weights", () => {
    const s = new Rng(10).stream("pool/w-swaps");
    const p: Pool = newPool("weighted", 5000n * TAO, 250_000n * TAO);
    p.weightAlpha = 0.3;
    for (let i = 0; i < 2000; i++) {
      if (s.bernoulli(0.5)) {
        const dt = randomAmount(s.uniform(), p.taoRao);
        const out = quoteTaoForAlpha(p, dt);
        expect(logValueChange(p, -out, dt)).toBeGreaterThanOrEqual(0);
        swapTaoForAlpha(p, dt);
      } else {
        const da = randomAmount(s.uniform(), p.alphaRao);
        const out = quoteAlphaForTao(p, da);
        expect(logValueChange(p, da, -out)).toBeGreaterThanOrEqual(0);
        swapAlphaForTao(p, da);
      }
      if (i % 100 === 0) injectLiquidity(p, BigInt(s.int(1e9)), BigInt(s.int(1e11)));
    }
  });

  it("matches the closed form Δy = y·(1 − (x/(x+Δx))^(w_a/w_τ))", () => {
    const p = newPool("weighted", 1000n * TAO, 4000n * TAO);
    p.weightAlpha = 0.8;
    const dx = 100n * TAO;
    const expected = 1000e9 * (1 - Math.pow(4000 / 4100, 0.8 / 0.2));
    expect(Math.abs(Number(quoteAlphaForTao(p, dx)) - expected)).toBeLessThan(2);
    expect(spotPrice(p)).toBeCloseTo((0.8 * 1000) / (0.2 * 4000), 12);
  });
});

describe("round trips", () => {
  for (const kind of ["constant-product", "weighted"] as const) {
    it(`${kind}: buy then sell back loses only rounding; with a trade in between, only the price move`, () => {
      const s = new Rng(11).stream(`pool/roundtrip/${kind}`);
      for (let i = 0; i < 300; i++) {
        const p = newPool(kind, BigInt(s.int(1e6) + 1000) * TAO, BigInt(s.int(1e7) + 1000) * TAO);
        if (kind === "weighted") p.weightAlpha = s.range(0.2, 0.8);
        const dt = randomAmount(s.uniform(), p.taoRao);
        const price = spotPrice(p);
        const a = swapTaoForAlpha(p, dt);
        const back = swapAlphaForTao(p, a);
        expect(back <= dt).toBe(true);
        // the alpha out is floored to a rao, worth up to `price` TAO rao; the sell floors again;
        // the weighted swaps may each take a safety rao
        const bound = BigInt(Math.ceil(price)) + (kind === "weighted" ? 4n : 2n);
        expect(dt - back <= bound, `lost ${dt - back} rao, bound ${bound}`).toBe(true);
      }
    });
  }

  it("number form used by the per-block loop agrees with the exact swap to a rao", () => {
    const s = new Rng(12).stream("pool/num");
    for (let i = 0; i < 500; i++) {
      // reserves below 2^53 rao, where the number form is specified to be within a rao
      const p = newPool("constant-product", BigInt(s.int(1e6) + 1) * TAO, BigInt(s.int(8e6) + 1) * TAO);
      if (s.bernoulli(0.5)) p.weightAlpha = s.range(0.05, 0.95);
      const dt = randomAmount(s.uniform(), p.taoRao);
      const exact = Number(quoteTaoForAlpha(p, dt));
      const num = alphaOutNum(Number(p.taoRao), Number(p.alphaRao), p.weightAlpha, Number(dt));
      // the exact weighted swap may take one more safety rao off
      expect(Math.abs(exact - num)).toBeLessThanOrEqual(p.weightAlpha === 0.5 ? 1 : 2);
    }
  });
});
