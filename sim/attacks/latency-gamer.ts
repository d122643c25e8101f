/**
 * Latency gamer: answers every batch almost instantly (50 ms) with the cheapest model (each
 * drug's prior), betting that speed itself is rewarded.
 *
 * Defence: latency only costs past the deadline; it earns nothing under it, so speed without
 * skill scores like a prior-only miner.
 */
import type { Stream } from "../core/rng.js";
import type { MinerContext, PublicBatch } from "../agents/miner.js";
import type { ResponseModel } from "../agents/models/model.js";
import { AdversarialMiner, type MinerIdentity } from "./simple-miner.js";

export class LatencyGamerMiner extends AdversarialMiner {
  private readonly model: ResponseModel;

  constructor(id: MinerIdentity, model: ResponseModel, latency: Stream) {
    super(id, 0.05, latency);
    this.model = model;
  }

  answer(batch: PublicBatch, _ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void {
    for (let k = 0; k < batch.size; k++) {
      this.model.predict(batch, k, pred, k * batch.cMax);
      latencyS[k] = this.latencyMedianS;
    }
  }
}
