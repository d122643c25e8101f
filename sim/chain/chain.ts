/**
 * The `Chain` interface: the only door to chain state.
 *
 * Two implementations share it: `LocalChain` (sim/chain/local/, the embedded, deterministic,
 * in-process model of the subtensor runtime; the default) and, later, `ForkChain` (a
 * chopsticks fork of a subtensor endpoint driven through @polkadot/api). Agents, the engine and
 * economics see only this interface.
 *
 * Conventions:
 * - Asynchronous at coarse grain: the engine batches what agents send and awaits once per query
 *   round or tempo, never per challenge. On the local chain an `await` costs almost nothing.
 * - Amounts are `bigint` in the chain's smallest unit: rao for TAO (1 TAO = 1e9 rao) and the same
 *   9 decimals for a subnet's alpha. Shares and prices that the chain stores as u16 stay u16.
 * - Accounts are named by strings (`coldkey`, `hotkey`). The local chain uses the names as they
 *   are; a fork maps each name to a derived keypair (for example `//name`).
 * - Errors are thrown as `ChainError` with the dispatch error name the runtime would give
 *   (for example "NotEnoughBalanceToStake", "SettingWeightsTooFast", "CommitRevealEnabled").
 */

/** Which rule shares network TAO emission between subnets (MECHANISM.md §5.3). */
export type EmissionEra =
  /** dTAO launch, 2025-02-13 → 2025-11: shares ∝ EMA price. */
  | "dtao-2025-02"
  /** 2025-11-04 → 2026-06: shares ∝ positive part of the EMA of net TAO flow. */
  | "flow-2025-11"
  /** from 2026-06-30 (spec 425): shares ∝ EMA price × (1 − miner share burned). */
  | "price-burn-2026-06";

export type PoolKind = "constant-product" | "weighted";

/** Network-wide parameters; defaults are the runtime's (MECHANISM.md §4–§5). */
export interface NetworkParams {
  era: EmissionEra;
  /** TaoWeight as a fraction (mainnet 0.18). */
  taoWeight: number;
  /** Total TAO issuance at genesis of the simulation, rao (drives the halving). */
  initialIssuanceRao: bigint;
  /** SubnetMovingAlpha (0.000003). */
  subnetMovingAlpha: number;
  /** EMA price halving period in blocks (201,600). */
  emaPriceHalvingBlocks: number;
  /** Network lock cost floor, rao (1000 TAO). */
  minLockCostRao: bigint;
  /** NetworkLockReductionInterval in blocks before halving scaling (14 × 7200). */
  lockReductionIntervalBlocks: number;
  /** Root subnet TAO (SubnetTAO[root]), rao; enters root_prop. */
  rootTaoRao: bigint;
  /** StartCallDelay: blocks between registerNetwork and the earliest startCall (runtime 50,400). */
  startCallDelayBlocks?: number;
  /** NetworkRateLimit: blocks between two subnet registrations (7200, §5.5). */
  networkRateLimitBlocks?: number;
  /** MaxEpochsPerBlock: subnets whose epoch may run in one block; the rest wait a block (2, §4.2). */
  maxEpochsPerBlock?: number;
}

/** Per-subnet hyperparameters (a subset of what `sudo`/the owner can set). */
export interface SubnetParams {
  tempo: number;
  maxUids: number;
  maxValidators: number;
  immunityPeriod: number;
  /** Kappa as u16 (32767 ≈ 0.5). */
  kappaU16: number;
  /** BondsPenalty as u16 (65535 = 1.0). */
  bondsPenaltyU16: number;
  /** BondsMovingAverage in millionths (900,000 → EMA alpha 0.1). */
  bondsMovingAverage: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLowU16: number;
  alphaHighU16: number;
  alphaSigmoidSteepness: number;
  /** ActivityCutoffFactorMilli (13,889 → 5000 blocks at tempo 360). */
  activityCutoffFactorMilli: number;
  commitReveal: boolean;
  revealPeriodEpochs: number;
  weightsRateLimit: number;
  /** Owner cut as u16 of alpha_out (11796 ≈ 18%). */
  ownerCutU16: number;
  /** Burned-registration cost bounds and adjustment, rao. */
  minBurnRao: bigint;
  maxBurnRao: bigint;
  initialBurnRao: bigint;
  targetRegistrationsPerInterval: number;
  adjustmentIntervalBlocks: number;
  /** Validator take default as u16 (11796 ≈ 18%). */
  delegateTakeU16: number;
  stakeThresholdRao: bigint;
  /**
   * Initial pool reserves. taoRao = 0 means the runtime rule (§5.5): the locked TAO becomes the
   * TAO reserve and alpha = tao / median(subnet prices). Non-zero reserves set the pool as given
   * (a genesis state, e.g. a background subnet of a chosen price and depth).
   */
  pool: { kind: PoolKind; taoRao: bigint; alphaRao: bigint };
  /** MinAllowedWeights (1 for new subnets). */
  minAllowedWeights?: number;
  /** MaxRegistrationsPerBlock (runtime 1). */
  maxRegistrationsPerBlock?: number;
  /** AdjustmentAlpha as a fraction: burn smoothing at each adjustment (runtime 0). */
  adjustmentAlpha?: number;
}

export interface ChainHead {
  block: number;
  /** Current TAO block emission, rao. */
  blockEmissionRao: bigint;
  totalIssuanceRao: bigint;
}

export interface SubnetState {
  netuid: number;
  owner: { coldkey: string; hotkey: string };
  params: SubnetParams;
  /** Pool reserves, rao. */
  taoInRao: bigint;
  alphaInRao: bigint;
  alphaOutRao: bigint;
  /** Spot price TAO per alpha, and its moving EMA. */
  price: number;
  movingPrice: number;
  /** Current emission share of network TAO emission (0..1). */
  emissionShare: number;
  /** Burned registration cost now, rao. */
  burnRao: bigint;
  lastEpochBlock: number;
  /** Accumulators drained at the next epoch, rao of alpha. */
  pendingServerRao: bigint;
  pendingValidatorRao: bigint;
  pendingRootRao: bigint;
  pendingOwnerCutRao: bigint;
  /** Emission is on (start_call made); the block of start_call. */
  emitting?: boolean;
  startCallBlock?: number | null;
  /** Alpha block emission now (halves with the subnet's alpha issuance), rao. */
  alphaEmissionRao?: bigint;
  /** Root proportion of the last block (§4.1). */
  rootProp?: number;
  /** Fraction of the last epoch's miner emission burned (owner hotkeys), §5.3. */
  minerBurned?: number;
  /** EMA of the net TAO staking flow, rao/block (flow era). */
  taoFlowEma?: number;
  /** Weighted pool: weight of the alpha reserve (0.5 for constant product). */
  poolWeightAlpha?: number;
  /** SubnetEpochIndex: epochs run so far. */
  epochIndex?: number;
  /** TAO locked at registration and not in the pool, rao. */
  lockedRao?: bigint;
}

/** A sparse row of u16 values as stored on chain (columns ascending). */
export interface SparseRow {
  cols: Uint16Array;
  vals: Uint16Array;
}

/** The subnet's metagraph: one entry per UID, as the runtime stores it after the last epoch. */
export interface Metagraph {
  netuid: number;
  block: number;
  n: number;
  hotkeys: string[];
  coldkeys: string[];
  /** Alpha stake per hotkey on this subnet, rao. */
  alphaStakeRao: BigUint64Array;
  /** Stake weight used by the epoch (alpha + tao_weight × root), rao. */
  stakeWeightRao: BigUint64Array;
  validatorPermit: Uint8Array;
  lastUpdate: Float64Array;
  blockAtRegistration: Float64Array;
  active: Uint8Array;
  consensusU16: Uint16Array;
  incentiveU16: Uint16Array;
  dividendsU16: Uint16Array;
  validatorTrustU16: Uint16Array;
  /** Emission of the last epoch per UID, rao of alpha. */
  emissionRao: BigUint64Array;
  weights: SparseRow[];
  bonds: SparseRow[];
}

/** What happened while the chain advanced: the epochs that ran, registrations pruned, etc. */
export type ChainEvent =
  | {
      kind: "epoch";
      netuid: number;
      block: number;
      /** Alpha distributed, rao: to miners, to validators, burned (owner-hotkey incentive). */
      serverRao: bigint;
      validatorRao: bigint;
      burnedRao: bigint;
      ownerCutRao: bigint;
      /** Part of validatorRao paid from the root accumulator (root-claimable + take). */
      rootRao?: bigint;
      /** Undistributed remainder, recycled. */
      dustRao?: bigint;
    }
  | { kind: "registered"; netuid: number; block: number; uid: number; hotkey: string; burnRao: bigint }
  | { kind: "deregistered"; netuid: number; block: number; uid: number; hotkey: string; replacedBy: string }
  | { kind: "weights-revealed"; netuid: number; block: number; uid: number }
  | { kind: "halving"; block: number; blockEmissionRao: bigint };

export class ChainError extends Error {
  /** The runtime's dispatch error name. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
    this.name = "ChainError";
  }
}

export interface Chain {
  readonly backend: "local" | "fork";

  head(): Promise<ChainHead>;
  /** Advance to `block` (≥ current), running coinbase and epochs on the way. */
  advanceTo(block: number): Promise<ChainEvent[]>;

  // Accounts
  /** Credit free TAO to a coldkey (genesis endowment; a fork sets the balance in storage). */
  endow(coldkey: string, taoRao: bigint): Promise<void>;
  balance(coldkey: string): Promise<bigint>;

  // Subnets
  networkLockCost(): Promise<bigint>;
  /** Register a subnet (pays the lock cost from the coldkey); emission starts with startCall. */
  registerNetwork(coldkey: string, hotkey: string, params: SubnetParams): Promise<number>;
  startCall(netuid: number, coldkey: string): Promise<void>;
  subnet(netuid: number): Promise<SubnetState>;
  subnets(): Promise<number[]>;

  // Neurons
  /** Burned registration; returns the UID (a full subnet prunes its weakest non-immune UID). */
  burnedRegister(netuid: number, coldkey: string, hotkey: string): Promise<number>;

  // Stake (through the subnet pool: TAO in, alpha out, with slippage)
  addStake(coldkey: string, hotkey: string, netuid: number, taoRao: bigint): Promise<bigint>;
  /**
   * Genesis holdings, as a fork would find them: alpha stake bought before the run starts,
   * credited without a swap (it counts as outstanding alpha). Only before the first advance.
   */
  endowStake(coldkey: string, hotkey: string, netuid: number, alphaRao: bigint): Promise<void>;
  removeStake(coldkey: string, hotkey: string, netuid: number, alphaRao: bigint): Promise<bigint>;
  /** Root (netuid 0) TAO stake of a hotkey, rao. */
  rootStake(hotkey: string): Promise<bigint>;
  /** Alpha held by (coldkey, hotkey) on a subnet, rao. */
  alphaStake(coldkey: string, hotkey: string, netuid: number): Promise<bigint>;

  // Weights
  /** Plain set_weights (refused with CommitRevealEnabled when commit-reveal is on). */
  setWeights(netuid: number, hotkey: string, uids: Uint16Array, values: Uint16Array): Promise<void>;
  /** Time-locked commit (v4): the chain reveals it itself `revealPeriodEpochs` epochs later. */
  commitWeights(netuid: number, hotkey: string, uids: Uint16Array, values: Uint16Array): Promise<void>;

  metagraph(netuid: number): Promise<Metagraph>;

  /** Release resources (a fork closes its provider and worker). */
  close(): Promise<void>;
}
