/**
 * Sybil farm: one owner (one coldkey) registers many UIDs, paying a registration burn for each,
 * and serves the same model from all of them, to multiply its share.
 *
 * Defences: registration burns (cost per UID), and canary copy detection — the farm's UIDs give
 * identical answers, so whenever two are sampled in the same round all but the first are flagged.
 */
import type { Stream } from "../core/rng.js";
import type { MinerContext, PublicBatch } from "../agents/miner.js";
import type { ResponseModel } from "../agents/models/model.js";
import { AdversarialMiner, type MinerIdentity } from "./simple-miner.js";

export class SybilMiner extends AdversarialMiner {
  private readonly model: ResponseModel;

  /** `model` may be shared, as by every UID of a farm. */
  constructor(id: MinerIdentity, model: ResponseModel, latencyMedianS: number, latency: Stream) {
    super(id, latencyMedianS, latency);
    this.model = model;
  }

  answer(batch: PublicBatch, _ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void {
    this.answerWith(this.model, batch, pred, latencyS);
  }
}

/**
 * Cartel member: a cheap miner (each drug's prior) owned by a validator cartel, which weights it
 * regardless of its answers (see cartel.ts). Alone it would earn like a prior-only miner. It
 * answers like any model-serving miner; only its owner's behaviour differs.
 */
export { SybilMiner as CartelMemberMiner };
