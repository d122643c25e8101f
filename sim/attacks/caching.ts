/**
 * Caching / replay miner. After each round validators reveal their batch seeds (seed
 * commitments), so anyone can regenerate a scored batch and its reference answers. This miner
 * stores those answers keyed by challenge content and replays them when a challenge comes back;
 * otherwise it answers with a cheap prior.
 *
 * `exact` keys on the whole feature row (decoys and jittered covariates included); `near` keys on
 * the genotype slots and drug only, so perturbations do not break the match (but covariates that
 * matter, as for warfarin, are then ignored).
 *
 * Defence: fresh validator seeds — a cache never hits if no challenge repeats. It profits when a
 * validator reuses batches (`task.defences.fresh_seeds: false`).
 */
import type { MinerContext, PublicBatch } from "../agents/miner.js";
import type { ResponseModel } from "../agents/models/model.js";
import { featureLayout } from "../tasks/pharmacogenomics/features.js";
import { challengeKey, prefixKey, type ChallengeBatch } from "../tasks/task.js";
import { AdversarialMiner, type MinerIdentity } from "./simple-miner.js";
import type { Stream } from "../core/rng.js";

export class CachingMiner extends AdversarialMiner {
  private readonly cache = new Map<number, Float32Array>();
  private readonly fallback: ResponseModel;
  private readonly near: boolean;
  private readonly genotypeSlots: number;
  hits = 0;
  lookups = 0;

  constructor(id: MinerIdentity, fallback: ResponseModel, match: "exact" | "near", latencyMedianS: number, latency: Stream) {
    super(id, latencyMedianS, latency);
    this.fallback = fallback;
    this.near = match === "near";
    // Variant block then the copy-number slot (sim/tasks/pharmacogenomics/features.ts).
    this.genotypeSlots = featureLayout().copyNumber + 1;
  }

  private key(batch: Pick<ChallengeBatch, "features" | "width" | "context">, k: number): number {
    // near: the genotype slots only (what perturbations leave alone).
    return this.near ? prefixKey(batch, k, this.genotypeSlots) : challengeKey(batch, k);
  }

  answer(batch: PublicBatch, _ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void {
    const t = this.latency.lognormal(this.latencyMedianS, 0.25);
    for (let k = 0; k < batch.size; k++) {
      this.lookups++;
      const hit = this.cache.get(this.key(batch, k));
      if (hit) {
        this.hits++;
        for (let c = 0; c < batch.classCount[k]!; c++) pred[k * batch.cMax + c] = hit[c]!;
      } else {
        this.fallback.predict(batch, k, pred, k * batch.cMax);
      }
      latencyS[k] = t;
    }
  }

  observeReveal(batch: ChallengeBatch): void {
    for (let k = 0; k < batch.size; k++) {
      const key = this.key(batch, k);
      if (this.cache.has(key)) continue;
      this.cache.set(key, batch.truth.slice(k * batch.cMax, (k + 1) * batch.cMax));
    }
  }
}
