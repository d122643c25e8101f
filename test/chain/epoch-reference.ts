/**
 * A slow, plain reference of the epoch (MECHANISM.md §3) on bigint I32F32 raws, written step by
 * step from the spec's text with sparse rows as `[col, raw]` lists. It exists to cross-check the
 * fast typed-array path in sim/chain/local/epoch.ts on random inputs; it is not shipped.
 */
import type { SparseRow } from "../../sim/chain/chain.js";
import type { EpochInput, EpochOutput } from "../../sim/chain/local/epoch.js";
import {
  ONE_B,
  emaAlphaFromBmaB,
  emissionB,
  expSafeB,
  fdivB,
  fmulB,
  normalizeStakeB,
  proportionToU16B,
  u16ToProportionB,
} from "../../sim/chain/local/fixed.js";

type Entry = [col: number, raw: bigint];
type Mat = Entry[][];

const sum = (v: readonly bigint[]): bigint => v.reduce((a, b) => a + b, 0n);

/** `inplace_normalize`: x / Σx, unchanged when Σx = 0. */
function normalize(v: readonly bigint[]): bigint[] {
  const s = sum(v);
  return s === 0n ? [...v] : v.map((x) => fdivB(x, s));
}

function rowNormalize(m: Mat): Mat {
  return m.map((row) => {
    const s = sum(row.map((e) => e[1]));
    return s > 0n ? row.map(([j, v]): Entry => [j, fdivB(v, s)]) : row;
  });
}

function colNormalize(m: Mat, n: number): Mat {
  const s = new Array<bigint>(n).fill(0n);
  for (const row of m) for (const [j, v] of row) s[j] = s[j]! + v;
  return m.map((row) => row.map(([j, v]): Entry => [j, s[j] === 0n ? v : fdivB(v, s[j]!)]));
}

function colMaxUpscale(m: Mat, n: number): Mat {
  const mx = new Array<bigint>(n).fill(0n);
  for (const row of m) for (const [j, v] of row) if (v > mx[j]!) mx[j] = v;
  return m.map((row) => row.map(([j, v]): Entry => [j, mx[j] === 0n ? v : fdivB(v, mx[j]!)]));
}

/** §3.6 closed form: smallest score w with Σ_{score > w} s̃ < κ (the largest score if none). */
function consensusRef(activeStake: readonly bigint[], w: Mat, n: number, kappa: bigint): bigint[] {
  const idx = activeStake.map((s, i) => (s > 0n ? i : -1)).filter((i) => i >= 0);
  const use = normalize(idx.map((i) => activeStake[i]!));
  const out: bigint[] = new Array<bigint>(n).fill(0n);
  if (idx.length === 0) return out;
  for (let j = 0; j < n; j++) {
    const scores = idx.map((i) => w[i]!.find((e) => e[0] === j)?.[1] ?? 0n);
    const distinct = [...new Set(scores)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let c: bigint | null = null;
    for (const cand of distinct) {
      let above = 0n;
      scores.forEach((s, k) => {
        if (s > cand) above += use[k]!;
      });
      if (above < kappa) {
        c = cand;
        break;
      }
    }
    out[j] = c ?? distinct[distinct.length - 1]!;
  }
  return out;
}

/** mat_ema_sparse: α·new + (1−α)·old over the union of entries, keeping > 0. */
function matEma(next: Mat, old: Mat, alpha: bigint, n: number): Mat {
  return next.map((row, i) => {
    const dense = new Array<bigint>(n).fill(0n);
    for (const [j, v] of row) dense[j] = dense[j]! + fmulB(alpha, v);
    for (const [j, v] of old[i]!) dense[j] = dense[j]! + fmulB(ONE_B - alpha, v);
    const out: Entry[] = [];
    dense.forEach((v, j) => {
      if (v > 0n) out.push([j, v]);
    });
    return out;
  });
}

const clamp = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);

/** Liquid alpha sigmoid (§3.10) for consensus c, weight w, old bond b. */
function alphaSigmoid(c: bigint, w: bigint, b: bigint, low: bigint, high: bigint, steep: bigint): bigint {
  const buy = clamp(w - c, 0n, ONE_B);
  const sell = clamp(b - w, 0n, ONE_B);
  const d = w >= b ? buy : sell;
  const k = fdivB(steep, -100n * ONE_B);
  const e = expSafeB(fmulB(k, d - ONE_B / 2n));
  const sigma = fdivB(ONE_B, ONE_B + e);
  return clamp(low + fmulB(sigma, high - low), low, high);
}

function toMat(rows: readonly SparseRow[], n: number, conv: (u: number) => bigint): Mat {
  const m: Mat = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    m.push(Array.from(r.cols, (j, k): Entry => [j, conv(r.vals[k]!)]));
  }
  return m;
}

export function epochReference(inp: EpochInput): EpochOutput {
  const n = inp.n;
  const owner = inp.ownerUid;
  // §3.1
  const active = Array.from({ length: n }, (_, i) => !(inp.lastUpdate[i]! + inp.activityCutoff < inp.currentBlock));
  // §3.2
  const s = Array.from({ length: n }, (_, i) => {
    const v = inp.stakeRao[i]!;
    return i !== owner && v < inp.stakeThreshold ? 0n : v;
  });
  const stake = normalizeStakeB(s);
  // §3.3
  const permitOld = Array.from({ length: n }, (_, i) => inp.validatorPermits[i] !== 0 || i === owner);
  const permitNew = stake.map((x) => x !== 0n);
  const k = inp.maxAllowedValidators;
  if (n >= k) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      stake[a]! < stake[b]! ? -1 : stake[a]! > stake[b]! ? 1 : a - b,
    );
    for (let r = 0; r < n - k; r++) permitNew[order[r]!] = false;
  }
  if (owner !== null) permitNew[owner] = true;
  // §3.4
  const activeStake = normalize(stake.map((x, i) => (active[i] && permitOld[i] ? x : 0n)));
  // §3.5
  let w = toMat(inp.weights, n, (u) => BigInt(u) << 32n).map((row, i) => {
    if (!permitOld[i]) return [];
    return row.filter(([j]) => {
      if (j === i && i !== owner) return false;
      if (inp.lastUpdate[i]! <= inp.blockAtRegistration[j]!) return false;
      if (inp.commitReveal && inp.commitBlock !== undefined && inp.commitBlock[i]! < inp.blockAtRegistration[j]!) {
        return false;
      }
      return true;
    });
  });
  w = rowNormalize(w);
  // §3.6
  const kappa = u16ToProportionB(inp.kappaU16);
  const cons = consensusRef(activeStake, w, n, kappa);
  // §3.7
  const wc: Mat = w.map((row) =>
    row.flatMap(([j, v]): Entry[] => (v > cons[j]! ? (cons[j]! > 0n ? [[j, cons[j]!]] : []) : [[j, v]])),
  );
  const vtrust = wc.map((row) => sum(row.map((e) => e[1])));
  const ranks = new Array<bigint>(n).fill(0n);
  wc.forEach((row, i) => {
    for (const [j, v] of row) ranks[j] = ranks[j]! + fmulB(activeStake[i]!, v);
  });
  const incentive = normalize(ranks);
  // §3.8
  const beta = u16ToProportionB(inp.bondsPenaltyU16);
  let wb: Mat;
  if (beta === 0n) wb = w;
  else if (beta === ONE_B) wb = wc;
  else {
    wb = w.map((row, i) => {
      const a = new Array<bigint>(n).fill(0n);
      const b = new Array<bigint>(n).fill(0n);
      for (const [j, v] of row) a[j] = v;
      for (const [j, v] of wc[i]!) b[j] = v;
      const out: Entry[] = [];
      for (let j = 0; j < n; j++) {
        const v = a[j]! + fmulB(beta, b[j]! - a[j]!);
        if (v > 0n) out.push([j, v]);
      }
      return out;
    });
  }
  const masked = (j: number): boolean => inp.lastTempo <= inp.blockAtRegistration[j]!;
  let dividends: bigint[];
  let store: Mat;
  if (!inp.yuma3) {
    // §3.9
    const bold = colNormalize(
      toMat(inp.bonds, n, (u) => BigInt(u) << 32n).map((row) => row.filter(([j]) => !masked(j))),
      n,
    );
    const delta = colNormalize(
      wb.map((row, i) => row.map(([j, v]): Entry => [j, fmulB(v, activeStake[i]!)])),
      n,
    );
    const alpha = emaAlphaFromBmaB(BigInt(inp.bondsMovingAverage));
    const b = colNormalize(matEma(delta, bold, alpha, n), n);
    dividends = normalize(b.map((row) => sum(row.map(([j, v]) => fmulB(v, incentive[j]!)))));
    store = colMaxUpscale(b, n);
  } else {
    // §3.10
    const bold = toMat(inp.bonds, n, u16ToProportionB).map((row) => row.filter(([j]) => !masked(j)));
    let b: Mat;
    if (inp.liquidAlpha && cons.some((c) => c !== 0n)) {
      const low = u16ToProportionB(inp.alphaLowU16);
      const high = u16ToProportionB(inp.alphaHighU16);
      const steep = BigInt(inp.alphaSigmoidSteepness) << 32n;
      b = wb.map((row, i) => {
        const out: Entry[] = [];
        for (const [j, v] of row) {
          const old = bold[i]!.find((e) => e[0] === j)?.[1] ?? 0n;
          const a = alphaSigmoid(cons[j]!, v, old, low, high, steep);
          const inc = fmulB(a, v);
          let x = fmulB(ONE_B - a, old) + (inc > 0n ? inc : 0n);
          if (x > ONE_B) x = ONE_B;
          if (x > 0n) out.push([j, x]);
        }
        return out;
      });
    } else {
      b = matEma(wb, bold, emaAlphaFromBmaB(BigInt(inp.bondsMovingAverage)), n);
    }
    const bn = colNormalize(b, n);
    const t = bn.map((row) => sum(row.map(([j, v]) => fmulB(v, incentive[j]!))));
    dividends = normalize(t.map((x, i) => fmulB(x, activeStake[i]!)));
    store = b;
  }
  // §3.11
  const comb = incentive.map((x, i) => x + dividends[i]!);
  const total = sum(comb);
  let se: bigint[];
  let ve: bigint[];
  let ce: bigint[];
  if (total === 0n) {
    const fallback = activeStake.every((x) => x === 0n) ? stake : activeStake;
    se = new Array<bigint>(n).fill(0n);
    ve = fallback;
    ce = fallback;
  } else {
    se = incentive.map((x) => fdivB(x, total));
    ve = dividends.map((x) => fdivB(x, total));
    ce = comb.map((x) => fdivB(x, total));
  }
  const E = inp.raoEmission;
  const u16 = (v: readonly bigint[]): Uint16Array => Uint16Array.from(v, proportionToU16B);
  const rao = (v: readonly bigint[]): BigUint64Array => BigUint64Array.from(v, (x) => emissionB(x, E));
  return {
    active: Uint8Array.from(active, (a) => (a ? 1 : 0)),
    newValidatorPermits: Uint8Array.from(permitNew, (a) => (a ? 1 : 0)),
    stakeWeightU16: u16(stake),
    consensusU16: u16(cons),
    incentiveU16: u16(incentive),
    dividendsU16: u16(dividends),
    validatorTrustU16: u16(vtrust),
    serverEmission: rao(se),
    validatorEmission: rao(ve),
    emission: rao(ce),
    bonds: store.map((row, i) =>
      permitNew[i]
        ? { cols: Uint16Array.from(row, (e) => e[0]), vals: Uint16Array.from(row, (e) => proportionToU16B(e[1])) }
        : { cols: new Uint16Array(0), vals: new Uint16Array(0) },
    ),
  };
}
