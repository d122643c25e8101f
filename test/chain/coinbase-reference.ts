/**
 * Test oracle: the straightforward per-object coinbase (one block, then the moving prices), as
 * first written in sim/chain/local/coinbase.ts before the per-block loop was moved onto typed
 * arrays. The optimised loop must leave exactly the same state.
 */
import {
  type CoinbaseNetwork,
  type CoinbaseSubnet,
  ERA_DTAO,
  ERA_FLOW,
  ERA_PRICE_BURN,
  FLOW_EMA_FACTOR,
} from "../../sim/chain/local/coinbase.js";
import { alphaOutNum, priceNum, solveWeightAlpha } from "../../sim/chain/local/pool.js";

/**
 * One block's coinbase (§4.1 steps 1–4) over the given subnets (in netuid order; the
 * non-emitting ones are skipped). Mutates the states.
 */
export function referenceCoinbaseBlock(net: CoinbaseNetwork, subs: readonly CoinbaseSubnet[], block: number): void {
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
    // price as a fraction pNum/pDen, so alpha_in = tao·pDen/pNum and tao_in = alpha·pNum/pDen
    const pNum = wa * s.tao;
    const pDen = (1 - wa) * s.alphaIn;
    let taoIn: number;
    let alphaIn: number;
    if (p > 0 && Number.isFinite(p)) {
      const raw = (taoEm * pDen) / pNum;
      if (era === ERA_DTAO) {
        // launch rule: alpha_in = min(tao_in/p, alpha_emission), tao_in unchanged, no buy
        alphaIn = Math.floor(raw < alphaEm ? raw : alphaEm);
        taoIn = taoEm;
      } else {
        // flow era: cap = alpha_emission; from 2026-06-22: cap = root_prop × alpha_emission
        const cap = era === ERA_FLOW ? alphaEm : Math.floor(rootProp * alphaEm);
        if (taoEm * pDen > cap * pNum) {
          alphaIn = cap;
          const t = Math.floor((cap * pNum) / pDen);
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
    if (s.weighted && p > 0 && alphaIn + taoIn > 0) waNew = solveWeightAlpha(pNum / pDen, tao, alpha);
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
    const server = Math.floor(a * 0.5);
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
export function referenceMovingPrices(net: CoinbaseNetwork, subs: readonly CoinbaseSubnet[], block: number): void {
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
export function referenceRunBlocks(net: CoinbaseNetwork, subs: readonly CoinbaseSubnet[], from: number, to: number): void {
  for (let b = from; b <= to; b++) {
    referenceCoinbaseBlock(net, subs, b);
    referenceMovingPrices(net, subs, b);
  }
}
