/** An honest miner: answers every challenge with its own model, in its own time. */
import type { Stream } from "../core/rng.js";
import type { MinerAgent, MinerContext, PublicBatch } from "./miner.js";
import type { ResponseModel } from "./models/model.js";

export class HonestMiner implements MinerAgent {
  readonly hotkey: string;
  readonly coldkey: string;
  readonly strategy: string;
  readonly group: number;
  readonly costUsdPerDay: number;
  readonly model: ResponseModel;
  /** Median seconds per batch answer, and the stream that draws each answer's time. */
  private readonly latencyMedianS: number;
  private readonly latency: Stream;

  constructor(
    identity: { hotkey: string; coldkey: string; group: number; strategy: string; costUsdPerDay: number },
    model: ResponseModel,
    latencyMedianS: number,
    latencyStream: Stream,
  ) {
    this.hotkey = identity.hotkey;
    this.coldkey = identity.coldkey;
    this.group = identity.group;
    this.strategy = identity.strategy;
    this.costUsdPerDay = identity.costUsdPerDay;
    this.model = model;
    this.latencyMedianS = latencyMedianS;
    this.latency = latencyStream;
  }

  answer(batch: PublicBatch, _ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void {
    // One network round trip per batch: every challenge in it arrives at the same time.
    const t = this.latency.lognormal(this.latencyMedianS, 0.25);
    for (let k = 0; k < batch.size; k++) {
      this.model.predict(batch, k, pred, k * batch.cMax);
      latencyS[k] = t;
    }
  }
}
