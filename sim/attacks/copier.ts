/**
 * Copier / relay miner: forwards each batch to another miner — by default the one with the
 * highest incentive in the public metagraph — and submits its answers as its own, later by
 * `delaySeconds`. It pays for no model.
 *
 * Defences: canary copy detection (identical answers to a canary-carrying batch, arriving later,
 * get the copier flagged and unweighted) and the latency penalty past the deadline.
 */
import type { Stream } from "../core/rng.js";
import type { MinerContext, PublicBatch } from "../agents/miner.js";
import type { ResponseModel } from "../agents/models/model.js";
import { AdversarialMiner, type MinerIdentity } from "./simple-miner.js";

export class CopierMiner extends AdversarialMiner {
  private readonly target: string;
  private readonly delayS: number;
  private readonly fallback: ResponseModel;

  constructor(id: MinerIdentity, target: string, delayS: number, fallback: ResponseModel, latencyMedianS: number, latency: Stream) {
    super(id, latencyMedianS, latency);
    this.target = target;
    this.delayS = delayS;
    this.fallback = fallback;
  }

  /** The miner to copy: a fixed hotkey, or the highest-incentive miner other than itself. */
  private victim(ctx: MinerContext): string | null {
    if (this.target !== "best") return this.target;
    const mg = ctx.network.metagraph();
    if (mg === null) return null;
    const miners = new Set(ctx.network.minerHotkeys());
    let best: string | null = null;
    let bestIncentive = 0;
    for (let uid = 0; uid < mg.n; uid++) {
      const hk = mg.hotkeys[uid]!;
      if (hk === this.hotkey || !miners.has(hk)) continue;
      if (mg.incentiveU16[uid]! > bestIncentive) {
        bestIncentive = mg.incentiveU16[uid]!;
        best = hk;
      }
    }
    return best;
  }

  answer(batch: PublicBatch, ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void {
    const victim = this.victim(ctx);
    if (victim !== null && ctx.network.relay(victim, batch, ctx, pred, latencyS)) {
      const own = this.latency.lognormal(this.latencyMedianS, 0.25);
      for (let k = 0; k < batch.size; k++) latencyS[k] = latencyS[k]! + own + this.delayS;
      return;
    }
    this.answerWith(this.fallback, batch, pred, latencyS);
  }
}
