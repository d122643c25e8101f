/**
 * Fixed-point arithmetic of the chain's epoch (MECHANISM.md §1), bit for bit.
 *
 * The chain computes the epoch in `I32F32` (signed 64-bit raw, 32 fraction bits), normalises
 * stake in `I64F64` and multiplies emission in `I96F32`. We hold an I32F32 value as its *raw*
 * integer (value = raw / 2^32), in one of two representations:
 *
 * - `bigint` raws (functions suffixed `B`): the plain, obviously-correct reference. Used by the
 *   tests' reference epoch and by the fast path's rare fallbacks.
 * - `number` raws: exact integers held in doubles, for the hot loops. Every function below states
 *   the operand range for which every intermediate stays an exact integer < 2^53; callers stay
 *   inside it (proportions have raws ≤ 2^32, and sums of at most 2^16 of them stay < 2^48).
 *
 * Rounding rules (MECHANISM.md §1, [FIXED] arith.rs):
 * - mul: `floor(a·b / 2^32)` (arithmetic shift, so toward −∞);
 * - div: `trunc(a·2^32 / b)`, toward zero; the chain's `safe_div` gives 0 for b = 0;
 * - narrowing I64F64 → I32F32 drops bits (floor); to an unsigned integer: floor, saturating;
 * - add/sub: exact (saturation at ±2^63 is never reached by epoch values).
 */

/** 2^32: the raw of 1.0 in I32F32. */
export const ONE = 4294967296;
/** 2^16. */
const TWO16 = 65536;
/** 2^-32 (exact), to scale by multiplication instead of division. */
const INV32 = 1 / 4294967296;
/** 2^-16 (exact). */
const INV16 = 1 / 65536;

/** 1.0 as a bigint raw. */
export const ONE_B = 1n << 32n;
/** Largest and smallest I32F32 raws (saturation bounds). */
export const I32F32_MAX_B = (1n << 63n) - 1n;
export const I32F32_MIN_B = -(1n << 63n);
const U64_MAX_B = (1n << 64n) - 1n;

// ---------------------------------------------------------------------------------------------
// Reference (bigint) primitives
// ---------------------------------------------------------------------------------------------

function saturate(x: bigint): bigint {
  return x > I32F32_MAX_B ? I32F32_MAX_B : x < I32F32_MIN_B ? I32F32_MIN_B : x;
}

/** I32F32 multiply: `floor(a·b / 2^32)`, saturating. */
export function fmulB(a: bigint, b: bigint): bigint {
  return saturate((a * b) >> 32n);
}

/** I32F32 `safe_div`: `trunc(a·2^32 / b)`, toward zero; 0 when b = 0 (saturating). */
export function fdivB(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  return saturate((a << 32n) / b); // bigint division truncates toward zero, like the chain
}

/** u16 → proportion (`epoch/math.rs`): `fdiv(u, 65535)`. */
export function u16ToProportionB(u: number): bigint {
  return fdivB(BigInt(u) << 32n, 65535n << 32n);
}

/** proportion → u16 (`epoch/math.rs`): `floor(fmul(x, 65535))`, saturating to [0, 65535]. */
export function proportionToU16B(x: bigint): number {
  const v = fmulB(x, 65535n << 32n) >> 32n;
  return v < 0n ? 0 : v > 65535n ? 65535 : Number(v);
}

/**
 * `e` as the chain's exp returns it for an input of exactly 1: [FIXED] `transcendental.rs`
 * special-cases `operand == ONE` and returns its `I9F23` constant E (e truncated to 23 fraction
 * bits), widened to I32F32. MECHANISM.md §1 does not mention this; it matters only when an
 * exp input is exactly 1.0 (e.g. steepness 200 with d = 0 in liquid alpha).
 */
export const EXP_ONE_RAW = 11674931200;

/**
 * [FIXED] `exp` in I32F32: `1 + |x| + Σ_{i=2..31} term_i`, `term_i = fdiv(fmul(term_{i-1}, |x|), i)`,
 * then `fdiv(1, result)` for x < 0. Returns null where the library returns `Err` (overflow).
 */
export function expB(x: bigint): bigint | null {
  if (x === 0n) return ONE_B;
  if (x === ONE_B) return BigInt(EXP_ONE_RAW);
  const ax = x < 0n ? -x : x;
  let result = ax + ONE_B;
  if (result > I32F32_MAX_B) return null;
  let term = ax;
  for (let i = 2n; i < 32n; i++) {
    term = (term * ax) >> 32n;
    if (term > I32F32_MAX_B) return null;
    term = term / i; // fdiv by the integer i: trunc((term·2^32)/(i·2^32)) = trunc(term / i)
    result += term;
    if (result > I32F32_MAX_B) return null;
  }
  if (x < 0n) result = (ONE_B << 32n) / result;
  return result;
}

/** `exp_safe` (`epoch/math.rs`): clamp the input to [−20, 20]; on overflow 0 (x ≤ 0) or MAX. */
export function expSafeB(x: bigint): bigint {
  const lo = -20n * ONE_B;
  const hi = 20n * ONE_B;
  const clamped = x < lo ? lo : x > hi ? hi : x;
  const r = expB(clamped);
  if (r !== null) return r;
  return clamped <= 0n ? 0n : I32F32_MAX_B;
}

/**
 * Stake normalisation (§3.2): `S_i / ΣS` in I64F64, then narrowed to I32F32 by dropping bits,
 * which equals `floor(S_i·2^32 / ΣS)`. Returns raws; all zeros if ΣS = 0.
 */
export function normalizeStakeB(stake: readonly bigint[]): bigint[] {
  let sum = 0n;
  for (const s of stake) sum += s;
  if (sum === 0n) return stake.map(() => 0n);
  return stake.map((s) => (s << 32n) / sum);
}

/** Emission (§3.11): `I96F32(share) × I96F32(E)` → u64, i.e. `floor(share_raw·E / 2^32)`, saturating. */
export function emissionB(shareRaw: bigint, raoEmission: bigint): bigint {
  if (shareRaw <= 0n) return 0n;
  const v = (shareRaw * raoEmission) >> 32n;
  return v > U64_MAX_B ? U64_MAX_B : v;
}

/** `1 − bma/1e6` (§3.9 step 3): the division in I64F64, narrowed to I32F32 (floor), then 1 − that. */
export function emaAlphaFromBmaB(bondsMovingAverage: bigint): bigint {
  const bma = (bondsMovingAverage << 32n) / 1_000_000n;
  return saturate(ONE_B - bma);
}

// ---------------------------------------------------------------------------------------------
// Fast (number) primitives: exact integer arithmetic in doubles
// ---------------------------------------------------------------------------------------------

/**
 * I32F32 multiply `floor(a·b / 2^32)` on number raws, exact for |a| < 2^36 and |b| ≤ 2^33
 * (any signs). `b` is split into 16-bit halves so each partial product stays < 2^53.
 */
export function fmul(a: number, b: number): number {
  const bh = Math.floor(b * INV16);
  const p1 = a * bh; // |a|·2^17 < 2^53
  const p0 = a * (b - bh * TWO16); // |a|·2^16
  const h = Math.floor(p1 * INV16);
  return h + Math.floor(((p1 - h * TWO16) * TWO16 + p0) * INV32);
}

/**
 * Fractional-part margin of the fast paths below: a double estimate q of an exact quotient Q with
 * |q − Q| < 2^-16 has floor(q) = floor(Q) whenever frac(q) ∈ (2^-16, 1 − 2^-16).
 */
const EDGE = 1 / 65536;

/**
 * `fmul` via one double product: exact result (same as `fmul`) for |x| < 2^36, |c| ≤ 2^33 and
 * |x·c| < 2^68. The rounded product is off by less than 2^15, i.e. 2^-17 after scaling, so its
 * floor is exact unless the fraction is within 2^-16 of an integer; then `fmul` decides.
 */
export function fmulFast(x: number, c: number): number {
  const q = x * c * INV32;
  const f = Math.floor(q);
  if (Math.abs(q - f - 0.5) < 0.5 - EDGE || q === 0) return f; // fraction in (EDGE, 1 − EDGE)
  return fmul(x, c); // kept out of line: the rare exact path would slow the inlined fast one
}

/**
 * `fmul(x, c)` with c pre-split as `c = ch·2^16 + cl` (`ch = splitHi(c)`, `cl = c − ch·2^16`),
 * exact and branch-free for |x| < 2^36, |c| ≤ 2^33, |x·c| < 2^68: x·ch and x·cl are exact, and
 * floor((x·ch + x·cl/2^16) / 2^16) = floor((x·ch + floor(x·cl/2^16)) / 2^16) since x·ch is an
 * integer. About half the cost of `fmulFast` when one factor is reused (a row, column or epoch
 * constant), since the split is then paid once. May return −0 (x < 0 with c = 0), equal to 0.
 */
export function fmulSplit(x: number, ch: number, cl: number): number {
  return Math.floor((x * ch + Math.floor(x * cl * INV16)) * INV16);
}

/** The high part of `fmulSplit`'s operand split: floor(c / 2^16). */
export function splitHi(c: number): number {
  return Math.floor(c * INV16);
}

/**
 * `floor(a·b / 2^32)` for 0 ≤ a < 2^53 and 0 ≤ b < 2^37 whose exact result is < 2^53 (used by
 * the exp series, whose terms exceed 2^36). Splits both operands at 2^32.
 */
export function fmulWide(a: number, b: number): number {
  const bh = Math.floor(b * INV32);
  const bl = b - bh * ONE;
  const ah = Math.floor(a * INV32);
  const al = a - ah * ONE;
  return a * bh + ah * bl + fmul(al, bl);
}

/**
 * `floor(a·2^32 / b)` for integers 0 ≤ a < 2^52, 0 < b < 2^52, exact when the result is < 2^53.
 * This is I32F32 division of two non-negative raws (trunc = floor). Method: integer part by
 * `Math.floor(a/b)` (exact below 2^53), fraction by a double estimate that is off by at most one,
 * then corrected with the exact remainder `r·2^32 − q·b`, computed in 16-bit pieces.
 */
export function fdivFloor(a: number, b: number): number {
  let qi = 0;
  let r = a;
  if (a >= b) {
    qi = Math.floor(a / b);
    r = a - qi * b;
    if (r < 0) {
      qi--;
      r += b;
    } else if (r >= b) {
      qi++;
      r -= b;
    }
  }
  return qi * ONE + fracDiv(r, b);
}

/** `floor(r·2^32 / b)` for 0 ≤ r < b < 2^52 (result ≤ 2^32), exact. */
function fracDiv(r: number, b: number): number {
  let q = Math.floor((r / b) * ONE);
  const bh = Math.floor(b * INV32);
  const bl = b - bh * ONE;
  const bl1 = Math.floor(bl * INV16);
  const bl0 = bl - bl1 * TWO16;
  return exactQuotient(r, q, b, bh, bl1, bl0);
}

/**
 * `floor(a·2^32 / b)` from an estimate q near it, for b = bh·2^32 + bm·2^16 + bl (bm, bl < 2^16):
 * the remainder a·2^32 − q·b = ((a − q·bh)·2^16 − q·bm)·2^16 − q·bl, every step exact while it
 * stays below 2^53, steps q until 0 ≤ remainder < b.
 */
export function exactQuotient(a: number, q: number, b: number, bh: number, bm: number, bl: number): number {
  let rem = ((a - q * bh) * TWO16 - q * bm) * TWO16 - q * bl;
  while (rem < 0) {
    q--;
    rem += b;
  }
  while (rem >= b) {
    q++;
    rem -= b;
  }
  return q;
}

/**
 * A divisor prepared once for many `floor(a·2^32 / b)` with 0 ≤ a ≤ b (column and vector
 * normalisation, where every numerator is part of the sum): saves the split of b per call.
 */
export class FracDivisor {
  b = 1;
  private scale = ONE;
  private bh = 0;
  private bl1 = 0;
  private bl0 = 1;

  /** Prepare for divisor b (0 < b < 2^52). */
  set(b: number): this {
    this.b = b;
    this.scale = ONE / b;
    this.bh = Math.floor(b * INV32);
    const bl = b - this.bh * ONE;
    this.bl1 = Math.floor(bl * INV16);
    this.bl0 = bl - this.bl1 * TWO16;
    return this;
  }

  /** `floor(a·2^32 / b)` for 0 ≤ a < 2^52 (a > b handled by an integer-part split). */
  div(a: number): number {
    const b = this.b;
    // Estimate: two roundings, relative error ≤ 2^-52, so |q − Q| ≤ 2^-20 for Q ≤ 2^32.
    const est = a * this.scale;
    const q = Math.floor(est);
    if ((Math.abs(est - q - 0.5) < 0.5 - EDGE && a < b) || a === 0) return q;
    return this.exact(a, q);
  }

  /** The exact quotient from an estimate q within one of it (or any a ≥ b), out of line. */
  private exact(a: number, q: number): number {
    const b = this.b;
    if (a >= b) return fdivFloor(a, b);
    return exactQuotient(a, q, b, this.bh, this.bl1, this.bl0);
  }
}

/**
 * u16 → proportion raw: `fdiv(u, 65535)` = `floor(u·2^32 / 65535)` for 0 ≤ u ≤ 65535, without a
 * division: 2^32 = 65535·65537 + 1, so u·2^32/65535 = u·65537 + u/65535, whose floor is u·65537
 * plus 1 exactly when u = 65535 (`(u + 1) >>> 16`).
 */
export function u16ToProportion(u: number): number {
  return u * 65537 + ((u + 1) >>> 16);
}

/** proportion raw → u16: `floor(raw·65535 / 2^32)`, saturating to [0, 65535]; raw < 2^37. */
export function proportionToU16(raw: number): number {
  return Math.min(Math.max(Math.floor(raw * 65535 * INV32), 0), 65535);
}

/**
 * [FIXED] exp on a number raw, exact, for |x| ≤ 13·2^32 (the result and every term stay below
 * 2^52). Returns NaN outside that range; use `expB` there.
 */
export function expRaw(x: number): number {
  if (x === 0) return ONE;
  if (x === ONE) return EXP_ONE_RAW;
  const ax = Math.abs(x);
  if (ax > 13 * ONE) return Number.NaN;
  let result = ax + ONE;
  let term = ax;
  for (let i = 2; i < 32; i++) {
    term = Math.floor(fmulWide(term, ax) / i);
    if (term === 0) break; // every later term is 0 as well
    result += term;
  }
  return x < 0 ? fdivFloor(ONE, result) : result;
}

/** `exp_safe` on number raws (exact): inputs clamped to [−20, 20]; beyond ±13 via bigint. */
export function expSafe(x: number): number {
  const c = x < -20 * ONE ? -20 * ONE : x > 20 * ONE ? 20 * ONE : x;
  const r = expRaw(c);
  if (!Number.isNaN(r)) return r;
  const b = expSafeB(BigInt(c));
  return Number(b); // may exceed 2^53 (inexact) for x > 13; callers needing exactness use bigint
}

// ---------------------------------------------------------------------------------------------
// u64 helpers for the typed-array fast path
// ---------------------------------------------------------------------------------------------

/** True on little-endian hosts, where a BigUint64Array's u32 view is [lo, hi] per element. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Read u64 element i of a BigUint64Array through its u32 view, as a double (exact if < 2^53). */
export function u64At(view32: Uint32Array, i: number): number {
  return LITTLE_ENDIAN
    ? view32[2 * i + 1]! * ONE + view32[2 * i]!
    : view32[2 * i]! * ONE + view32[2 * i + 1]!;
}

/** Write an integer 0 ≤ v < 2^53 into u64 element i through the u32 view (no bigint created). */
export function setU64At(view32: Uint32Array, i: number, v: number): void {
  const hi = Math.floor(v * INV32);
  const lo = v - hi * ONE;
  if (LITTLE_ENDIAN) {
    view32[2 * i] = lo;
    view32[2 * i + 1] = hi;
  } else {
    view32[2 * i] = hi;
    view32[2 * i + 1] = lo;
  }
}

/**
 * Stake normalisation (§3.2) into number raws: `out[i] = floor(S_i·2^32 / ΣS)`. Exact in doubles
 * while ΣS < 2^52 (4.5·10^15 rao); above that it takes the bigint path (O(n), still exact).
 */
export function normalizeStake(stake: BigUint64Array, n: number, out: Float64Array): void {
  const v32 = new Uint32Array(stake.buffer, stake.byteOffset, n * 2);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += u64At(v32, i);
  if (sum === 0) {
    out.fill(0, 0, n);
    return;
  }
  if (sum < 2 ** 52) {
    const d = sharedDivisor.set(sum);
    for (let i = 0; i < n; i++) {
      const s = u64At(v32, i);
      out[i] = s === 0 ? 0 : d.div(s);
    }
    return;
  }
  // ΣS ≥ 2^52: estimate in doubles. ΣS' = hiSum·2^32 + loSum (both sums exact, < 2^48; one
  // rounding), S' (one rounding), 2^32/ΣS' and the product (one each): relative error < 2^-50.9,
  // so |est − Q| < 2^-18.9 for Q ≤ 2^32; the floor is exact unless the fraction is within EDGE of
  // an integer, where the bigint quotient decides.
  let hiSum = 0;
  let loSum = 0;
  for (let i = 0; i < n; i++) {
    const hi = LITTLE_ENDIAN ? v32[2 * i + 1]! : v32[2 * i]!;
    hiSum += hi;
    loSum += LITTLE_ENDIAN ? v32[2 * i]! : v32[2 * i + 1]!;
  }
  const scale = ONE / (hiSum * ONE + loSum);
  let sumB = -1n;
  for (let i = 0; i < n; i++) {
    const est = u64At(v32, i) * scale;
    const q = Math.floor(est);
    if (Math.abs(est - q - 0.5) < 0.5 - EDGE || est === 0) {
      out[i] = q;
      continue;
    }
    if (sumB < 0n) {
      sumB = 0n;
      for (let k = 0; k < n; k++) sumB += stake[k]!;
    }
    out[i] = Number((stake[i]! << 32n) / sumB);
  }
}

const sharedDivisor = new FracDivisor();

/**
 * Emission (§3.11): `out[i] = floor(share[i]·E / 2^32)` for share raws in [0, 2^32+], written into
 * a BigUint64Array. In doubles while E < 2^53 (E = Eh·2^32 + El, so share·Eh < 2^53 and the rest
 * is an `fmul`); bigint otherwise.
 */
export function emissionInto(share: Float64Array, n: number, raoEmission: bigint, out: BigUint64Array): void {
  if (raoEmission < 1n << 53n) {
    const e = Number(raoEmission);
    const eh = Math.floor(e * INV32);
    const el = e - eh * ONE;
    const v32 = new Uint32Array(out.buffer, out.byteOffset, n * 2);
    for (let i = 0; i < n; i++) {
      const x = share[i]!;
      setU64At(v32, i, x <= 0 ? 0 : x * eh + fmul(x, el));
    }
    return;
  }
  for (let i = 0; i < n; i++) out[i] = emissionB(BigInt(share[i]!), raoEmission);
}
