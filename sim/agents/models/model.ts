/** A miner's response model: class probabilities for one challenge of a batch. */
import type { PublicBatch } from "../miner.js";

export interface ResponseModel {
  readonly kind: string;
  /** Writes challenge k's class probabilities into out[offset .. offset + classCount[k]). */
  predict(batch: PublicBatch, k: number, out: Float32Array, offset: number): void;
}
