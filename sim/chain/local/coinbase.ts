/**
 * The per-block coinbase (MECHANISM.md §4.1, §5.1–§5.4): mint the block's TAO, share it between
 * emitting subnets by the era's rule, inject TAO and alpha into each pool (capped, the excess
 * buying alpha), mint alpha_out and split it into the pending accumulators, and after the
 * block's epochs update each moving price.
 *
 * Representation and exactness. The loop runs ~2.6 M blocks a simulated year, so it works on
 * numbers, not bigint. Every integer amount (reserves, accumulators, ledger counters) is an
 * integer-valued double. Reserves are held as an exact `bigint` base plus an exact number delta
 * accumulated since the last `sync()`; the chain syncs a subnet at each of its epochs, before
 * every user operation on its pool and at the end of `advanceTo`, so a delta never approaches
 * 2^53. A third field carries the approximate full value (base + delta as a double) for prices
 * and ratios. Every amount the chain computes in U96F32/U64F64 and floors to u64 — a subnet's TAO
 * emission E·s_i, alpha_in = tao/p, the injection cap, tao_in = alpha_in·p, the root alpha, the
 * chain-buy output — is computed here in doubles and floored. On amounts up to ~1e13 rao a
 * double's relative error (~1e-16 per operation) is ~1e-3 rao or less, so each such floor equals
 * the exact (and the chain's) value, or differs by one rao when that value lies within that
 * error of an integer. The per-block loop itself runs on typed arrays (see runBlocks). Complements are
 * taken by exact integer subtraction, so conservation holds to the rao whatever the rounding:
 *   TAO:   Σ tao_emission = Σ tao_in + Σ chain-buy TAO           (ledger.taoEmitted = injected + bought)
 *   alpha: alpha_out = owner cut + server + validator + root (+ root recycled when not selling)
 */
import type { EmissionEra, PoolKind } from "../chain.js";
import { emissionStep, nextHalvingIssuance } from "./issuance.js";
import { alphaOutNum, type Pool, priceNum, solveWeightAlpha } from "./pool.js";

/** FlowEmaSmoothingFactor / i64::MAX = 29,597,889,189,277 / 2^63 ≈ 3.2e−6 per block (§5.3). */
export const FLOW_EMA_FACTOR = 29_597_889_189_277 / 2 ** 63;

export const ERA_DTAO = 0;
export const ERA_FLOW = 1;
export const ERA_PRICE_BURN = 2;
export type EraCode = 0 | 1 | 2;

export function eraCode(era: EmissionEra): EraCode {
  switch (era) {
    case "dtao-2025-02":
      return ERA_DTAO;
    case "flow-2025-11":
      return ERA_FLOW;
    case "price-burn-2026-06":
      return ERA_PRICE_BURN;
  }
}

/** One subnet's coinbase state. All amounts rao; see the file comment for base/delta/approx. */
export class CoinbaseSubnet {
  readonly netuid: number;
  readonly weighted: boolean;
  /** Emission is on: start_call was made (FirstEmissionBlockNumber set) and it is not root. */
  emitting = false;
  /** Block of start_call; `b` in the moving-price EMA counts from here (§5.4). */
  startBlock = -1;
  ownerCutU16: number;

  // pool reserves and SubnetAlphaOut: exact base + exact delta + approximate value
  taoBase: bigint;
  alphaInBase: bigint;
  alphaOutBase: bigint;
  dTao = 0;
  dAlphaIn = 0;
  dAlphaOut = 0;
  tao: number;
  alphaIn: number;
  alphaOut: number;
  /** Pool weight of alpha, w_a (0.5 for constant product). */
  weightAlpha = 0.5;

  movingPrice: number;
  /** MinerBurned: fraction of the last epoch's server emission that was burned (§4.3 step 3). */
  minerBurned = 0;
  /** EMA of the net per-block TAO staking flow (flow era), rao/block. */
  flowEma = 0;
  /** Net TAO flow recorded since the last block, rao (+ stake in, − stake out). */
  flowBlock = 0;

  /** Alpha block emission for the current alpha issuance, and the issuance left until it changes. */
  alphaEmission = 0;
  alphaToHalving = 0;

  /** Values of the last block, for inspection. */
  share = 0;
  rootProp = 0;
  lastTaoIn = 0;
  lastAlphaIn = 0;
  lastExcessTao = 0;

  /** Pending accumulators, drained at the next epoch (integer-valued, ≤ MAX_TEMPO · 1e9). */
  pendingServer = 0;
  pendingValidator = 0;
  pendingRoot = 0;
  pendingOwnerCut = 0;

  /** Ledger (exact bigint totals since creation, plus number deltas not yet synced). */
  ledger = {
    taoEmitted: 0n,
    taoInjected: 0n,
    taoChainBuy: 0n,
    alphaMinted: 0n,
    alphaInjected: 0n,
    alphaChainBought: 0n,
    alphaRootRecycled: 0n,
  };
  dTaoEmitted = 0;
  dTaoInjected = 0;
  dTaoChainBuy = 0;
  dAlphaMinted = 0;
  dAlphaInjected = 0;
  dAlphaChainBought = 0;
  dAlphaRootRecycled = 0;

  constructor(netuid: number, kind: PoolKind, taoRao: bigint, alphaRao: bigint, ownerCutU16: number, movingPrice = 0) {
    this.netuid = netuid;
    this.weighted = kind === "weighted";
    this.taoBase = taoRao;
    this.alphaInBase = alphaRao;
    this.alphaOutBase = 0n;
    this.tao = Number(taoRao);
    this.alphaIn = Number(alphaRao);
    this.alphaOut = 0;
    this.ownerCutU16 = ownerCutU16;
    this.movingPrice = movingPrice;
    this.refreshAlphaEmission();
  }

  /** Alpha issuance = SubnetAlphaIn + SubnetAlphaOut (exact). */
  alphaIssuanceRao(): bigint {
    return this.alphaInBase + this.alphaOutBase + BigInt(this.dAlphaIn + this.dAlphaOut);
  }

  /** Issuance interval [lo, hi) over which the cached alpha emission holds. */
  private stepLo = 0n;
  private stepHi = -1n;

  refreshAlphaEmission(): void {
    const iss = this.alphaIssuanceRao();
    if (iss >= this.stepLo && iss < this.stepHi) {
      this.alphaToHalving = Number(this.stepHi - iss);
      return;
    }
    const st = emissionStep(iss);
    this.alphaEmission = st.emission;
    this.alphaToHalving = st.toNext;
    // cache: the emission holds from here up to the next threshold (exact bigint)
    this.stepLo = iss;
    this.stepHi = st.toNext === Number.POSITIVE_INFINITY ? iss : nextHalvingIssuance(iss);
  }

  /** Fold the number deltas into the exact bigint bases and refresh the approximate values. */
  sync(): void {
    if (this.dTao !== 0) this.taoBase += BigInt(this.dTao);
    if (this.dAlphaIn !== 0) this.alphaInBase += BigInt(this.dAlphaIn);
    if (this.dAlphaOut !== 0) this.alphaOutBase += BigInt(this.dAlphaOut);
    this.dTao = this.dAlphaIn = this.dAlphaOut = 0;
    this.tao = Number(this.taoBase);
    this.alphaIn = Number(this.alphaInBase);
    this.alphaOut = Number(this.alphaOutBase);
    const l = this.ledger;
    if (this.dTaoEmitted !== 0) l.taoEmitted += BigInt(this.dTaoEmitted);
    if (this.dTaoInjected !== 0) l.taoInjected += BigInt(this.dTaoInjected);
    if (this.dTaoChainBuy !== 0) l.taoChainBuy += BigInt(this.dTaoChainBuy);
    if (this.dAlphaMinted !== 0) l.alphaMinted += BigInt(this.dAlphaMinted);
    if (this.dAlphaInjected !== 0) l.alphaInjected += BigInt(this.dAlphaInjected);
    if (this.dAlphaChainBought !== 0) l.alphaChainBought += BigInt(this.dAlphaChainBought);
    if (this.dAlphaRootRecycled !== 0) l.alphaRootRecycled += BigInt(this.dAlphaRootRecycled);
    this.dTaoEmitted = this.dTaoInjected = this.dTaoChainBuy = 0;
    this.dAlphaMinted = this.dAlphaInjected = this.dAlphaChainBought = this.dAlphaRootRecycled = 0;
    this.refreshAlphaEmission();
  }

  /** Spot price TAO per alpha (approximate, double). */
  price(): number {
    return priceNum(this.tao, this.alphaIn, this.weightAlpha);
  }

  /** The pool as exact bigint reserves (syncs first). Write changes back with `setPool`. */
  pool(): Pool {
    this.sync();
    return {
      kind: this.weighted ? "weighted" : "constant-product",
      taoRao: this.taoBase,
      alphaRao: this.alphaInBase,
      weightAlpha: this.weightAlpha,
    };
  }

  /** Write a pool back after a user swap; the alpha that left (or entered) the pool is outstanding. */
  setPool(p: Pool): void {
    this.sync();
    const dAlpha = p.alphaRao - this.alphaInBase; // > 0 when alpha was sold into the pool
    this.taoBase = p.taoRao;
    this.alphaInBase = p.alphaRao;
    this.alphaOutBase -= dAlpha;
    this.weightAlpha = p.weightAlpha;
    this.sync();
  }

  /** Drain the four pending accumulators (at an epoch), as bigint. */
  drainPending(): { server: bigint; validator: bigint; root: bigint; ownerCut: bigint } {
    const out = {
      server: BigInt(this.pendingServer),
      validator: BigInt(this.pendingValidator),
      root: BigInt(this.pendingRoot),
      ownerCut: BigInt(this.pendingOwnerCut),
    };
    this.pendingServer = this.pendingValidator = this.pendingRoot = this.pendingOwnerCut = 0;
    return out;
  }
}

/** Network-wide coinbase state. */
export class CoinbaseNetwork {
  era: EraCode;
  taoWeight: number;
  /** SubnetTAO[root], rao (approximate double; it only enters root_prop). */
  rootTao: number;
  movingAlpha: number;
  emaHalvingBlocks: number;

  /** TotalIssuance = exact base + minted since the last sync. */
  issuanceBase: bigint;
  dIssuance = 0;
  /** Current TAO block emission and issuance left until it changes. */
  blockEmission: number;
  toHalving: number;
  /** Halvings that happened during the last run of blocks: (block, new emission). */
  halvings: Array<{ block: number; emission: number }> = [];
  /** Root-sell flag of the last block (Σ EMA price > 1). */
  rootSell = false;
  /** Overrides the issuance-driven emission (tests reproducing the chain's fixed-emission setups). */
  fixedBlockEmission: number | null = null;

  constructor(
    era: EmissionEra,
    taoWeight: number,
    rootTaoRao: bigint,
    movingAlpha: number,
    emaHalvingBlocks: number,
    issuanceRao: bigint,
  ) {
    this.era = eraCode(era);
    this.taoWeight = taoWeight;
    this.rootTao = Number(rootTaoRao);
    this.movingAlpha = movingAlpha;
    this.emaHalvingBlocks = emaHalvingBlocks;
    this.issuanceBase = issuanceRao;
    const st = emissionStep(issuanceRao);
    this.blockEmission = st.emission;
    this.toHalving = st.toNext;
  }

  issuanceRao(): bigint {
    return this.issuanceBase + BigInt(this.dIssuance);
  }

  sync(): void {
    if (this.dIssuance !== 0) this.issuanceBase += BigInt(this.dIssuance);
    this.dIssuance = 0;
    if (this.fixedBlockEmission === null) {
      const st = emissionStep(this.issuanceBase);
      this.blockEmission = st.emission;
      this.toHalving = st.toNext;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The per-block loop. It copies the hot fields of the emitting subnets into typed arrays (scratch
// reused between calls), runs the blocks there, and writes them back: a run between two events is
// ~40 blocks × 9 subnets, so the copies are cheap next to the loop, and typed-array loads and
// stores are much cheaper than property writes of boxed doubles. test/chain/coinbase-reference.ts
// keeps the plain per-object version of the same maths; coinbase.test.ts checks they agree exactly.
// ---------------------------------------------------------------------------------------------

/** Scratch arrays, one slot per emitting subnet. */
class Scratch {
  cap = 0;
  tao = new Float64Array(0);
  alphaIn = new Float64Array(0);
  alphaOut = new Float64Array(0);
  wa = new Float64Array(0);
  weighted = new Uint8Array(0);
  mp = new Float64Array(0);
  burned = new Float64Array(0);
  flowEma = new Float64Array(0);
  flowBlock = new Float64Array(0);
  alphaEm = new Float64Array(0);
  alphaToHalving = new Float64Array(0);
  ownerCut = new Float64Array(0);
  /** owner cut of one block: floor(alpha_emission · SubnetOwnerCut / 65535) */
  oc = new Float64Array(0);
  start = new Float64Array(0);
  w = new Float64Array(0);
  // accumulators since the load; the others follow from these exactly:
  //   pending validator = alpha minted − root recycled − owner cut − server − root
  //   Δ TAO reserve = TAO emitted; chain-buy TAO = emitted − injected
  //   Δ alpha reserve = alpha injected − alpha bought; Δ alpha out = minted + bought − recycled
  // Alpha minted, owner cut and server alpha are the same every block while alpha_emission
  // is unchanged, so they are not accumulated: they are (blocks since the last store) × the
  // per-block amount, `since` being the last block already stored.
  since = new Float64Array(0);
  pR = new Float64Array(0);
  lTE = new Float64Array(0);
  lTI = new Float64Array(0);
  lAI = new Float64Array(0);
  lAB = new Float64Array(0);
  lAR = new Float64Array(0);
  // last block's values
  share = new Float64Array(0);
  rootProp = new Float64Array(0);
  lastTaoIn = new Float64Array(0);
  lastAlphaIn = new Float64Array(0);
  lastExcess = new Float64Array(0);

  ensure(k: number): void {
    if (k <= this.cap) return;
    const c = Math.max(k, 2 * this.cap, 16);
    for (const key of Object.keys(this) as Array<keyof Scratch>) {
      const v = this[key];
      if (v instanceof Float64Array) (this as unknown as Record<string, Float64Array>)[key] = new Float64Array(c);
      else if (v instanceof Uint8Array) (this as unknown as Record<string, Uint8Array>)[key] = new Uint8Array(c);
    }
    this.cap = c;
  }
}

const scratch = new Scratch();
const emittingBuf: CoinbaseSubnet[] = [];

function load(S: Scratch, subs: readonly CoinbaseSubnet[], from: number): number {
  let k = 0;
  emittingBuf.length = 0;
  for (const s of subs) if (s.emitting) emittingBuf.push(s);
  const K = emittingBuf.length;
  S.ensure(K);
  for (k = 0; k < K; k++) {
    const s = emittingBuf[k]!;
    S.tao[k] = s.tao;
    S.alphaIn[k] = s.alphaIn;
    S.alphaOut[k] = s.alphaOut;
    S.wa[k] = s.weightAlpha;
    S.weighted[k] = s.weighted ? 1 : 0;
    S.mp[k] = s.movingPrice;
    S.burned[k] = s.minerBurned;
    S.flowEma[k] = s.flowEma;
    S.flowBlock[k] = s.flowBlock;
    S.alphaEm[k] = s.alphaEmission;
    S.alphaToHalving[k] = s.alphaToHalving;
    S.ownerCut[k] = s.ownerCutU16;
    S.oc[k] = Math.floor((s.alphaEmission * s.ownerCutU16) / 65535);
    S.start[k] = s.startBlock;
    S.since[k] = from - 1;
    S.pR[k] = 0;
    S.lTE[k] = S.lTI[k] = S.lAI[k] = S.lAB[k] = S.lAR[k] = 0;
    S.share[k] = s.share;
    S.rootProp[k] = s.rootProp;
    S.lastTaoIn[k] = s.lastTaoIn;
    S.lastAlphaIn[k] = s.lastAlphaIn;
    S.lastExcess[k] = s.lastExcessTao;
  }
  return K;
}

/** Write slot k back into its subnet, counting the blocks up to and including `lastBlock`. */
function storeOne(S: Scratch, k: number, s: CoinbaseSubnet, lastBlock: number): void {
  const nb = lastBlock - S.since[k]!;
  S.since[k] = lastBlock;
  const alphaEm = S.alphaEm[k]!;
  const ocBlock = S.oc[k]!;
  s.tao = S.tao[k]!;
  s.alphaIn = S.alphaIn[k]!;
  s.alphaOut = S.alphaOut[k]!;
  s.weightAlpha = S.wa[k]!;
  s.movingPrice = S.mp[k]!;
  s.flowEma = S.flowEma[k]!;
  s.flowBlock = S.flowBlock[k]!;
  s.alphaEmission = S.alphaEm[k]!;
  s.alphaToHalving = S.alphaToHalving[k]!;
  const pS = Math.floor((alphaEm - ocBlock) * 0.5) * nb;
  const pR = S.pR[k]!;
  const pO = ocBlock * nb;
  const tE = S.lTE[k]!;
  const tI = S.lTI[k]!;
  const aM = alphaEm * nb;
  const aI = S.lAI[k]!;
  const aB = S.lAB[k]!;
  const aR = S.lAR[k]!;
  s.pendingServer += pS;
  s.pendingValidator += aM - aR - pO - pS - pR;
  s.pendingRoot += pR;
  s.pendingOwnerCut += pO;
  s.dTao += tE;
  s.dAlphaIn += aI - aB;
  s.dAlphaOut += aM + aB - aR;
  s.dTaoEmitted += tE;
  s.dTaoInjected += tI;
  s.dTaoChainBuy += tE - tI;
  s.dAlphaMinted += aM;
  s.dAlphaInjected += aI;
  s.dAlphaChainBought += aB;
  s.dAlphaRootRecycled += aR;
  S.pR[k] = 0;
  S.lTE[k] = S.lTI[k] = S.lAI[k] = S.lAB[k] = S.lAR[k] = 0;
  s.share = S.share[k]!;
  s.rootProp = S.rootProp[k]!;
  s.lastTaoIn = S.lastTaoIn[k]!;
  s.lastAlphaIn = S.lastAlphaIn[k]!;
  s.lastExcessTao = S.lastExcess[k]!;
}

/**
 * Blocks [from, to]: for each block the coinbase (§4.1 steps 1–4) over the emitting subnets
 * (`subs` in netuid order), then their moving prices (§4.1 step 5, §5.4) — except after the
 * last block when `priceUpdateAfterLast` is false (the caller runs that block's epochs first and
 * then `updateMovingPrices`).
 */
export function runBlocks(
  net: CoinbaseNetwork,
  subs: readonly CoinbaseSubnet[],
  from: number,
  to: number,
  priceUpdateAfterLast = true,
): void {
  if (to < from) return;
  const S = scratch;
  const K = load(S, subs, from);
  const era = net.era;
  const twRoot = net.taoWeight * net.rootTao;
  const ma = net.movingAlpha;
  const h = net.emaHalvingBlocks;
  const fixed = net.fixedBlockEmission;
  const tao = S.tao;
  const alphaIn = S.alphaIn;
  const alphaOut = S.alphaOut;
  const wa = S.wa;
  const weighted = S.weighted;
  const mp = S.mp;
  const burned = S.burned;
  const flowEma = S.flowEma;
  const flowBlock = S.flowBlock;
  const alphaEmA = S.alphaEm;
  const alphaToHalving = S.alphaToHalving;
  const ownerCut = S.ownerCut;
  const ocA = S.oc;
  const start = S.start;
  const W = S.w;
  const pR = S.pR;
  const lTE = S.lTE;
  const lTI = S.lTI;
  const lAI = S.lAI;
  const lAB = S.lAB;
  const lAR = S.lAR;
  const shareA = S.share;
  const rootPropA = S.rootProp;
  const lastTaoIn = S.lastTaoIn;
  const lastAlphaIn = S.lastAlphaIn;
  const lastExcess = S.lastExcess;
  let rootSell = net.rootSell;

  for (let block = from; block <= to; block++) {
    const E = fixed ?? net.blockEmission;
    // §5.3: raw share weights by era; shares use the moving prices of the previous block
    let sum = 0;
    let sumPrice = 0;
    for (let k = 0; k < K; k++) {
      const m = mp[k]!;
      sumPrice += m;
      let w: number;
      if (era === ERA_PRICE_BURN) {
        w = m * (1 - burned[k]!);
      } else if (era === ERA_FLOW) {
        // EMA of the net staking flow; L = max(TaoFlowCutoff = 0, min_i min(F_i, 0)) = 0, so
        // z_i = max(F_i, 0), and p = 1
        const f = flowEma[k]! + FLOW_EMA_FACTOR * (flowBlock[k]! - flowEma[k]!);
        flowEma[k] = f;
        flowBlock[k] = 0;
        w = f > 0 ? f : 0;
      } else {
        w = m;
      }
      W[k] = w;
      sum += w;
    }
    if (!(sum > 0)) {
      // price-burn: "if the weighted sum is 0, it falls back to pure price shares" (§5.3);
      // flow: no positive flow anywhere — the spec gives no rule; we fall back to price too
      for (let k = 0; k < K; k++) W[k] = mp[k]!;
      sum = sumPrice;
    }
    // get_network_root_sell_flag: root alpha is kept only when Σ EMA price > 1
    rootSell = sumPrice > 1;
    const updatePrice = priceUpdateAfterLast || block < to;

    let minted = 0;
    for (let k = 0; k < K; k++) {
      const share = sum > 0 ? W[k]! / sum : 0;
      const taoEm = Math.floor(E * share);
      const alphaEm = alphaEmA[k]!;
      const x0 = alphaIn[k]!;
      const y0 = tao[k]!;
      const rootProp = twRoot > 0 ? twRoot / (twRoot + x0 + alphaOut[k]!) : 0;

      // §4.1 step 3 / §5.3 injection history: the injection by era
      // p = pNum / pDen (§5.4); alpha_in = tao_emission / p = tao_emission · pDen / pNum
      const w0 = wa[k]!;
      const pDen = (1 - w0) * x0;
      const pNum = w0 * y0;
      let taoIn: number;
      let aIn: number;
      if (x0 > 0 && y0 > 0) {
        if (era === ERA_DTAO) {
          // launch rule: alpha_in = min(tao_in/p, alpha_emission), tao_in unchanged, no buy
          const raw = (taoEm * pDen) / pNum;
          aIn = Math.floor(raw < alphaEm ? raw : alphaEm);
          taoIn = taoEm;
        } else {
          // flow era: cap = alpha_emission; since 2026-06-22: cap = root_prop × alpha_emission
          const cap = era === ERA_FLOW ? alphaEm : Math.floor(rootProp * alphaEm);
          if (taoEm * pDen > cap * pNum) {
            // tao/p > cap: inject cap alpha and cap·p TAO
            aIn = cap;
            const t = Math.floor((cap * pNum) / pDen);
            taoIn = t < taoEm ? t : taoEm;
          } else {
            aIn = Math.floor((taoEm * pDen) / pNum);
            taoIn = taoEm;
          }
        }
      } else {
        // an empty pool has no price: everything goes in as TAO (edge case, not in the spec)
        aIn = 0;
        taoIn = taoEm;
      }
      const excess = taoEm - taoIn;

      // inject (price-neutral: the weighted pool re-solves w_a at the pre-injection price)
      let y = y0 + taoIn;
      let x = x0 + aIn;
      let w1 = w0;
      if (weighted[k] === 1 && x0 > 0 && y0 > 0 && aIn + taoIn > 0) w1 = solveWeightAlpha(pNum / pDen, y, x);
      // chain buy with the excess; the bought alpha is protocol-held (SubnetAlphaOut)
      let bought = 0;
      if (excess > 0) {
        bought = alphaOutNum(y, x, w1, excess);
        y += excess;
        x -= bought;
      }
      tao[k] = y;
      alphaIn[k] = x;
      wa[k] = w1;

      // §4.1 step 4: alpha_out = alpha_emission, split:
      //   owner cut oc = floor(alpha_out·cut/65535), a' = alpha_out − oc, server = floor(a'/2),
      //   root = floor(root_prop·a'·0.5), validator = a' − server − root (the floors' remainder).
      // oc and server are the same every block while alpha_emission is (storeOne counts them);
      // validator follows as minted − recycled − oc − server − root.
      const a = alphaEm - ocA[k]!;
      let root = Math.floor(rootProp * a * 0.5);
      let recycled = 0;
      if (!rootSell) {
        recycled = root;
        root = 0;
      }
      pR[k] = pR[k]! + root;
      alphaOut[k] = alphaOut[k]! + alphaEm + bought - recycled;

      if (block === to) {
        shareA[k] = share;
        rootPropA[k] = rootProp;
        lastTaoIn[k] = taoIn;
        lastAlphaIn[k] = aIn;
        lastExcess[k] = excess;
      }
      lTE[k] = lTE[k]! + taoEm;
      lTI[k] = lTI[k]! + taoIn;
      lAI[k] = lAI[k]! + aIn;
      lAB[k] = lAB[k]! + bought;
      lAR[k] = lAR[k]! + recycled;
      minted += taoEm;

      const left = alphaToHalving[k]! - (aIn + alphaEm - recycled);
      alphaToHalving[k] = left;
      if (left <= 0) {
        // the subnet's alpha issuance crossed a halving: recompute from the exact issuance
        const s = emittingBuf[k]!;
        storeOne(S, k, s, block);
        s.refreshAlphaEmission();
        alphaEmA[k] = s.alphaEmission;
        alphaToHalving[k] = s.alphaToHalving;
        ocA[k] = Math.floor((s.alphaEmission * ownerCut[k]!) / 65535);
      }

      // §5.4 moving price, after this block's epochs; only this subnet's own state enters it,
      // and every share of this block has been computed already, so it can be updated here
      if (updatePrice) {
        const b = block - start[k]!;
        const aEff = (ma * b) / (b + h);
        let ps = x > 0 ? (w1 * y) / ((1 - w1) * x) : 0;
        if (ps > 1) ps = 1;
        mp[k] = aEff * ps + (1 - aEff) * mp[k]!;
      }
    }

    net.dIssuance += minted;
    if (fixed === null) {
      net.toHalving -= minted;
      if (net.toHalving <= 0) {
        const before = net.blockEmission;
        net.sync();
        if (net.blockEmission !== before) net.halvings.push({ block, emission: net.blockEmission });
      }
    }
  }
  net.rootSell = rootSell;
  for (let k = 0; k < K; k++) storeOne(S, k, emittingBuf[k]!, to);
}

/** One block's coinbase (§4.1 steps 1–4) without the moving-price update. */
export function coinbaseBlock(net: CoinbaseNetwork, subs: readonly CoinbaseSubnet[], block: number): void {
  runBlocks(net, subs, block, block, false);
}

/**
 * §5.4: after the block's epochs, each emitting subnet's moving price
 *   α_eff = SubnetMovingAlpha · b/(b + h),   EMA ← α_eff·min(p, 1) + (1 − α_eff)·EMA
 * with b = blocks since start_call and h the EMA price halving period.
 */
export function updateMovingPrices(net: CoinbaseNetwork, subs: readonly CoinbaseSubnet[], block: number): void {
  const ma = net.movingAlpha;
  const h = net.emaHalvingBlocks;
  for (let i = 0; i < subs.length; i++) {
    const s = subs[i]!;
    if (!s.emitting) continue;
    const b = block - s.startBlock;
    const aEff = (ma * b) / (b + h);
    let p = priceNum(s.tao, s.alphaIn, s.weightAlpha);
    if (p > 1) p = 1;
    s.movingPrice = aEff * p + (1 - aEff) * s.movingPrice;
  }
}
