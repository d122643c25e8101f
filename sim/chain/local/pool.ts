/**
 * A subnet's TAO/alpha pool (MECHANISM.md §5.4): constant product or Balancer-style weighted.
 *
 * Notation as in §5.4: x = alpha reserve (SubnetAlphaIn), y = TAO reserve (SubnetTAO), weights
 * w_a + w_τ = 1, each in [0.01, 0.99].
 * - price p = (w_a·y) / (w_τ·x) TAO per alpha; the constant-product pool is w_a = w_τ = 0.5,
 *   so p = y/x.
 * - buying alpha with Δy TAO returns Δx = x·(1 − (y/(y+Δy))^(w_τ/w_a));
 *   selling Δx alpha returns Δy = y·(1 − (x/(x+Δx))^(w_a/w_τ)).
 * - invariant: V = x^w_a · y^w_τ never decreases on a swap (for 0.5/0.5 this is k = x·y).
 * - emission injections add (tao_in, alpha_in) and, for the weighted pool, re-solve w_a so the
 *   price does not move: w_a' = p·x' / (p·x' + y').
 *
 * No swap fee is modelled (MECHANISM.md does not specify one).
 *
 * Exactness: constant-product swaps on `bigint` reserves are exact integer maths with the
 * output floored, so k never decreases. Weighted swaps need a real power; they are computed in
 * doubles with log1p/expm1 (relative error a few 1e-16: within a rao or two on reserves below
 * 2^53 rao ≈ 9M TAO), floored, then checked with the same accurate log form and lowered by one rao if
 * the value function would otherwise drop. The per-block loop (coinbase.ts) uses the number
 * forms below on integer-valued doubles; their floor can differ from exact rational maths by at
 * most one rao.
 */
import type { PoolKind } from "../chain.js";
import { ChainError } from "../chain.js";

export const MIN_POOL_WEIGHT = 0.01;
export const MAX_POOL_WEIGHT = 0.99;

export interface Pool {
  kind: PoolKind;
  /** y: TAO reserve, rao. */
  taoRao: bigint;
  /** x: alpha reserve, rao. */
  alphaRao: bigint;
  /** w_a, the alpha reserve's weight (0.5 for constant product); w_τ = 1 − w_a. */
  weightAlpha: number;
}

export function newPool(kind: PoolKind, taoRao: bigint, alphaRao: bigint): Pool {
  if (taoRao < 0n || alphaRao < 0n) {
    throw new ChainError("InsufficientLiquidity", `pool reserves tao ${taoRao}, alpha ${alphaRao} rao; expected ≥ 0`);
  }
  return { kind, taoRao, alphaRao, weightAlpha: 0.5 };
}

export function clonePool(p: Pool): Pool {
  return { kind: p.kind, taoRao: p.taoRao, alphaRao: p.alphaRao, weightAlpha: p.weightAlpha };
}

/** Spot price, TAO per alpha, from number reserves (integer-valued doubles). */
export function priceNum(tao: number, alpha: number, weightAlpha: number): number {
  if (alpha <= 0) return 0;
  return (weightAlpha * tao) / ((1 - weightAlpha) * alpha);
}

/** Spot price, TAO per alpha. 0 for an empty alpha reserve. */
export function spotPrice(p: Pool): number {
  return priceNum(Number(p.taoRao), Number(p.alphaRao), p.weightAlpha);
}

/** log V = w_a·ln x + w_τ·ln y (the weighted pool's value function; for 0.5/0.5, ½·ln k). */
export function logValue(p: Pool): number {
  return p.weightAlpha * Math.log(Number(p.alphaRao)) + (1 - p.weightAlpha) * Math.log(Number(p.taoRao));
}

/**
 * Change of log V when x → x + dx and y → y + dy, computed accurately for small relative
 * changes (log1p), so a one-rao change on a 1e15 reserve is still resolved.
 */
export function logValueChange(p: Pool, dAlpha: bigint, dTao: bigint): number {
  const x = Number(p.alphaRao);
  const y = Number(p.taoRao);
  return p.weightAlpha * Math.log1p(Number(dAlpha) / x) + (1 - p.weightAlpha) * Math.log1p(Number(dTao) / y);
}

/** Constant-product invariant k = x·y, exact. */
export function constantProduct(p: Pool): bigint {
  return p.taoRao * p.alphaRao;
}

function checkAmount(what: string, amount: bigint): void {
  if (amount < 0n) throw new ChainError("AmountTooLow", `${what} ${amount} rao; expected ≥ 0`);
}

/** Alpha returned for `taoIn` TAO (a quote; the pool is not changed). */
export function quoteTaoForAlpha(p: Pool, taoIn: bigint): bigint {
  checkAmount("tao in", taoIn);
  if (taoIn === 0n || p.alphaRao === 0n) return 0n;
  if (p.taoRao === 0n) return 0n; // an empty TAO reserve has no price; refuse to give alpha away
  if (p.weightAlpha === 0.5) {
    // Δx = x − ceil(x·y / (y + Δy)) = floor(x·Δy / (y + Δy)), exact.
    return (p.alphaRao * taoIn) / (p.taoRao + taoIn);
  }
  const x = Number(p.alphaRao);
  const y = Number(p.taoRao);
  const e = (1 - p.weightAlpha) / p.weightAlpha;
  // Δx = x·(1 − (y/(y+Δy))^e) = −x·expm1(−e·log1p(Δy/y))
  let out = BigInt(Math.floor(-x * Math.expm1(-e * Math.log1p(Number(taoIn) / y))));
  if (out >= p.alphaRao) out = p.alphaRao - 1n;
  if (out < 0n) out = 0n;
  while (out > 0n && logValueChange(p, -out, taoIn) < 0) out -= 1n;
  return out;
}

/** TAO returned for `alphaIn` alpha (a quote). */
export function quoteAlphaForTao(p: Pool, alphaIn: bigint): bigint {
  checkAmount("alpha in", alphaIn);
  if (alphaIn === 0n || p.taoRao === 0n) return 0n;
  if (p.alphaRao === 0n) return 0n;
  if (p.weightAlpha === 0.5) {
    return (p.taoRao * alphaIn) / (p.alphaRao + alphaIn);
  }
  const x = Number(p.alphaRao);
  const y = Number(p.taoRao);
  const e = p.weightAlpha / (1 - p.weightAlpha);
  let out = BigInt(Math.floor(-y * Math.expm1(-e * Math.log1p(Number(alphaIn) / x))));
  if (out >= p.taoRao) out = p.taoRao - 1n;
  if (out < 0n) out = 0n;
  while (out > 0n && logValueChange(p, alphaIn, -out) < 0) out -= 1n;
  return out;
}

/** Buy alpha with TAO: the pool takes `taoIn`, gives the returned alpha. */
export function swapTaoForAlpha(p: Pool, taoIn: bigint): bigint {
  const out = quoteTaoForAlpha(p, taoIn);
  p.taoRao += taoIn;
  p.alphaRao -= out;
  return out;
}

/** Sell alpha for TAO: the pool takes `alphaIn`, gives the returned TAO. */
export function swapAlphaForTao(p: Pool, alphaIn: bigint): bigint {
  const out = quoteAlphaForTao(p, alphaIn);
  p.alphaRao += alphaIn;
  p.taoRao -= out;
  return out;
}

/**
 * The alpha weight that keeps price `price` at reserves (tao, alpha):
 * p = w_a·y / ((1 − w_a)·x)  ⇒  w_a = p·x / (p·x + y), clamped to [0.01, 0.99].
 */
export function solveWeightAlpha(price: number, tao: number, alpha: number): number {
  const px = price * alpha;
  const d = px + tao;
  if (!(d > 0) || !Number.isFinite(px)) return 0.5;
  const w = px / d;
  return w < MIN_POOL_WEIGHT ? MIN_POOL_WEIGHT : w > MAX_POOL_WEIGHT ? MAX_POOL_WEIGHT : w;
}

/**
 * Emission injection (§4.1 step 3): add both reserves. The weighted pool re-solves its weights
 * so the price does not move (unless a weight hits its bound); the constant-product pool keeps
 * 0.5/0.5 and its price moves only by the rounding of tao_in = floor(alpha_in·p).
 */
export function injectLiquidity(p: Pool, taoIn: bigint, alphaIn: bigint): void {
  checkAmount("tao injection", taoIn);
  checkAmount("alpha injection", alphaIn);
  const before = spotPrice(p);
  p.taoRao += taoIn;
  p.alphaRao += alphaIn;
  if (p.kind === "weighted" && before > 0) {
    p.weightAlpha = solveWeightAlpha(before, Number(p.taoRao), Number(p.alphaRao));
  }
}

// ---- number forms for the per-block loop (integer-valued doubles) ----

/** Alpha out for dTao TAO in; reserves as numbers. Floored; may differ from exact by ≤ 1 rao. */
export function alphaOutNum(tao: number, alpha: number, weightAlpha: number, dTao: number): number {
  if (dTao <= 0 || alpha <= 0 || tao <= 0) return 0;
  let out: number;
  // Emission injections leave w_a within a few ulps of 0.5 in a pool that started there; such a
  // pool is the constant product to far below a rao (the exponent differs from 1 by < 1e-12).
  if (Math.abs(weightAlpha - 0.5) < 1e-12) {
    out = Math.floor((alpha * dTao) / (tao + dTao));
  } else {
    const e = (1 - weightAlpha) / weightAlpha;
    out = Math.floor(-alpha * expm1Small(-e * log1pSmall(dTao / tao)));
  }
  if (out >= alpha) out = alpha - 1;
  return out > 0 ? out : 0;
}

/**
 * log1p for the small ratios of a per-block chain buy (Δy/y < 1e-3): the Taylor series to d^7,
 * whose truncation error (< d^8/8 ≈ 1e-25) is far below the double rounding of the result;
 * Math.log1p otherwise. Several times cheaper than Math.log1p.
 */
function log1pSmall(d: number): number {
  if (d > 1e-3 || d < -1e-3) return Math.log1p(d);
  return d * (1 - d * (1 / 2 - d * (1 / 3 - d * (1 / 4 - d * (1 / 5 - d * (1 / 6 - d / 7))))));
}

/** expm1 by its series to z^7 for |z| < 1e-2 (error < z^8/8! ≈ 2.5e-21 relative), else Math.expm1. */
function expm1Small(z: number): number {
  if (z > 1e-2 || z < -1e-2) return Math.expm1(z);
  return z * (1 + z * (1 / 2 + z * (1 / 6 + z * (1 / 24 + z * (1 / 120 + z * (1 / 720 + z / 5040))))));
}
