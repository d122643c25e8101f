/**
 * The Yuma Consensus epoch of one subnet mechanism, bit-exact with the chain's production sparse
 * path (`epoch/run_epoch.rs epoch_mechanism`), as specified in MECHANISM.md §2–§3.
 */
import type { SparseRow } from "../chain.js";

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

export function runEpoch(_input: EpochInput): EpochOutput {
  throw new Error("not yet");
}
