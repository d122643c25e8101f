/**
 * Overconfident guesser: runs a real (learned) model but reports its top class with
 * `confidence` (e.g. 0.99) and spreads the rest evenly — hoping sharp answers score better.
 *
 * Defence: cross-entropy with clipping is a proper scoring rule: confident wrong answers cost
 * ln(1/clip)/ln C each, so overconfidence loses to the same model's honest probabilities.
 */
import type { Stream } from "../core/rng.js";
import type { MinerContext, PublicBatch } from "../agents/miner.js";
import type { ResponseModel } from "../agents/models/model.js";
import { AdversarialMiner, type MinerIdentity } from "./simple-miner.js";

export class OverconfidentMiner extends AdversarialMiner {
  private readonly model: ResponseModel;
  private readonly confidence: number;

  constructor(id: MinerIdentity, model: ResponseModel, confidence: number, latencyMedianS: number, latency: Stream) {
    super(id, latencyMedianS, latency);
    this.model = model;
    this.confidence = confidence;
  }

  answer(batch: PublicBatch, _ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void {
    this.answerWith(this.model, batch, pred, latencyS);
    for (let k = 0; k < batch.size; k++) {
      const off = k * batch.cMax;
      const n = batch.classCount[k]!;
      let top = 0;
      for (let c = 1; c < n; c++) if (pred[off + c]! > pred[off + top]!) top = c;
      for (let c = 0; c < n; c++) pred[off + c] = c === top ? this.confidence : (1 - this.confidence) / (n - 1);
    }
  }
}
