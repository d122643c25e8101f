/**
 * Registration rules: burned neuron registration with a dynamic burn, immunity and pruning;
 * the subnet (network) lock cost (MECHANISM.md §5.2, §5.5).
 *
 * These are pure functions; LocalChain keeps the state (burn, registrations this interval,
 * last lock) and calls them.
 */
import { ChainError } from "../chain.js";

/**
 * Burn adjustment at the end of each adjustment interval (the runtime's
 * `adjust_registration_terms`; not spelled out in MECHANISM.md):
 *   adjusted = burn · (regs + target) / (2·target)
 *   next     = α·burn + (1 − α)·adjusted      (α = AdjustmentAlpha, default 0)
 * clamped to [min_burn, max_burn]. More registrations than the target raise the cost, fewer lower
 * it (no registration halves it when α = 0).
 */
export function adjustBurn(
  burnRao: bigint,
  registrations: number,
  target: number,
  adjustmentAlpha: number,
  minBurnRao: bigint,
  maxBurnRao: bigint,
): bigint {
  if (target <= 0) throw new ChainError("InvalidValue", `target registrations ${target}; expected ≥ 1`);
  const adjusted = (burnRao * BigInt(registrations + target)) / BigInt(2 * target);
  let next = adjusted;
  if (adjustmentAlpha > 0) {
    // α·burn + (1 − α)·adjusted in doubles (the runtime uses U64F64 here); floored
    next = BigInt(Math.floor(adjustmentAlpha * Number(burnRao) + (1 - adjustmentAlpha) * Number(adjusted)));
  }
  if (next < minBurnRao) next = minBurnRao;
  if (next > maxBurnRao) next = maxBurnRao;
  return next;
}

/** A neuron is immune while block − block_at_registration < immunity_period. */
export function isImmune(blockAtRegistration: number, immunityPeriod: number, now: number): boolean {
  return now - blockAtRegistration < immunityPeriod;
}

/**
 * The UID a full subnet replaces: the non-immune UID with the lowest emission (the last epoch's
 * `Emission`); ties go to the earliest registration, then the lowest UID. The subnet owner's
 * UID is never pruned. If every candidate is immune, the lowest-emission immune one is taken
 * (the runtime's fallback as we understand it; MECHANISM.md does not specify it).
 */
export function neuronToPrune(
  emissionRao: ArrayLike<bigint>,
  blockAtRegistration: ArrayLike<number>,
  n: number,
  immunityPeriod: number,
  now: number,
  protectedUid: number,
): number {
  let best = -1;
  let bestImmune = true;
  for (let uid = 0; uid < n; uid++) {
    if (uid === protectedUid) continue;
    const immune = isImmune(blockAtRegistration[uid]!, immunityPeriod, now);
    if (best < 0) {
      best = uid;
      bestImmune = immune;
      continue;
    }
    if (immune !== bestImmune) {
      if (!immune) {
        best = uid;
        bestImmune = false;
      }
      continue;
    }
    const e = emissionRao[uid]!;
    const be = emissionRao[best]!;
    if (e < be || (e === be && blockAtRegistration[uid]! < blockAtRegistration[best]!)) best = uid;
  }
  if (best < 0) throw new ChainError("NoNeuronIdAvailable", `no prunable UID among ${n} (owner UID ${protectedUid})`);
  return best;
}

/**
 * NetworkLockReductionInterval scaled by the halving: interval · (block emission / 1 TAO), so
 * 100,800 blocks before the first halving and 50,400 after it (§5.5).
 */
export function lockReductionInterval(baseIntervalBlocks: number, blockEmissionRao: bigint): bigint {
  return (BigInt(baseIntervalBlocks) * blockEmissionRao) / 1_000_000_000n;
}

/**
 * §5.5 lock cost: max(min_lock, last_lock·m − (last_lock / interval)·(now − last_lock_block)),
 * m = 2, or 1 if nothing was ever locked; u64 integer maths, saturating at 0.
 */
export function networkLockCost(
  lastLockRao: bigint,
  lastLockBlock: number,
  everLocked: boolean,
  now: number,
  minLockRao: bigint,
  intervalBlocks: bigint,
): bigint {
  const m = everLocked ? 2n : 1n;
  const perBlock = intervalBlocks > 0n ? lastLockRao / intervalBlocks : 0n;
  const elapsed = BigInt(Math.max(0, now - lastLockBlock));
  const decayed = lastLockRao * m - perBlock * elapsed;
  return decayed > minLockRao ? decayed : minLockRao;
}
