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
 * chain-buy output — is computed here in doubles and floored. A double carries 53 bits against
 * the chain's 32 fraction bits on values below 2^53 rao, so each such floor equals the chain's or
 * differs by one rao when the exact value sits within ~1e-6 rao of an integer. Complements are
 * taken by exact integer subtraction, so conservation holds to the rao whatever the rounding:
 *   TAO:   Σ tao_emission = Σ tao_in + Σ chain-buy TAO           (ledger.taoEmitted = injected + bought)
 *   alpha: alpha_out = owner cut + server + validator + root (+ root recycled when not selling)
 */
import type { EmissionEra, PoolKind } from "../chain.js";
import { emissionStep } from "./issuance.js";
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

  refreshAlphaEmission(): void {
    const st = emissionStep(this.alphaIssuanceRao());
    this.alphaEmission = st.emission;
    this.alphaToHalving = st.toNext;
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
    l.taoEmitted += BigInt(this.dTaoEmitted);
    l.taoInjected += BigInt(this.dTaoInjected);
    l.taoChainBuy += BigInt(this.dTaoChainBuy);
    l.alphaMinted += BigInt(this.dAlphaMinted);
    l.alphaInjected += BigInt(this.dAlphaInjected);
    l.alphaChainBought += BigInt(this.dAlphaChainBought);
    l.alphaRootRecycled += BigInt(this.dAlphaRootRecycled);
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

/**
 * One block's coinbase (§4.1 steps 1–4) over the given subnets (in netuid order; the
 * non-emitting ones are skipped). Mutates the states.
 */
export function coinbaseBlock(net: CoinbaseNetwork, subs: readonly CoinbaseSubnet[], block: number): void {
  const era = net.era;
  const E = net.fixedBlockEmission ?? net.blockEmission;
  const n = subs.length;

  // §5.3: raw share weights by era. Shares use the moving prices as of the previous block.
  let sum = 0;
  let sumPrice = 0;
  for (let i = 0; i < n; i++) {
    const s = subs[i]!;
    if (!s.emitting) continue;
    const mp = s.movingPrice;
    sumPrice += mp;
    let w: number;
    if (era === ERA_PRICE_BURN) {
      w = mp * (1 - s.minerBurned);
    } else if (era === ERA_FLOW) {
      // EMA of the net staking flow; L = max(TaoFlowCutoff = 0, min_i min(F_i, 0)) = 0, so
      // z_i = max(F_i, 0) and p = 1.
      s.flowEma = s.flowEma + FLOW_EMA_FACTOR * (s.flowBlock - s.flowEma);
      s.flowBlock = 0;
      w = s.flowEma > 0 ? s.flowEma : 0;
    } else {
      w = mp;
    }
    s.share = w;
    sum += w;
  }
  if (!(sum > 0)) {
    // Price-burn: "if the weighted sum is 0, it falls back to pure price shares" (§5.3).
    // Flow: no positive flow anywhere; the spec gives no rule, we fall back to price shares too.
    for (let i = 0; i < n; i++) {
      const s = subs[i]!;
      if (s.emitting) s.share = s.movingPrice;
    }
    sum = sumPrice;
  }
  // get_network_root_sell_flag: root alpha is kept (sold later) only when Σ EMA price > 1.
  const rootSell = sumPrice > 1;
  net.rootSell = rootSell;
  const twRoot = net.taoWeight * net.rootTao;

  let minted = 0;
  for (let i = 0; i < n; i++) {
    const s = subs[i]!;
    if (!s.emitting) continue;
    const share = sum > 0 ? s.share / sum : 0;
    s.share = share;
    const taoEm = Math.floor(E * share);
    const alphaEm = s.alphaEmission;
    const issuance = s.alphaIn + s.alphaOut;
    const rootProp = twRoot > 0 ? twRoot / (twRoot + issuance) : 0;
    s.rootProp = rootProp;

    // §4.1 step 3 / §5.3 "alpha injection history": injection by era.
    const wa = s.weightAlpha;
    const p = priceNum(s.tao, s.alphaIn, wa);
    let taoIn: number;
    let alphaIn: number;
    if (p > 0 && Number.isFinite(p)) {
      const raw = taoEm / p;
      if (era === ERA_DTAO) {
        // launch rule: alpha_in = min(tao_in/p, alpha_emission), tao_in unchanged, no buy
        alphaIn = Math.floor(raw < alphaEm ? raw : alphaEm);
        taoIn = taoEm;
      } else {
        // flow era: cap = alpha_emission; from 2026-06-22: cap = root_prop × alpha_emission
        const cap = era === ERA_FLOW ? alphaEm : Math.floor(rootProp * alphaEm);
        if (raw > cap) {
          alphaIn = cap;
          const t = Math.floor(cap * p);
          taoIn = t < taoEm ? t : taoEm;
        } else {
          alphaIn = Math.floor(raw);
          taoIn = taoEm;
        }
      }
    } else {
      // an empty pool has no price: everything goes in as TAO (edge case, not in the spec)
      alphaIn = 0;
      taoIn = taoEm;
    }
    const excess = taoEm - taoIn;

    // inject (price-neutral: the weighted pool re-solves w_a at the pre-injection price)
    let tao = s.tao + taoIn;
    let alpha = s.alphaIn + alphaIn;
    let waNew = wa;
    if (s.weighted && p > 0 && alphaIn + taoIn > 0) waNew = solveWeightAlpha(p, tao, alpha);
    // chain buy with the excess; the bought alpha is protocol-held (SubnetAlphaOut)
    let bought = 0;
    if (excess > 0) {
      bought = alphaOutNum(tao, alpha, waNew, excess);
      tao += excess;
      alpha -= bought;
    }
    s.tao = tao;
    s.alphaIn = alpha;
    s.weightAlpha = waNew;
    s.dTao += taoIn + excess;
    s.dAlphaIn += alphaIn - bought;

    // §4.1 step 4: alpha_out = alpha_emission, split
    const oc = Math.floor((alphaEm * s.ownerCutU16) / 65535);
    const a = alphaEm - oc;
    const server = Math.floor(a / 2);
    let root = Math.floor(rootProp * a * 0.5);
    const validator = a - server - root; // 0.5·a' − root_alpha, remainder of the floors included
    let recycled = 0;
    if (!rootSell) {
      recycled = root;
      root = 0;
    }
    s.pendingOwnerCut += oc;
    s.pendingServer += server;
    s.pendingValidator += validator;
    s.pendingRoot += root;
    const outDelta = alphaEm + bought - recycled;
    s.alphaOut += outDelta;
    s.dAlphaOut += outDelta;

    s.lastTaoIn = taoIn;
    s.lastAlphaIn = alphaIn;
    s.lastExcessTao = excess;
    s.dTaoEmitted += taoEm;
    s.dTaoInjected += taoIn;
    s.dTaoChainBuy += excess;
    s.dAlphaMinted += alphaEm;
    s.dAlphaInjected += alphaIn;
    s.dAlphaChainBought += bought;
    s.dAlphaRootRecycled += recycled;
    minted += taoEm;

    s.alphaToHalving -= alphaIn + alphaEm - recycled;
    if (s.alphaToHalving <= 0) s.refreshAlphaEmission();
  }

  net.dIssuance += minted;
  if (net.fixedBlockEmission === null) {
    net.toHalving -= minted;
    if (net.toHalving <= 0) {
      const before = net.blockEmission;
      net.sync();
      if (net.blockEmission !== before) net.halvings.push({ block, emission: net.blockEmission });
    }
  }
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

/** Blocks [from, to] with no event in them: coinbase then moving price, per block. */
export function runBlocks(net: CoinbaseNetwork, subs: readonly CoinbaseSubnet[], from: number, to: number): void {
  for (let b = from; b <= to; b++) {
    coinbaseBlock(net, subs, b);
    updateMovingPrices(net, subs, b);
  }
}
