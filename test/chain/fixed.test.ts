/**
 * Fixed-point helpers (MECHANISM.md §1): the fast number paths must equal the bigint reference
 * bit for bit, on edge values and on seeded random operands in their documented ranges.
 */
import { describe, expect, it } from "vitest";
import {
  EXP_ONE_RAW,
  FracDivisor,
  ONE,
  ONE_B,
  emaAlphaFromBmaB,
  emissionB,
  emissionInto,
  expB,
  expRaw,
  expSafe,
  expSafeB,
  fdivB,
  fdivFloor,
  fmul,
  fmulB,
  fmulFast,
  fmulSplit,
  fmulWide,
  normalizeStake,
  normalizeStakeB,
  proportionToU16,
  proportionToU16B,
  splitHi,
  u16ToProportion,
  u16ToProportionB,
} from "../../sim/chain/local/fixed.js";
import { Rng } from "../../sim/core/rng.js";
import { decayTable, expForBracket } from "../../sim/chain/local/epoch.js";

const rng = new Rng(1);
/** A random integer in [0, 2^bits), from two 32-bit draws. */
function bitsInt(s: ReturnType<Rng["stream"]>, bits: number): number {
  const hi = s.uint32() % 2 ** Math.max(0, bits - 32);
  return bits > 32 ? hi * ONE + s.uint32() : s.uint32() % 2 ** bits;
}

describe("I32F32 semantics (bigint reference)", () => {
  it("mul floors toward −∞, div truncates toward 0 and gives 0 for a zero divisor", () => {
    expect(fmulB(-1n, 1n)).toBe(-1n); // −2^-64 floors to −1 raw
    expect(fdivB(-1n, 3n << 32n)).toBe(0n); // −1/3 raw truncates to 0
    expect(fdivB(5n, 0n)).toBe(0n);
  });

  it("u16 conversions: 0.25 → 16383, 0.5 → 32767, and back through fdiv(u, 65535)", () => {
    expect(proportionToU16B(ONE_B / 4n)).toBe(16383);
    expect(proportionToU16B(ONE_B / 2n)).toBe(32767);
    expect(proportionToU16B(ONE_B)).toBe(65535);
    expect(u16ToProportionB(65535)).toBe(ONE_B);
    expect(u16ToProportionB(32767)).toBe((32767n << 32n) / 65535n);
  });

  it("stake 0.1 becomes 0.0999999999 after the I64F64 step (test_10_graph)", () => {
    const s = normalizeStakeB(Array.from({ length: 10 }, () => 1n));
    expect(s[0]).toBe(429496729n);
    expect(emissionB(s[0]!, 1_000_000_000n)).toBe(99_999_999n);
  });

  it("exp: 1 + |x| + Σ terms, reciprocal for x < 0, the library's e for x = 1, exp_safe clamps", () => {
    expect(expB(0n)).toBe(ONE_B);
    expect(expB(ONE_B)).toBe(BigInt(EXP_ONE_RAW));
    expect(Number(expB(2n * ONE_B)!) / ONE).toBeCloseTo(Math.exp(2), 8);
    expect(Number(expB(-3n * ONE_B)!) / ONE).toBeCloseTo(Math.exp(-3), 8);
    expect(expSafeB(-100n * ONE_B)).toBe(expB(-20n * ONE_B));
    expect(expSafeB(100n * ONE_B)).toBe(expB(20n * ONE_B));
  });
});

describe("number fast paths = bigint reference", () => {
  it("fmul, fmulFast on proportions and signed operands; fmulWide on large ones", () => {
    const s = rng.stream("fixed/fmul");
    const edge = [0, 1, 65535, 65536, ONE - 1, ONE, ONE + 1, 2 ** 31, 2 ** 33];
    for (const a of edge) for (const b of edge) expect(fmul(a, b)).toBe(Number(fmulB(BigInt(a), BigInt(b))));
    for (let k = 0; k < 20000; k++) {
      const a = bitsInt(s, 33);
      const b = bitsInt(s, 33) * (s.bernoulli(0.2) ? -1 : 1);
      const want = Number(fmulB(BigInt(a), BigInt(b)));
      expect(fmul(a, b)).toBe(want);
      expect(fmulFast(a, b)).toBe(want);
      const big = bitsInt(s, 52);
      const x = bitsInt(s, 36);
      const exact = fmulB(BigInt(big), BigInt(x));
      if (exact < 1n << 53n) expect(fmulWide(big, x)).toBe(Number(exact));
    }
  });

  it("fmulSplit with a pre-split factor equals fmul (signed, up to |x| < 2^36, |c| ≤ 2^33)", () => {
    const s = rng.stream("fixed/fmulSplit");
    const split = (x: number, c: number): number => {
      const h = splitHi(c);
      return fmulSplit(x, h, c - h * 65536);
    };
    const want = (x: number, c: number): number => Number(fmulB(BigInt(x), BigInt(c)));
    const edge = [0, 1, 65535, 65536, 65537, ONE - 1, ONE, ONE + 1, 2 ** 31, 2 ** 33, 2 ** 36 - 1];
    for (const a of edge) {
      for (const c of [0, 1, 65535, 65536, ONE - 1, ONE, 2 ** 33, -1, -65536, -ONE, -(2 ** 33)]) {
        if (Math.abs(a * c) >= 2 ** 68) continue;
        expect(split(a, c)).toBe(want(a, c));
        if (a !== 0) expect(split(-a, c) + 0).toBe(want(-a, c)); // −0 for x < 0, c = 0: equal as a value
      }
    }
    for (let k = 0; k < 20000; k++) {
      const x = bitsInt(s, k % 2 === 0 ? 33 : 36) * (s.bernoulli(0.2) ? -1 : 1);
      const c = bitsInt(s, k % 2 === 0 ? 33 : 32) * (s.bernoulli(0.2) ? -1 : 1);
      expect(split(x, c) + 0).toBe(want(x, c));
    }
  });

  it("Yuma3 decay table: every u16 (0, 1, 65534, 65535 included) at several EMA rates", () => {
    // 1 − α for bonds_moving_average 900,000 (default), 0, 1,000,000, 975,000 and 1: every entry
    // is fmul(fdiv(u, 65535), 1 − α) of the bigint reference.
    for (const bma of [900_000n, 0n, 1_000_000n, 975_000n, 1n]) {
      const oneMinus = ONE_B - emaAlphaFromBmaB(bma);
      const t = decayTable(Number(oneMinus));
      expect(t.length).toBe(65536);
      for (let u = 0; u < 65536; u++) {
        const want = fmulB(u16ToProportionB(u), oneMinus);
        if (t[u] !== Number(want)) expect([u, t[u]]).toEqual([u, Number(want)]);
      }
      expect([t[0], t[1], t[65534], t[65535]]).toEqual(
        [0, 1, 65534, 65535].map((u) => Number(fmulB(u16ToProportionB(u), oneMinus))),
      );
    }
  });

  it("fdivFloor and FracDivisor: floor(a·2^32/b) up to b < 2^52", () => {
    const s = rng.stream("fixed/div");
    const d = new FracDivisor();
    for (let k = 0; k < 20000; k++) {
      const b = 1 + bitsInt(s, pick([8, 24, 32, 33, 40, 51]));
      const a = s.bernoulli(0.1) ? b : s.bernoulli(0.5) ? Math.floor(s.uniform() * b) : bitsInt(s, 36);
      const want = fdivB(BigInt(a), BigInt(b));
      if (want >= 1n << 53n) continue;
      expect(fdivFloor(a, b)).toBe(Number(want));
      expect(d.set(b).div(a)).toBe(Number(want));
    }
    function pick(xs: number[]): number {
      return xs[s.int(xs.length)]!;
    }
  });

  it("u16 conversions", () => {
    for (let u = 0; u <= 65535; u++) expect(u16ToProportion(u)).toBe(Number(u16ToProportionB(u)));
    const s = rng.stream("fixed/u16");
    for (let k = 0; k < 5000; k++) {
      const x = bitsInt(s, 33);
      expect(proportionToU16(x)).toBe(proportionToU16B(BigInt(x)));
    }
    expect(proportionToU16(-5)).toBe(0);
  });

  it("exp on number raws equals the bigint series on [−20, 20]", () => {
    const s = rng.stream("fixed/exp");
    const edge = [0, 1, -1, ONE, -ONE, 13 * ONE, -13 * ONE, 5 * ONE, -5 * ONE, 20 * ONE, -20 * ONE, 25 * ONE];
    const xs = [...edge, ...Array.from({ length: 3000 }, () => Math.round(s.range(-20, 20) * ONE))];
    for (const x of xs) {
      const want = expSafeB(BigInt(x));
      if (Math.abs(x) <= 13 * ONE) expect(expRaw(x)).toBe(Number(want));
      if (want < 1n << 53n) expect(expSafe(x)).toBe(Number(want));
    }
  });

  it("stake normalisation above 2^52 at exact quotients (the estimate's fallback)", () => {
    const X = (1n << 60n) + 12345n;
    const cases: bigint[][] = [
      [X],
      [X, 0n],
      [X, X],
      [X, X, X, X],
      [X, X, 0n, X],
      [(1n << 63n) + 1n, (1n << 63n) - 1n],
      [X, 1n, X - 1n],
      [(1n << 52n) - 1n, 1n],
    ];
    for (const c of cases) {
      const stake = BigUint64Array.from(c);
      const out = new Float64Array(c.length);
      normalizeStake(stake, c.length, out);
      expect(Array.from(out)).toEqual(normalizeStakeB(c).map(Number));
    }
  });

  it("stake normalisation and emission, including sums above 2^52 and E above 2^53", () => {
    const s = rng.stream("fixed/stake");
    for (let k = 0; k < 300; k++) {
      const n = 1 + s.int(64);
      const huge = s.bernoulli(0.3);
      const stake = BigUint64Array.from({ length: n }, () =>
        s.bernoulli(0.2) ? 0n : huge ? BigInt(bitsInt(s, 52)) * 4096n : BigInt(bitsInt(s, 40)),
      );
      const out = new Float64Array(n);
      normalizeStake(stake, n, out);
      const want = normalizeStakeB(Array.from(stake));
      expect(Array.from(out)).toEqual(want.map(Number));
      for (const E of [1_000_000_000n, BigInt(bitsInt(s, 53)), (1n << 63n) + 7n]) {
        const rao = new BigUint64Array(n);
        emissionInto(out, n, E, rao);
        expect(Array.from(rao)).toEqual(want.map((x) => emissionB(x, E)));
      }
    }
  });
});

describe("exp bracket used by liquid alpha", () => {
  it("expForBracket is within 1e-14 relative of e^x on [0, 20] (vs a 200-bit bigint series)", () => {
    const SCALE = 200n;
    /** e^x for x = num/2^32, as a bigint scaled by 2^200, by its Taylor series. */
    const expHi = (num: bigint): bigint => {
      const x = num << (SCALE - 32n);
      let term = 1n << SCALE;
      let sum = term;
      for (let i = 1n; i < 200n; i++) {
        term = (term * x) / (i << SCALE);
        if (term === 0n) break;
        sum += term;
      }
      return sum;
    };
    const s = rng.stream("fixed/exp-bracket");
    const xs = [0, 1.5, 5, 13, 20, ...Array.from({ length: 400 }, () => s.range(0, 20))];
    for (const x of xs) {
      const raw = BigInt(Math.round(x * ONE));
      const exact = Number(expHi(raw) >> (SCALE - 64n)) / 2 ** 64;
      const got = expForBracket(Number(raw) / ONE);
      expect(Math.abs(got / exact - 1)).toBeLessThan(1e-14);
    }
  });
});
