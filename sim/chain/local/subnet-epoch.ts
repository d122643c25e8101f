/**
 * The one place where LocalChain calls the epoch (MECHANISM.md §2 inputs, §3 the epoch, §3.11
 * emission). The epoch itself is the pure typed-array function `runEpoch` in epoch.ts; this file
 * names the function type LocalChain accepts (so a test or experiment can substitute another)
 * and the default.
 */
import { type EpochInput, type EpochOutput, runEpoch } from "./epoch.js";

export type { EpochInput, EpochOutput };

export type SubnetEpochFn = (input: EpochInput) => EpochOutput;

/** The chain's epoch (Yuma Consensus, bit-exact with the production sparse path). */
export const runSubnetEpoch: SubnetEpochFn = runEpoch;
