/**
 * LocalChain: the embedded, deterministic, in-process model of the subtensor runtime behind the
 * `Chain` interface (sim/chain/chain.ts). Specification: MECHANISM.md §2, §4, §5, §6.
 *
 * Time. `advanceTo(b)` runs blocks current+1 … b. Each block: coinbase (§4.1 steps 1–4), then
 * burn adjustments, then the epochs that are due (§4.2: block − LastEpochBlock ≥ tempo, with
 * LastEpochBlock = creation block − (netuid mod tempo); at most MaxEpochsPerBlock per block, the
 * rest deferred a block, most overdue first; pending commits revealed just before their subnet's
 * epoch, §6), then the moving prices (§4.1 step 5). Blocks without an epoch or a burn adjustment
 * run in one typed-array loop (coinbase.ts). Calls made between two advances act at the current
 * block, after its block step.
 *
 * Genesis. Until the first `advanceTo` past the starting block, calls build a genesis state (as a
 * fork would find it): registration and network rate limits, the start-call delay and the
 * SubtokenEnabled check are not applied, genesis registrations do not count toward the burn
 * adjustment, and a subnet registered at genesis starts with its moving price at min(spot, 1)
 * (a subnet registered later starts at 0). After that every rule applies.
 *
 * Modelling choices where MECHANISM.md is silent (each also noted where it is implemented):
 * - a burned registration buys alpha with the burn and recycles it (TAO stays in the pool);
 * - the weights rate limit counts from the last set_weights / commit, not from registration;
 * - the epoch's commit block per uid is its earliest commit still waiting for a reveal;
 * - every hotkey's delegate take is the subnet's `delegateTakeU16` (there is no set_take call);
 * - undistributed epoch dust (floors, or a pool nobody can receive) is recycled;
 * - not modelled: child keys, root claims (root dividends accumulate as root-claimable alpha),
 *   AutoStakeDestination, RecycleOrBurn = Recycle, owner-cut locks, subnet pruning at the subnet
 *   limit, mechanisms > 1, owner-requested epochs (PendingEpochAt), swap fees, v2 hash commits.
 *
 * Determinism: no randomness, no clock; subnets are iterated in netuid order, UIDs in order,
 * maps only looked up (or iterated after sorting keys).
 */
import type {
  Chain,
  ChainEvent,
  ChainHead,
  Metagraph,
  NetworkParams,
  SparseRow,
  SubnetParams,
  SubnetState,
} from "../chain.js";
import { ChainError } from "../chain.js";
import { CoinbaseNetwork, CoinbaseSubnet, runBlocks, updateMovingPrices } from "./coinbase.js";
import { defaultNetworkParams, MAX_TEMPO, MIN_STAKE_RAO, SUBNET_LIMIT } from "./defaults.js";
import { applyDistribution, calculateDistribution, type DistributionInput } from "./distribution.js";
import { clonePool, spotPrice, swapAlphaForTao, swapTaoForAlpha } from "./pool.js";
import { adjustBurn, lockReductionInterval, networkLockCost, neuronToPrune } from "./registry.js";
import { type EpochInput, runSubnetEpoch, type SubnetEpochFn } from "./subnet-epoch.js";
import { StakeLedger } from "./stake.js";
import { CommitQueue, EMPTY_ROW, storedRow, validateWeights } from "./weights.js";

export interface LocalChainOptions {
  /** Block the chain starts at (default 0). */
  startBlock?: number;
  /** The epoch function (default: `runEpoch` of epoch.ts, through subnet-epoch.ts). */
  epoch?: SubnetEpochFn;
}

/** Alpha accounting of one subnet, rao: minted = paid + burned + recycled + pending. */
export interface SubnetLedger {
  alphaMinted: bigint;
  paidIncentive: bigint;
  paidAlphaDividends: bigint;
  paidRootDividends: bigint;
  paidOwnerCut: bigint;
  burnedOwnerIncentive: bigint;
  recycledRootAlpha: bigint;
  recycledDust: bigint;
  pending: bigint;
  /** TAO: emitted to the subnet = injected into the pool + spent on chain buys. */
  taoEmitted: bigint;
  taoInjected: bigint;
  taoChainBuy: bigint;
  alphaInjected: bigint;
  alphaChainBought: bigint;
  /** Alpha bought with registration burns and recycled (not part of alphaMinted). */
  recycledRegistrationAlpha: bigint;
}

class SubnetRecord {
  readonly netuid: number;
  readonly owner: { coldkey: string; hotkey: string };
  readonly params: SubnetParams;
  readonly cb: CoinbaseSubnet;
  readonly registeredBlock: number;
  readonly lockedRao: bigint;
  startCallBlock: number | null = null;

  // neurons, capacity maxUids
  n = 0;
  hotkeys: string[] = [];
  uidOf = new Map<string, number>();
  lastUpdate: Float64Array;
  blockAtRegistration: Float64Array;
  /** Block of the last set_weights / commit, for the rate limit (−Infinity: never). */
  weightsSetBlock: Float64Array;
  validatorPermit: Uint8Array;
  active: Uint8Array;
  stakeWeightU16: Uint16Array;
  consensusU16: Uint16Array;
  incentiveU16: Uint16Array;
  dividendsU16: Uint16Array;
  validatorTrustU16: Uint16Array;
  emissionRao: BigUint64Array;
  weights: SparseRow[] = [];
  bonds: SparseRow[] = [];

  // registration
  burnRao: bigint;
  registrationsThisInterval = 0;
  registrationsThisBlock = 0;
  registrationBlock = -1;
  lastAdjustmentBlock: number;

  // epochs
  lastEpochBlock: number;
  /** LastMechansimStepBlock: block of the last epoch (0 = none yet). */
  lastMechanismStepBlock = 0;
  epochIndex = 0;
  commits = new CommitQueue();

  // alpha ledger beyond the coinbase's
  paidIncentive = 0n;
  paidAlphaDividends = 0n;
  paidRootDividends = 0n;
  paidOwnerCut = 0n;
  burnedOwnerIncentive = 0n;
  recycledDust = 0n;
  recycledRegistrationAlpha = 0n;
  /** Alpha credited as genesis stake (endowStake), rao: outstanding from the start. */
  genesisStakeRao = 0n;

  constructor(
    netuid: number,
    owner: { coldkey: string; hotkey: string },
    params: SubnetParams,
    cb: CoinbaseSubnet,
    block: number,
    lockedRao: bigint,
  ) {
    this.netuid = netuid;
    this.owner = owner;
    this.params = params;
    this.cb = cb;
    this.registeredBlock = block;
    this.lockedRao = lockedRao;
    const cap = params.maxUids;
    this.lastUpdate = new Float64Array(cap);
    this.blockAtRegistration = new Float64Array(cap);
    this.weightsSetBlock = new Float64Array(cap).fill(Number.NEGATIVE_INFINITY);
    this.validatorPermit = new Uint8Array(cap);
    this.active = new Uint8Array(cap);
    this.stakeWeightU16 = new Uint16Array(cap);
    this.consensusU16 = new Uint16Array(cap);
    this.incentiveU16 = new Uint16Array(cap);
    this.dividendsU16 = new Uint16Array(cap);
    this.validatorTrustU16 = new Uint16Array(cap);
    this.emissionRao = new BigUint64Array(cap);
    this.burnRao = params.initialBurnRao;
    this.lastAdjustmentBlock = block;
    // §4.2: at creation LastEpochBlock = now − (netuid mod tempo), a stagger
    this.lastEpochBlock = block - (netuid % params.tempo);
  }

  /** Next block at which this subnet's epoch is due (§4.2; MAX_TEMPO bounds it too). */
  epochDue(): number {
    return this.lastEpochBlock + Math.min(this.params.tempo, MAX_TEMPO);
  }

  adjustmentDue(): number {
    return this.lastAdjustmentBlock + this.params.adjustmentIntervalBlocks;
  }
}

function validateSubnetParams(p: SubnetParams): void {
  const bad = (what: string, v: unknown, expected: string): never => {
    throw new ChainError("InvalidValue", `subnet param ${what} = ${String(v)}; expected ${expected}`);
  };
  if (!Number.isInteger(p.tempo) || p.tempo < 1 || p.tempo > MAX_TEMPO) bad("tempo", p.tempo, `1..${MAX_TEMPO}`);
  if (!Number.isInteger(p.maxUids) || p.maxUids < 1 || p.maxUids > 65535) bad("maxUids", p.maxUids, "1..65535");
  if (p.maxValidators < 1) bad("maxValidators", p.maxValidators, "≥ 1");
  if (p.ownerCutU16 < 0 || p.ownerCutU16 > 65535) bad("ownerCutU16", p.ownerCutU16, "0..65535");
  if (p.delegateTakeU16 < 0 || p.delegateTakeU16 > 65535) bad("delegateTakeU16", p.delegateTakeU16, "0..65535");
  if (p.revealPeriodEpochs < 1 || p.revealPeriodEpochs > 100) bad("revealPeriodEpochs", p.revealPeriodEpochs, "1..100");
  if (p.targetRegistrationsPerInterval < 1) bad("targetRegistrationsPerInterval", p.targetRegistrationsPerInterval, "≥ 1");
  if (p.adjustmentIntervalBlocks < 1) bad("adjustmentIntervalBlocks", p.adjustmentIntervalBlocks, "≥ 1");
  if (p.minBurnRao > p.maxBurnRao) bad("minBurnRao", p.minBurnRao, `≤ maxBurnRao ${p.maxBurnRao}`);
  if (p.pool.taoRao < 0n || p.pool.alphaRao < 0n) bad("pool", `${p.pool.taoRao}/${p.pool.alphaRao}`, "≥ 0");
  if (p.pool.taoRao > 0n && p.pool.alphaRao === 0n) bad("pool.alphaRao", 0, "> 0 when pool.taoRao is set");
}

function median(xs: number[]): number {
  if (xs.length === 0) return 1;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export class LocalChain implements Chain {
  readonly backend = "local" as const;
  readonly network: NetworkParams;
  private readonly epochFn: SubnetEpochFn;
  private block: number;
  private genesis = true;
  private readonly net: CoinbaseNetwork;
  private readonly balances = new Map<string, bigint>();
  private readonly hotkeyOwner = new Map<string, string>();
  private readonly stake = new StakeLedger();
  private readonly rootClaimableMap = new Map<string, bigint>();
  private readonly subnetsByNetuid = new Map<number, SubnetRecord>();
  /** Subnet records and their coinbase states, in netuid order. */
  private records: SubnetRecord[] = [];
  private cbSubs: CoinbaseSubnet[] = [];
  private events: ChainEvent[] = [];

  // network registration (§5.5)
  private lastLockRao = 0n;
  private lastLockBlock = 0;
  private everLocked = false;
  private lastNetworkRegistrationBlock = Number.NEGATIVE_INFINITY;

  // TAO sources for accounting
  private endowedRao = 0n;
  private genesisPoolTaoRao = 0n;
  private readonly initialRootTaoRao: bigint;
  private userRootTaoRao = 0n;

  /**
   * @param network network parameters; missing fields take the runtime defaults (defaults.ts)
   * @param options start block and the epoch function
   */
  constructor(network: Partial<NetworkParams> = {}, options: LocalChainOptions = {}) {
    this.network = { ...defaultNetworkParams(), ...network };
    this.epochFn = options.epoch ?? runSubnetEpoch;
    this.block = options.startBlock ?? 0;
    const np = this.network;
    this.net = new CoinbaseNetwork(
      np.era,
      np.taoWeight,
      np.rootTaoRao,
      np.subnetMovingAlpha,
      np.emaPriceHalvingBlocks,
      np.initialIssuanceRao,
    );
    this.initialRootTaoRao = np.rootTaoRao;
  }

  // ---------------------------------------------------------------- time

  async head(): Promise<ChainHead> {
    return this.headSync();
  }

  headSync(): ChainHead {
    return {
      block: this.block,
      blockEmissionRao: BigInt(this.net.fixedBlockEmission ?? this.net.blockEmission),
      totalIssuanceRao: this.net.issuanceRao(),
    };
  }

  async advanceTo(block: number): Promise<ChainEvent[]> {
    return this.advanceToSync(block);
  }

  /** advanceTo without the promise (benchmarks, tests). */
  advanceToSync(target: number): ChainEvent[] {
    if (!Number.isInteger(target) || target < this.block) {
      throw new ChainError("InvalidBlock", `advanceTo(${target}); expected an integer ≥ the current block ${this.block}`);
    }
    if (target > this.block) this.genesis = false;
    const net = this.net;
    const subs = this.cbSubs;
    while (this.block < target) {
      // the next block that has anything besides coinbase + moving price
      let next = target;
      for (const r of this.records) {
        const e = Math.max(r.epochDue(), this.block + 1);
        if (e < next) next = e;
        const a = Math.max(r.adjustmentDue(), this.block + 1);
        if (a < next) next = a;
      }
      // blocks up to `next` in one loop, leaving out `next`'s moving-price update
      runBlocks(net, subs, this.block + 1, next, false);
      this.flushHalvings();
      this.block = next;
      this.blockEvents(next);
      updateMovingPrices(net, subs, next);
    }
    for (const s of subs) s.sync();
    net.sync();
    const out = this.events;
    this.events = [];
    return out;
  }

  private flushHalvings(): void {
    const h = this.net.halvings;
    if (h.length === 0) return;
    for (const x of h) this.events.push({ kind: "halving", block: x.block, blockEmissionRao: BigInt(x.emission) });
    h.length = 0;
  }

  /** Burn adjustments and epochs of one block. */
  private blockEvents(block: number): void {
    for (const r of this.records) {
      if (block - r.lastAdjustmentBlock >= r.params.adjustmentIntervalBlocks) {
        const p = r.params;
        r.burnRao = adjustBurn(
          r.burnRao,
          r.registrationsThisInterval,
          p.targetRegistrationsPerInterval,
          p.adjustmentAlpha ?? 0,
          p.minBurnRao,
          p.maxBurnRao,
        );
        r.registrationsThisInterval = 0;
        r.lastAdjustmentBlock = block;
      }
    }
    // §4.2: at most MaxEpochsPerBlock epochs per block; the rest stay due for the next block.
    // The most overdue go first (ties: lower netuid), so a deferred subnet is never starved.
    const maxEpochs = this.network.maxEpochsPerBlock ?? 2;
    const due: SubnetRecord[] = [];
    for (const r of this.records) if (block >= r.epochDue()) due.push(r);
    if (due.length > maxEpochs) due.sort((x, y) => x.epochDue() - y.epochDue() || x.netuid - y.netuid);
    for (let i = 0; i < due.length && i < maxEpochs; i++) this.runEpoch(due[i]!, block);
  }

  // ---------------------------------------------------------------- epochs

  private runEpoch(r: SubnetRecord, block: number): void {
    const p = r.params;
    const newIndex = r.epochIndex + 1;
    // §6: reveal the commits due at this epoch, just before it runs
    for (const c of r.commits.takeDue(newIndex, p.revealPeriodEpochs)) {
      if (c.uid >= r.n || r.hotkeys[c.uid] !== c.hotkey) continue; // the UID changed hands
      let valid = true;
      for (let k = 0; k < c.row.cols.length; k++) if (c.row.cols[k]! >= r.n) valid = false;
      if (!valid) continue;
      r.weights[c.uid] = c.row;
      this.events.push({ kind: "weights-revealed", netuid: r.netuid, block, uid: c.uid });
    }

    const cb = r.cb;
    cb.sync();
    const pending = cb.drainPending();
    const E = pending.server + pending.validator + pending.root;
    const n = r.n;
    const tw = this.network.taoWeight;
    const alphaStake: bigint[] = new Array<bigint>(n);
    const rootStake: bigint[] = new Array<bigint>(n);
    const isOwnerHotkey: boolean[] = new Array<boolean>(n);
    const stakeRao = new BigUint64Array(n);
    for (let uid = 0; uid < n; uid++) {
      const hk = r.hotkeys[uid]!;
      const a = this.stake.hotkeyAlpha(hk, r.netuid);
      const root = this.stake.rootStake(hk);
      alphaStake[uid] = a;
      rootStake[uid] = root;
      // S_i = alpha + tao_weight · root (§2), floored to rao
      stakeRao[uid] = root === 0n ? a : a + BigInt(Math.floor(tw * Number(root)));
      // §4.3 step 3: the owner hotkey, or any hotkey of the owner coldkey
      isOwnerHotkey[uid] = hk === r.owner.hotkey || this.hotkeyOwner.get(hk) === r.owner.coldkey;
    }
    const ownerUid = r.uidOf.get(r.owner.hotkey);
    // §3.5 step 4: per uid, the block of its earliest commit still waiting for a reveal
    const commitBlock = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (const c of r.commits.pending()) if (c.uid < n && c.block < commitBlock[c.uid]!) commitBlock[c.uid] = c.block;
    const input: EpochInput = {
      n,
      currentBlock: block,
      activityCutoff: Math.max(1, Math.floor((p.activityCutoffFactorMilli * p.tempo) / 1000)),
      lastTempo: r.lastMechanismStepBlock === 0 ? block - p.tempo : r.lastMechanismStepBlock + 1,
      lastUpdate: r.lastUpdate.slice(0, n),
      blockAtRegistration: r.blockAtRegistration.slice(0, n),
      stakeRao,
      validatorPermits: r.validatorPermit.slice(0, n),
      weights: r.weights.slice(0, n),
      bonds: r.bonds.slice(0, n),
      stakeThreshold: p.stakeThresholdRao,
      ownerUid: ownerUid ?? null,
      maxAllowedValidators: p.maxValidators,
      kappaU16: p.kappaU16,
      bondsPenaltyU16: p.bondsPenaltyU16,
      bondsMovingAverage: p.bondsMovingAverage,
      yuma3: p.yuma3,
      liquidAlpha: p.liquidAlpha,
      alphaLowU16: p.alphaLowU16,
      alphaHighU16: p.alphaHighU16,
      alphaSigmoidSteepness: p.alphaSigmoidSteepness,
      raoEmission: E,
      commitReveal: p.commitReveal,
      commitBlock,
    };
    const out = n > 0 ? this.epochFn(input) : null;

    const serverEm: bigint[] = new Array<bigint>(n).fill(0n);
    const validatorEm: bigint[] = new Array<bigint>(n).fill(0n);
    if (out) {
      for (let uid = 0; uid < n; uid++) {
        r.active[uid] = out.active[uid]!;
        r.validatorPermit[uid] = out.newValidatorPermits[uid]!;
        r.stakeWeightU16[uid] = out.stakeWeightU16[uid]!;
        r.consensusU16[uid] = out.consensusU16[uid]!;
        r.incentiveU16[uid] = out.incentiveU16[uid]!;
        r.dividendsU16[uid] = out.dividendsU16[uid]!;
        r.validatorTrustU16[uid] = out.validatorTrustU16[uid]!;
        r.emissionRao[uid] = out.emission[uid]!;
        r.bonds[uid] = out.bonds[uid] ?? EMPTY_ROW;
        serverEm[uid] = out.serverEmission[uid]!;
        validatorEm[uid] = out.validatorEmission[uid]!;
      }
    }

    // §4.3 distribute_emission
    const dist: DistributionInput = {
      pendingServerRao: pending.server,
      pendingValidatorRao: pending.validator,
      pendingRootRao: pending.root,
      taoWeight: tw,
      hotkeys: r.hotkeys,
      serverEmissionRao: serverEm,
      validatorEmissionRao: validatorEm,
      isOwnerHotkey,
      alphaStakeRao: alphaStake,
      rootStakeRao: rootStake,
    };
    const res = calculateDistribution(dist);
    applyDistribution(
      this.stake,
      r.netuid,
      dist,
      res,
      (hk) => this.hotkeyOwner.get(hk)!,
      () => p.delegateTakeU16,
      (hk, amt) => {
        const k = `${r.netuid}\u0000${hk}`;
        this.rootClaimableMap.set(k, (this.rootClaimableMap.get(k) ?? 0n) + amt);
      },
    );
    // §4.3 step 5: the owner cut is staked to the owner hotkey / coldkey
    if (pending.ownerCut > 0n) this.stake.credit(r.owner.coldkey, r.owner.hotkey, r.netuid, pending.ownerCut);

    let incentive = 0n;
    let alphaDiv = 0n;
    let rootDiv = 0n;
    for (let uid = 0; uid < n; uid++) {
      incentive += res.incentiveRao[uid]!;
      alphaDiv += res.alphaDividendRao[uid]!;
      rootDiv += res.rootDividendRao[uid]!;
    }
    r.paidIncentive += incentive;
    r.paidAlphaDividends += alphaDiv;
    r.paidRootDividends += rootDiv;
    r.paidOwnerCut += pending.ownerCut;
    r.burnedOwnerIncentive += res.burnedRao;
    r.recycledDust += res.dustRao;
    // burned and recycled alpha leaves SubnetAlphaOut (cb was synced above: no deltas pending)
    const gone = res.burnedRao + res.dustRao;
    if (gone > 0n) {
      cb.alphaOutBase -= gone;
      cb.alphaOut = Number(cb.alphaOutBase);
      cb.refreshAlphaEmission();
    }
    cb.minerBurned = res.minerBurned;

    r.lastEpochBlock = block;
    r.lastMechanismStepBlock = block;
    r.epochIndex = newIndex;
    this.events.push({
      kind: "epoch",
      netuid: r.netuid,
      block,
      serverRao: incentive,
      validatorRao: alphaDiv + rootDiv,
      burnedRao: res.burnedRao,
      ownerCutRao: pending.ownerCut,
      rootRao: rootDiv,
      dustRao: res.dustRao,
    });
  }

  // ---------------------------------------------------------------- accounts

  async endow(coldkey: string, taoRao: bigint): Promise<void> {
    this.endowSync(coldkey, taoRao);
  }

  endowSync(coldkey: string, taoRao: bigint): void {
    if (taoRao < 0n) throw new ChainError("InvalidValue", `endow ${coldkey} with ${taoRao} rao; expected ≥ 0`);
    this.balances.set(coldkey, (this.balances.get(coldkey) ?? 0n) + taoRao);
    this.endowedRao += taoRao;
  }

  async balance(coldkey: string): Promise<bigint> {
    return this.balances.get(coldkey) ?? 0n;
  }

  private debitBalance(coldkey: string, amount: bigint, error: string, what: string): void {
    const have = this.balances.get(coldkey) ?? 0n;
    if (have < amount) throw new ChainError(error, `coldkey ${coldkey} has ${have} rao; ${what} needs ${amount}`);
    this.balances.set(coldkey, have - amount);
  }

  private creditBalance(coldkey: string, amount: bigint): void {
    this.balances.set(coldkey, (this.balances.get(coldkey) ?? 0n) + amount);
  }

  /** Claim a hotkey for a coldkey (first use); another coldkey's hotkey is refused. */
  private claimHotkey(coldkey: string, hotkey: string): void {
    const owner = this.hotkeyOwner.get(hotkey);
    if (owner === undefined) this.hotkeyOwner.set(hotkey, coldkey);
    else if (owner !== coldkey) {
      throw new ChainError("NonAssociatedColdKey", `hotkey ${hotkey} belongs to coldkey ${owner}, not ${coldkey}`);
    }
  }

  // ---------------------------------------------------------------- subnets

  async networkLockCost(): Promise<bigint> {
    return this.networkLockCostSync();
  }

  networkLockCostSync(): bigint {
    const interval = lockReductionInterval(
      this.network.lockReductionIntervalBlocks,
      BigInt(this.net.fixedBlockEmission ?? this.net.blockEmission),
    );
    return networkLockCost(
      this.lastLockRao,
      this.lastLockBlock,
      this.everLocked,
      this.block,
      this.network.minLockCostRao,
      interval,
    );
  }

  async registerNetwork(coldkey: string, hotkey: string, params: SubnetParams): Promise<number> {
    return this.registerNetworkSync(coldkey, hotkey, params);
  }

  registerNetworkSync(coldkey: string, hotkey: string, paramsIn: SubnetParams): number {
    validateSubnetParams(paramsIn);
    const params: SubnetParams = { ...paramsIn, pool: { ...paramsIn.pool } };
    const rate = this.network.networkRateLimitBlocks ?? 7200;
    if (!this.genesis && this.block - this.lastNetworkRegistrationBlock < rate) {
      throw new ChainError(
        "NetworkTxRateLimitExceeded",
        `last subnet registered at block ${this.lastNetworkRegistrationBlock}, now ${this.block}; expected ${rate} blocks between`,
      );
    }
    if (this.records.length >= SUBNET_LIMIT) {
      throw new ChainError("SubnetLimitReached", `${this.records.length} subnets; expected fewer than ${SUBNET_LIMIT}`);
    }
    const owner = this.hotkeyOwner.get(hotkey);
    if (owner !== undefined && owner !== coldkey) {
      throw new ChainError("NonAssociatedColdKey", `hotkey ${hotkey} belongs to coldkey ${owner}, not ${coldkey}`);
    }
    const cost = this.networkLockCostSync();
    this.debitBalance(coldkey, cost, "NotEnoughBalanceToStake", "the network lock cost");
    this.claimHotkey(coldkey, hotkey);
    this.lastLockRao = cost;
    this.lastLockBlock = this.block;
    this.everLocked = true;
    this.lastNetworkRegistrationBlock = this.block;

    let netuid = 1;
    while (this.subnetsByNetuid.has(netuid)) netuid++;

    let tao: bigint;
    let alpha: bigint;
    let locked: bigint;
    let movingPrice = 0;
    if (params.pool.taoRao > 0n) {
      // genesis override: the pool as given; the lock stays locked
      tao = params.pool.taoRao;
      alpha = params.pool.alphaRao;
      locked = cost;
      this.genesisPoolTaoRao += tao;
    } else {
      // §5.5: the locked TAO becomes the TAO reserve; alpha = tao / median(subnet prices)
      tao = cost;
      const m = median(this.records.map((r) => r.cb.price()));
      alpha = m > 0 ? BigInt(Math.floor(Number(tao) / m)) : tao;
      if (alpha === 0n) alpha = 1n;
      locked = 0n;
    }
    const cb = new CoinbaseSubnet(netuid, params.pool.kind, tao, alpha, params.ownerCutU16, 0);
    if (this.genesis) movingPrice = Math.min(cb.price(), 1);
    cb.movingPrice = movingPrice;
    const rec = new SubnetRecord(netuid, { coldkey, hotkey }, params, cb, this.block, locked);
    this.subnetsByNetuid.set(netuid, rec);
    this.records = [...this.subnetsByNetuid.keys()].sort((a, b) => a - b).map((k) => this.subnetsByNetuid.get(k)!);
    this.cbSubs = this.records.map((r) => r.cb);
    // the owner hotkey takes UID 0
    this.appendNeuron(rec, hotkey);
    this.events.push({ kind: "registered", netuid, block: this.block, uid: 0, hotkey, burnRao: 0n });
    return netuid;
  }

  async startCall(netuid: number, coldkey: string): Promise<void> {
    this.startCallSync(netuid, coldkey);
  }

  startCallSync(netuid: number, coldkey: string): void {
    const r = this.record(netuid);
    if (r.owner.coldkey !== coldkey) {
      throw new ChainError("NotSubnetOwner", `coldkey ${coldkey} does not own subnet ${netuid} (owner ${r.owner.coldkey})`);
    }
    if (r.startCallBlock !== null) {
      throw new ChainError("FirstEmissionBlockNumberAlreadySet", `subnet ${netuid} started at block ${r.startCallBlock}`);
    }
    const delay = this.network.startCallDelayBlocks ?? 50_400;
    if (!this.genesis && this.block < r.registeredBlock + delay) {
      throw new ChainError(
        "NeedWaitingMoreBlocksToStarCall",
        `subnet ${netuid} registered at ${r.registeredBlock}; start_call allowed from block ${r.registeredBlock + delay}, now ${this.block}`,
      );
    }
    r.startCallBlock = this.block;
    r.cb.emitting = true;
    r.cb.startBlock = this.block;
  }

  private record(netuid: number): SubnetRecord {
    const r = this.subnetsByNetuid.get(netuid);
    if (!r) throw new ChainError("SubnetNotExists", `netuid ${netuid}; expected one of [${[...this.subnetsByNetuid.keys()].sort((a, b) => a - b).join(", ")}]`);
    return r;
  }

  async subnet(netuid: number): Promise<SubnetState> {
    return this.subnetSync(netuid);
  }

  subnetSync(netuid: number): SubnetState {
    const r = this.record(netuid);
    const cb = r.cb;
    cb.sync();
    return {
      netuid,
      owner: { ...r.owner },
      params: { ...r.params, pool: { ...r.params.pool } },
      taoInRao: cb.taoBase,
      alphaInRao: cb.alphaInBase,
      alphaOutRao: cb.alphaOutBase,
      price: cb.price(),
      movingPrice: cb.movingPrice,
      emissionShare: cb.emitting ? cb.share : 0,
      burnRao: r.burnRao,
      lastEpochBlock: r.lastEpochBlock,
      pendingServerRao: BigInt(cb.pendingServer),
      pendingValidatorRao: BigInt(cb.pendingValidator),
      pendingRootRao: BigInt(cb.pendingRoot),
      pendingOwnerCutRao: BigInt(cb.pendingOwnerCut),
      emitting: cb.emitting,
      startCallBlock: r.startCallBlock,
      alphaEmissionRao: BigInt(cb.alphaEmission),
      rootProp: cb.rootProp,
      minerBurned: cb.minerBurned,
      taoFlowEma: cb.flowEma,
      poolWeightAlpha: cb.weightAlpha,
      epochIndex: r.epochIndex,
      lockedRao: r.lockedRao,
    };
  }

  async subnets(): Promise<number[]> {
    return this.records.map((r) => r.netuid);
  }

  /** The alpha and TAO accounting of a subnet (see SubnetLedger). */
  ledger(netuid: number): SubnetLedger {
    const r = this.record(netuid);
    r.cb.sync();
    const l = r.cb.ledger;
    const cb = r.cb;
    return {
      alphaMinted: l.alphaMinted,
      paidIncentive: r.paidIncentive,
      paidAlphaDividends: r.paidAlphaDividends,
      paidRootDividends: r.paidRootDividends,
      paidOwnerCut: r.paidOwnerCut,
      burnedOwnerIncentive: r.burnedOwnerIncentive,
      recycledRootAlpha: l.alphaRootRecycled,
      recycledDust: r.recycledDust,
      pending: BigInt(cb.pendingServer + cb.pendingValidator + cb.pendingRoot + cb.pendingOwnerCut),
      taoEmitted: l.taoEmitted,
      taoInjected: l.taoInjected,
      taoChainBuy: l.taoChainBuy,
      alphaInjected: l.alphaInjected,
      alphaChainBought: l.alphaChainBought,
      recycledRegistrationAlpha: r.recycledRegistrationAlpha,
    };
  }

  /**
   * TAO accounting: where every TAO is (free balances, pools, locks, root stake) and where it came
   * from (endowments, genesis pools, root TAO at genesis, minted emission). The two are equal.
   */
  taoAccounts(): { held: bigint; sources: bigint } {
    let held = 0n;
    for (const k of [...this.balances.keys()].sort()) held += this.balances.get(k)!;
    let minted = 0n;
    for (const r of this.records) {
      r.cb.sync();
      held += r.cb.taoBase + r.lockedRao;
      minted += r.cb.ledger.taoEmitted;
    }
    held += this.initialRootTaoRao + this.userRootTaoRao;
    return { held, sources: this.endowedRao + this.genesisPoolTaoRao + this.initialRootTaoRao + minted };
  }

  /** Alpha from root dividends waiting to be claimed by a hotkey's root stakers, rao. */
  rootClaimable(hotkey: string, netuid: number): bigint {
    return this.rootClaimableMap.get(`${netuid}\u0000${hotkey}`) ?? 0n;
  }

  /** Σ alpha staked on a subnet (all hotkeys) plus its root-claimable alpha, rao. */
  alphaHeld(netuid: number): bigint {
    let s = this.stake.subnetAlphaStaked(netuid);
    const prefix = `${netuid}\u0000`;
    for (const k of [...this.rootClaimableMap.keys()].sort()) if (k.startsWith(prefix)) s += this.rootClaimableMap.get(k)!;
    return s;
  }

  // ---------------------------------------------------------------- neurons

  private appendNeuron(r: SubnetRecord, hotkey: string): number {
    const uid = r.n++;
    r.hotkeys.push(hotkey);
    r.weights.push(EMPTY_ROW);
    r.bonds.push(EMPTY_ROW);
    this.resetNeuron(r, uid, hotkey);
    return uid;
  }

  private resetNeuron(r: SubnetRecord, uid: number, hotkey: string): void {
    r.hotkeys[uid] = hotkey;
    r.uidOf.set(hotkey, uid);
    r.blockAtRegistration[uid] = this.block;
    r.lastUpdate[uid] = this.block;
    r.weightsSetBlock[uid] = Number.NEGATIVE_INFINITY;
    r.validatorPermit[uid] = 0;
    r.active[uid] = 1;
    r.stakeWeightU16[uid] = 0;
    r.consensusU16[uid] = 0;
    r.incentiveU16[uid] = 0;
    r.dividendsU16[uid] = 0;
    r.validatorTrustU16[uid] = 0;
    r.emissionRao[uid] = 0n;
    r.weights[uid] = EMPTY_ROW;
    r.bonds[uid] = EMPTY_ROW;
  }

  async burnedRegister(netuid: number, coldkey: string, hotkey: string): Promise<number> {
    return this.burnedRegisterSync(netuid, coldkey, hotkey);
  }

  burnedRegisterSync(netuid: number, coldkey: string, hotkey: string): number {
    const r = this.record(netuid);
    const p = r.params;
    if (r.registrationBlock !== this.block) {
      r.registrationBlock = this.block;
      r.registrationsThisBlock = 0;
    }
    if (!this.genesis) {
      const perBlock = p.maxRegistrationsPerBlock ?? 1;
      if (r.registrationsThisBlock >= perBlock) {
        throw new ChainError(
          "TooManyRegistrationsThisBlock",
          `subnet ${netuid} had ${r.registrationsThisBlock} registrations at block ${this.block}; expected at most ${perBlock}`,
        );
      }
      const perInterval = 3 * p.targetRegistrationsPerInterval;
      if (r.registrationsThisInterval >= perInterval) {
        throw new ChainError(
          "TooManyRegistrationsThisInterval",
          `subnet ${netuid} had ${r.registrationsThisInterval} registrations this interval; expected at most ${perInterval}`,
        );
      }
    }
    if (r.uidOf.has(hotkey)) {
      throw new ChainError("HotKeyAlreadyRegisteredInSubNet", `hotkey ${hotkey} is UID ${r.uidOf.get(hotkey)} on subnet ${netuid}`);
    }
    const owner = this.hotkeyOwner.get(hotkey);
    if (owner !== undefined && owner !== coldkey) {
      throw new ChainError("NonAssociatedColdKey", `hotkey ${hotkey} belongs to coldkey ${owner}, not ${coldkey}`);
    }
    const burn = r.burnRao;
    this.debitBalance(coldkey, burn, "NotEnoughBalanceToStake", `registration on subnet ${netuid} (burn)`);
    this.claimHotkey(coldkey, hotkey);
    // the burn buys alpha in the pool and the alpha is recycled
    if (burn > 0n) {
      const pool = r.cb.pool();
      const bought = swapTaoForAlpha(pool, burn);
      r.cb.setPool(pool);
      r.cb.alphaOutBase -= bought;
      r.cb.sync();
      r.recycledRegistrationAlpha += bought;
    }

    let uid: number;
    if (r.n < p.maxUids) {
      uid = this.appendNeuron(r, hotkey);
    } else {
      const ownerUid = r.uidOf.get(r.owner.hotkey) ?? -1;
      uid = neuronToPrune(r.emissionRao, r.blockAtRegistration, r.n, p.immunityPeriod, this.block, ownerUid);
      const old = r.hotkeys[uid]!;
      r.uidOf.delete(old);
      r.commits.dropUid(uid);
      this.events.push({ kind: "deregistered", netuid, block: this.block, uid, hotkey: old, replacedBy: hotkey });
      this.resetNeuron(r, uid, hotkey);
    }
    r.registrationsThisBlock++;
    if (!this.genesis) r.registrationsThisInterval++;
    this.events.push({ kind: "registered", netuid, block: this.block, uid, hotkey, burnRao: burn });
    return uid;
  }

  // ---------------------------------------------------------------- stake

  private hotkeyMustExist(hotkey: string): void {
    if (!this.hotkeyOwner.has(hotkey)) {
      throw new ChainError("HotKeyAccountNotExists", `hotkey ${hotkey} is not registered anywhere`);
    }
  }

  async addStake(coldkey: string, hotkey: string, netuid: number, taoRao: bigint): Promise<bigint> {
    return this.addStakeSync(coldkey, hotkey, netuid, taoRao);
  }

  addStakeSync(coldkey: string, hotkey: string, netuid: number, taoRao: bigint): bigint {
    if (taoRao < MIN_STAKE_RAO) {
      throw new ChainError("AmountTooLow", `stake ${taoRao} rao; expected ≥ ${MIN_STAKE_RAO} (DefaultMinStake)`);
    }
    this.hotkeyMustExist(hotkey);
    if (netuid === 0) {
      this.debitBalance(coldkey, taoRao, "NotEnoughBalanceToStake", "root stake");
      this.stake.addRoot(coldkey, hotkey, taoRao);
      this.userRootTaoRao += taoRao;
      this.net.rootTao += Number(taoRao);
      return taoRao;
    }
    const r = this.record(netuid);
    if (!this.genesis && r.startCallBlock === null) {
      throw new ChainError("SubtokenDisabled", `subnet ${netuid} has not been started (start_call)`);
    }
    this.debitBalance(coldkey, taoRao, "NotEnoughBalanceToStake", `stake on subnet ${netuid}`);
    const pool = r.cb.pool();
    const alpha = swapTaoForAlpha(pool, taoRao);
    r.cb.setPool(pool);
    r.cb.flowBlock += Number(taoRao);
    this.stake.credit(coldkey, hotkey, netuid, alpha);
    return alpha;
  }

  async endowStake(coldkey: string, hotkey: string, netuid: number, alphaRao: bigint): Promise<void> {
    this.endowStakeSync(coldkey, hotkey, netuid, alphaRao);
  }

  /**
   * Genesis alpha stake (as a fork would find it): alpha bought before the run, credited to
   * (coldkey, hotkey) and counted as outstanding alpha, without a swap through the pool. Only
   * before the first advance.
   */
  endowStakeSync(coldkey: string, hotkey: string, netuid: number, alphaRao: bigint): void {
    if (!this.genesis) throw new ChainError("NotGenesis", `endowStake at block ${this.block}; expected before the first advance`);
    if (netuid === 0) throw new ChainError("InvalidNetuid", "endowStake on root; expected a subnet netuid");
    if (alphaRao <= 0n) throw new ChainError("AmountTooLow", `genesis stake ${alphaRao} rao; expected > 0`);
    this.hotkeyMustExist(hotkey);
    const r = this.record(netuid);
    r.cb.sync();
    r.cb.alphaOutBase += alphaRao;
    r.cb.sync();
    this.stake.credit(coldkey, hotkey, netuid, alphaRao);
    r.genesisStakeRao += alphaRao;
  }

  async removeStake(coldkey: string, hotkey: string, netuid: number, alphaRao: bigint): Promise<bigint> {
    return this.removeStakeSync(coldkey, hotkey, netuid, alphaRao);
  }

  removeStakeSync(coldkey: string, hotkey: string, netuid: number, alphaRao: bigint): bigint {
    if (alphaRao <= 0n) throw new ChainError("AmountTooLow", `unstake ${alphaRao} rao; expected > 0`);
    this.hotkeyMustExist(hotkey);
    if (netuid === 0) {
      this.stake.removeRoot(coldkey, hotkey, alphaRao);
      this.userRootTaoRao -= alphaRao;
      this.net.rootTao -= Number(alphaRao);
      this.creditBalance(coldkey, alphaRao);
      return alphaRao;
    }
    const r = this.record(netuid);
    if (!this.genesis && r.startCallBlock === null) {
      throw new ChainError("SubtokenDisabled", `subnet ${netuid} has not been started (start_call)`);
    }
    this.stake.debit(coldkey, hotkey, netuid, alphaRao);
    const pool = r.cb.pool();
    const tao = swapAlphaForTao(pool, alphaRao);
    r.cb.setPool(pool);
    r.cb.flowBlock -= Number(tao);
    this.creditBalance(coldkey, tao);
    return tao;
  }

  async rootStake(hotkey: string): Promise<bigint> {
    return this.stake.rootStake(hotkey);
  }

  async alphaStake(coldkey: string, hotkey: string, netuid: number): Promise<bigint> {
    return this.stake.alpha(coldkey, hotkey, netuid);
  }

  /** Total alpha on a hotkey on a subnet (all its nominators), rao. */
  hotkeyAlpha(hotkey: string, netuid: number): bigint {
    return this.stake.hotkeyAlpha(hotkey, netuid);
  }

  /** TAO a swap of `taoRao` into the subnet pool would return as alpha now (no state change). */
  quoteStake(netuid: number, taoRao: bigint): bigint {
    const pool = clonePool(this.record(netuid).cb.pool());
    return swapTaoForAlpha(pool, taoRao);
  }

  /** Spot price of a subnet's pool, TAO per alpha. */
  price(netuid: number): number {
    return spotPrice(this.record(netuid).cb.pool());
  }

  // ---------------------------------------------------------------- weights

  private uidFor(r: SubnetRecord, hotkey: string): number {
    const uid = r.uidOf.get(hotkey);
    if (uid === undefined) {
      throw new ChainError("HotKeyNotRegisteredInSubNet", `hotkey ${hotkey} is not registered on subnet ${r.netuid}`);
    }
    return uid;
  }

  private checkWeights(r: SubnetRecord, uid: number, hotkey: string, uids: Uint16Array, values: Uint16Array): void {
    validateWeights(uids, values, r.n, r.params.minAllowedWeights ?? 1, uid);
    const p = r.params;
    if (p.stakeThresholdRao > 0n) {
      const s =
        this.stake.hotkeyAlpha(hotkey, r.netuid) +
        BigInt(Math.floor(this.network.taoWeight * Number(this.stake.rootStake(hotkey))));
      if (s < p.stakeThresholdRao) {
        throw new ChainError(
          "NotEnoughStakeToSetWeights",
          `hotkey ${hotkey} has stake weight ${s} rao on subnet ${r.netuid}; expected ≥ ${p.stakeThresholdRao}`,
        );
      }
    }
  }

  async setWeights(netuid: number, hotkey: string, uids: Uint16Array, values: Uint16Array): Promise<void> {
    this.setWeightsSync(netuid, hotkey, uids, values);
  }

  setWeightsSync(netuid: number, hotkey: string, uids: Uint16Array, values: Uint16Array): void {
    const r = this.record(netuid);
    const uid = this.uidFor(r, hotkey);
    if (r.params.commitReveal) {
      throw new ChainError("CommitRevealEnabled", `subnet ${netuid} has commit-reveal on; expected commitWeights`);
    }
    const last = r.weightsSetBlock[uid]!;
    if (this.block - last < r.params.weightsRateLimit) {
      throw new ChainError(
        "SettingWeightsTooFast",
        `uid ${uid} set weights at block ${last}, now ${this.block}; expected ${r.params.weightsRateLimit} blocks between`,
      );
    }
    this.checkWeights(r, uid, hotkey, uids, values);
    r.weights[uid] = storedRow(uids, values);
    r.lastUpdate[uid] = this.block;
    r.weightsSetBlock[uid] = this.block;
  }

  async commitWeights(netuid: number, hotkey: string, uids: Uint16Array, values: Uint16Array): Promise<void> {
    this.commitWeightsSync(netuid, hotkey, uids, values);
  }

  commitWeightsSync(netuid: number, hotkey: string, uids: Uint16Array, values: Uint16Array): void {
    const r = this.record(netuid);
    const uid = this.uidFor(r, hotkey);
    if (!r.params.commitReveal) {
      throw new ChainError("CommitRevealDisabled", `subnet ${netuid} has commit-reveal off; expected setWeights`);
    }
    const last = r.weightsSetBlock[uid]!;
    if (this.block - last < r.params.weightsRateLimit) {
      throw new ChainError(
        "CommittingWeightsTooFast",
        `uid ${uid} committed at block ${last}, now ${this.block}; expected ${r.params.weightsRateLimit} blocks between`,
      );
    }
    this.checkWeights(r, uid, hotkey, uids, values);
    r.commits.add({ hotkey, uid, commitEpoch: r.epochIndex, block: this.block, row: storedRow(uids, values) });
    // §6: last_update is the commit block
    r.lastUpdate[uid] = this.block;
    r.weightsSetBlock[uid] = this.block;
  }

  async metagraph(netuid: number): Promise<Metagraph> {
    return this.metagraphSync(netuid);
  }

  metagraphSync(netuid: number): Metagraph {
    const r = this.record(netuid);
    const n = r.n;
    const alpha = new BigUint64Array(n);
    const sw = new BigUint64Array(n);
    const tw = this.network.taoWeight;
    for (let uid = 0; uid < n; uid++) {
      const hk = r.hotkeys[uid]!;
      alpha[uid] = this.stake.hotkeyAlpha(hk, netuid);
      sw[uid] = alpha[uid]! + BigInt(Math.floor(tw * Number(this.stake.rootStake(hk))));
    }
    const copyRow = (row: SparseRow): SparseRow => ({ cols: row.cols.slice(), vals: row.vals.slice() });
    return {
      netuid,
      block: this.block,
      n,
      hotkeys: r.hotkeys.slice(0, n),
      coldkeys: r.hotkeys.slice(0, n).map((hk) => this.hotkeyOwner.get(hk)!),
      alphaStakeRao: alpha,
      stakeWeightRao: sw,
      validatorPermit: r.validatorPermit.slice(0, n),
      lastUpdate: r.lastUpdate.slice(0, n),
      blockAtRegistration: r.blockAtRegistration.slice(0, n),
      active: r.active.slice(0, n),
      consensusU16: r.consensusU16.slice(0, n),
      incentiveU16: r.incentiveU16.slice(0, n),
      dividendsU16: r.dividendsU16.slice(0, n),
      validatorTrustU16: r.validatorTrustU16.slice(0, n),
      emissionRao: r.emissionRao.slice(0, n),
      weights: r.weights.slice(0, n).map(copyRow),
      bonds: r.bonds.slice(0, n).map(copyRow),
    };
  }

  async close(): Promise<void> {
    // nothing to release
  }

  /** Tests: pin the TAO block emission (the chain's own tests set it directly). */
  setFixedBlockEmission(rao: bigint | null): void {
    this.net.fixedBlockEmission = rao === null ? null : Number(rao);
    if (rao === null) this.net.sync();
  }
}
