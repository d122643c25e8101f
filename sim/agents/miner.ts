/**
 * The miner interface. A miner answers a batch of challenges with a probability row per
 * challenge and a latency. Honest miners differ by model (sim/agents/models/); adversaries
 * (sim/attacks/) implement the same interface.
 */
import type { Metagraph } from "../chain/chain.js";
import type { ChallengeBatch } from "../tasks/task.js";

/** What a miner may see of a batch: everything but the validator's secrets. */
export type PublicBatch = Omit<ChallengeBatch, "labels" | "truth" | "canary">;

/** What a miner can reach besides the batch: other miners (to relay or copy) and public chain state. */
export interface MinerNetwork {
  /**
   * Forwards the batch to another miner and writes its answers (a relay or copy). Returns false
   * when that hotkey is not a miner. The caller adds its own delay to the returned latencies.
   */
  relay(hotkey: string, batch: PublicBatch, ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): boolean;
  /** The metagraph after the last epoch (public), or null before the first. */
  metagraph(): Metagraph | null;
  /** Hotkeys of the miners currently registered, by UID order. */
  minerHotkeys(): readonly string[];
}

export interface MinerContext {
  block: number;
  day: number;
  /** The validator asking (hotkey). */
  validator: string;
  network: MinerNetwork;
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
  /**
   * Optional: sees each batch after scoring, when the validator reveals its seed (anyone can then
   * regenerate it and its answers). Caching miners learn from this.
   */
  observeReveal?(batch: ChallengeBatch, ctx: { block: number; day: number }): void;
}
