/** Prior-only miner model: each drug's class frequencies in self-made data, whatever the genotype. */
import { DRUGS, MAX_CLASSES } from "../../tasks/pharmacogenomics/response.js";
import type { Batch } from "../../tasks/pharmacogenomics/batch.js";
import type { PublicBatch } from "../miner.js";
import type { ResponseModel } from "./model.js";

/** Per-drug class frequencies (+0.5 smoothing), DRUGS × MAX_CLASSES. */
export function classFrequencies(train: Batch): Float64Array {
  const counts = new Float64Array(DRUGS.length * MAX_CLASSES).fill(0.5);
  for (let k = 0; k < train.size; k++) counts[train.drug[k]! * MAX_CLASSES + train.label[k]!]! += 1;
  return counts;
}

export class PriorModel implements ResponseModel {
  readonly kind = "prior";
  private readonly freq: Float64Array;

  constructor(train: Batch) {
    this.freq = classFrequencies(train);
  }

  predict(batch: PublicBatch, k: number, out: Float32Array, offset: number): void {
    const d = batch.context[k]!;
    const n = batch.classCount[k]!;
    let total = 0;
    for (let c = 0; c < n; c++) total += this.freq[d * MAX_CLASSES + c]!;
    for (let c = 0; c < n; c++) out[offset + c] = this.freq[d * MAX_CLASSES + c]! / total;
  }
}
