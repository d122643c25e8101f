/**
 * The miner interface. A miner answers a batch of challenges with a probability row per
 * challenge and a latency. Honest miners differ by model (sim/agents/models/); adversaries
 * (sim/attacks/) implement the same interface.
 */
import type { ChallengeBatch } from "../tasks/task.js";

/** What a miner may see of a batch: everything but the validator's secrets. */
export type PublicBatch = Omit<ChallengeBatch, "labels" | "truth" | "canary">;

export interface MinerContext {
  block: number;
  day: number;
  /** The validator asking (hotkey). */
  validator: string;
}

export interface MinerAgent {
  readonly hotkey: string;
  readonly coldkey: string;
  readonly strategy: string;
  /** Index of the scenario population group this miner came from. */
  readonly group: number;
  /** Running cost, USD per day (compute, hosting). */
  readonly costUsdPerDay: number;
  /**
   * Writes class probabilities into `pred` (batch.size × batch.cMax, row k's first
   * classCount[k] entries) and seconds taken into `latencyS` (Infinity = no answer).
   */
  answer(batch: PublicBatch, ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void;
}
