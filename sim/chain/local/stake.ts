/**
 * Alpha stake per (hotkey, subnet) as a share pool: every coldkey staked on a hotkey holds
 * shares; the hotkey's alpha total grows with its dividends, so nominators gain pro rata
 * (MECHANISM.md §4.3 step 4: "the rest of the alpha payout increases the hotkey's pool, i.e.
 * all its nominators pro rata"). Root (netuid 0) stake is plain TAO per hotkey (stable, 1:1).
 *
 * Exact in bigint: the hotkey total moves by exactly the amounts credited and debited; a
 * coldkey's value is floor(shares·total / totalShares), so the sum of the coldkeys' values can be
 * below the total by at most one rao per coldkey.
 */
import { ChainError } from "../chain.js";

interface HotkeyPool {
  total: bigint;
  totalShares: bigint;
  shares: Map<string, bigint>;
}

function key(hotkey: string, netuid: number): string {
  return `${netuid}\u0000${hotkey}`;
}

export class StakeLedger {
  private readonly pools = new Map<string, HotkeyPool>();
  private readonly root = new Map<string, bigint>();
  /** Root stake per (coldkey, hotkey), for unstaking checks. */
  private readonly rootByColdkey = new Map<string, bigint>();

  private pool(hotkey: string, netuid: number, create: boolean): HotkeyPool | undefined {
    const k = key(hotkey, netuid);
    let p = this.pools.get(k);
    if (!p && create) {
      p = { total: 0n, totalShares: 0n, shares: new Map() };
      this.pools.set(k, p);
    }
    return p;
  }

  /** Total alpha staked on a hotkey on a subnet (TotalHotkeyAlpha), rao. */
  hotkeyAlpha(hotkey: string, netuid: number): bigint {
    return this.pools.get(key(hotkey, netuid))?.total ?? 0n;
  }

  /** Alpha of (coldkey, hotkey) on a subnet, rao. */
  alpha(coldkey: string, hotkey: string, netuid: number): bigint {
    const p = this.pools.get(key(hotkey, netuid));
    if (!p || p.totalShares === 0n) return 0n;
    const s = p.shares.get(coldkey) ?? 0n;
    return (s * p.total) / p.totalShares;
  }

  /** Stake `amount` for this coldkey on the hotkey (buys shares at the current rate). */
  credit(coldkey: string, hotkey: string, netuid: number, amount: bigint): void {
    if (amount < 0n) throw new RangeError(`credit: amount ${amount} rao, expected ≥ 0`);
    if (amount === 0n) return;
    const p = this.pool(hotkey, netuid, true)!;
    let newShares: bigint;
    if (p.totalShares === 0n || p.total === 0n) {
      // first staker (or an emptied pool): shares at par; any orphaned alpha goes with them
      newShares = amount + p.total;
      p.totalShares = 0n;
      p.shares.clear();
    } else {
      newShares = (amount * p.totalShares) / p.total;
    }
    p.shares.set(coldkey, (p.shares.get(coldkey) ?? 0n) + newShares);
    p.totalShares += newShares;
    p.total += amount;
  }

  /**
   * Increase the hotkey's total: all its nominators gain pro rata. If nobody holds shares yet,
   * the amount is credited to `fallbackColdkey` (the hotkey's owner).
   */
  distribute(hotkey: string, netuid: number, amount: bigint, fallbackColdkey: string): void {
    if (amount < 0n) throw new RangeError(`distribute: amount ${amount} rao, expected ≥ 0`);
    if (amount === 0n) return;
    const p = this.pool(hotkey, netuid, true)!;
    if (p.totalShares === 0n) {
      this.credit(fallbackColdkey, hotkey, netuid, amount);
      return;
    }
    p.total += amount;
  }

  /** Unstake `amount` alpha of this coldkey from the hotkey. */
  debit(coldkey: string, hotkey: string, netuid: number, amount: bigint): void {
    if (amount <= 0n) throw new ChainError("AmountTooLow", `unstake amount ${amount} rao; expected > 0`);
    const p = this.pools.get(key(hotkey, netuid));
    const have = this.alpha(coldkey, hotkey, netuid);
    if (!p || have < amount) {
      throw new ChainError(
        "NotEnoughStakeToWithdraw",
        `coldkey ${coldkey} has ${have} rao alpha on hotkey ${hotkey} (netuid ${netuid}); asked ${amount}`,
      );
    }
    const s = p.shares.get(coldkey)!;
    // shares to burn: ceil(amount·totalShares / total) ≤ s because amount ≤ floor(s·total/totalShares);
    // taking everything burns every share so no dust is left behind
    const burn = amount === have ? s : (amount * p.totalShares + p.total - 1n) / p.total;
    const left = s - burn;
    if (left === 0n) p.shares.delete(coldkey);
    else p.shares.set(coldkey, left);
    p.totalShares -= burn;
    p.total -= amount;
    if (p.totalShares === 0n && p.total > 0n) {
      // dust left by rounding with no holder: it stays with the last holder
      p.shares.set(coldkey, p.total);
      p.totalShares = p.total;
    }
  }

  /** The coldkeys staked on a hotkey with their alpha, sorted by coldkey. */
  nominators(hotkey: string, netuid: number): Array<[string, bigint]> {
    const p = this.pools.get(key(hotkey, netuid));
    if (!p) return [];
    return [...p.shares.keys()].sort().map((c) => [c, this.alpha(c, hotkey, netuid)]);
  }

  // ---- root (netuid 0): TAO staked 1:1 ----

  rootStake(hotkey: string): bigint {
    return this.root.get(hotkey) ?? 0n;
  }

  rootStakeOf(coldkey: string, hotkey: string): bigint {
    return this.rootByColdkey.get(`${coldkey}\u0000${hotkey}`) ?? 0n;
  }

  addRoot(coldkey: string, hotkey: string, amount: bigint): void {
    this.root.set(hotkey, this.rootStake(hotkey) + amount);
    const k = `${coldkey}\u0000${hotkey}`;
    this.rootByColdkey.set(k, (this.rootByColdkey.get(k) ?? 0n) + amount);
  }

  removeRoot(coldkey: string, hotkey: string, amount: bigint): void {
    const have = this.rootStakeOf(coldkey, hotkey);
    if (amount <= 0n) throw new ChainError("AmountTooLow", `unstake amount ${amount} rao; expected > 0`);
    if (have < amount) {
      throw new ChainError(
        "NotEnoughStakeToWithdraw",
        `coldkey ${coldkey} has ${have} rao root stake on hotkey ${hotkey}; asked ${amount}`,
      );
    }
    this.rootByColdkey.set(`${coldkey}\u0000${hotkey}`, have - amount);
    this.root.set(hotkey, this.rootStake(hotkey) - amount);
  }

  /** Σ over hotkeys of alpha on one subnet (the staked part of SubnetAlphaOut), rao. */
  subnetAlphaStaked(netuid: number): bigint {
    let s = 0n;
    const suffix = `${netuid}\u0000`;
    for (const [k, p] of this.pools) if (k.startsWith(suffix)) s += p.total;
    return s;
  }
}
