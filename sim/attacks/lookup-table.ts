/**
 * Lookup-table miner: precomputes a table from the public generator — exact feature row (all
 * genotype, decoy and covariate slots) and drug → the reference simulator's class
 * probabilities — and answers from it, falling back to the drug prior for unseen rows.
 *
 * Defences: perturbations (decoy variants and covariate jitter make rows the table has never
 * seen), population shift, rare-variant bursts and drug rotation. Without them, rows repeat often
 * (the genotype space is small for most drugs) and the table is nearly the reference itself.
 */
import type { Stream } from "../core/rng.js";
import type { MinerContext, PublicBatch } from "../agents/miner.js";
import type { ResponseModel } from "../agents/models/model.js";
import type { Batch } from "../tasks/pharmacogenomics/batch.js";
import { MAX_CLASSES } from "../tasks/pharmacogenomics/response.js";
import { challengeKey } from "../tasks/task.js";
import { AdversarialMiner, type MinerIdentity } from "./simple-miner.js";

export class LookupTableMiner extends AdversarialMiner {
  private readonly table = new Map<number, Float32Array>();
  private readonly fallback: ResponseModel;
  hits = 0;
  lookups = 0;

  constructor(id: MinerIdentity, table: Batch, fallback: ResponseModel, latencyMedianS: number, latency: Stream) {
    super(id, latencyMedianS, latency);
    this.fallback = fallback;
    const view = { features: table.features, width: table.layout.width, context: table.drug };
    for (let k = 0; k < table.size; k++) {
      const key = challengeKey(view, k);
      if (!this.table.has(key)) this.table.set(key, table.probs.slice(k * MAX_CLASSES, (k + 1) * MAX_CLASSES));
    }
  }

  get size(): number {
    return this.table.size;
  }

  answer(batch: PublicBatch, _ctx: MinerContext, pred: Float32Array, latencyS: Float32Array): void {
    const t = this.latency.lognormal(this.latencyMedianS, 0.25);
    for (let k = 0; k < batch.size; k++) {
      this.lookups++;
      const row = this.table.get(challengeKey(batch, k));
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
