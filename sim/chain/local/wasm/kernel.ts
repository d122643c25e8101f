/**
 * The epoch in AssemblyScript, compiled to WebAssembly at install time (build.mjs beside this
 * file): activity, stake, permits and active stake (§3.1–§3.4, `prelude`), then the per-entry
 * stages: the weights build, consensus, clipping and ranks, the weights for bonds, the bond EMA
 * with dividends for Yuma 2, Yuma 3 and Yuma 3 with liquid alpha, and the emission split
 * (MECHANISM.md §3.5–§3.11). The same algorithms as ../epoch.ts, whose comments
 * explain them; what differs is the arithmetic: I32F32 raws are native i64 here, so a product is
 * a multiply and shifts, and a quotient by a column constant is a multiply by its reciprocal
 * corrected by the exact remainder (wrapping i64 arithmetic gives the remainder exactly).
 *
 * The glue in ../kernel.ts copies the inputs in, calls the stages in order and copies the results
 * out; a stake sum of 2^61 rao or more leaves §3.1–§3.4 to TypeScript (its bigint path). Memory is
 * one fixed layout of constant offsets (below); there is no allocator and no GC.
 *
 * This file is AssemblyScript, not TypeScript: it is excluded from tsc and built by asc.
 */

// @ts-nocheck  (AssemblyScript types: i32, i64, f64, usize, load<T>, store<T>)

const ONE: i64 = 4294967296;
const ONE_F: f64 = 4294967296.0;
const INV32: f64 = 1.0 / 4294967296.0;
const TWO64: f64 = 18446744073709551616.0;
const BUCKETS: i32 = 16;
const SOLVED: i32 = -2;
const PENDING: i32 = -1;

/** The exact liquid-alpha σ for an exp input y (JS: the floored series, bigint beyond ±13). */
@external("env", "exactSigma")
declare function exactSigma(y: f64): f64;

// Parameters cross from JS as integer-valued doubles (exact below 2^53; an i64 parameter would be
// a BigInt on the JS side, slower to make).

// ---------------------------------------------------------------------------------------------
// Memory layout: fixed, for up to MAX_N uids and MAX_WIN / MAX_BIN input weight / bond entries.
// Every region's offset is a compile-time constant, so each access is one load or store with an
// immediate offset (offsets in mutable globals cost V8 a reload of the global per access: the
// kernel ran about 15% slower). Larger epochs run on the JS stages (reserve returns 0).
// ---------------------------------------------------------------------------------------------

const MAX_N: usize = 4096;
const MAX_WIN: usize = 1 << 20;
const MAX_BIN: usize = 1 << 20;
const MAX_E: usize = MAX_WIN + MAX_BIN;
const U8N: usize = MAX_N;
const F64N: usize = MAX_N << 3;
const I32N1: usize = (MAX_N + 1) << 2;
/** Bytes of one column divisor record (see cdiv). */
const DIV_RECORD: usize = 32;
const RECN: usize = MAX_N * DIV_RECORD;
/** Above the static data (checked by reserve). */
const LAYOUT_START: usize = 65536;

// Region sizes in bytes, each rounded up to a multiple of 16 (every region starts 16-aligned).
const SZ_DECAY: usize = ((65536 << 3) + 15) & ~15;
const SZ_EXP2_FRAC: usize = ((64 << 3) + 15) & ~15;
const SZ_POW2: usize = ((32 << 3) + 15) & ~15;
const SZ_EXP_LOSS: usize = ((128 << 3) + 15) & ~15;
const SZ_K_F64: usize = ((2048 << 3) + 15) & ~15;
const SZ_F64: usize = (F64N + 15) & ~15;
const SZ_U8: usize = (U8N + 15) & ~15;
const SZ_RESULTS: usize = (MAX_N * 40 + 16 + MAX_E * 4 + 15) & ~15;
const SZ_PTR: usize = (I32N1 + 15) & ~15;
const SZ_WIN_U16: usize = ((MAX_WIN << 1) + 15) & ~15;
const SZ_BIN_U16: usize = ((MAX_BIN << 1) + 15) & ~15;
const SZ_N_I32: usize = ((MAX_N << 2) + 15) & ~15;
const SZ_HIST: usize = (F64N * BUCKETS + 15) & ~15;
const SZ_HEAD: usize = (((MAX_N << 2) * BUCKETS) + 15) & ~15;
const SZ_REC: usize = (RECN + 15) & ~15;
const SZ_DIV_RECORD: usize = (DIV_RECORD + 15) & ~15;
const SZ_WIN_I32: usize = ((MAX_WIN << 2) + 15) & ~15;
const SZ_WIN_I64: usize = ((MAX_WIN << 3) + 15) & ~15;
const SZ_WIN1_I64: usize = (((MAX_WIN + 1) << 3) + 15) & ~15;
const SZ_N2_F64: usize = (((MAX_N + 2) << 3) + 15) & ~15;
const SZ_N2_I32: usize = (((MAX_N + 2) << 2) + 15) & ~15;
const SZ_N_U16: usize = ((MAX_N << 1) + 15) & ~15;
const SZ_E_I32: usize = ((MAX_E << 2) + 15) & ~15;
const SZ_E_I64: usize = ((MAX_E << 3) + 15) & ~15;
const SZ_E_U16: usize = ((MAX_E << 1) + 15) & ~15;

// Tables: the Yuma 3 decay table (i64[65536]) and the exp bracket's (f64).
// Scalars the hot loops read (liquid-alpha parameters), in memory rather than in mutable globals,
// which V8 reloads through the instance on every access.
const SCALARS: usize = LAYOUT_START;
/** f64x2 constants of the liquid-alpha rate pass (16 bytes each; loads cost V8 less than splats). */
const VCONST: usize = SCALARS + 64;
const tDecay: usize = VCONST + 32 * 16;
const tExp2Frac: usize = tDecay + SZ_DECAY;
const tPow2: usize = tExp2Frac + SZ_EXP2_FRAC;
const tExpLoss: usize = tPow2 + SZ_POW2;
/** 2^(k/64) for k < 2048 (= tExp2Frac[k & 63]·tPow2[k >> 6], exact), for the f64x2 rate pass. */
const tExpK: usize = tExpLoss + SZ_EXP_LOSS;
/** For the same k: an upper bound, plus one, on the chain exp's loss for every x that rounds to k. */
const tLossK: usize = tExpK + SZ_K_F64;
// Per uid: written by JS, the stake in rao (u64), the stored permits (u8), last update,
// registration block and commit block (f64); written by prelude (or by JS when prelude cannot),
// the stake weight (I32F32 raw as f64), activity, permits old/new and the bond-column mask (u8);
// active stake and s̃ from JS (f64) only when prelude cannot (perUidFromJs reads them).
const uStakeRaw: usize = tLossK + SZ_K_F64;
const uStored: usize = uStakeRaw + SZ_F64;
const uActive: usize = uStored + SZ_U8;
const kKeys: usize = uActive + SZ_U8;
const fActiveStake: usize = kKeys + SZ_F64;
const fUse: usize = fActiveStake + SZ_F64;
const fLastUpdate: usize = fUse + SZ_F64;
const fBar: usize = fLastUpdate + SZ_F64;
const fCommit: usize = fBar + SZ_F64;
const uPermitOld: usize = fCommit + SZ_F64;
const uPermitNew: usize = uPermitOld + SZ_U8;
const uMasked: usize = uPermitNew + SZ_U8;
const fStake: usize = uMasked + SZ_U8;
// Results, laid out for the epoch's n so that JS copies them with one slice (one ArrayBuffer for
// every output array): the server, validator and combined emissions (3·n u64) at RES, the u16
// stake weight, consensus, incentive, dividends and trust (5·n u16) at resU16(n), the stored
// bonds' row starts (n + 1 i32) at resStart(n), the activity and new permit flags (2·n u8, written
// by JS) at resFlags(n), then the stored bonds' columns and values (u16 each, packBonds).
const RES: usize = fStake + SZ_F64;
// Input rows, copied by JS: i32 row pointers, u16 columns and values.
const wPtrIn: usize = RES + SZ_RESULTS;
const wColIn: usize = wPtrIn + SZ_PTR;
const wValIn: usize = wColIn + SZ_WIN_U16;
const bPtrIn: usize = wValIn + SZ_WIN_U16;
const bColIn: usize = bPtrIn + SZ_PTR;
const bValIn: usize = bColIn + SZ_BIN_U16;
// Per uid, internal i64 (colState i32; colScale the i64 bucket multiplier; hist and head per
// column × bucket).
const aStake: usize = bValIn + SZ_BIN_U16;
const useI: usize = aStake + SZ_F64;
const cons: usize = useI + SZ_F64;
const ranks: usize = cons + SZ_F64;
const inc: usize = ranks + SZ_F64;
const divs: usize = inc + SZ_F64;
const vtI: usize = divs + SZ_F64;
const shS: usize = vtI + SZ_F64;
const shV: usize = shS + SZ_F64;
const shC: usize = shV + SZ_F64;
const colMax: usize = shC + SZ_F64;
const colMaxB: usize = colMax + SZ_F64;
const colState: usize = colMaxB + SZ_F64;
const colScale: usize = colState + SZ_N_I32;
const hist: usize = colScale + SZ_F64;
const head: usize = hist + SZ_HIST;
// Column sums / maxima (i64) and their divisor records.
const dDelta: usize = head + SZ_HEAD;
const divDelta: usize = dDelta + SZ_F64;
const dBond: usize = divDelta + SZ_REC;
const divBond: usize = dBond + SZ_F64;
const dMax: usize = divBond + SZ_REC;
const divMax: usize = dMax + SZ_F64;
const dOld: usize = divMax + SZ_REC;
const divOld: usize = dOld + SZ_F64;
const divRow: usize = divOld + SZ_REC;
// Per entry: CSR matrices W, Wc, Wi (ptr i32[n+1], col i32, val i64), rank contributions, ΔB,
// consensus links (i32) and gather buffers, liquid-alpha scratch (old bond, d, rate; entries with
// d > 0), the bonds B, and the stored bonds out (row starts, u16 cols, u16 vals).
const wP: usize = divRow + SZ_DIV_RECORD;
const wC: usize = wP + SZ_PTR;
const wV: usize = wC + SZ_WIN_I32;
const cP: usize = wV + SZ_WIN_I64;
const cC: usize = cP + SZ_PTR;
const cV: usize = cC + SZ_WIN_I32;
const iP: usize = cV + SZ_WIN_I64;
const iC: usize = iP + SZ_PTR;
const iV: usize = iC + SZ_WIN_I32;
const contrib: usize = iV + SZ_WIN_I64;
const delta: usize = contrib + SZ_WIN_I64;
const linkPrev: usize = delta + SZ_WIN_I64;
const linkRow: usize = linkPrev + SZ_WIN_I32;
const gScore: usize = linkRow + SZ_WIN_I32;
const gStake: usize = gScore + SZ_WIN1_I64;
const laOld: usize = gStake + SZ_WIN1_I64;
const laD: usize = laOld + SZ_F64;
const laRate: usize = laD + SZ_N2_F64;
const laSlot: usize = laRate + SZ_N2_F64;
const laDense: usize = laSlot + SZ_N2_I32;
const eP: usize = laDense + SZ_N_U16;
const eC: usize = eP + SZ_PTR;
const eV: usize = eC + SZ_E_I32;
const oCol: usize = eV + SZ_E_I64;
const oVal: usize = oCol + SZ_E_U16;
/** End of the layout: the memory the kernel grows to (about 130 MB of address space; pages
 * never touched are not resident). */
const LAYOUT_END: usize = oVal + SZ_E_U16;

@inline function resU16(n: i32): usize {
  return RES + 24 * <usize>n;
}
@inline function resStart(n: i32): usize {
  return RES + ((34 * <usize>n + 3) & ~(<usize>3));
}
@inline function resFlags(n: i32): usize {
  return resStart(n) + ((<usize>n + 1) << 2);
}
/** Byte offset of the activity flags (n u8, then the new permits, n u8), copied by packBonds. */
export function resultFlags(n: i32): usize {
  return resFlags(n);
}
/** Byte offset of the stored bonds' columns in the result block (the values follow them). */
export function resultBonds(n: i32): usize {
  return (resFlags(n) + 2 * <usize>n + 1) & ~(<usize>1);
}
/**
 * Copy the `total` stored bonds (columns, then values) into the result block after the flags;
 * returns the end of the block (JS slices [RES, end)).
 */
export function packBonds(n: i32, total: i32): usize {
  memory.copy(resFlags(n), uActive, <usize>n);
  memory.copy(resFlags(n) + <usize>n, uPermitNew, <usize>n);
  const c = resultBonds(n);
  const bytes = <usize>total << 1;
  memory.copy(c, oCol, bytes);
  memory.copy(c + bytes, oVal, bytes);
  return c + 2 * bytes;
}
export function resultU16(n: i32): usize {
  return resU16(n);
}
export function resultStart(n: i32): usize {
  return resStart(n);
}

// Liquid alpha parameters: slots of SCALARS (i64), read with scalar(slot).
const LA_LOW: usize = 0;
const LA_HIGH: usize = 1;
const LA_SPAN_H: usize = 2;
const LA_SPAN_L: usize = 3;
const LA_KH: usize = 4;
const LA_KL: usize = 5;
const LA_AT_ZERO: usize = 6;
@inline function scalar(slot: usize): i64 {
  return load<i64>(SCALARS + (slot << 3));
}
@inline function setScalar(slot: usize, v: i64): void {
  store<i64>(SCALARS + (slot << 3), v);
}
let decayRate: i64 = -1;

// ---------------------------------------------------------------------------------------------
// Memory helpers
// ---------------------------------------------------------------------------------------------

// A region with a constant offset is read and written as load<T>(index << size, REGION): the
// offset goes into the instruction's immediate, and V8 folds it into one x64 addressing mode
// (base + index + offset) instead of computing base + offset + index in an extra instruction
// (measured: 3–5% on the epoch). The helpers below serve the bases known only at run time.

@inline function gI64(b: usize, i: i32): i64 {
  return load<i64>(b + (<usize>i << 3));
}
@inline function sI64(b: usize, i: i32, v: i64): void {
  store<i64>(b + (<usize>i << 3), v);
}
@inline function gF64(b: usize, i: i32): f64 {
  return load<f64>(b + (<usize>i << 3));
}
@inline function sF64(b: usize, i: i32, v: f64): void {
  store<f64>(b + (<usize>i << 3), v);
}
@inline function gI32(b: usize, i: i32): i32 {
  return load<i32>(b + (<usize>i << 2));
}
@inline function sI32(b: usize, i: i32, v: i32): void {
  store<i32>(b + (<usize>i << 2), v);
}
@inline function gU16(b: usize, i: i32): i32 {
  return <i32>load<u16>(b + (<usize>i << 1));
}
@inline function sU16(b: usize, i: i32, v: i32): void {
  store<u16>(b + (<usize>i << 1), <u16>v);
}
@inline function gU8(b: usize, i: i32): i32 {
  return <i32>load<u8>(b + <usize>i);
}

/**
 * An integer-valued double 0 ≤ x < 2^52 as i64, by its bits after adding 2^52 (V8 compiles
 * i64.trunc_sat_f64_s to a far slower sequence than this; measured ~8 ns against ~1 ns).
 */
@inline function f2i(x: f64): i64 {
  return reinterpret<i64>(x + 4503599627370496.0) - 0x4330000000000000;
}

/** `fmul(x, c)` = floor(x·c/2^32) with c pre-split (ch = c >> 16, cl = c & 0xffff); |x| < 2^36, |c| ≤ 2^33. */
@inline function fmulS(x: i64, ch: i64, cl: i64): i64 {
  return (x * ch + ((x * cl) >> 16)) >> 16;
}
@inline function fmul(x: i64, c: i64): i64 {
  return fmulS(x, c >> 16, c & 0xffff);
}
/**
 * `fmul(x, c)` for 0 ≤ x, c ≤ 2^32 with one multiply (the multiplier is the busiest unit in these
 * loops): x·c < 2^64 unless x = 2^32, where the result is c.
 */
@inline function fmulU(x: i64, c: i64): i64 {
  return select<i64>(c, <i64>(<u64>(x * c) >> 32), x == ONE);
}

/**
 * Column divisors: a record per column j at base + 32·j: d, and R = floor(2^64/d) split as
 * R_hi = R >> 32 and R_lo = R & (2^32 − 1) (d = 1: R = 2^64 − 1); a column with d ≤ 0 holds
 * d = 2^63 − 1 and R = 0, so that its only quotient, of 0, comes out 0 without a test. Integer
 * only: the double conversions and floors of an estimate-based quotient cost more in V8's
 * WebAssembly code (measured), and the quotient below needs no branch.
 */

/**
 * floor(a·2^32 / d_j) for 0 ≤ a ≤ d_j, a ≤ 2^32 (else cdivWide). q = a·R_hi + (a·R_lo >> 32)
 * approximates a·R/2^32 from below with error < a/2^32 + 1 ≤ 2, and a·R/2^32 > Q − a/2^32, so
 * q ∈ {Q − 1, Q}; the remainder a·2^32 − q·d_j, exact in wrapping u64 (it lies in [0, 2d)),
 * decides. Products stay below 2^64: a·R_hi ≤ a·R/2^32 ≤ 2^32 (a ≤ d) and a·R_lo < 2^64.
 */
@inline function cdiv(base: usize, a: i64, j: i32): i64 {
  if (a > ONE) return cdivWide(base, a, j);
  const p = base + <usize>j * DIV_RECORD;
  const d = load<i64>(p);
  const q = <i64>(<u64>a * <u64>load<i64>(p, 8) + ((<u64>a * <u64>load<i64>(p, 16)) >> 32));
  const rem = (a << 32) - q * d;
  return q + select<i64>(1, 0, <u64>rem >= <u64>d);
}

/** cdiv by a divisor held in locals (d, R_hi, R_lo of its record); 0 ≤ a ≤ d, a ≤ 2^32. */
@inline function cdivBy(a: i64, d: i64, rh: i64, rl: i64): i64 {
  const q = <i64>(<u64>a * <u64>rh + ((<u64>a * <u64>rl) >> 32));
  const rem = (a << 32) - q * d;
  return q + select<i64>(1, 0, <u64>rem >= <u64>d);
}

/**
 * cdiv by the divisor record of column j in one of the constant tables (which: 0 divDelta,
 * 1 divOld, 2 divBond, 3 divMax; a constant at every call site, so only its branch remains and the
 * record is read through immediate offsets). `narrow`: the caller knows a ≤ 2^32.
 */
@inline function cdivAt(which: i32, a: i64, j: i32, narrow: bool): i64 {
  const o = <usize>j << 5;
  if (!narrow && a > ONE) {
    return cdivWide(which == 0 ? divDelta : which == 1 ? divOld : which == 2 ? divBond : divMax, a, j);
  }
  if (which == 0) return cdivBy(a, load<i64>(o, divDelta), load<i64>(o, divDelta + 8), load<i64>(o, divDelta + 16));
  if (which == 1) return cdivBy(a, load<i64>(o, divOld), load<i64>(o, divOld + 8), load<i64>(o, divOld + 16));
  if (which == 2) return cdivBy(a, load<i64>(o, divBond), load<i64>(o, divBond + 8), load<i64>(o, divBond + 16));
  return cdivBy(a, load<i64>(o, divMax), load<i64>(o, divMax + 8), load<i64>(o, divMax + 16));
}
const DIV_DELTA = 0;
const DIV_OLD = 1;
const DIV_BOND = 2;
const DIV_MAX = 3;

/** Number of cdivWide calls (diagnostics: tests check that they reach it). */
export let wideQuotients: i32 = 0;

/**
 * cdiv for 2^32 < a ≤ d_j < 2^62 (bonds above 1.0, possible when bonds_moving_average > 10^6 makes
 * 1 − α > 1): double estimate (error < 1 after the floor), then corrected.
 */
function cdivWide(base: usize, a: i64, j: i32): i64 {
  wideQuotients++;
  return quotient32(a, load<i64>(base + <usize>j * DIV_RECORD));
}

/**
 * floor(a·2^32/d) for 0 ≤ a ≤ d < 2^62, d > 0: a double estimate (off by at most one), corrected
 * by the remainder, exact in wrapping i64 arithmetic (it lies in (−2d, 2d)).
 */
function quotient32(a: i64, d: i64): i64 {
  let q = f2i(Math.floor((<f64>a * ONE_F) / <f64>d));
  let rem = (a << 32) - q * d;
  while (rem < 0) {
    q--;
    rem += d;
  }
  while (rem >= d) {
    q++;
    rem -= d;
  }
  return q;
}

/** Set divisor record j to d (> 0): R = floor(2^64/d) by a double estimate corrected exactly. */
@inline function setDivisor(base: usize, j: i32, d: i64): void {
  const p = base + <usize>j * DIV_RECORD;
  if (d <= 0) {
    store<i64>(p, 0x7fffffffffffffff);
    store<i64>(p, 0, 8);
    store<i64>(p, 0, 16);
    return;
  }
  store<i64>(p, d);
  let r: i64;
  const rf = 18446744073709551616.0 / <f64>d;
  if (d == 1) {
    r = -1; // 2^64 − 1
  } else if (rf < 2251799813685248.0) {
    // rf < 2^51: its floor is within one of R; 2^64 − r·d, exact in wrapping i64, corrects it.
    r = f2i(Math.floor(rf));
    const rem = 0 - r * d;
    if (rem < 0) r--;
    else if (rem >= d) r++;
  } else {
    r = <i64>(<u64>-1 / <u64>d); // floor((2^64 − 1)/d) = R unless d divides 2^64
    if (<u64>-1 % <u64>d == <u64>(d - 1)) r++;
  }
  store<i64>(p, <i64>(<u64>r >> 32), 8);
  store<i64>(p, r & 0xffffffff, 16);
}

/** Prepare the divisor records of columns 0..n−1 from the i64 values in `src`. */
function prepareDivisors(base: usize, src: usize, n: i32): void {
  for (let j = 0; j < n; j++) setDivisor(base, j, gI64(src, j));
}

/** `floor(a·2^32 / s)` for 0 ≤ a ≤ s < 2^62 with s fixed (a vector's sum). */
@inline function sdiv(a: i64, s: i64, scale: f64): i64 {
  if (a == 0) return 0;
  let q = f2i(Math.floor(<f64>a * scale));
  const rem = (a << 32) - q * s;
  if (rem < 0) q--;
  else if (rem >= s) q++;
  return q;
}

/** `inplace_normalize`: v / Σv (unchanged when Σv = 0), entries ≥ 0. */
function normalize(v: usize, n: i32): void {
  let s: i64 = 0;
  for (let i = 0; i < n; i++) s += gI64(v, i);
  if (s == 0) return;
  const scale = ONE_F / <f64>s;
  for (let i = 0; i < n; i++) sI64(v, i, sdiv(gI64(v, i), s, scale));
}

@inline function proportionToU16(raw: i64): i32 {
  const v = (raw * 65535) >> 32;
  return v < 0 ? 0 : v > 65535 ? 65535 : <i32>v;
}

@inline function u16ToProportion(u: i64): i64 {
  return u * 65537 + ((u + 1) >> 16);
}

function fromF64(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) sI64(dst, i, f2i(gF64(src, i)));
}

/** After JS wrote §3.1–§3.4 (prelude returned −1): its active stake and s̃ as the stages read them. */
export function perUidFromJs(n: i32): void {
  fromF64(fActiveStake, aStake, n);
  fromF64(fUse, useI, n);
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------


/**
 * Lay out memory for n uids, capWin input weight entries and capBin input bond entries, growing
 * memory as needed. Every view JS holds is invalid afterwards (the buffer may have grown).
 * Returns 0 when the memory cannot grow that far (JS then runs the epoch itself), else 1.
 */
export function reserve(n: i32, capWin: i32, capBin: i32): i32 {
  if (<usize>n > MAX_N || <usize>capWin > MAX_WIN || <usize>capBin > MAX_BIN || __heap_base > LAYOUT_START) return 0;
  const need = <i32>((LAYOUT_END + 65535) >> 16);
  const have = memory.size();
  if (need > have && memory.grow(need - have) < 0) return 0;
  return 1;
}

/** Byte offsets of the regions JS reads or writes, by name. */
export function region(id: i32): usize {
  switch (id) {
    case 0: return fActiveStake;
    case 1: return fUse;
    case 2: return fLastUpdate;
    case 3: return fBar;
    case 4: return fCommit;
    case 5: return uPermitOld;
    case 6: return uPermitNew;
    case 7: return uMasked;
    case 8: return fStake;
    case 9: return RES;
    case 10: return wPtrIn;
    case 11: return wColIn;
    case 12: return wValIn;
    case 13: return bPtrIn;
    case 14: return bColIn;
    case 15: return bValIn;
    case 16: return oCol;
    case 17: return oVal;
    case 18: return tExp2Frac;
    case 19: return tPow2;
    case 20: return tExpLoss;
    case 21: return uStakeRaw;
    case 22: return uStored;
    case 23: return uActive;
    default: return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// §3.1–§3.4 activity, stake, permits, active stake
// ---------------------------------------------------------------------------------------------

/** ΣS from here on is left to JS (its bigint path): the quotients below need ΣS < 2^61. */
const STAKE_SUM_LIMIT: u64 = 1 << 61;

/**
 * §3.1–§3.4 from the stake in rao (uStakeRaw, u64) and the stored permits (uStored): activity,
 * the threshold mask, stake S = floor(S_i·2^32/ΣS), permits (the stored ones; top-k by stake among
 * non-zero stakes, ties to the higher uid; owner forced), active stake and s̃ (both normalised),
 * the bond-column mask. Returns Σs̃, or −1 (having written nothing JS reads) when ΣS ≥ 2^61.
 * The threshold crosses as two u32 halves; the owner is −1 without one.
 */
export function prelude(n: i32, block: f64, cutoff: f64, owner: i32, maxValidators: i32, thrHi: f64, thrLo: f64, lastTempo: f64): f64 {
  const thr = (<u64>f2i(thrHi) << 32) | <u64>f2i(thrLo);
  let sum: u64 = 0;
  for (let i = 0; i < n; i++) {
    let v = load<u64>(<usize>i << 3, uStakeRaw);
    if (thr > 0 && i != owner && v < thr) v = 0;
    if (v >= STAKE_SUM_LIMIT) return -1;
    sum += v;
    if (sum >= STAKE_SUM_LIMIT) return -1;
    store<u64>(<usize>i << 3, v, kKeys); // the masked stake, until the keys need the room
  }
  // stake, activity, permits
  let nonzero = 0;
  for (let i = 0; i < n; i++) {
    const v = <i64>load<u64>(<usize>i << 3, kKeys);
    const st = v == 0 ? 0 : quotient32(v, <i64>sum);
    store<f64>(<usize>i << 3, i2f(st), fStake);
    store<u8>(<usize>i, <u8>(load<f64>(<usize>i << 3, fLastUpdate) + cutoff < block ? 0 : 1), uActive);
    store<u8>(<usize>i, <u8>(<i32>load<u8>(<usize>i, uStored) != 0), uPermitOld);
    store<u8>(<usize>i, <u8>(st != 0), uPermitNew);
    nonzero += <i32>(st != 0);
  }
  const k = maxValidators;
  if (n >= k && nonzero > k) {
    // key = stake·2^16 + uid: ascending keys sort by stake, ties by uid; the n−k smallest lose
    for (let i = 0; i < n; i++) store<i64>(<usize>i << 3, (f2i(load<f64>(<usize>i << 3, fStake)) << 16) + <i64>i, kKeys);
    const cut = selectKth(n, n - k - 1);
    for (let i = 0; i < n; i++) {
      if ((f2i(load<f64>(<usize>i << 3, fStake)) << 16) + <i64>i <= cut) store<u8>(<usize>i, 0, uPermitNew);
    }
  }
  if (owner >= 0) {
    store<u8>(<usize>owner, 1, uPermitOld);
    store<u8>(<usize>owner, 1, uPermitNew);
  }
  // active stake (normalised), then s̃ = active stake / its sum
  let s: i64 = 0;
  for (let i = 0; i < n; i++) {
    const a = <i32>load<u8>(<usize>i, uActive) == 1 && <i32>load<u8>(<usize>i, uPermitOld) == 1 ? f2i(load<f64>(<usize>i << 3, fStake)) : 0;
    store<i64>(<usize>i << 3, a, aStake);
    s += a;
  }
  if (s != 0) {
    setDivisor(divRow, 0, s);
    for (let i = 0; i < n; i++) store<i64>(<usize>i << 3, cdiv(divRow, load<i64>(<usize>i << 3, aStake), 0), aStake);
  }
  let total: i64 = 0;
  for (let i = 0; i < n; i++) total += load<i64>(<usize>i << 3, aStake);
  let useTotal: i64 = 0;
  if (total != 0) setDivisor(divRow, 0, total);
  for (let i = 0; i < n; i++) {
    const a = load<i64>(<usize>i << 3, aStake);
    const u = total == 0 ? 0 : cdiv(divRow, a, 0);
    useTotal += u;
    store<i64>(<usize>i << 3, u, useI);
    store<u8>(<usize>i, <u8>(lastTempo <= load<f64>(<usize>i << 3, fBar)), uMasked);
  }
  return i2f(useTotal);
}

/** The r-th smallest of the distinct keys kKeys[0..n) (quickselect; reorders them). */
function selectKth(n: i32, r: i32): i64 {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const p = load<i64>(<usize>((lo + hi) >>> 1) << 3, kKeys);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (load<i64>(<usize>i << 3, kKeys) < p) i++;
      while (load<i64>(<usize>j << 3, kKeys) > p) j--;
      if (i <= j) {
        const t = load<i64>(<usize>i << 3, kKeys);
        store<i64>(<usize>i << 3, load<i64>(<usize>j << 3, kKeys), kKeys);
        store<i64>(<usize>j << 3, t, kKeys);
        i++;
        j--;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else return load<i64>(<usize>r << 3, kKeys);
  }
  return load<i64>(<usize>r << 3, kKeys);
}

// ---------------------------------------------------------------------------------------------
// §3.5 weights
// ---------------------------------------------------------------------------------------------

/** First k in [lo, hi) with gU16(cols, k) ≥ j (the columns ascend). */
@inline function lowerBound(cols: usize, lo: i32, hi: i32, j: i32): i32 {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (gU16(cols, mid) < j) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Masks and row-normalises the input weights (rows with permit_old) into W, and each column's
 * maximum. commitOn: drop entries committed before the target registered. The input columns
 * ascend, so the entries at columns ≥ n are a suffix and the diagonal is found by bisection; a row
 * whose every target registered before its last update (and commit) keeps all its other entries
 * and is normalised straight from the input.
 */
export function buildWeights(n: i32, owner: i32, commitOn: i32): i32 {
  memory.fill(colMax, 0, <usize>n << 3);
  let maxBar = -Infinity;
  for (let j = 0; j < n; j++) maxBar = Math.max(maxBar, load<f64>(<usize>j << 3, fBar));
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    store<i32>(<usize>i << 2, nnz, wP);
    if (<i32>load<u8>(<usize>i, uPermitOld) != 1) continue;
    const k0 = load<i32>(<usize>i << 2, wPtrIn);
    const k1 = lowerBound(wColIn, k0, load<i32>(<usize>(i + 1) << 2, wPtrIn), n);
    const lu = load<f64>(<usize>i << 3, fLastUpdate);
    const cb = commitOn != 0 ? load<f64>(<usize>i << 3, fCommit) : Infinity;
    const start = nnz;
    let sum: i64 = 0;
    // The own column (not the owner's): skipped at kd (k1 when absent).
    let kd = k1;
    if (i != owner) {
      kd = lowerBound(wColIn, k0, k1, i);
      if (kd < k1 && <i32>load<u16>(<usize>kd << 1, wColIn) != i) kd = k1;
    }
    if (lu > maxBar && cb >= maxBar) {
      for (let k = k0; k < k1; k++) sum += <i64><i32>load<u16>(<usize>k << 1, wValIn);
      if (kd < k1) sum -= <i64><i32>load<u16>(<usize>kd << 1, wValIn);
      const u = load<i64>(<usize>i << 3, useI);
      if (sum == 0 || u == 0) {
        // all zero (or a row whose stake does not count): no column maximum to update
        for (let k = k0; k < k1; k++) {
          if (k == kd) continue;
          store<i32>(<usize>nnz << 2, <i32>load<u16>(<usize>k << 1, wColIn), wC);
          store<i64>(<usize>nnz << 3, sum == 0 ? 0 : <i64><i32>load<u16>(<usize>k << 1, wValIn), wV);
          nnz++;
        }
        if (sum != 0) normaliseRow(start, nnz, sum, false);
        continue;
      }
      setDivisor(divRow, 0, sum);
      const d = load<i64>(divRow);
      const rh = load<i64>(divRow, 8);
      const rl = load<i64>(divRow, 16);
      for (let k = k0; k < k1; k++) {
        if (k == kd) continue;
        const j = <i32>load<u16>(<usize>k << 1, wColIn);
        const v = cdivBy(<i64><i32>load<u16>(<usize>k << 1, wValIn), d, rh, rl);
        store<i32>(<usize>nnz << 2, j, wC);
        store<i64>(<usize>nnz << 3, v, wV);
        if (v > load<i64>(<usize>j << 3, colMax)) store<i64>(<usize>j << 3, v, colMax);
        nnz++;
      }
      continue;
    }
    for (let k = k0; k < k1; k++) {
      if (k == kd) continue;
      const j = <i32>load<u16>(<usize>k << 1, wColIn);
      const reg = load<f64>(<usize>j << 3, fBar);
      if (lu <= reg || cb < reg) continue;
      const v = <i64><i32>load<u16>(<usize>k << 1, wValIn);
      store<i32>(<usize>nnz << 2, j, wC);
      store<i64>(<usize>nnz << 3, v, wV);
      sum += v;
      nnz++;
    }
    if (sum != 0) normaliseRow(start, nnz, sum, load<i64>(<usize>i << 3, useI) != 0);
  }
  store<i32>(<usize>n << 2, nnz, wP);
  return nnz;
}

/** W entries [e0, e1) divided by their sum (> 0); with `track`, the column maxima too. */
function normaliseRow(e0: i32, e1: i32, sum: i64, track: bool): void {
  setDivisor(divRow, 0, sum);
  const d = load<i64>(divRow);
  const rh = load<i64>(divRow, 8);
  const rl = load<i64>(divRow, 16);
  for (let e = e0; e < e1; e++) {
    const v = cdivBy(load<i64>(<usize>e << 3, wV), d, rh, rl);
    store<i64>(<usize>e << 3, v, wV);
    if (track) {
      const j = load<i32>(<usize>e << 2, wC);
      if (v > load<i64>(<usize>j << 3, colMax)) store<i64>(<usize>j << 3, v, colMax);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// §3.6 consensus
// ---------------------------------------------------------------------------------------------

/** Stake-weighted κ-quantile of (gScore, gStake)[lo, hi) (κ > 0); reorders the range. */
function weightedQuantile(lo: i32, hi: i32, kappa: i64): i64 {
  let above: i64 = 0;
  let best: i64 = 0;
  while (lo < hi) {
    const p = load<i64>(<usize>((lo + hi) >>> 1) << 3, gScore);
    let lt = lo;
    let i = lo;
    let gt = hi;
    let sumGt: i64 = 0;
    let sumEq: i64 = 0;
    while (i < gt) {
      const v = load<i64>(<usize>i << 3, gScore);
      if (v < p) {
        const s = load<i64>(<usize>i << 3, gStake);
        store<i64>(<usize>i << 3, load<i64>(<usize>lt << 3, gScore), gScore);
        store<i64>(<usize>i << 3, load<i64>(<usize>lt << 3, gStake), gStake);
        store<i64>(<usize>lt << 3, v, gScore);
        store<i64>(<usize>lt << 3, s, gStake);
        lt++;
        i++;
      } else if (v > p) {
        gt--;
        const s = load<i64>(<usize>i << 3, gStake);
        store<i64>(<usize>i << 3, load<i64>(<usize>gt << 3, gScore), gScore);
        store<i64>(<usize>i << 3, load<i64>(<usize>gt << 3, gStake), gStake);
        store<i64>(<usize>gt << 3, v, gScore);
        store<i64>(<usize>gt << 3, s, gStake);
        sumGt += s;
      } else {
        sumEq += load<i64>(<usize>i << 3, gStake);
        i++;
      }
    }
    if (above + sumGt < kappa) {
      best = p;
      above += sumGt + sumEq;
      hi = lt;
    } else {
      lo = gt;
    }
  }
  return best;
}

/** §3.6 for every column: bucket histogram, then the partition search inside the chosen bucket. */
export function consensus(n: i32, useTotalF: f64, kappaF: f64): void {
  const useTotal = f2i(useTotalF);
  const kappa = f2i(kappaF);
  memory.fill(cons, 0, <usize>n << 3);
  if (useTotal != 0) consensusColumns(n, useTotal, kappa);
}

function consensusColumns(n: i32, useTotal: i64, kappa: i64): void {
  let pending = 0;
  for (let j = 0; j < n; j++) {
    const mx = load<i64>(<usize>j << 3, colMax);
    if (kappa <= 0 || mx == 0) {
      store<i64>(<usize>j << 3, mx, cons);
      store<i32>(<usize>j << 2, SOLVED, colState);
      store<i64>(<usize>j << 3, 0, colScale); // its entries land in bucket 0, which nobody reads
    } else {
      // bucket(v) = ((v >> 6)·S) >> 32 with S = floor(16·2^32 / ((max >> 6) + 1)): monotone in v,
      // below 16 for v ≤ max, and (v >> 6)·S < 2^62 for v ≤ 2^32.
      store<i64>(<usize>j << 3, (<i64>BUCKETS << 32) / ((mx >> 6) + 1), colScale);
      store<i32>(<usize>j << 2, PENDING, colState);
      pending++;
    }
  }
  if (pending == 0) return;
  memory.fill(hist, 0, (<usize>n * BUCKETS) << 3);
  memory.fill(head, 0xff, (<usize>n * BUCKETS) << 2); // −1
  for (let i = 0; i < n; i++) {
    const u = load<i64>(<usize>i << 3, useI);
    if (u == 0) continue;
    const e1 = load<i32>(<usize>(i + 1) << 2, wP);
    for (let e = load<i32>(<usize>i << 2, wP); e < e1; e++) {
      const j = load<i32>(<usize>e << 2, wC);
      const b = <i32>(((load<i64>(<usize>e << 3, wV) >> 6) * load<i64>(<usize>j << 3, colScale)) >> 32);
      const hb = j * BUCKETS + b;
      store<i64>(<usize>hb << 3, load<i64>(<usize>hb << 3, hist) + u, hist);
      store<i32>(<usize>e << 2, load<i32>(<usize>hb << 2, head), linkPrev);
      store<i32>(<usize>e << 2, i, linkRow);
      store<i32>(<usize>hb << 2, e, head);
    }
  }
  for (let j = 0; j < n; j++) {
    if (load<i32>(<usize>j << 2, colState) != PENDING) continue;
    const base = j * BUCKETS;
    // The stake of the validators that weight this column: its histogram's total.
    let present: i64 = 0;
    for (let b = 0; b < BUCKETS; b++) present += load<i64>(<usize>(base + b) << 3, hist);
    const missing = useTotal - present;
    if (missing > 0) store<i64>(<usize>base << 3, load<i64>(<usize>base << 3, hist) + missing, hist);
    let above: i64 = 0;
    let b = BUCKETS - 1;
    for (; b >= 0; b--) {
      const h = load<i64>(<usize>(base + b) << 3, hist);
      if (above + h >= kappa) break;
      above += h;
    }
    if (b < 0) {
      b = 0;
      while (load<i64>(<usize>(base + b) << 3, hist) == 0) b++;
      above -= load<i64>(<usize>(base + b) << 3, hist);
    }
    let m = 0;
    if (b == 0 && missing > 0) {
      store<i64>(<usize>0 << 3, 0, gScore);
      store<i64>(<usize>0 << 3, missing, gStake);
      m = 1;
    }
    for (let e = load<i32>(<usize>(base + b) << 2, head); e >= 0; e = load<i32>(<usize>e << 2, linkPrev)) {
      store<i64>(<usize>m << 3, load<i64>(<usize>e << 3, wV), gScore);
      store<i64>(<usize>m << 3, load<i64>(<usize>(load<i32>(<usize>e << 2, linkRow)) << 3, useI), gStake);
      m++;
    }
    store<i64>(<usize>j << 3, weightedQuantile(0, m, kappa - above), cons);
  }
}

// ---------------------------------------------------------------------------------------------
// §3.7 clipping, trust, ranks, incentive; §3.8 weights for bonds
// ---------------------------------------------------------------------------------------------

export function clipAndRank(n: i32): void {
  const WP = wP, WC = wC, WV = wV, CP = cP, CC = cC, CV = cV, CONS = cons, RANKS = ranks, CONTRIB = contrib, AS = aStake, VT = vtI;
  memory.fill(RANKS, 0, <usize>n << 3);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    sI32(CP, i, nnz);
    const a = gI64(AS, i);
    const e1 = gI32(WP, i + 1);
    let vt: i64 = 0;
    for (let e = gI32(WP, i); e < e1; e++) {
      const j = gI32(WC, e);
      const v = gI64(WV, e);
      const c = gI64(CONS, j);
      if (c == 0 && v > 0) continue;
      const wc = select<i64>(v, c, v <= c);
      sI32(CC, nnz, j);
      sI64(CV, nnz, wc);
      vt += wc;
      const r = fmulU(wc, a);
      sI64(CONTRIB, nnz, r);
      sI64(RANKS, j, gI64(RANKS, j) + r);
      nnz++;
    }
    sI64(VT, i, vt);
  }
  store<i32>(<usize>n << 2, nnz, cP);
  memory.copy(inc, ranks, <usize>n << 3);
  normalize(inc, n);
}

/** §3.8: returns the matrix for bonds: 0 = W (β = 0), 1 = Wc (β = 1), 2 = the interpolation. */
export function weightsForBonds(n: i32, betaF: f64): i32 {
  const beta = f2i(betaF);
  if (beta == 0) return 0;
  if (beta == ONE) return 1;
  const bh = beta >> 16;
  const bl = beta & 0xffff;
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    store<i32>(<usize>i << 2, nnz, iP);
    let ce = load<i32>(<usize>i << 2, cP);
    const cEnd = load<i32>(<usize>(i + 1) << 2, cP);
    const e1 = load<i32>(<usize>(i + 1) << 2, wP);
    for (let e = load<i32>(<usize>i << 2, wP); e < e1; e++) {
      const j = load<i32>(<usize>e << 2, wC);
      const wv = load<i64>(<usize>e << 3, wV);
      let cv: i64 = 0;
      if (ce < cEnd && load<i32>(<usize>ce << 2, cC) == j) {
        cv = load<i64>(<usize>ce << 3, cV);
        ce++;
      }
      const v = wv + fmulS(cv - wv, bh, bl);
      if (v > 0) {
        store<i32>(<usize>nnz << 2, j, iC);
        store<i64>(<usize>nnz << 3, v, iV);
        nnz++;
      }
    }
  }
  store<i32>(<usize>n << 2, nnz, iP);
  return 2;
}

@inline function matPtr(id: i32): usize {
  return id == 0 ? wP : id == 1 ? cP : iP;
}
@inline function matCol(id: i32): usize {
  return id == 0 ? wC : id == 1 ? cC : iC;
}
@inline function matVal(id: i32): usize {
  return id == 0 ? wV : id == 1 ? cV : iV;
}

// ---------------------------------------------------------------------------------------------
// §3.9 Yuma 2 bonds
// ---------------------------------------------------------------------------------------------

/** Stored bond row starts for the rows with permit_new; returns the number of entries. */
function bondOutStarts(n: i32): i32 {
  const starts = resStart(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sI32(starts, i, total);
    if (<i32>load<u8>(<usize>i, uPermitNew) == 1) total += load<i32>(<usize>(i + 1) << 2, eP) - load<i32>(<usize>i << 2, eP);
  }
  sI32(starts, n, total);
  return total;
}

/** Append a B entry (v > 0) to row being built; column sum (and Yuma2 max) on the way. */
@inline function pushBond(nnz: i32, j: i32, v: i64, trackMax: bool): void {
  store<i32>(<usize>nnz << 2, j, eC);
  store<i64>(<usize>nnz << 3, v, eV);
  store<i64>(<usize>j << 3, load<i64>(<usize>j << 3, dBond) + v, dBond);
  if (trackMax && v > load<i64>(<usize>j << 3, colMaxB)) store<i64>(<usize>j << 3, v, colMaxB);
}

/**
 * §3.9 with wb = matrix id, α = the fixed EMA rate (raw, 0 ≤ α ≤ 2^32). Returns the number of
 * stored bond entries; dividends (normalised) into divs.
 */
export function bondsYuma2(n: i32, wb: i32, alphaF: f64): i32 {
  const alpha = <i64>alphaF; // may be negative (bonds_moving_average > 10^6)
  oldBondSums(n);
  const dlt = deltaBonds(n, wb);
  memory.fill(colMaxB, 0, <usize>n << 3);
  if (alpha >= 0 && alpha <= ONE) {
    emaUnion(n, matPtr(wb), matCol(wb), dlt, true, alpha, true);
    return finishYuma2(n, true);
  }
  emaUnion(n, matPtr(wb), matCol(wb), dlt, true, alpha, false);
  return finishYuma2(n, false);
}

/** Column sums of the stored u16 bonds (unmasked, < n) and their divisors. */
function oldBondSums(n: i32): void {
  memory.fill(dOld, 0, <usize>n << 3);
  for (let i = 0; i < n; i++) {
    // columns ascend: those ≥ n are a suffix; a masked column adds 0 (no branch)
    const k0 = load<i32>(<usize>i << 2, bPtrIn);
    const k1 = lowerBound(bColIn, k0, load<i32>(<usize>(i + 1) << 2, bPtrIn), n);
    for (let k = k0; k < k1; k++) {
      const j = <usize>load<u16>(<usize>k << 1, bColIn);
      const u = select<i64>(0, <i64>load<u16>(<usize>k << 1, bValIn), <i32>load<u8>(j, uMasked));
      store<i64>(j << 3, load<i64>(j << 3, dOld) + u, dOld);
    }
  }
  prepareDivisors(divOld, dOld, n);
}

/** ΔB = Wb·active stake with its column sums and divisors; returns where ΔB lies (aligned with Wb). */
function deltaBonds(n: i32, wb: i32): usize {
  // The rank contributions are ΔB when wb = Wc.
  if (wb == 1) {
    memory.copy(dDelta, ranks, <usize>n << 3);
    prepareDivisors(divDelta, dDelta, n);
    return contrib;
  }
  const wPtr = matPtr(wb);
  const wCol = matCol(wb);
  const wVal = matVal(wb);
  memory.fill(dDelta, 0, <usize>n << 3);
  for (let i = 0; i < n; i++) {
    const a = load<i64>(<usize>i << 3, aStake);
    const e1 = gI32(wPtr, i + 1);
    for (let e = gI32(wPtr, i); e < e1; e++) {
      const v = fmulU(gI64(wVal, e), a);
      store<i64>(<usize>e << 3, v, delta);
      const j = gI32(wCol, e);
      store<i64>(<usize>j << 3, load<i64>(<usize>j << 3, dDelta) + v, dDelta);
    }
  }
  prepareDivisors(divDelta, dDelta, n);
  return delta;
}


/**
 * §3.9 after the EMA: B column-normalised, dividends Σ_j Bn_ij·Incentive_j (normalised, into divs),
 * and the stored bonds: Bn upscaled by its column maximum, as u16, for rows with permit_new.
 * Returns the number of stored entries.
 */
@inline function finishYuma2(n: i32, narrow: bool): i32 {
  prepareDivisors(divBond, dBond, n);
  for (let j = 0; j < n; j++) {
    store<i64>(<usize>j << 3, load<i64>(<usize>j << 3, dBond) > 0 ? cdivAt(DIV_BOND, load<i64>(<usize>j << 3, colMaxB), j, false) : 0, dMax);
  }
  prepareDivisors(divMax, dMax, n);
  const total = bondOutStarts(n);
  const starts = resStart(n);
  for (let i = 0; i < n; i++) {
    let s: i64 = 0;
    const e1 = load<i32>(<usize>(i + 1) << 2, eP);
    const write = <i32>load<u8>(<usize>i, uPermitNew) == 1;
    const shift = gI32(starts, i) - load<i32>(<usize>i << 2, eP);
    for (let e = load<i32>(<usize>i << 2, eP); e < e1; e++) {
      const j = load<i32>(<usize>e << 2, eC);
      // B ≤ 1 with 0 ≤ α ≤ 1 (narrow); Bn ≤ its column's maximum, so the stored value is ≤ 1
      const bn = cdivAt(DIV_BOND, load<i64>(<usize>e << 3, eV), j, narrow);
      s += fmulU(bn, load<i64>(<usize>j << 3, inc));
      if (write) {
        store<u16>(<usize>(e + shift) << 1, <u16>(j), oCol);
        store<u16>(<usize>(e + shift) << 1, <u16>((cdivAt(DIV_MAX, bn, j, true) * 65535) >> 32), oVal);
      }
    }
    store<i64>(<usize>i << 3, s, divs);
  }
  normalize(divs, n);
  return total;
}

// ---------------------------------------------------------------------------------------------
// §3.10 Yuma 3 bonds
// ---------------------------------------------------------------------------------------------

/** Number of stored bonds written by the last Yuma 3 epoch (liquid alpha's update or finishYuma3). */
let oPos: i32 = 0;

/** decay[u] = fmul(u16ToProportion(u), c) for every u16, rebuilt when the rate changes. */
function ensureDecay(c: i64): void {
  if (decayRate == c) return;
  for (let u = 0; u < 65536; u++) store<i64>(<usize>u << 3, fmul(u16ToProportion(<i64>u), c), tDecay);
  decayRate = c;
}

/** §3.10 step 3 with a fixed rate α: the EMA over the union of entries, keeping > 0. */
export function emaYuma3Fixed(n: i32, wb: i32, alphaF: f64): void {
  const alpha = <i64>alphaF;
  ensureDecay(ONE - alpha);
  if (alpha >= 0 && alpha <= ONE) emaUnion(n, matPtr(wb), matCol(wb), matVal(wb), false, alpha, true);
  else emaUnion(n, matPtr(wb), matCol(wb), matVal(wb), false, alpha, false);
}

/**
 * mat_ema_sparse over the union of each row's entries of Wb (pointers wPtr, columns wCol) and the
 * stored bonds, keeping B > 0, into eP/eC/eV with column sums in dBond: B = α·new + (1−α)·old.
 * Yuma 2 (§3.9): new = ΔB_ij column-normalised (ΔB in `newVal`), old = the stored u16
 * column-normalised; column maxima in colMaxB. Yuma 3 (§3.10): new = Wb_ij (in `newVal`), old =
 * the stored proportion, (1−α)·old from the decay table (finishYuma3 stores the bonds). The walk
 * is over Wb's row: a stored entry is consumed where its column matches, stored-only entries are
 * emitted in column order, masked columns add nothing, columns ≥ n are ignored. Inlined with a
 * constant `yuma2`, so each variant is compiled without the other's branches.
 */
@inline function emaUnion(n: i32, wPtr: usize, wCol: usize, newVal: usize, yuma2: bool, alpha: i64, narrow: bool): void {
  const alH = alpha >> 16;
  const alL = alpha & 0xffff;
  const om = ONE - alpha;
  const omH = om >> 16;
  const omL = om & 0xffff;
  memory.fill(dBond, 0, <usize>n << 3);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    store<i32>(<usize>i << 2, nnz, eP);
    const eEnd = gI32(wPtr, i + 1);
    const kEnd = load<i32>(<usize>(i + 1) << 2, bPtrIn);
    let k = load<i32>(<usize>i << 2, bPtrIn);
    for (let e = gI32(wPtr, i); e < eEnd; e++) {
      const j = gI32(wCol, e);
      while (k < kEnd && <i32>load<u16>(<usize>k << 1, bColIn) < j) {
        const jo = <i32>load<u16>(<usize>k << 1, bColIn);
        if (<i32>load<u8>(<usize>jo, uMasked) == 0) {
          const v = oldTerm(yuma2, <i32>load<u16>(<usize>k << 1, bValIn), jo, omH, omL, om, narrow);
          if (v > 0) {
            pushBond(nnz, jo, v, yuma2);
            nnz++;
          }
        }
        k++;
      }
      const x = gI64(newVal, e);
      const y = yuma2 ? cdivAt(DIV_DELTA, x, j, true) : x;
      let v = narrow ? fmulU(y, alpha) : fmulS(y, alH, alL);
      if (k < kEnd && <i32>load<u16>(<usize>k << 1, bColIn) == j) {
        if (<i32>load<u8>(<usize>j, uMasked) == 0) v += oldTerm(yuma2, <i32>load<u16>(<usize>k << 1, bValIn), j, omH, omL, om, narrow);
        k++;
      }
      if (v > 0) {
        pushBond(nnz, j, v, yuma2);
        nnz++;
      }
    }
    for (; k < kEnd; k++) {
      const jo = <i32>load<u16>(<usize>k << 1, bColIn);
      if (jo >= n) break;
      if (<i32>load<u8>(<usize>jo, uMasked) == 1) continue;
      const v = oldTerm(yuma2, <i32>load<u16>(<usize>k << 1, bValIn), jo, omH, omL, om, narrow);
      if (v > 0) {
        pushBond(nnz, jo, v, yuma2);
        nnz++;
      }
    }
  }
  store<i32>(<usize>n << 2, nnz, eP);
}


/** (1−α)·Bold for a stored u16 u in column j: Yuma 2 column-normalised, Yuma 3 from the table. */
@inline function oldTerm(yuma2: bool, u: i32, j: i32, omH: i64, omL: i64, om: i64, narrow: bool): i64 {
  if (!yuma2) return load<i64>(<usize>u << 3, tDecay);
  const b = cdivAt(DIV_OLD, <i64>u, j, true);
  return narrow ? fmulU(b, om) : fmulS(b, omH, omL);
}

/** Liquid alpha parameters (raws): low, high, and k = steepness/−100 split as kh·2^32 + kl. */
export function setLiquidAlpha(low: i64, high: i64, kh: i64, kl: i64): void {
  setScalar(LA_LOW, low);
  setScalar(LA_HIGH, high);
  const span = high - low;
  setScalar(LA_SPAN_H, span >> 16);
  setScalar(LA_SPAN_L, span & 0xffff);
  setScalar(LA_KH, kh);
  setScalar(LA_KL, kl);
  setScalar(LA_AT_ZERO, alphaFromD(0));
  setRateConstants();
}

@inline function fromSigma(s: i64): i64 {
  const low = scalar(LA_LOW);
  const high = scalar(LA_HIGH);
  const a = low + fmulS(s, scalar(LA_SPAN_H), scalar(LA_SPAN_L));
  return a < low ? low : a > high ? high : a;
}

/** 1.5·2^52: adding it rounds a double in (−2^51, 2^51) to an integer held in the low mantissa bits. */
const ROUNDER: f64 = 6755399441055744.0;

/**
 * e^x for 0 ≤ x ≤ 20, relative error < 1e-14 (as expForBracket in ../epoch.ts): x = k·ln2/64 + r
 * with k the nearest integer to x·64/ln2, taken from the mantissa after adding ROUNDER (no
 * float-to-integer conversion, which V8 lowers to a slow checked sequence).
 */
@inline function expForBracket(x: f64): f64 {
  const t = x * (64.0 / Math.LN2) + ROUNDER;
  const k = <i32>reinterpret<i64>(t);
  const r = x - (t - ROUNDER) * (Math.LN2 / 64.0);
  // Estrin's scheme (shorter dependency chain than Horner; same polynomial up to rounding).
  const r2 = r * r;
  const p = 1.0 + r + r2 * (0.5 + r * (1.0 / 6.0) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
  return load<f64>(<usize>(k & 63) << 3, tExp2Frac) * load<f64>(<usize>(k >> 6) << 3, tPow2) * p;
}

/** An i64 0 ≤ v < 2^52 as a double, through its bits (no conversion instruction). */
@inline function i2f(v: i64): f64 {
  return reinterpret<f64>(v + 0x4330000000000000) - 4503599627370496.0;
}

/** alpha_sigmoid from d (§3.10): bracket the chain's exp; the exact series (JS) when undecided. */
function alphaFromD(d: i64): i64 {
  const z = d - 2147483648;
  let y = scalar(LA_KH) * z;
  const kl = scalar(LA_KL);
  if (kl != 0) y += (kl * z) >> 32;
  if (y < -20 * ONE) y = -20 * ONE;
  else if (y > 20 * ONE) y = 20 * ONE;
  const x = i2f(y < 0 ? -y : y) * INV32;
  if (x < 1.5 || y == ONE) return fromSigma(f2i(exactSigma(<f64>y)));
  const p = ONE_F * expForBracket(x);
  const eHi = p * (1.0 + 3e-14) + 1.0;
  // The loss bound for any g ≥ 4x holds (EXP_LOSS grows with g): the nearest integer to 4x + 0.5
  // is ceil(4x) or, at an integer, one more; capped at the table's last entry (g = 80, x = 20).
  const g = min<i32>(<i32>reinterpret<i64>(x * 4.0 + 0.5 + ROUNDER), 80);
  let eLo = p * (1.0 - 3e-14) - load<f64>(<usize>g << 3, tExpLoss);
  if (eLo < ONE_F) eLo = ONE_F;
  let sLo: f64;
  let sHi: f64;
  if (y > 0) {
    // σ(E) = 2^64/(2^32 + E), decreasing; one division: with inv = 1/(2^32 + p) and σ_p = 2^64·inv,
    // σ(eHi) ≥ σ_p·(1 − (eHi − p)·inv) and σ(eLo) = σ_p·(1 + δ/(1 − δ)) with δ = (p − eLo)·inv,
    // δ/(1 − δ) ≤ δ(1 + 2δ) for δ ≤ 1/2. The roundings (< 1e-15 relative) are inside the 2e-15.
    const inv = 1.0 / (ONE_F + p);
    const sp = TWO64 * inv;
    const dn = (p - eLo) * inv * (1.0 + 1e-15);
    if (dn > 0.5) return fromSigma(f2i(exactSigma(<f64>y)));
    sLo = Math.floor(sp * (1.0 - (eHi - p) * inv) * (1.0 - 2e-15));
    sHi = Math.floor(sp * (1.0 + dn * (1.0 + 2.0 * dn)) * (1.0 + 2e-15));
  } else {
    sLo = Math.floor((TWO64 / (ONE_F + TWO64 / eLo)) * (1.0 - 1e-14));
    sHi = Math.floor((TWO64 / (ONE_F + TWO64 / eHi - 1.0)) * (1.0 + 1e-14));
  }
  // Both ends always (a test of sLo == sHi first would be a data-dependent branch).
  const aLo = fromSigma(f2i(sLo));
  if (aLo == fromSigma(f2i(sHi))) return aLo;
  return fromSigma(f2i(exactSigma(<f64>y)));
}

@inline function liquidRate(c: i64, w: i64, b: i64): i64 {
  let d: i64;
  if (w >= b) {
    d = w - c;
    if (d <= 0) return scalar(LA_AT_ZERO);
    if (d > ONE) d = ONE;
  } else {
    d = b - w;
    if (d > ONE) d = ONE;
  }
  return alphaFromD(d);
}

/** One entry of mat_ema_alpha_sparse: min(1, (1−a)·old + max(0, a·w)). */
@inline function liquidBondUpdate(old: i64, w: i64, a: i64): i64 {
  // w, old ≥ 0 and 0 ≤ a ≤ 1 (a lies between alpha_low and alpha_high): both products ≥ 0, so
  // max(0, a·w) = a·w, and (1−a)·0 = 0 needs no test.
  const v = fmulU(old, ONE - a) + fmulU(w, a);
  return v > ONE ? ONE : v;
}
/** laRate slot holding the rate at d = 0 (after the MAX_N slots of a row's list). */
const RATE_AT_ZERO: i32 = <i32>MAX_N + 1;

/**
 * §3.10 step 3 with liquid alpha: entries of Wb only; a bond absent from Wb is dropped. Row by
 * row, in three passes that stay in L1, so that the costly rates run in a loop of their own
 * without data-dependent branches (whose mispredictions would serialise them): (A) the old bond
 * per entry (from the row's stored bonds spread over a dense row), and the d of the entries whose
 * d > 0 in a list; (B) their rates, two at a time; (C) the update, taking the rates in order (d ≤ 0
 * while buying gives the rate at d = 0), with the row's storage.
 */
export function emaLiquidAlpha(n: i32, wb: i32): void {
  const wPtr = matPtr(wb);
  const wCol = matCol(wb);
  const wVal = matVal(wb);
  const masked = uMasked;
  store<i64>(<usize>RATE_AT_ZERO << 3, scalar(LA_AT_ZERO), laRate);
  const starts = resStart(n);
  memory.fill(dBond, 0, <usize>n << 3);
  let nnz = 0;
  let p = 0;
  for (let i = 0; i < n; i++) {
    store<i32>(<usize>i << 2, nnz, eP);
    sI32(starts, i, p);
    const e0 = gI32(wPtr, i);
    const e1 = gI32(wPtr, i + 1);
    if (e0 == e1) continue;
    // (A) old bonds (0 where absent or masked) and the list of d > 0
    const k0 = load<i32>(<usize>i << 2, bPtrIn);
    const k1 = lowerBound(bColIn, k0, load<i32>(<usize>(i + 1) << 2, bPtrIn), n);
    for (let k = k0; k < k1; k++) {
      const j = <i32>load<u16>(<usize>k << 1, bColIn);
      store<u16>(<usize>j << 1, <u16>(select<i32>(0, <i32>load<u16>(<usize>k << 1, bValIn), gU8(masked, j))), laDense);
    }
    let m = 0;
    for (let e = e0; e < e1; e++) {
      const o = <usize>(e - e0);
      const j = gI32(wCol, e);
      const w = gI64(wVal, e);
      const bOld = u16ToProportion(<i64><i32>load<u16>(<usize>j << 1, laDense));
      store<i64>(o << 3, bOld, laOld);
      // buying (w ≥ b): d = w − C, the rate at d = 0 when d ≤ 0; selling: d = b − w > 0
      const d = select<i64>(w - load<i64>(<usize>j << 3, cons), bOld - w, w >= bOld);
      store<f64>(<usize>m << 3, <f64>select<i64>(ONE, d, d > ONE), laD);
      // the entry's rate: the m-th of the list, or the rate at d = 0
      store<i32>(o << 2, select<i32>(m, RATE_AT_ZERO, d > 0), laSlot);
      m += <i32>(d > 0);
    }
    for (let k = k0; k < k1; k++) store<u16>(<usize>(<i32>load<u16>(<usize>k << 1, bColIn)) << 1, <u16>(0), laDense);
    // (B)
    liquidRates(m);
    // (C) the update; the stored row is written always and kept only with permit_new
    const keep = <i32>load<u8>(<usize>i, uPermitNew);
    for (let e = e0; e < e1; e++) {
      const o = <usize>(e - e0);
      const j = gI32(wCol, e);
      const w = gI64(wVal, e);
      const bOld = load<i64>(o << 3, laOld);
      const a = load<i64>(<usize>load<i32>(o << 2, laSlot) << 3, laRate);
      // (w = 0 and no old bond give v = 0 whatever the rate: dropped by the test below)
      const v = liquidBondUpdate(bOld, w, a);
      if (v > 0) {
        pushBond(nnz, j, v, false);
        nnz++;
        store<u16>(<usize>p << 1, <u16>(j), oCol);
        store<u16>(<usize>p << 1, <u16>(<i32>((v * 65535) >> 32)), oVal); // proportionToU16, 0 < v ≤ 1
        p += keep;
      }
    }
  }
  store<i32>(<usize>n << 2, nnz, eP);
  sI32(starts, n, p);
  oPos = p;
}

/**
 * Pass B: laRate[t] = alphaFromD(laD[t]) for t < m, two lanes at a time (f64x2). The fast path is
 * alphaFromD's bracket for exp inputs y ≥ 1.5 (σ below ½, the usual case: d < ½ with the
 * default steepness), in the same double operations, so it brackets as the scalar code does; the
 * I32F32 steps around it are exact in doubles here (every product stays below 2^49). A pair with
 * a lane outside that path, or whose bracket leaves the rate undecided, goes to alphaFromD.
 */
function liquidRates(m: i32): void {
  let t = 0;
  let slow = 0;
  const ordered = scalar(LA_LOW) <= scalar(LA_HIGH);
  if (scalar(LA_KL) == 0 && ordered) {
    for (; t + 1 < m; t += 2) {
      if (ratePair(t, false, true)) {
        rateFallback(t, 2);
        slow++;
      }
    }
  } else {
    for (; t + 1 < m; t += 2) {
      if (ratePair(t, true, false)) {
        rateFallback(t, 2);
        slow++;
      }
    }
  }
  fastRatePairs += (t >> 1) - slow;
  if (t < m) rateFallback(t, 1);
}

/** Number of rate pairs the f64x2 pass decided (diagnostics: tests check that it is reached). */
export let fastRatePairs: i32 = 0;

/** Rates t..t+count−1 by the scalar alphaFromD. */
function rateFallback(t: i32, count: i32): void {
  for (let u = t; u < t + count; u++) store<i64>(<usize>u << 3, alphaFromD(f2i(load<f64>(<usize>u << 3, laD))), laRate);
}

/**
 * laRate[t], laRate[t+1] from laD by the fast path; true (the rates stored are then meaningless)
 * when a lane needs alphaFromD.
 */
@inline function ratePair(t: i32, fracK: bool, ordered: bool): bool {
  const d = v128.load(laD + (<usize>t << 3));
  const z = f64x2.sub(d, vc(V_HALF));
  // y = kh·z + floor(kl·z / 2^32), kl = klh·2^16 + kll: every product below 2^48
  let y = f64x2.mul(vc(V_KH), z);
  if (fracK) {
    const low16 = f64x2.floor(f64x2.mul(f64x2.mul(vc(V_KLL), z), vc(V_INV16)));
    y = f64x2.add(y, f64x2.floor(f64x2.mul(f64x2.add(f64x2.mul(vc(V_KLH), z), low16), vc(V_INV16))));
  }
  y = f64x2.pmax(f64x2.pmin(y, vc(V_YMAX)), vc(V_YMIN));
  const x = f64x2.mul(y, vc(V_INV32));
  let bad = f64x2.lt(x, vc(V_1_5)); // also every y ≤ 0
  // expForBracket(x): x = k·ln2/64 + r; 2^(k/64) and the loss bound for k from tables, lane by
  // lane (a bad lane may index anywhere in them)
  const tt = f64x2.add(f64x2.mul(x, vc(V_64_LN2)), vc(V_ROUNDER));
  const r = f64x2.sub(x, f64x2.mul(f64x2.sub(tt, vc(V_ROUNDER)), vc(V_LN2_64)));
  const r2 = f64x2.mul(r, r);
  const inner = f64x2.add(
    f64x2.add(vc(V_HALF1), f64x2.mul(r, vc(V_SIXTH))),
    f64x2.mul(r2, f64x2.add(vc(V_24TH), f64x2.mul(r, vc(V_120TH)))),
  );
  const poly = f64x2.add(f64x2.add(vc(V_ONE), r), f64x2.mul(r2, inner));
  const k0 = <usize>(<i32>i64x2.extract_lane(tt, 0) & 2047) << 3;
  const k1 = <usize>(<i32>i64x2.extract_lane(tt, 1) & 2047) << 3;
  const fr = v128.load64_lane(tExpK + k1, v128.load64_splat(tExpK + k0), 1);
  const loss = v128.load64_lane(tLossK + k1, v128.load64_splat(tLossK + k0), 1);
  const p = f64x2.mul(vc(V_ONE_F), f64x2.mul(fr, poly));
  // The chain's E lies in [p(1 − 3e-14) − loss, p(1 + 3e-14) + 1] (as in alphaFromD); σ(E) =
  // 2^64/(2^32 + E) = sp/(1 + ε) with |ε| ≤ h = (3e-14·p + loss + 1)/(2^32 + p) (the tables
  // carry the +1 and a 1e-15 margin), so σ ∈ [sp(1 − h), sp(1 + h(1 + 2h))] for h ≤ ½; 3e-15
  // covers the roundings of these few operations.
  const inv = f64x2.div(vc(V_ONE), f64x2.add(vc(V_ONE_F), p));
  const sp = f64x2.mul(vc(V_TWO64), inv);
  const h = f64x2.mul(f64x2.add(f64x2.mul(p, vc(V_REL)), loss), inv);
  bad = v128.or(bad, f64x2.gt(h, vc(V_HALF1)));
  const hh = f64x2.mul(h, h);
  const sLo = f64x2.floor(f64x2.mul(sp, f64x2.sub(vc(V_DOWN), h)));
  const sHi = f64x2.floor(f64x2.mul(sp, f64x2.add(vc(V_UP), f64x2.add(h, f64x2.add(hh, hh)))));
  // One σ in the bracket gives the rate (a σ bracket of two values goes to alphaFromD, which
  // compares their rates: a few lanes in a thousand).
  bad = v128.or(bad, f64x2.ne(sLo, sHi));
  const a = sigmaToRate(sLo, ordered);
  // integer-valued doubles in [0, 2^52) to i64 through their bits
  v128.store(laRate + (<usize>t << 3), i64x2.sub(f64x2.add(a, vc(V_MAGIC52)), vc(V_MAGIC52_BITS)));
  return v128.any_true(bad);
}

// Slots of VCONST: the parameters (set by setLiquidAlpha) and the fixed constants.
const V_KH = 0;
const V_KLH = 1;
const V_KLL = 2;
const V_LOW = 3;
const V_HIGH = 4;
const V_SPAN_H = 5;
const V_SPAN_L = 6;
const V_HALF = 7;
const V_INV16 = 8;
const V_YMAX = 9;
const V_YMIN = 10;
const V_INV32 = 11;
const V_ONE_F = 12;
const V_ROUNDER = 13;
const V_MAGIC52 = 14;
const V_MAGIC52_BITS = 15;
const V_1_5 = 16;
const V_64_LN2 = 17;
const V_LN2_64 = 18;
const V_HALF1 = 19;
const V_SIXTH = 20;
const V_24TH = 21;
const V_120TH = 22;
const V_ONE = 23;
const V_REL = 24;
const V_DOWN = 25;
const V_UP = 26;
const V_TWO64 = 27;

@inline function vc(slot: i32): v128 {
  return v128.load(VCONST + (<usize>slot << 4));
}
@inline function setVc(slot: i32, v: f64): void {
  v128.store(VCONST + (<usize>slot << 4), f64x2.splat(v));
}

/** Fill VCONST from the liquid-alpha scalars (setLiquidAlpha). */
function setRateConstants(): void {
  setVc(V_KH, <f64>scalar(LA_KH));
  setVc(V_KLH, <f64>(scalar(LA_KL) >> 16));
  setVc(V_KLL, <f64>(scalar(LA_KL) & 0xffff));
  setVc(V_LOW, <f64>scalar(LA_LOW));
  setVc(V_HIGH, <f64>scalar(LA_HIGH));
  setVc(V_SPAN_H, <f64>scalar(LA_SPAN_H));
  setVc(V_SPAN_L, <f64>scalar(LA_SPAN_L));
  setVc(V_HALF, 2147483648.0);
  setVc(V_INV16, 1.0 / 65536.0);
  setVc(V_YMAX, 20.0 * ONE_F);
  setVc(V_YMIN, -20.0 * ONE_F);
  setVc(V_INV32, INV32);
  setVc(V_ONE_F, ONE_F);
  setVc(V_ROUNDER, ROUNDER);
  setVc(V_MAGIC52, 4503599627370496.0);
  v128.store(VCONST + (<usize>V_MAGIC52_BITS << 4), i64x2.splat(0x4330000000000000));
  setVc(V_1_5, 1.5);
  setVc(V_64_LN2, 64.0 / Math.LN2);
  setVc(V_LN2_64, Math.LN2 / 64.0);
  setVc(V_HALF1, 0.5);
  setVc(V_SIXTH, 1.0 / 6.0);
  setVc(V_24TH, 1.0 / 24.0);
  setVc(V_120TH, 1.0 / 120.0);
  setVc(V_ONE, 1.0);
  setVc(V_REL, 3e-14 * (1.0 + 1e-15));
  setVc(V_DOWN, 1.0 - 3e-15);
  setVc(V_UP, 1.0 + 3e-15);
  setVc(V_TWO64, TWO64);
  // x rounds to k only for x < (k + ½ + 10^-6)·ln2/64; the loss bound holds for any g ≥ 4x
  // (EXP_LOSS[g] is for x ≤ g/4), so the largest entry up to g = ceil(4x) bounds it.
  let g = 0;
  let worst = load<f64>(0, tExpLoss);
  for (let k = 0; k < 2048; k++) {
    store<f64>(<usize>k << 3, load<f64>(<usize>(k & 63) << 3, tExp2Frac) * load<f64>(<usize>(k >> 6) << 3, tPow2), tExpK);
    const gk = min<i32>(<i32>Math.ceil(4.0 * (<f64>k + 0.500001) * (Math.LN2 / 64.0)), 80);
    for (; g < gk; g++) worst = Math.max(worst, load<f64>(<usize>(g + 1) << 3, tExpLoss));
    store<f64>(<usize>k << 3, (worst + 1.0) * (1.0 + 1e-15), tLossK);
  }
}

/**
 * fromSigma for two σ raws s (integer doubles, 0 ≤ s < 2^32): low + fmul(s, span), clamped,
 * exact. With low ≤ high (`ordered`) the sum stays in [low, high] and needs no clamp.
 */
@inline function sigmaToRate(s: v128, ordered: bool): v128 {
  const lo16 = f64x2.floor(f64x2.mul(f64x2.mul(s, vc(V_SPAN_L)), vc(V_INV16)));
  const a = f64x2.add(vc(V_LOW), f64x2.floor(f64x2.mul(f64x2.add(f64x2.mul(s, vc(V_SPAN_H)), lo16), vc(V_INV16))));
  if (ordered) return a;
  const low = vc(V_LOW);
  const high = vc(V_HIGH);
  return v128.bitselect(low, v128.bitselect(high, a, f64x2.gt(a, high)), f64x2.lt(a, low));
}

/**
 * §3.10 step 4 after either Yuma 3 EMA, and with `storeBonds` (the fixed-rate EMA) step 5 in the
 * same walk over B; returns the number of stored bond entries.
 */
export function finishYuma3(n: i32, storeBonds: i32): i32 {
  prepareDivisors(divBond, dBond, n);
  const starts = resStart(n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const a = load<i64>(<usize>i << 3, aStake);
    const e0 = load<i32>(<usize>i << 2, eP);
    const e1 = load<i32>(<usize>(i + 1) << 2, eP);
    const keep = storeBonds != 0 && <i32>load<u8>(<usize>i, uPermitNew) == 1;
    if (storeBonds != 0) sI32(starts, i, p);
    let t: i64 = 0;
    if (a != 0 || keep) {
      for (let e = e0; e < e1; e++) {
        const eo = <usize>e;
        const j = load<i32>(eo << 2, eC);
        const jo = <usize>j;
        const x = load<i64>(eo << 3, eV);
        const q = x > ONE ? cdivWide(divBond, x, j) : cdivBy(x, load<i64>(jo << 5, divBond), load<i64>(jo << 5, divBond + 8), load<i64>(jo << 5, divBond + 16));
        t += fmulU(q, load<i64>(jo << 3, inc));
        if (keep) {
          store<u16>(<usize>p << 1, <u16>j, oCol);
          store<u16>(<usize>p << 1, <u16>proportionToU16(x), oVal);
          p++;
        }
      }
      if (a == 0) t = 0;
    }
    store<i64>(<usize>i << 3, t == 0 ? 0 : fmul(t, a), divs);
  }
  if (storeBonds != 0) {
    sI32(starts, n, p);
    oPos = p;
  }
  normalize(divs, n);
  return oPos;
}

// ---------------------------------------------------------------------------------------------
// §3.11 emission split; u16 results
// ---------------------------------------------------------------------------------------------

/** 1 if some column's consensus is non-zero (liquid alpha applies only then). */
export function anyConsensus(n: i32): i32 {
  for (let j = 0; j < n; j++) if (load<i64>(<usize>j << 3, cons) != 0) return 1;
  return 0;
}

/** floor(x·E/2^32) for 0 ≤ x ≤ 2^32 and E = eHi·2^32 + eLo (u64), saturating at 2^64 − 1. */
@inline function emissionOf(x: i64, eHi: u64, eLo: u64): i64 {
  if (x <= 0) return 0;
  const a = <u64>x * eHi; // ≤ 2^32·(2^32 − 1)
  const b = (<u64>x * eLo) >> 32;
  const sum = a + b;
  return <i64>(sum < a ? <u64>-1 : sum);
}

/**
 * §3.11 after the bonds: shares Incentive/Σ, Dividends/Σ, (Incentive + Dividends)/Σ, or, when
 * Σ = 0, 0 and the active stake (the stake if none is active); emissions floor(share·E) in u64;
 * the u16 results. Stake weights come in through fStake.
 */
export function finishEpoch(n: i32, eHiF: f64, eLoF: f64): void {
  const eHi = f2i(eHiF);
  const eLo = f2i(eLoF);
  let total: i64 = 0;
  for (let i = 0; i < n; i++) total += load<i64>(<usize>i << 3, inc) + load<i64>(<usize>i << 3, divs);
  if (total == 0) {
    let anyActive = false;
    for (let i = 0; i < n; i++) if (load<i64>(<usize>i << 3, aStake) != 0) anyActive = true;
    for (let i = 0; i < n; i++) {
      const v = anyActive ? load<i64>(<usize>i << 3, aStake) : f2i(load<f64>(<usize>i << 3, fStake));
      store<i64>(<usize>i << 3, 0, shS);
      store<i64>(<usize>i << 3, v, shV);
      store<i64>(<usize>i << 3, v, shC);
    }
  } else {
    const scale = ONE_F / <f64>total;
    for (let i = 0; i < n; i++) {
      const a = load<i64>(<usize>i << 3, inc);
      const b = load<i64>(<usize>i << 3, divs);
      store<i64>(<usize>i << 3, sdiv(a, total, scale), shS);
      store<i64>(<usize>i << 3, sdiv(b, total, scale), shV);
      store<i64>(<usize>i << 3, sdiv(a + b, total, scale), shC);
    }
  }
  const hi = <u64>eHi;
  const lo = <u64>eLo;
  const u16s = resU16(n);
  for (let i = 0; i < n; i++) {
    store<i64>(<usize>i << 3, emissionOf(load<i64>(<usize>i << 3, shS), hi, lo), RES);
    store<i64>(<usize>(n + i) << 3, emissionOf(load<i64>(<usize>i << 3, shV), hi, lo), RES);
    store<i64>(<usize>(2 * n + i) << 3, emissionOf(load<i64>(<usize>i << 3, shC), hi, lo), RES);
    sU16(u16s, i, proportionToU16(f2i(load<f64>(<usize>i << 3, fStake))));
    sU16(u16s, n + i, proportionToU16(load<i64>(<usize>i << 3, cons)));
    sU16(u16s, 2 * n + i, proportionToU16(load<i64>(<usize>i << 3, inc)));
    sU16(u16s, 3 * n + i, proportionToU16(load<i64>(<usize>i << 3, divs)));
    sU16(u16s, 4 * n + i, proportionToU16(load<i64>(<usize>i << 3, vtI)));
  }
}
