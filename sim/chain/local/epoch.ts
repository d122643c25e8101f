/**
 * The Yuma Consensus epoch of one subnet mechanism, bit-exact with the chain's production sparse
 * path (`epoch/run_epoch.rs epoch_mechanism`), as specified in MECHANISM.md §2–§3: Yuma 2
 * (§3.9), Yuma 3 (§3.10) with or without liquid alpha, all masks (§3.1, §3.5 incl. commit-reveal),
 * permits (§3.3) and the emission split (§3.11).
 *
 * `runEpoch(input)` is a pure function over typed arrays, meant to be called by the LocalChain
 * every tempo: I32F32 values are exact integer raws held in doubles (fixed.ts), sparse matrices
 * are CSR scratch kept per subnet size, and bigint appears only per uid in rare ranges (stake sums
 * ≥ 2^52, E ≥ 2^53, |exp input| > 13). test/chain/epoch-reference.ts is the slow bigint reference
 * it is cross-checked against.
 *
 * Chain quirks reproduced (each cited where it is implemented): an entry above a consensus of
 * exactly 0 is removed, not clipped (§3.7); with liquid alpha a bond absent from Wb is dropped
 * (§3.10); the owner keeps its self-weight (§3.5); [FIXED] exp returns its 23-bit constant e for
 * an input of exactly 1 (fixed.ts); consensus uses the old permits, bonds are stored for the new.
 */
import type { SparseRow } from "../chain.js";
import {
  FracDivisor,
  ONE,
  ONE_B,
  emaAlphaFromBmaB,
  emissionInto,
  exactQuotient,
  expRaw,
  expSafeB,
  fdivB,
  fdivFloor,
  fmul,
  fmulFast,
  fmulSplit,
  fmulWide,
  normalizeStake,
  proportionToU16,
  splitHi,
  u16ToProportion,
  u64At,
} from "./fixed.js";
import { EpochKernel, kernelExactSigmaCalls, type BondMode, type KernelBonds, type KernelResult } from "./kernel.js";

/**
 * Everything one epoch reads (MECHANISM.md §2). Per-uid arrays have length `n`; `weights` and
 * `bonds` have one row per uid with columns strictly ascending and < n. Blocks are plain numbers
 * (they stay far below 2^53). The input is never modified.
 */
export interface EpochInput {
  /** Number of UIDs on the subnet (`SubnetworkN`). */
  n: number;
  /** Block at which the epoch runs. */
  currentBlock: number;
  /** Activity cutoff in blocks: uid i is inactive when `lastUpdate[i] + activityCutoff < currentBlock`. */
  activityCutoff: number;
  /** `LastUpdate`: block of uid i's last set_weights (with commit-reveal on: of its last commit). */
  lastUpdate: Float64Array;
  /** `BlockAtRegistration` of each uid. */
  blockAtRegistration: Float64Array;
  /** Stake weight S_i in rao (alpha + tao_weight × root, before the threshold filter), u64. */
  stakeRao: BigUint64Array;
  /** `ValidatorPermit` as stored by the previous epoch (1 = permit). Consensus uses these. */
  validatorPermits: Uint8Array;
  /** Stored weights, already max-upscaled by set_weights; explicit zero entries are kept. */
  weights: SparseRow[];
  /** Stored bonds as the previous epoch wrote them (Yuma2: column max-upscaled; Yuma3: proportion × 65535). */
  bonds: SparseRow[];
  /**
   * Block for the recently-registered bond mask: `LastMechansimStepBlock + 1`, or
   * `currentBlock − tempo` when that storage value is 0. Bond column j is dropped when
   * `lastTempo ≤ blockAtRegistration[j]` (§3.1).
   */
  lastTempo: number;
  /** `StakeThreshold` in rao: a non-owner uid with S_i below it gets stake 0 (§3.2). */
  stakeThreshold: bigint;
  /** UID of the subnet owner's hotkey if registered, else null (permits forced, self-weight kept). */
  ownerUid: number | null;
  /** `MaxAllowedValidators`: k of the top-k permit selection (§3.3). */
  maxAllowedValidators: number;
  /** `Kappa` as u16 (κ = kappa/65535; 32767 by default). */
  kappaU16: number;
  /** `BondsPenalty` as u16 (β = penalty/65535; 65535 = 1.0 by default). */
  bondsPenaltyU16: number;
  /** `BondsMovingAverage` in millionths: the fixed EMA rate is `1 − bma/1e6` (900,000 → 0.1). */
  bondsMovingAverage: number;
  /** `LiquidAlphaOn`; only has an effect with `yuma3` (§3.10). */
  liquidAlpha: boolean;
  /** `AlphaValues` low and high as u16 (/65535). */
  alphaLowU16: number;
  alphaHighU16: number;
  /** `AlphaSigmoidSteepness` (i16; the sigmoid uses steepness/−100). */
  alphaSigmoidSteepness: number;
  /** `Yuma3On`: Yuma 3 bonds and dividends (§3.10) instead of the original Yuma (§3.9). */
  yuma3: boolean;
  /** Emission E to split this epoch, rao (u64). */
  raoEmission: bigint;
  /** `CommitRevealWeightsEnabled` (§3.5 step 4). Default false. */
  commitReveal?: boolean;
  /**
   * With commit-reveal on: per uid, the block of its earliest non-expired commit (v2 or v4);
   * `Infinity` (or a missing array) for a uid without one. Weight (i, j) is dropped when
   * `commitBlock[i] < blockAtRegistration[j]`.
   */
  commitBlock?: Float64Array;
}

/**
 * What one epoch writes (MECHANISM.md §3). u16 vectors are `floor(x·65535)` of the I32F32 value
 * (`fixed_proportion_to_u16`); emissions are rao, `floor(x·E)` in I96F32.
 */
export interface EpochOutput {
  /** 1 if the uid is active (`lastUpdate + activityCutoff ≥ currentBlock`). */
  active: Uint8Array;
  /** `ValidatorPermit` to store: top-k non-zero stake, owner forced (§3.3). Used from the next epoch. */
  newValidatorPermits: Uint8Array;
  /** `StakeWeight`: normalised stake after the threshold filter (§3.2). */
  stakeWeightU16: Uint16Array;
  /** `Consensus`: the stake-weighted κ-quantile of each column's weights (§3.6). */
  consensusU16: Uint16Array;
  /** `Incentive`: normalised rank, Σ_i active_stake_i·min(W_ij, C_j) (§3.7). */
  incentiveU16: Uint16Array;
  /** `Dividends` (§3.9 step 4 / §3.10 step 4). */
  dividendsU16: Uint16Array;
  /** `ValidatorTrust`: share of each validator's weight inside consensus (§3.7). */
  validatorTrustU16: Uint16Array;
  /** Miner share of E, rao: `floor(Incentive_i/Σ · E)` (§3.11). */
  serverEmission: BigUint64Array;
  /** Validator share of E, rao: `floor(Dividends_i/Σ · E)`, or the (active) stake fallback when Σ = 0. */
  validatorEmission: BigUint64Array;
  /** `Emission`: `floor(normalize(Incentive + Dividends)_i · E)` (same fallback). */
  emission: BigUint64Array;
  /**
   * Bonds to store, one row per uid: rows with a new permit get the EMA bonds (Yuma2: column
   * max-upscaled; Yuma3: raw proportion), as u16 with ascending columns; every other row is empty.
   */
  bonds: SparseRow[];
}

// =============================================================================================
// Implementation: typed arrays and exact integer arithmetic in doubles (see fixed.ts). Every
// I32F32 value below is a `number` raw (value · 2^32), exact. Sparse matrices are CSR: row i's
// entries are [ptr[i], ptr[i+1]) of (col, val), columns ascending. Hot products and quotients
// use a one-rounding double estimate whose floor is provably exact unless the fraction lies
// within 2^-16 of an integer, in which case the exact method decides (fixed.ts `fmulFast`).
// Passes are fused where the chain's order allows it, so each entry is visited few times.
// =============================================================================================

/** A CSR sparse matrix of I32F32 raws. */
interface Csr {
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

const newCsr = (n: number, cap: number): Csr => ({
  ptr: new Int32Array(n + 1),
  col: new Int32Array(cap),
  val: new Float64Array(cap),
});

function ensureCap(m: Csr, cap: number): void {
  if (m.col.length >= cap) return;
  const size = Math.max(cap, m.col.length * 2);
  m.col = new Int32Array(size);
  m.val = new Float64Array(size);
}

function grow(a: Float64Array, cap: number): Float64Array {
  return a.length >= cap ? a : new Float64Array(Math.max(cap, a.length * 2));
}

const TWO16 = 65536;
const INV16 = 1 / 65536;
const INV32 = 1 / 4294967296;
const TWO64 = 18446744073709551616;
/** Fraction margin of the estimate-then-check quotients (as in fixed.ts). */
const EDGE = 1 / 65536;

/**
 * Column divisors: `div(a, j) = floor(a·2^32 / d_j)` for 0 ≤ a ≤ d_j < 2^52, d_j a column sum or
 * max. The estimate a·(2^32/d_j) has relative error ≤ 2^-52 (|q − Q| ≤ 2^-20); near an integer
 * the exact remainder `a·2^32 − q·d_j`, computed in 16-bit pieces, corrects it.
 */
class ColDiv {
  readonly d: Float64Array;
  private readonly scale: Float64Array;
  private readonly hi: Float64Array;
  private readonly mid: Float64Array;
  private readonly lo: Float64Array;
  private readonly scaleU16: Float64Array;

  constructor(n: number) {
    this.d = new Float64Array(n);
    this.scaleU16 = new Float64Array(n);
    this.scale = new Float64Array(n);
    this.hi = new Float64Array(n);
    this.mid = new Float64Array(n);
    this.lo = new Float64Array(n);
  }

  /** Prepare every column j < n with d_j > 0 from the current contents of `d`. */
  prepare(n: number): void {
    const { d, scale, hi, mid, lo } = this;
    for (let j = 0; j < n; j++) {
      const b = d[j]!;
      if (b <= 0) continue;
      scale[j] = ONE / b;
      this.scaleU16[j] = 65535 / b;
      const h = Math.floor(b * INV32);
      const l = b - h * ONE;
      const m = Math.floor(l * INV16);
      hi[j] = h;
      mid[j] = m;
      lo[j] = l - m * TWO16;
    }
  }

  div(a: number, j: number): number {
    const est = a * this.scale[j]!;
    const q = Math.floor(est);
    if (Math.abs(est - q - 0.5) < 0.5 - EDGE || a === 0) return q; // fraction in (EDGE, 1 − EDGE)
    return this.exact(a, q, j);
  }

  /**
   * `proportionToU16(div(a, j))` for 0 ≤ a ≤ d_j. With X = a·65535/d_j, Q = div(a, j) satisfies
   * X − 65535/2^32 < Q·65535/2^32 ≤ X, so the u16 is floor(X) unless frac(X) < 2^-16 − 2^-32;
   * the estimate a·(65535/d_j) is within 65535·2^-52 < 2^-36 of X, so a fraction in (EDGE,
   * 1 − EDGE) decides it; otherwise the exact quotient does.
   */
  toU16(a: number, j: number): number {
    const est = a * this.scaleU16[j]!;
    const f = Math.floor(est);
    if (Math.abs(est - f - 0.5) < 0.5 - EDGE) return f;
    return proportionToU16(this.div(a, j));
  }

  /** Correct an estimate q (within one of the quotient) by the exact remainder; kept out of line. */
  private exact(a: number, q: number, j: number): number {
    return exactQuotient(a, q, this.d[j]!, this.hi[j]!, this.mid[j]!, this.lo[j]!);
  }
}

/** Value buckets per column in the consensus search. */
const BUCKETS = 16;
/** Consensus column states (ws.colState): solved, or bucket search pending / bucket chosen (≥ 0). */
const SOLVED = -2;
const PENDING = -1;

/**
 * Preallocated scratch for one subnet size n, reused across epochs (matrices grow when needed).
 * Not re-entrant: one epoch at a time per workspace.
 */
class Workspace {
  readonly stakeMasked: BigUint64Array;
  // Per uid (or per column).
  readonly stake: Float64Array;
  readonly activeStake: Float64Array;
  /** s̃: active stake renormalised over the validators that take part in consensus. */
  readonly use: Float64Array;
  readonly cons: Float64Array;
  readonly vtrust: Float64Array;
  readonly ranks: Float64Array;
  readonly incentive: Float64Array;
  readonly dividends: Float64Array;
  readonly shareS: Float64Array;
  readonly shareV: Float64Array;
  readonly shareC: Float64Array;
  readonly permitKeys: Float64Array;
  readonly oldSum: Float64Array;
  readonly colMaxB: Float64Array;
  readonly deltaSums: Float64Array;
  /** Incentive_j pre-split for fmulSplit (hi, lo). */
  readonly incH: Float64Array;
  readonly incL: Float64Array;
  readonly active: Uint8Array;
  readonly permitOld: Uint8Array;
  readonly permitNew: Uint8Array;
  readonly bondColMasked: Uint8Array;
  // Consensus: per-column statistics and bucket search.
  readonly colMax: Float64Array;
  readonly colStake: Float64Array;
  readonly colScale: Float64Array;
  readonly colState: Int32Array;
  readonly hist: Float64Array;
  gatherScore: Float64Array;
  gatherStake: Float64Array;
  /**
   * Consensus buckets as linked lists: bucketHead[j·BUCKETS + b] is the last entry of w put in
   * that bucket (−1: none); bucketLink[e] = (previous entry of its bucket, or −1)·2^16 + its row.
   */
  readonly bucketHead: Int32Array;
  bucketLink: Float64Array;
  /** Divisors: ΔB column sums (Yuma2), bond column sums, normalised-bond column maxima (Yuma2). */
  readonly divDelta: ColDiv;
  readonly divBond: ColDiv;
  readonly divMax: ColDiv;
  /** W (normalised weights), Wc (clipped), Wi (interpolated for 0 < β < 1), B (new bonds). */
  readonly w: Csr;
  readonly wc: Csr;
  readonly wi: Csr;
  readonly ema: Csr;
  /** Aligned with wc: active_stake_i·Wc_ij (rank contributions = ΔB when β = 1). */
  contrib: Float64Array;
  /** Aligned with w or wi: ΔB = Wb_ij·active_stake_i when β ≠ 1 (Yuma2). */
  delta: Float64Array;

  constructor(n: number) {
    const f = (): Float64Array => new Float64Array(n);
    this.stakeMasked = new BigUint64Array(n);
    this.stake = f();
    this.activeStake = f();
    this.use = f();
    this.cons = f();
    this.vtrust = f();
    this.ranks = f();
    this.incentive = f();
    this.dividends = f();
    this.shareS = f();
    this.shareV = f();
    this.shareC = f();
    this.permitKeys = f();
    this.oldSum = f();
    this.colMaxB = f();
    this.deltaSums = f();
    this.incH = f();
    this.incL = f();
    this.active = new Uint8Array(n);
    this.permitOld = new Uint8Array(n);
    this.permitNew = new Uint8Array(n);
    this.bondColMasked = new Uint8Array(n);
    this.colMax = f();
    this.colStake = f();
    this.colScale = f();
    this.colState = new Int32Array(n);
    this.hist = new Float64Array(n * BUCKETS);
    this.gatherScore = new Float64Array(2 * n + 1);
    this.gatherStake = new Float64Array(2 * n + 1);
    this.bucketHead = new Int32Array(n * BUCKETS);
    this.bucketLink = new Float64Array(4 * n);
    this.divDelta = new ColDiv(n);
    this.divBond = new ColDiv(n);
    this.divMax = new ColDiv(n);
    this.w = newCsr(n, 4 * n);
    this.wc = newCsr(n, 4 * n);
    this.wi = newCsr(n, 4 * n);
    this.ema = newCsr(n, 8 * n);
    this.contrib = new Float64Array(4 * n);
    this.delta = new Float64Array(4 * n);
  }
}

const workspaces = new Map<number, Workspace>();

function workspaceFor(n: number): Workspace {
  let ws = workspaces.get(n);
  if (ws === undefined) {
    ws = new Workspace(n);
    workspaces.set(n, ws);
  }
  return ws;
}

const scratchDivisor = new FracDivisor();

/** `inplace_normalize` of v[0..n): v / Σv, unchanged when Σv = 0 (entries ≥ 0). */
function normalizeInPlace(v: Float64Array, n: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i]!;
  if (s === 0) return;
  const d = scratchDivisor.set(s);
  for (let i = 0; i < n; i++) v[i] = d.div(v[i]!);
}

/** True when a rate c is outside fmulSplit's operand range (only for absurd bonds_moving_average). */
const isWideRate = (c: number): boolean => Math.abs(c) > 2 ** 33;

// ---------------------------------------------------------------------------------------------
// §3.1–§3.4: activity, stake, permits, active stake
// ---------------------------------------------------------------------------------------------

function computeActivityAndStake(inp: EpochInput, ws: Workspace): void {
  const n = inp.n;
  const owner = inp.ownerUid ?? -1;
  const { active, stake, stakeMasked } = ws;
  const lastUpdate = inp.lastUpdate;
  const cutoff = inp.activityCutoff;
  const block = inp.currentBlock;
  for (let i = 0; i < n; i++) active[i] = lastUpdate[i]! + cutoff < block ? 0 : 1;
  // §3.2 step 1: a non-owner uid below StakeThreshold gets stake 0.
  stakeMasked.set(inp.stakeRao.length === n ? inp.stakeRao : inp.stakeRao.subarray(0, n));
  if (inp.stakeThreshold > 0n) {
    const v32 = new Uint32Array(stakeMasked.buffer, stakeMasked.byteOffset, 2 * n);
    const thr = inp.stakeThreshold < 1n << 53n ? Number(inp.stakeThreshold) : Number.NaN;
    for (let i = 0; i < n; i++) {
      if (i === owner) continue;
      const below = Number.isNaN(thr) ? stakeMasked[i]! < inp.stakeThreshold : u64At(v32, i) < thr;
      if (below) stakeMasked[i] = 0n;
    }
  }
  // §3.2 step 2: normalise in I64F64, floor to I32F32.
  normalizeStake(stakeMasked, n, stake);
}

/**
 * The r-th smallest (0-based) of a[0..n), by quickselect with middle pivots (reorders a). Expected
 * O(n); a sort of the stake keys cost more than the rest of the permit step.
 */
function selectKth(a: Float64Array, n: number, r: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const p = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < p) i++;
      while (a[j]! > p) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else return a[r]!;
  }
  return a[r]!;
}

/**
 * §3.3. permit_old: stored permits, owner forced. permit_new: top-k by stake among non-zero
 * stakes (stable ascending sort, the first n−k lose, so ties favour the higher uid), owner forced.
 */
function computePermits(inp: EpochInput, ws: Workspace): void {
  const n = inp.n;
  const { stake, permitOld, permitNew, permitKeys } = ws;
  const stored = inp.validatorPermits;
  let nonzero = 0;
  for (let i = 0; i < n; i++) {
    permitOld[i] = stored[i] !== 0 ? 1 : 0;
    const nz = stake[i] !== 0 ? 1 : 0;
    permitNew[i] = nz;
    nonzero += nz;
  }
  const k = inp.maxAllowedValidators;
  // Only when some non-zero stake falls among the n−k smallest does the sort change anything.
  if (n >= k && nonzero > k) {
    // key = stake·2^16 + uid (< 2^48): ascending keys = stable ascending sort by stake.
    // The n−k smallest keys lose: every key ≤ the (n−k)-th smallest (keys are distinct).
    for (let i = 0; i < n; i++) permitKeys[i] = stake[i]! * TWO16 + i;
    const cut = selectKth(permitKeys, n, n - k - 1);
    for (let i = 0; i < n; i++) if (stake[i]! * TWO16 + i <= cut) permitNew[i] = 0;
  }
  if (inp.ownerUid !== null) {
    permitOld[inp.ownerUid] = 1;
    permitNew[inp.ownerUid] = 1;
  }
}

/**
 * §3.4: stake of active uids with an old permit, normalised. Also s̃ for consensus (§3.6 step
 * 2): the validators with active stake > 0, renormalised among themselves; returns Σs̃.
 */
function computeActiveStake(inp: EpochInput, ws: Workspace): number {
  const n = inp.n;
  const { stake, active, permitOld, activeStake, use } = ws;
  for (let i = 0; i < n; i++) activeStake[i] = active[i] === 1 && permitOld[i] === 1 ? stake[i]! : 0;
  normalizeInPlace(activeStake, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += activeStake[i]!;
  use.fill(0, 0, n);
  if (total === 0) return 0;
  const d = scratchDivisor.set(total);
  let useTotal = 0;
  for (let i = 0; i < n; i++) {
    const u = d.div(activeStake[i]!);
    use[i] = u;
    useTotal += u;
  }
  return useTotal;
}

// ---------------------------------------------------------------------------------------------
// §3.5 weights
// ---------------------------------------------------------------------------------------------

/**
 * §3.5: keep rows with permit_old; drop the diagonal (except the owner's), outdated entries
 * (`lastUpdate[i] ≤ blockAtRegistration[j]`) and, with commit-reveal, entries committed before
 * the target registered; then row-normalise the u16 values (`u<<32 / Σ(u<<32)` = `u·2^32/Σu`).
 * Fused for §3.6: each column's maximum and stake over the consensus validators' entries.
 */
function buildWeights(inp: EpochInput, ws: Workspace): void {
  const n = inp.n;
  const owner = inp.ownerUid ?? -1;
  const bar = inp.blockAtRegistration;
  const commit = inp.commitReveal === true ? inp.commitBlock : undefined;
  const { permitOld, use, colMax, colStake } = ws;
  let cap = 0;
  for (let i = 0; i < n; i++) if (permitOld[i] === 1) cap += inp.weights[i]!.cols.length;
  ensureCap(ws.w, cap);
  const { ptr, col, val } = ws.w;
  colMax.fill(0, 0, n);
  colStake.fill(0, 0, n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    ptr[i] = nnz;
    if (permitOld[i] !== 1) continue;
    const row = inp.weights[i]!;
    const cols = row.cols;
    const vals = row.vals;
    const lu = inp.lastUpdate[i]!;
    const cb = commit === undefined ? Infinity : commit[i]!;
    const start = nnz;
    let sum = 0;
    for (let k = 0; k < cols.length; k++) {
      const j = cols[k]!;
      if (j >= n) continue; // the chain reads only columns < n
      if (j === i && i !== owner) continue;
      const reg = bar[j]!;
      if (lu <= reg || cb < reg) continue;
      const v = vals[k]!;
      col[nnz] = j;
      val[nnz] = v;
      sum += v;
      nnz++;
    }
    // floor(v·2^32 / sum): v·2^32 < 2^48, so the double quotient's floor is exact.
    const u = use[i]!;
    if (u === 0) {
      if (sum > 0) for (let e = start; e < nnz; e++) val[e] = Math.floor((val[e]! * ONE) / sum);
      continue;
    }
    for (let e = start; e < nnz; e++) {
      const v = sum > 0 ? Math.floor((val[e]! * ONE) / sum) : 0;
      val[e] = v;
      const j = col[e]!;
      if (v > colMax[j]!) colMax[j] = v;
      colStake[j]! += u;
    }
  }
  ptr[n] = nnz;
}

// ---------------------------------------------------------------------------------------------
// §3.6 consensus
// ---------------------------------------------------------------------------------------------

/**
 * Stake-weighted κ-quantile of the candidates (score, stake) in [lo, hi): the smallest score w
 * with Σ_{score > w} stake < κ (MECHANISM.md §3.6), or the largest score when κ ≤ 0. A
 * three-way partition search, expected linear; the answer does not depend on the pivots since
 * the fixed-point sums are exact. Reorders the range.
 */
function weightedQuantile(sc: Float64Array, st: Float64Array, lo: number, hi: number, kappa: number): number {
  if (kappa <= 0) {
    let mx = sc[lo]!;
    for (let i = lo + 1; i < hi; i++) if (sc[i]! > mx) mx = sc[i]!;
    return mx;
  }
  let above = 0;
  let best = 0;
  while (lo < hi) {
    const p = sc[(lo + hi) >>> 1]!;
    let lt = lo;
    let i = lo;
    let gt = hi;
    let sumGt = 0;
    let sumEq = 0;
    while (i < gt) {
      const v = sc[i]!;
      if (v < p) {
        const s = st[i]!;
        sc[i] = sc[lt]!;
        st[i] = st[lt]!;
        sc[lt] = v;
        st[lt] = s;
        lt++;
        i++;
      } else if (v > p) {
        gt--;
        const s = st[i]!;
        sc[i] = sc[gt]!;
        st[i] = st[gt]!;
        sc[gt] = v;
        st[gt] = s;
        sumGt += s;
      } else {
        sumEq += st[i]!;
        i++;
      }
    }
    if (above + sumGt < kappa) {
      best = p; // p qualifies; a smaller score may too
      above += sumGt + sumEq;
      hi = lt;
    } else {
      lo = gt; // p does not qualify; the answer is above it
    }
  }
  return best;
}

/**
 * §3.6 for every column (κ as an I32F32 raw), with the validators' weights (rows with s̃ > 0)
 * and s̃ from computeActiveStake; each column's maximum and stake come from buildWeights. A
 * column's candidates are its entries plus one aggregated candidate (score 0, the stake of the
 * validators without an entry).
 *
 * Instead of sorting each column: one row-major pass sums the stake into 16 value buckets per
 * column over [0, max] (the bucket index is monotone in the score) and links each entry into its
 * bucket's list; the bucket where the stake counted from the top reaches κ holds the answer; its
 * list gives its candidates (no second pass over all entries), which the partition search
 * resolves with κ reduced by the stake above the bucket (its result is order-independent).
 */
function computeConsensus(n: number, ws: Workspace, useTotal: number, kappa: number): void {
  const { cons, use, colMax, colStake, colScale, colState, hist } = ws;
  cons.fill(0, 0, n);
  if (useTotal === 0) return; // no validator with stake: consensus 0
  let pending = 0;
  for (let j = 0; j < n; j++) {
    const mx = colMax[j]!; // ≥ 0; the aggregated candidate, if any, scores 0
    if (kappa <= 0 || mx === 0) {
      cons[j] = mx; // κ ≤ 0: the largest score; all scores 0: consensus 0
      colState[j] = SOLVED;
    } else {
      colScale[j] = BUCKETS / (mx + 1); // v·scale ∈ [0, 16), monotone in v
      colState[j] = PENDING;
      pending++;
    }
  }
  if (pending === 0) return;
  hist.fill(0, 0, n * BUCKETS);
  const { ptr, col, val } = ws.w;
  ws.bucketLink = grow(ws.bucketLink, ptr[n]!);
  const { bucketHead: head, bucketLink: link } = ws;
  head.fill(-1, 0, n * BUCKETS);
  for (let i = 0; i < n; i++) {
    const u = use[i]!;
    if (u === 0) continue;
    for (let e = ptr[i]!; e < ptr[i + 1]!; e++) {
      const j = col[e]!;
      if (colState[j] !== PENDING) continue;
      const b = (val[e]! * colScale[j]!) | 0;
      const hb = j * BUCKETS + b;
      hist[hb]! += u;
      link[e] = head[hb]! * TWO16 + i;
      head[hb] = e;
    }
  }
  // Per column: choose the bucket, gather its candidates from its list, search them.
  ws.gatherScore = grow(ws.gatherScore, ptr[n]! + 1);
  ws.gatherStake = grow(ws.gatherStake, ptr[n]! + 1);
  const gs = ws.gatherScore;
  const gt = ws.gatherStake;
  for (let j = 0; j < n; j++) {
    if (colState[j] !== PENDING) continue;
    const missing = useTotal - colStake[j]!;
    const base = j * BUCKETS;
    if (missing > 0) hist[base]! += missing; // score 0: bucket 0
    let above = 0;
    let b = BUCKETS - 1;
    for (; b >= 0; b--) {
      const h = hist[base + b]!;
      if (above + h >= kappa) break;
      above += h;
    }
    if (b < 0) {
      // κ exceeds the total stake: every score qualifies and the smallest wins; it is in the
      // lowest non-empty bucket (every candidate has stake > 0), whose search (κ above its
      // stake) returns its minimum.
      b = 0;
      while (hist[base + b] === 0) b++;
      above -= hist[base + b]!;
    }
    let m = 0;
    if (b === 0 && missing > 0) {
      gs[0] = 0;
      gt[0] = missing;
      m = 1;
    }
    for (let e = head[base + b]!; e >= 0; m++) {
      const x = link[e]!;
      const prev = Math.floor(x * INV16);
      gs[m] = val[e]!;
      gt[m] = use[x - prev * TWO16]!;
      e = prev;
    }
    cons[j] = weightedQuantile(gs, gt, 0, m, kappa - above);
  }
}

/**
 * Consensus of one column (§3.6, `weighted_median_col_sparse` for a single column), on I32F32
 * raws: validators with stake > 0 take part with their stake renormalised; returns the smallest
 * score w with Σ_{score > w} s̃ < κ (the largest score if κ ≤ 0; 0 without stake). It runs the
 * epoch's own consensus on a one-column subnet; exported for the math.rs vectors.
 */
export function columnConsensus(stake: Float64Array, score: Float64Array, kappa: number): number {
  const m = stake.length;
  const n = m + 1; // validators 0..m−1, the column is uid m
  const ws = workspaceFor(n);
  const { activeStake, use, colMax, colStake } = ws;
  activeStake.fill(0, 0, n);
  for (let i = 0; i < m; i++) activeStake[i] = stake[i]! > 0 ? stake[i]! : 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += activeStake[i]!;
  use.fill(0, 0, n);
  if (total === 0) return 0;
  const d = new FracDivisor().set(total);
  let useTotal = 0;
  for (let i = 0; i < n; i++) {
    use[i] = d.div(activeStake[i]!);
    useTotal += use[i]!;
  }
  const { ptr, col, val } = ws.w;
  colMax.fill(0, 0, n);
  colStake.fill(0, 0, n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    ptr[i] = nnz;
    if (i >= m || use[i] === 0) continue;
    col[nnz] = m;
    val[nnz] = score[i]!;
    colMax[m] = Math.max(colMax[m]!, score[i]!);
    colStake[m]! += use[i]!;
    nnz++;
  }
  ptr[n] = nnz;
  computeConsensus(n, ws, useTotal, kappa);
  return ws.cons[m]!;
}

// ---------------------------------------------------------------------------------------------
// §3.7 clipping, validator trust, ranks, incentive; §3.8 weights for bonds
// ---------------------------------------------------------------------------------------------

/**
 * §3.7: Wc = min(W, C) per entry, except that an entry above a consensus of exactly 0 is removed
 * (sparse quirk); VT_i = Σ_j Wc_ij; R_j = Σ_i active_stake_i·Wc_ij (each product floored);
 * Incentive = normalize(R). The products are kept (ws.contrib): with β = 1 they are ΔB (§3.9).
 */
function clipAndRank(n: number, ws: Workspace): void {
  const { cons, vtrust, ranks, activeStake, incentive } = ws;
  const { ptr, col, val } = ws.w;
  const nnzW = ptr[n]!;
  ensureCap(ws.wc, nnzW);
  ws.contrib = grow(ws.contrib, nnzW);
  const contrib = ws.contrib;
  const { ptr: cPtr, col: cCol, val: cVal } = ws.wc;
  ranks.fill(0, 0, n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    cPtr[i] = nnz;
    const a = activeStake[i]!;
    const aH = splitHi(a);
    const aL = a - aH * TWO16;
    const end = ptr[i + 1]!;
    let vt = 0;
    for (let e = ptr[i]!; e < end; e++) {
      const j = col[e]!;
      const v = val[e]!;
      const c = cons[j]!;
      if (c === 0 && v > 0) continue;
      const wc = c + (v - c) * +(v <= c); // min(v, c) without a data-dependent branch
      cCol[nnz] = j;
      cVal[nnz] = wc;
      vt += wc;
      const r = fmulSplit(wc, aH, aL);
      contrib[nnz] = r;
      ranks[j]! += r;
      nnz++;
    }
    vtrust[i] = vt;
  }
  cPtr[n] = nnz;
  incentive.set(ranks.subarray(0, n));
  normalizeInPlace(incentive, n);
}

/**
 * §3.8: Wb = W + β(Wc − W). β = 0 → W (zero entries kept), β = 1 → Wc; otherwise the rows are
 * rebuilt and only entries > 0 kept (every such entry is in W, since Wc ⊂ W).
 */
function weightsForBonds(inp: EpochInput, ws: Workspace): Csr {
  const beta = u16ToProportion(inp.bondsPenaltyU16);
  if (beta === 0) return ws.w;
  if (beta === ONE) return ws.wc;
  const n = inp.n;
  const { ptr, col, val } = ws.w;
  const c = ws.wc;
  const out = ws.wi;
  ensureCap(out, ptr[n]!);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    out.ptr[i] = nnz;
    let ce = c.ptr[i]!;
    const cEnd = c.ptr[i + 1]!;
    for (let e = ptr[i]!; e < ptr[i + 1]!; e++) {
      const j = col[e]!;
      const wv = val[e]!;
      let cv = 0;
      if (ce < cEnd && c.col[ce] === j) cv = c.val[ce++]!;
      const v = wv + fmul(beta, cv - wv);
      if (v > 0) {
        out.col[nnz] = j;
        out.val[nnz] = v;
        nnz++;
      }
    }
  }
  out.ptr[n] = nnz;
  return out;
}

// ---------------------------------------------------------------------------------------------
// §3.9 / §3.10 bonds
// ---------------------------------------------------------------------------------------------

/** New bonds as stored: u16 entries of the rows with a new permit, and each row's offset. */
interface BondOut {
  cols: Uint16Array;
  vals: Uint16Array;
  /** Row i's entries are [start[i], start[i] + its length); only permit_new rows are written. */
  start: Int32Array;
}

/** Allocate the stored-bond buffers for the rows of B with permit_new. */
function allocBondOut(n: number, b: Csr, permitNew: Uint8Array): BondOut {
  const start = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    start[i] = total;
    if (permitNew[i] === 1) total += b.ptr[i + 1]! - b.ptr[i]!;
  }
  start[n] = total;
  return { cols: new Uint16Array(total), vals: new Uint16Array(total), start };
}

/**
 * The bond mask (§3.1): column j is dropped when `lastTempo ≤ blockAtRegistration[j]`. Returns
 * the number of stored bond entries (a capacity bound).
 */
function maskBondColumns(inp: EpochInput, ws: Workspace): number {
  const n = inp.n;
  markMaskedColumns(inp, ws);
  let cap = 0;
  for (let i = 0; i < n; i++) cap += inp.bonds[i]!.cols.length;
  return cap;
}

/** The fixed EMA rate α = 1 − bma/1e6 (I64F64 division narrowed to I32F32), as a number raw. */
function fixedAlpha(inp: EpochInput): number {
  const bma = inp.bondsMovingAverage;
  if (bma !== lastBma) {
    lastBma = bma;
    lastAlpha = Number(emaAlphaFromBmaB(BigInt(bma)));
  }
  return lastAlpha;
}
let lastBma = Number.NaN;
let lastAlpha = 0;

/** ws.bondColMasked[j] = 1 when `lastTempo ≤ blockAtRegistration[j]` (§3.1). */
function markMaskedColumns(inp: EpochInput, ws: Workspace): void {
  const masked = ws.bondColMasked;
  for (let j = 0; j < inp.n; j++) masked[j] = inp.lastTempo <= inp.blockAtRegistration[j]! ? 1 : 0;
}

/**
 * ΔB = Wb ⊙ active_stake (row-wise), unnormalised, aligned with wb's entries, and its column
 * sums. With β = 1 these are exactly the rank contributions and the ranks already computed.
 */
function bondDeltas(n: number, ws: Workspace, wb: Csr): { delta: Float64Array; sums: Float64Array } {
  if (wb === ws.wc) return { delta: ws.contrib, sums: ws.ranks };
  const nnz = wb.ptr[n]!;
  ws.delta = grow(ws.delta, nnz);
  const { delta, deltaSums, activeStake } = ws;
  const { ptr, col, val } = wb;
  deltaSums.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    const a = activeStake[i]!;
    const aH = splitHi(a);
    const aL = a - aH * TWO16;
    for (let e = ptr[i]!; e < ptr[i + 1]!; e++) {
      const v = fmulSplit(val[e]!, aH, aL);
      delta[e] = v;
      deltaSums[col[e]!]! += v;
    }
  }
  return { delta, sums: deltaSums };
}

/** A stored Yuma2 bond u of a column summing to s, column-normalised: (u<<32)/(s<<32), exact. */
const oldNormalized = (u: number, s: number): number => (u === 0 ? 0 : Math.floor((u * ONE) / s));

/**
 * §3.9, original Yuma: Bold = stored u16 column-normalised (masked columns dropped); ΔB
 * column-normalised; B = α·ΔB + (1−α)·Bold over the union of entries, keeping > 0; B
 * column-normalised; dividends Σ_j B_ij·Incentive_j, normalised; storage: B divided by its
 * column maximum (max-upscale), as u16, for permit_new rows.
 */
function bondsYuma2(inp: EpochInput, ws: Workspace, wb: Csr): BondOut {
  const n = inp.n;
  const cap = maskBondColumns(inp, ws);
  const { bondColMasked: masked, oldSum, dividends, colMaxB, permitNew } = ws;
  // Column sums of the stored u16 bonds (unmasked): Bold_ij = floor(u·2^32 / Σu).
  oldSum.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    const row = inp.bonds[i]!;
    const oc = row.cols;
    const ov = row.vals;
    for (let k = 0; k < oc.length; k++) {
      const j = oc[k]!;
      if (j < n && masked[j] === 0) oldSum[j]! += ov[k]!;
    }
  }
  const { delta, sums } = bondDeltas(n, ws, wb);
  const dd = ws.divDelta;
  dd.d.set(sums.subarray(0, n));
  dd.prepare(n);
  // EMA over the union of each row's entries; column sums and maxima of B on the way.
  const b = ws.ema;
  ensureCap(b, wb.ptr[n]! + cap);
  emaUnion(inp, ws, wb, b, true, delta);
  const { ptr, col, val } = b;
  const colSum = ws.divBond.d;
  // Normalisation divisors; the normalised column maximum is floor(max·2^32/Σ), since floor
  // division by the same Σ is monotone.
  const db = ws.divBond;
  db.prepare(n);
  const dm = ws.divMax;
  for (let j = 0; j < n; j++) dm.d[j] = colSum[j]! > 0 ? db.div(colMaxB[j]!, j) : 0;
  dm.prepare(n);
  // One pass: normalise, dividends, stored u16 of the upscaled value.
  splitIncentive(n, ws);
  const { incH, incL } = ws;
  const out = allocBondOut(n, b, permitNew);
  const { cols: oCols, vals: oVals, start } = out;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const end = ptr[i + 1]!;
    const write = permitNew[i] === 1;
    const shift = start[i]! - ptr[i]!;
    for (let e = ptr[i]!; e < end; e++) {
      const j = col[e]!;
      const bn = db.div(val[e]!, j);
      s += fmulSplit(bn, incH[j]!, incL[j]!);
      if (write) {
        oCols[e + shift] = j;
        oVals[e + shift] = dm.toU16(bn, j);
      }
    }
    dividends[i] = s;
  }
  normalizeInPlace(dividends, n);
  return out;
}

/**
 * §3.10, Yuma 3: Bold = u16/65535 (masked columns dropped); B by liquid alpha or the fixed-rate
 * EMA; T_i = Σ_j colnorm(B)_ij·Incentive_j; D_i = T_i·active_stake_i, normalised; storage: B as
 * is, as u16, for permit_new rows.
 */
function bondsYuma3(inp: EpochInput, ws: Workspace, wb: Csr): BondOut {
  const n = inp.n;
  const cap = maskBondColumns(inp, ws);
  const cons = ws.cons;
  let anyConsensus = false;
  for (let j = 0; j < n; j++) if (cons[j] !== 0) anyConsensus = true;
  const b = ws.ema;
  ensureCap(b, wb.ptr[n]! + cap);
  const colSum = ws.divBond.d;
  colSum.fill(0, 0, n);
  if (inp.liquidAlpha && anyConsensus) emaLiquidAlpha(inp, ws, wb, b);
  else emaUnion(inp, ws, wb, b, false, ws.delta);
  const db = ws.divBond;
  db.prepare(n);
  const { ptr, col, val } = b;
  const { dividends, activeStake, permitNew } = ws;
  splitIncentive(n, ws);
  const { incH, incL } = ws;
  const out = allocBondOut(n, b, permitNew);
  const { cols: oCols, vals: oVals, start } = out;
  for (let i = 0; i < n; i++) {
    const a = activeStake[i]!;
    const end = ptr[i + 1]!;
    let t = 0;
    if (a !== 0) {
      for (let e = ptr[i]!; e < end; e++) {
        const j = col[e]!;
        t += fmulSplit(db.div(val[e]!, j), incH[j]!, incL[j]!);
      }
    }
    dividends[i] = t === 0 ? 0 : fmulFast(t, a);
    if (permitNew[i] === 1) {
      const shift = start[i]! - ptr[i]!;
      for (let e = ptr[i]!; e < end; e++) {
        oCols[e + shift] = col[e]!;
        oVals[e + shift] = proportionToU16(val[e]!);
      }
    }
  }
  normalizeInPlace(dividends, n);
  return out;
}

/** Incentive_j split for fmulSplit into ws.incH / ws.incL. */
function splitIncentive(n: number, ws: Workspace): void {
  const { incentive, incH, incL } = ws;
  for (let j = 0; j < n; j++) {
    const h = splitHi(incentive[j]!);
    incH[j] = h;
    incL[j] = incentive[j]! - h * TWO16;
  }
}

/**
 * decayTable(c)[u] = fmul(u16ToProportion(u), c) for every u16 u: the decayed old bond of the
 * Yuma3 fixed-rate EMA as one lookup. Built once per rate (65,536 exact products, ~0.2 ms) and
 * kept; requires |c| ≤ 2^33 (fmulSplit). Exported for its exhaustive test.
 */
const decayTables = new Map<number, Float64Array>();
export function decayTable(c: number): Float64Array {
  let t = decayTables.get(c);
  if (t === undefined) {
    if (decayTables.size >= 4) decayTables.clear(); // a handful of distinct rates at most
    t = new Float64Array(65536);
    const h = splitHi(c);
    const l = c - h * TWO16;
    for (let u = 0; u < 65536; u++) t[u] = fmulSplit(u16ToProportion(u), h, l);
    decayTables.set(c, t);
  }
  return t;
}

/** The old bond of a stored u16 as a Yuma3 proportion: `fdiv(u, 65535)` (division-free, fixed.ts). */
const oldProportion = u16ToProportion;

/**
 * mat_ema_sparse over the union of each row's entries of Wb and the stored bonds, keeping B > 0:
 * B = α·new + (1−α)·old, column sums into ws.divBond.d. Yuma 2 (§3.9): new = ΔB_ij (`delta`,
 * aligned with wb) column-normalised by ws.divDelta, old = the stored u16 column-normalised by
 * ws.oldSum, column maxima into ws.colMaxB. Yuma 3 (§3.10 step 3, fixed rate): new = Wb_ij, old
 * = the stored proportion, (1−α)·old from the decay table. Masked stored columns add nothing,
 * stored columns ≥ n are ignored. Rates beyond fmulSplit's range (|c| > 2^33) use fmulWide.
 */
function emaUnion(inp: EpochInput, ws: Workspace, wb: Csr, out: Csr, yuma2: boolean, delta: Float64Array): void {
  const n = inp.n;
  const { bondColMasked: masked, oldSum, colMaxB } = ws;
  const dd = ws.divDelta;
  const colSum = ws.divBond.d;
  colSum.fill(0, 0, n);
  if (yuma2) colMaxB.fill(0, 0, n);
  const alpha = fixedAlpha(inp);
  const oneMinus = ONE - alpha;
  const wide = isWideRate(alpha) || isWideRate(oneMinus);
  const alH = splitHi(alpha);
  const alL = alpha - alH * TWO16;
  const omH = splitHi(oneMinus);
  const omL = oneMinus - omH * TWO16;
  const decay = yuma2 || wide ? null : decayTable(oneMinus);
  const { ptr, col, val } = out;
  const { ptr: wPtr, col: wCol, val: wVal } = wb;
  /** α·new for wb entry e in column j. */
  const newTerm = (e: number, j: number): number => {
    const x = yuma2 ? dd.div(delta[e]!, j) : wVal[e]!;
    return wide ? fmulWide(x, alpha) : fmulSplit(x, alH, alL);
  };
  /** (1−α)·old for the stored u16 u in column j. */
  const oldTerm = (u: number, j: number): number => {
    if (decay !== null) return decay[u]!;
    const o = yuma2 ? oldNormalized(u, oldSum[j]!) : oldProportion(u);
    return wide ? fmulWide(o, oneMinus) : fmulSplit(o, omH, omL);
  };
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    ptr[i] = nnz;
    let e = wPtr[i]!;
    const eEnd = wPtr[i + 1]!;
    const row = inp.bonds[i]!;
    const oc = row.cols;
    const ov = row.vals;
    const oLen = oc.length;
    let k = 0;
    while (e < eEnd || k < oLen) {
      const jw = e < eEnd ? wCol[e]! : n;
      let jo = k < oLen ? oc[k]! : n;
      if (jo < n && masked[jo] === 1) {
        k++;
        continue;
      }
      if (jo > n) jo = n; // a stored column ≥ n is ignored
      if (jw === n && jo === n) break;
      let v: number;
      let j: number;
      if (jw <= jo) {
        j = jw;
        v = newTerm(e, j);
        e++;
        if (jo === jw) {
          v += oldTerm(ov[k]!, j);
          k++;
        }
      } else {
        j = jo;
        v = oldTerm(ov[k]!, j);
        k++;
      }
      if (v > 0) {
        col[nnz] = j;
        val[nnz] = v;
        colSum[j]! += v;
        if (yuma2 && v > colMaxB[j]!) colMaxB[j] = v;
        nnz++;
      }
    }
  }
  ptr[n] = nnz;
}

/**
 * One entry of mat_ema_alpha_sparse (§3.10 step 3): `min(1, (1−a)·old + max(0, a·w))` on I32F32
 * raws (|w| < 2^36, 0 ≤ a ≤ 2^32). Exported for the math.rs vectors.
 */
export function liquidBondUpdate(old: number, w: number, a: number): number {
  const inc = fmulFast(w, a);
  const v = (old === 0 ? 0 : fmulFast(old, ONE - a)) + (inc > 0 ? inc : 0);
  return v > ONE ? ONE : v;
}

/**
 * mat_ema_alpha_sparse with liquid alpha (§3.10 step 3): for every (i, j) present in Wb_i,
 * B_ij = min(1, (1−a_ij)·Bold_ij + max(0, a_ij·Wb_ij)), kept when > 0; a bond whose entry is
 * absent from Wb is dropped (not decayed). Column sums into ws.divBond.d.
 */
function emaLiquidAlpha(inp: EpochInput, ws: Workspace, wb: Csr, out: Csr): void {
  const n = inp.n;
  const la = liquidAlpha.setup(inp);
  const masked = ws.bondColMasked;
  const cons = ws.cons;
  const colSum = ws.divBond.d;
  const { ptr, col, val } = out;
  const { ptr: wPtr, col: wCol, val: wVal } = wb;
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    ptr[i] = nnz;
    const row = inp.bonds[i]!;
    const oc = row.cols;
    const ov = row.vals;
    const oLen = oc.length;
    const end = wPtr[i + 1]!;
    let k = 0;
    for (let e = wPtr[i]!; e < end; e++) {
      const j = wCol[e]!;
      const w = wVal[e]!;
      while (k < oLen && oc[k]! < j) k++;
      const bOld = k < oLen && oc[k] === j && masked[j] === 0 ? oldProportion(ov[k]!) : 0;
      if (w === 0 && bOld === 0) continue; // B = 0 whatever the rate: dropped
      const v = liquidBondUpdate(bOld, w, la.alpha(cons[j]!, w, bOld));
      if (v > 0) {
        col[nnz] = j;
        val[nnz] = v;
        colSum[j]! += v;
        nnz++;
      }
    }
  }
  ptr[n] = nnz;
}

// ---------------------------------------------------------------------------------------------
// Liquid alpha sigmoid (§3.10), exact and fast
// ---------------------------------------------------------------------------------------------

const EXP_LOSS = (() => {
  const t = new Float64Array(81);
  for (let g = 0; g <= 80; g++) {
    const x = g / 4;
    let d = 0;
    let floorLoss = 0;
    for (let i = 2; i < 32; i++) {
      d = (d * x) / i + 1;
      floorLoss += d;
    }
    let term = ONE;
    for (let i = 1; i < 32; i++) term = (term * x) / i;
    let tail = 0;
    for (let i = 32; i < 400; i++) {
      term = (term * x) / i;
      tail += term;
    }
    t[g] = (floorLoss + tail) * 1.001 + 4;
  }
  return t;
})();

/** 2^(j/64) for j = 0..63 and 2^m for m = 0..31: e^x = 2^m · 2^(j/64) · e^r. */
const EXP2_FRAC = Float64Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64));
const POW2 = Float64Array.from({ length: 32 }, (_, m) => 2 ** m);
const LN2_OVER_64 = Math.LN2 / 64;
const INV_LN2_OVER_64 = 64 / Math.LN2;

/**
 * e^x for 0 ≤ x ≤ 20 in doubles, only to bracket the chain's exp: relative error < 1e-14 (range
 * reduction x = k·ln2/64 + r exact up to < 4e-15 on r; degree-5 polynomial truncation < 4e-17;
 * table entries and the remaining roundings a few ulp). Inline arithmetic: Math.exp is a call.
 * Exported for its precision test.
 */
export function expForBracket(x: number): number {
  const k = Math.round(x * INV_LN2_OVER_64);
  const r = x - k * LN2_OVER_64;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return EXP2_FRAC[k & 63]! * POW2[k >> 6]! * p;
}

/**
 * alpha_sigmoid (§3.10): d as chosen by buy/sell, σ = 1/(1 + exp((steepness/−100)·(d − 0.5))),
 * a = clamp(low + σ·(high − low), low, high), all in I32F32.
 *
 * The exact floored exp series costs ~30 steps, too slow for every bond entry. Instead: the
 * series' value E is bracketed by 2^32·e^X (from above) and that minus a proven loss bound
 * (EXP_LOSS, from below); σ and a are monotone in E, so when both ends of the bracket give the
 * same a, that a is exact. Otherwise (rare: a rounding boundary falls inside the bracket) the
 * exact series runs (`expRaw`, or bigint beyond |y| > 13).
 */
class LiquidAlpha {
  private low = 0;
  private high = 0;
  private span = 0;
  private spanH = 0;
  private spanL = 0;
  private kh = 0;
  private kl = 0;
  private atZero = 0;
  /** Calls resolved by the exact fallback (diagnostics for tests and benchmarks). */
  exactCalls = 0;

  setup(inp: EpochInput): this {
    this.low = u16ToProportion(inp.alphaLowU16);
    this.high = u16ToProportion(inp.alphaHighU16);
    this.span = this.high - this.low;
    this.spanH = splitHi(this.span);
    this.spanL = this.span - this.spanH * TWO16;
    // k = steepness / −100 in I32F32 (division truncates toward zero), split at 2^32.
    const k = Number(fdivB(BigInt(inp.alphaSigmoidSteepness) << 32n, -100n << 32n));
    this.kh = Math.floor(k * INV32);
    this.kl = k - this.kh * ONE;
    this.atZero = this.fromD(0);
    return this;
  }

  alpha(c: number, w: number, b: number): number {
    let d: number;
    if (w >= b) {
      d = w - c; // buying ahead of consensus
      if (d <= 0) return this.atZero;
      if (d > ONE) d = ONE;
    } else {
      d = b - w; // selling
      if (d > ONE) d = ONE;
    }
    return this.fromD(d);
  }

  private fromD(d: number): number {
    const z = d - 2147483648; // d − 0.5
    let y = this.kh * z; // fmul(k, z) with k split at 2^32: kh·z + fmul(kl, z)
    if (this.kl !== 0) y += fmul(this.kl, z);
    if (y < -20 * ONE) y = -20 * ONE; // exp_safe clamps its input to [−20, 20]
    else if (y > 20 * ONE) y = 20 * ONE;
    const x = Math.abs(y) * INV32;
    // Near y = 0, σ moves by up to 1/2 per raw unit of exp, so no bracket can decide: the exact
    // series is short there anyway (its terms vanish after ~15 steps). y = 1 is [FIXED]'s special case.
    if (x < 1.5 || y === ONE) return this.exact(y);
    // The floored series E lies in [p − loss, p], p = 2^32·e^x (known to < 1e-14; margin 3e-14).
    const p = ONE * expForBracket(x);
    const eHi = p * (1 + 3e-14) + 1;
    let eLo = p * (1 - 3e-14) - EXP_LOSS[Math.ceil(x * 4)]!;
    if (eLo < ONE) eLo = ONE;
    let sLo: number;
    let sHi: number;
    if (y > 0) {
      // σ = floor(2^64 / (2^32 + E)), decreasing in E
      sLo = Math.floor((TWO64 / (ONE + eHi)) * (1 - 1e-15));
      sHi = Math.floor((TWO64 / (ONE + eLo)) * (1 + 1e-15));
    } else {
      // exp(y) = floor(2^64 / E) ∈ [2^64/eHi − 1, 2^64/eLo]; σ = floor(2^64 / (2^32 + exp(y)))
      sLo = Math.floor((TWO64 / (ONE + TWO64 / eLo)) * (1 - 1e-14));
      sHi = Math.floor((TWO64 / (ONE + TWO64 / eHi - 1)) * (1 + 1e-14));
    }
    const aLo = this.fromSigma(sLo);
    if (sLo === sHi || aLo === this.fromSigma(sHi)) return aLo; // a is monotone in σ
    return this.exact(y);
  }

  private fromSigma(s: number): number {
    const a = this.low + fmulSplit(s, this.spanH, this.spanL);
    return a < this.low ? this.low : a > this.high ? this.high : a; // clamp_value order
  }

  private exact(y: number): number {
    this.exactCalls++;
    let sigma: number;
    if (Math.abs(y) <= 13 * ONE) {
      sigma = fdivFloor(ONE, ONE + expRaw(y));
    } else {
      sigma = Number(fdivB(ONE_B, ONE_B + expSafeB(BigInt(y))));
    }
    return this.fromSigma(sigma);
  }
}

const liquidAlpha = new LiquidAlpha();

/** Number of liquid-alpha rates computed with the exact exp series so far (diagnostics). */
export function liquidAlphaExactCalls(): number {
  return liquidAlpha.exactCalls + kernelExactSigmaCalls();
}

// ---------------------------------------------------------------------------------------------
// §3.11 emission and the public entry point
// ---------------------------------------------------------------------------------------------

/**
 * §3.11: Σ = Σ(Incentive + Dividends); miner share Incentive/Σ, validator share Dividends/Σ,
 * combined (Incentive + Dividends)/Σ; when Σ = 0 the validator and combined shares are the
 * active stake, or the stake if no active stake. Then floor(share·E) in I96F32.
 */
function computeShares(n: number, ws: Workspace): void {
  const { incentive, dividends, shareS, shareV, shareC, activeStake, stake } = ws;
  let total = 0;
  for (let i = 0; i < n; i++) total += incentive[i]! + dividends[i]!;
  if (total === 0) {
    let anyActive = false;
    for (let i = 0; i < n; i++) if (activeStake[i] !== 0) anyActive = true;
    const src = anyActive ? activeStake : stake;
    shareS.fill(0, 0, n);
    shareV.set(src.subarray(0, n));
    shareC.set(src.subarray(0, n));
    return;
  }
  const d = scratchDivisor.set(total);
  for (let i = 0; i < n; i++) {
    const inc = incentive[i]!;
    const div = dividends[i]!;
    shareS[i] = d.div(inc);
    shareV[i] = d.div(div);
    shareC[i] = d.div(inc + div);
  }
}

function toU16(v: Float64Array, n: number): Uint16Array {
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = proportionToU16(v[i]!);
  return out;
}

const EMPTY_ROW: SparseRow = { cols: new Uint16Array(0), vals: new Uint16Array(0) };

/** One SparseRow per uid over the stored-bond buffers; empty rows share one zero-length row. */
function bondRows(n: number, out: BondOut | KernelBonds): SparseRow[] {
  const rows = new Array<SparseRow>(n);
  const { cols, vals, start } = out;
  // Views made by the constructor: V8 builds them about twice as fast as subarray().
  const cb = cols.buffer;
  const vb = vals.buffer;
  for (let i = 0; i < n; i++) {
    const a = start[i]!;
    const b = start[i + 1]!;
    rows[i] =
      a === b
        ? EMPTY_ROW
        : { cols: new Uint16Array(cb, cols.byteOffset + 2 * a, b - a), vals: new Uint16Array(vb, vals.byteOffset + 2 * a, b - a) };
  }
  return rows;
}

/** Which implementation runs the epoch (§3.1–§3.11); both are bit-exact. */
export interface EpochOptions {
  /**
   * "kernel" (default): the WebAssembly kernel (kernel.ts), with native 64-bit integers; it falls
   * back to "js" for bond EMA rates beyond ±2^33 (a bonds_moving_average far outside [0, 10^6]).
   * "js": the TypeScript stages below, exact integers held in doubles.
   */
  engine?: "kernel" | "js";
}

/**
 * Run one epoch (MECHANISM.md §3) on typed-array inputs: pure (the input is not modified, the
 * output is freshly allocated) and bit-exact with the chain. Scratch memory is kept per subnet
 * size between calls. Empty bond rows in the output share one zero-length row object; the
 * non-empty rows are views into two shared buffers.
 */
export function runEpoch(input: EpochInput, options: EpochOptions = {}): EpochOutput {
  const n = input.n;
  const alpha = fixedAlpha(input);
  const r = options.engine !== "js" && !isWideRate(alpha) && !isWideRate(ONE - alpha) ? kernelStages(input, alpha) : null;
  if (r !== null) {
    return {
      active: r.active,
      newValidatorPermits: r.newValidatorPermits,
      stakeWeightU16: r.stakeWeightU16,
      consensusU16: r.consensusU16,
      incentiveU16: r.incentiveU16,
      dividendsU16: r.dividendsU16,
      validatorTrustU16: r.validatorTrustU16,
      serverEmission: r.serverEmission,
      validatorEmission: r.validatorEmission,
      emission: r.emission,
      bonds: bondRows(n, r.bonds),
    };
  }
  const ws = workspaceFor(n);
  computeActivityAndStake(input, ws);
  computePermits(input, ws);
  const useTotal = computeActiveStake(input, ws);
  buildWeights(input, ws);
  computeConsensus(n, ws, useTotal, u16ToProportion(input.kappaU16));
  clipAndRank(n, ws);
  const wb = weightsForBonds(input, ws);
  const stored = input.yuma3 ? bondsYuma3(input, ws, wb) : bondsYuma2(input, ws, wb);
  computeShares(n, ws);
  const E = input.raoEmission;
  const serverEmission = new BigUint64Array(n);
  const validatorEmission = new BigUint64Array(n);
  const emission = new BigUint64Array(n);
  emissionInto(ws.shareS, n, E, serverEmission);
  emissionInto(ws.shareV, n, E, validatorEmission);
  emissionInto(ws.shareC, n, E, emission);
  return {
    active: ws.active.slice(0, n),
    newValidatorPermits: ws.permitNew.slice(0, n),
    stakeWeightU16: toU16(ws.stake, n),
    consensusU16: toU16(ws.cons, n),
    incentiveU16: toU16(ws.incentive, n),
    dividendsU16: toU16(ws.dividends, n),
    validatorTrustU16: toU16(ws.vtrust, n),
    serverEmission,
    validatorEmission,
    emission,
    bonds: bondRows(n, stored),
  };
}

const EXP_TABLES = { exp2Frac: EXP2_FRAC, pow2: POW2, expLoss: EXP_LOSS };

/**
 * The WebAssembly kernel, created on first use: one instance (one linear memory) for every subnet
 * size, laid out anew when the size or the entry count outgrows the last layout.
 */
let kernel: EpochKernel | null = null;

/** The kernel's liquid-alpha parameters for the last (low, high, steepness) seen. */
let lastLiquid: { key: string; value: BondMode["liquid"] } = { key: "", value: null };

/** Liquid-alpha parameters as raws (bigint, as the kernel takes them), kept for repeated epochs. */
function liquidParams(lowU16: number, highU16: number, steepness: number): BondMode["liquid"] {
  const key = `${lowU16}/${highU16}/${steepness}`;
  if (lastLiquid.key !== key) {
    // k = steepness / −100 in I32F32 (division truncates toward zero), split at 2^32
    const k = Number(fdivB(BigInt(steepness) << 32n, -100n << 32n));
    const kh = Math.floor(k * INV32);
    const value = { low: BigInt(u16ToProportion(lowU16)), high: BigInt(u16ToProportion(highU16)), kh: BigInt(kh), kl: BigInt(k - kh * ONE) };
    lastLiquid = { key, value };
  }
  return lastLiquid.value;
}

/** §3.1–§3.11 on the WebAssembly kernel (its §3.1–§3.4 fall back to the JS ones for huge stake sums). */
function kernelStages(inp: EpochInput, alpha: number): KernelResult | null {
  const n = inp.n;
  if (kernel === null) kernel = new EpochKernel(EXP_TABLES);
  const liquid = inp.yuma3 && inp.liquidAlpha ? liquidParams(inp.alphaLowU16, inp.alphaHighU16, inp.alphaSigmoidSteepness) : null;
  const commit = inp.commitReveal === true && inp.commitBlock !== undefined ? inp.commitBlock : null;
  return kernel.run(
    {
      n,
      currentBlock: inp.currentBlock,
      activityCutoff: inp.activityCutoff,
      lastUpdate: inp.lastUpdate,
      blockAtRegistration: inp.blockAtRegistration,
      commitBlock: commit,
      stakeRao: inp.stakeRao,
      stakeThreshold: inp.stakeThreshold,
      validatorPermits: inp.validatorPermits,
      owner: inp.ownerUid ?? -1,
      maxAllowedValidators: inp.maxAllowedValidators,
      lastTempo: inp.lastTempo,
      weights: inp.weights,
      bonds: inp.bonds,
      raoEmission: inp.raoEmission,
      perUid: () => {
        const ws = workspaceFor(n);
        computeActivityAndStake(inp, ws);
        computePermits(inp, ws);
        const useTotal = computeActiveStake(inp, ws);
        markMaskedColumns(inp, ws);
        const { stake, activeStake, use, active, permitOld, permitNew, bondColMasked } = ws;
        return { stake, activeStake, use, active, permitOld, permitNew, bondColMasked, useTotal };
      },
    },
    u16ToProportion(inp.kappaU16),
    u16ToProportion(inp.bondsPenaltyU16),
    { yuma3: inp.yuma3, alpha, liquid },
  );
}
