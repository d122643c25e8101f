/**
 * The one place where LocalChain calls the epoch (MECHANISM.md §2 inputs, §3 the epoch, §3.11
 * emission). The epoch itself is a pure typed-array function in `epoch.ts`, written
 * separately; this file states the shape LocalChain feeds it and reads back, and adapts to it.
 */
import type { SparseRow } from "../chain.js";
import { ChainError } from "../chain.js";

/** Everything one epoch of one subnet (mechanism 0) needs, as LocalChain holds it. */
export interface SubnetEpochInput {
  netuid: number;
  n: number;
  currentBlock: number;
  tempo: number;
  /** max(1, floor(ActivityCutoffFactorMilli · tempo / 1000)) (§2). */
  activityCutoff: number;
  /** LastMechansimStepBlock + 1, or currentBlock − tempo when that storage is 0 (§3.1). */
  lastTempo: number;
  lastUpdate: Float64Array;
  blockAtRegistration: Float64Array;
  /** alpha + tao_weight · root per uid, rao, before the threshold filter (§2). */
  stakeRao: BigUint64Array;
  /** ValidatorPermit as stored by the previous epoch. */
  validatorPermits: Uint8Array;
  weights: SparseRow[];
  bonds: SparseRow[];
  stakeThresholdRao: bigint;
  /** UID of SubnetOwnerHotkey, or −1 when it is not registered. */
  ownerUid: number;
  maxAllowedValidators: number;
  kappaU16: number;
  bondsPenaltyU16: number;
  bondsMovingAverage: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLowU16: number;
  alphaHighU16: number;
  alphaSigmoidSteepness: number;
  /** E = pending server + validator + root alpha, rao (§2, §4.3). */
  raoEmission: bigint;
  commitReveal: boolean;
  /** Per uid: block of the commit whose weights are stored; +Infinity when none (§3.5 step 4). */
  commitBlock: Float64Array;
}

/** What LocalChain reads back. */
export interface SubnetEpochOutput {
  active: Uint8Array;
  newValidatorPermits: Uint8Array;
  stakeWeightU16: Uint16Array;
  consensusU16: Uint16Array;
  incentiveU16: Uint16Array;
  dividendsU16: Uint16Array;
  validatorTrustU16: Uint16Array;
  serverEmissionRao: BigUint64Array;
  validatorEmissionRao: BigUint64Array;
  emissionRao: BigUint64Array;
  bonds: SparseRow[];
}

export type SubnetEpochFn = (input: SubnetEpochInput) => SubnetEpochOutput;

/** Placeholder until sim/chain/local/epoch.ts lands: LocalChain needs an epoch passed in. */
export const runSubnetEpoch: SubnetEpochFn = (input) => {
  throw new ChainError(
    "EpochUnavailable",
    `netuid ${input.netuid}: sim/chain/local/epoch.ts has not landed; pass { epoch } to LocalChain`,
  );
};
