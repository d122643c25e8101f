/** A miner that answers every challenge of a batch with a model, in one draw of latency. */
import type { Stream } from "../core/rng.js";
import type { MinerAgent, MinerContext, PublicBatch } from "../agents/miner.js";
import type { ResponseModel } from "../agents/models/model.js";

export interface MinerIdentity {
  hotkey: string;
  coldkey: string;
  group: number;
  strategy: string;
  costUsdPerDay: number;
}

/** Base for adversarial miners: identity, latency, and a fallback model. */
export abstract class AdversarialMiner implements MinerAgent {
  readonly hotkey: string;
  readonly coldkey: string;
  readonly strategy: string;
  readonly group: number;
  readonly costUsdPerDay: number;
  protected readonly latencyMedianS: number;
  protected readonly latency: Stream;

  constructor(id: MinerIdentity, latencyMedianS: number, latency: Stream) {
    this.hotkey = id.hotkey;
    this.coldkey = id.coldkey;
    this.group = id.group;
    this.strategy = id.strategy;
    this.costUsdPerDay = id.costUsdPerDay;
    this.latencyMedianS = latencyMedianS;
    this.latency = latency;
  }

  abstract answer(batch: PublicBatch, ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void;

  /** Answers the whole batch with `model` and one latency draw. */
  protected answerWith(model: ResponseModel, batch: PublicBatch, pred: Float32Array, latencyS: Float32Array): void {
    const t = this.latency.lognormal(this.latencyMedianS, 0.25);
    for (let k = 0; k < batch.size; k++) {
      model.predict(batch, k, pred, k * batch.cMax);
      latencyS[k] = t;
    }
  }
}
