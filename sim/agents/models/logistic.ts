/**
 * Learned miner model: one multinomial logistic regression per drug over the full feature row,
 * trained by full-batch gradient descent with L2 on self-made data. More training samples give
 * a better model; a population shift away from the training mix degrades it.
 */
import type { Batch } from "../../tasks/pharmacogenomics/batch.js";
import { DRUGS, MAX_CLASSES } from "../../tasks/pharmacogenomics/response.js";
import type { PublicBatch } from "../miner.js";
import type { ResponseModel } from "./model.js";

export interface LogisticOptions {
  epochs: number;
  l2: number;
  learningRate?: number;
}

export class LogisticModel implements ResponseModel {
  readonly kind = "logistic";
  private readonly width: number;
  /** Per drug: MAX_CLASSES × (width + 1) coefficients (last column is the intercept). */
  private readonly coef: Float64Array[];
  private readonly logits = new Float64Array(MAX_CLASSES);
  private readonly nonzero: Int32Array;

  constructor(train: Batch, opts: LogisticOptions) {
    const w = train.layout.width;
    this.width = w;
    this.nonzero = new Int32Array(w);
    const stride = w + 1;
    this.coef = DRUGS.map(() => new Float64Array(MAX_CLASSES * stride));
    const p = new Float64Array(MAX_CLASSES);
    const lr0 = opts.learningRate ?? 0.1;
    // Rows per drug, gathered once.
    const rowsByDrug: number[][] = DRUGS.map(() => []);
    for (let k = 0; k < train.size; k++) rowsByDrug[train.drug[k]!]!.push(k);
    for (let d = 0; d < DRUGS.length; d++) {
      const rows = rowsByDrug[d]!;
      if (rows.length === 0) continue;
      const coef = this.coef[d]!;
      const n = train.classCount[rows[0]!]!;
      // Stochastic gradient descent, one sample at a time, step size decaying per pass.
      for (let epoch = 0; epoch < opts.epochs; epoch++) {
        const lr = lr0 / (1 + epoch);
        const shrink = 1 - lr * opts.l2;
        for (const k of rows) {
          const off = k * w;
          let max = -Infinity;
          for (let c = 0; c < n; c++) {
            let z = coef[c * stride + w]!;
            for (let j = 0; j < w; j++) z += coef[c * stride + j]! * train.features[off + j]!;
            p[c] = z;
            if (z > max) max = z;
          }
          let sum = 0;
          for (let c = 0; c < n; c++) {
            p[c] = Math.exp(p[c]! - max);
            sum += p[c]!;
          }
          const y = train.label[k]!;
          for (let c = 0; c < n; c++) {
            const g = lr * (p[c]! / sum - (c === y ? 1 : 0));
            const base = c * stride;
            for (let j = 0; j < w; j++) {
              const x = train.features[off + j]!;
              coef[base + j] = coef[base + j]! * shrink - (x === 0 ? 0 : g * x);
            }
            coef[base + w]! -= g;
          }
        }
      }
    }
  }

  predict(batch: PublicBatch, k: number, out: Float32Array, offset: number): void {
    const d = batch.context[k]!;
    const n = batch.classCount[k]!;
    const w = this.width;
    const stride = w + 1;
    const coef = this.coef[d]!;
    const row = k * batch.width;
    // Feature rows are sparse (most variant dosages are 0): gather the non-zero slots once.
    const idx = this.nonzero;
    let m = 0;
    for (let j = 0; j < w; j++) if (batch.features[row + j] !== 0) idx[m++] = j;
    let max = -Infinity;
    for (let c = 0; c < n; c++) {
      const base = c * stride;
      let z = coef[base + w]!;
      for (let t = 0; t < m; t++) {
        const j = idx[t]!;
        z += coef[base + j]! * batch.features[row + j]!;
      }
      this.logits[c] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let c = 0; c < n; c++) {
      const e = Math.exp(this.logits[c]! - max);
      this.logits[c] = e;
      sum += e;
    }
    for (let c = 0; c < n; c++) out[offset + c] = this.logits[c]! / sum;
  }
}
