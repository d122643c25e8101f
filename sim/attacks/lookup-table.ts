/**
 * Lookup-table miner: precomputes a table from the public generator — the exact genotype part
 * of the feature row (variant dosages, copy number and the decoy-variant slots) and the drug →
 * the reference simulator's class probabilities (averaged over covariates) — and answers from
 * it, falling back to the drug prior for unseen rows.
 *
 * Defences: perturbations (decoy variants make keys the table has never seen), population
 * shift, rare-variant bursts and drug rotation. Even without them it cannot use covariates
 * (warfarin) and misses rare genotypes.
 */
import type { Stream } from "../core/rng.js";
import type { MinerContext, PublicBatch } from "../agents/miner.js";
import type { ResponseModel } from "../agents/models/model.js";
import type { Batch } from "../tasks/pharmacogenomics/batch.js";
import { MAX_CLASSES } from "../tasks/pharmacogenomics/response.js";
import { featureLayout } from "../tasks/pharmacogenomics/features.js";
import { prefixKey } from "../tasks/task.js";
import { AdversarialMiner, type MinerIdentity } from "./simple-miner.js";

/** Slots the key covers: variant block, copy number and decoys (they are contiguous from 0). */
const KEY_SLOTS = (() => {
  const l = featureLayout();
  return l.derived;
})();

export class LookupTableMiner extends AdversarialMiner {
  private readonly table = new Map<number, Float32Array>();
  private readonly fallback: ResponseModel;
  hits = 0;
  lookups = 0;

  constructor(id: MinerIdentity, tables: readonly Batch[], fallback: ResponseModel, latencyMedianS: number, latency: Stream) {
    super(id, latencyMedianS, latency);
    this.fallback = fallback;
    const counts = new Map<number, number>();
    for (const table of tables) {
    const view = { features: table.features, width: table.layout.width, context: table.drug };
    for (let k = 0; k < table.size; k++) {
      const key = prefixKey(view, k, KEY_SLOTS);
      let row = this.table.get(key);
      if (!row) {
        row = new Float32Array(MAX_CLASSES);
        this.table.set(key, row);
      }
      // Running mean of the reference probabilities over every sample with this genotype.
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      for (let c = 0; c < MAX_CLASSES; c++) row[c] = row[c]! + (table.probs[k * MAX_CLASSES + c]! - row[c]!) / n;
    }
    }
  }

  get size(): number {
    return this.table.size;
  }

  answer(batch: PublicBatch, _ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void {
    const t = this.latency.lognormal(this.latencyMedianS, 0.25);
    for (let k = 0; k < batch.size; k++) {
      this.lookups++;
      const row = this.table.get(prefixKey(batch, k, KEY_SLOTS));
      if (row) {
        this.hits++;
        for (let c = 0; c < batch.classCount[k]!; c++) pred[k * batch.cMax + c] = row[c]!;
      } else {
        this.fallback.predict(batch, k, pred, k * batch.cMax);
      }
      latencyS[k] = t;
    }
  }
}
