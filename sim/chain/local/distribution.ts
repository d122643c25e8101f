/**
 * distribute_emission (MECHANISM.md §4.3): pay out one epoch's drained accumulators.
 *
 * 1. E = pending_server + pending_validator + pending_root went into the epoch (§3.11), which
 *    returned per-uid server_emission and validator_emission (rao).
 * 2. If Σ server_emission = 0, the validators' pool is pending_validator + pending_server.
 * 3. Miners: each uid's server_emission becomes alpha stake of its hotkey (credited to the
 *    hotkey's owner coldkey). Owner hotkeys (the subnet owner hotkey, or any hotkey of the owner
 *    coldkey) have theirs burned; the burned fraction is MinerBurned (§5.3).
 * 4. Validators: d_h = validator_emission, rp_h = tw·root_h / (alpha_h + tw·root_h),
 *    root_div = d·rp, alpha_div = d − root_div;
 *    payout_alpha_h = pool_validator · alpha_div_h / Σ alpha_div,
 *    payout_root_h = pending_root · root_div_h / Σ root_div.
 *    The delegate take of each payout goes to the hotkey's owner coldkey; the rest of the alpha
 *    payout goes to the hotkey's nominators pro rata, the rest of the root payout becomes root
 *    claimable.
 * 5. The owner cut is staked to the owner hotkey / coldkey.
 *
 * Child keys (parent/child delegation) are not modelled: every hotkey is its own parent.
 *
 * Conservation (to the rao): the payouts are floored doubles (the chain computes them in
 * U96F32; a double's 53 bits keep the error far below one rao on amounts < 2^53), and the pools
 * are first trimmed so that miners + validator pool + root pool ≤ E (the epoch's floors can give
 * miners one rao more than pending_server). Whatever E leaves undistributed (floor dust, or a
 * pool nobody can receive because Σ alpha_div or Σ root_div is 0) is returned as `dustRao` and
 * recycled by the caller:  E = Σ incentive + burned + Σ alpha payout + Σ root payout + dust.
 */
import type { StakeLedger } from "./stake.js";

export interface DistributionInput {
  pendingServerRao: bigint;
  pendingValidatorRao: bigint;
  pendingRootRao: bigint;
  taoWeight: number;
  /** Per uid. */
  hotkeys: readonly string[];
  serverEmissionRao: readonly bigint[];
  validatorEmissionRao: readonly bigint[];
  /** Per uid: true when the hotkey belongs to the subnet owner (its incentive is burned). */
  isOwnerHotkey: readonly boolean[];
  /** Per uid: the hotkey's alpha stake on this subnet and its root stake, rao. */
  alphaStakeRao: readonly bigint[];
  rootStakeRao: readonly bigint[];
}

export interface DistributionResult {
  /** Per uid: alpha credited as miner incentive (0 for owner hotkeys). */
  incentiveRao: bigint[];
  /** Per uid: alpha dividend payout and root dividend payout (before the delegate take). */
  alphaDividendRao: bigint[];
  rootDividendRao: bigint[];
  burnedRao: bigint;
  /** Σ server_emission (incl. burned). */
  serverTotalRao: bigint;
  validatorPoolRao: bigint;
  rootPoolRao: bigint;
  /** E minus everything paid or burned. */
  dustRao: bigint;
  /** burned / Σ server_emission (0 when nothing was emitted to miners). */
  minerBurned: number;
}

/** §4.3 steps 1–4 as a pure computation. */
export function calculateDistribution(inp: DistributionInput): DistributionResult {
  const n = inp.hotkeys.length;
  const E = inp.pendingServerRao + inp.pendingValidatorRao + inp.pendingRootRao;
  const incentive: bigint[] = new Array<bigint>(n).fill(0n);
  const alphaPay: bigint[] = new Array<bigint>(n).fill(0n);
  const rootPay: bigint[] = new Array<bigint>(n).fill(0n);

  let serverTotal = 0n;
  let burned = 0n;
  for (let i = 0; i < n; i++) {
    const amt = inp.serverEmissionRao[i]!;
    serverTotal += amt;
    if (amt === 0n) continue;
    if (inp.isOwnerHotkey[i]) burned += amt;
    else incentive[i] = amt;
  }
  let validatorPool = serverTotal === 0n ? inp.pendingValidatorRao + inp.pendingServerRao : inp.pendingValidatorRao;
  let rootPool = inp.pendingRootRao;
  // trim so the total paid can never exceed E
  let room = E - serverTotal;
  if (room < 0n) room = 0n;
  if (validatorPool + rootPool > room) {
    const over = validatorPool + rootPool - room;
    const fromValidator = over < validatorPool ? over : validatorPool;
    validatorPool -= fromValidator;
    rootPool -= over - fromValidator;
  }

  // split each dividend into its alpha and root parts by the hotkey's root proportion
  const tw = inp.taoWeight;
  const alphaDiv = new Float64Array(n);
  const rootDiv = new Float64Array(n);
  let sumAlphaDiv = 0;
  let sumRootDiv = 0;
  for (let i = 0; i < n; i++) {
    const d = Number(inp.validatorEmissionRao[i]!);
    if (d === 0) continue;
    const a = Number(inp.alphaStakeRao[i]!);
    const r = tw * Number(inp.rootStakeRao[i]!);
    const rp = a + r > 0 ? r / (a + r) : 0;
    const rd = d * rp;
    rootDiv[i] = rd;
    alphaDiv[i] = d - rd;
    sumAlphaDiv += d - rd;
    sumRootDiv += rd;
  }
  const vp = Number(validatorPool);
  const rpool = Number(rootPool);
  let paidAlpha = 0n;
  let paidRoot = 0n;
  for (let i = 0; i < n; i++) {
    if (sumAlphaDiv > 0 && alphaDiv[i]! > 0) {
      alphaPay[i] = BigInt(Math.floor((vp * alphaDiv[i]!) / sumAlphaDiv));
      paidAlpha += alphaPay[i]!;
    }
    if (sumRootDiv > 0 && rootDiv[i]! > 0) {
      rootPay[i] = BigInt(Math.floor((rpool * rootDiv[i]!) / sumRootDiv));
      paidRoot += rootPay[i]!;
    }
  }
  // double rounding could, in a rare near-integer case, pay a rao over a pool: take it back
  paidAlpha -= trimOver(alphaPay, paidAlpha - validatorPool);
  paidRoot -= trimOver(rootPay, paidRoot - rootPool);
  const dust = E - serverTotal - paidAlpha - paidRoot;
  return {
    incentiveRao: incentive,
    alphaDividendRao: alphaPay,
    rootDividendRao: rootPay,
    burnedRao: burned,
    serverTotalRao: serverTotal,
    validatorPoolRao: validatorPool,
    rootPoolRao: rootPool,
    dustRao: dust,
    minerBurned: serverTotal > 0n ? Number(burned) / Number(serverTotal) : 0,
  };
}

/** Lower the largest payouts by `over` rao in total (no-op when over ≤ 0); returns what was taken. */
function trimOver(pay: bigint[], over: bigint): bigint {
  let left = over;
  while (left > 0n) {
    let best = -1;
    for (let i = 0; i < pay.length; i++) if (best < 0 || pay[i]! > pay[best]!) best = i;
    if (best < 0 || pay[best]! === 0n) break;
    const t = pay[best]! < left ? pay[best]! : left;
    pay[best] = pay[best]! - t;
    left -= t;
  }
  return over > 0n ? over - left : 0n;
}

/** Where the payouts of one hotkey went, after the delegate take. */
export interface HotkeyPayout {
  hotkey: string;
  incentiveRao: bigint;
  alphaTakeRao: bigint;
  alphaNominatorsRao: bigint;
  rootTakeRao: bigint;
  rootClaimableRao: bigint;
}

/**
 * §4.3 steps 3–5 applied to the stake ledger. `ownerOf(hotkey)` gives the hotkey's owner
 * coldkey; `takeU16(hotkey)` its delegate take; `addRootClaimable` records the root payout
 * (after take) as alpha claimable by the hotkey's root stakers.
 */
export function applyDistribution(
  ledger: StakeLedger,
  netuid: number,
  inp: DistributionInput,
  res: DistributionResult,
  ownerOf: (hotkey: string) => string,
  takeU16: (hotkey: string) => number,
  addRootClaimable: (hotkey: string, amount: bigint) => void,
): HotkeyPayout[] {
  const out: HotkeyPayout[] = [];
  for (let i = 0; i < inp.hotkeys.length; i++) {
    const hk = inp.hotkeys[i]!;
    const inc = res.incentiveRao[i]!;
    const ap = res.alphaDividendRao[i]!;
    const rp = res.rootDividendRao[i]!;
    if (inc === 0n && ap === 0n && rp === 0n) continue;
    const owner = ownerOf(hk);
    const take = BigInt(takeU16(hk));
    if (inc > 0n) ledger.credit(owner, hk, netuid, inc);
    const aTake = (ap * take) / 65535n;
    const rTake = (rp * take) / 65535n;
    // the rest goes to the nominators pro rata first, then the take is staked for the owner
    // coldkey (so the take does not share in the payout it was taken from)
    if (ap - aTake > 0n) ledger.distribute(hk, netuid, ap - aTake, owner);
    if (aTake + rTake > 0n) ledger.credit(owner, hk, netuid, aTake + rTake);
    if (rp - rTake > 0n) addRootClaimable(hk, rp - rTake);
    out.push({
      hotkey: hk,
      incentiveRao: inc,
      alphaTakeRao: aTake,
      alphaNominatorsRao: ap - aTake,
      rootTakeRao: rTake,
      rootClaimableRao: rp - rTake,
    });
  }
  return out;
}
