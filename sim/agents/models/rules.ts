/**
 * Partial-rules miner model: the miner knows the genotype → response rule for some genes. It
 * learns each known gene–drug rule as an exact table from self-made data (genotype signature of
 * the drug's genes → class frequencies) and falls back to the drug's prior for drugs whose genes
 * it does not know, or for signatures it has never seen.
 *
 * The signature reads only the drug's own gene variant slots (and CYP2D6 copy number), so decoy
 * variants and covariate jitter do not break it; warfarin also depends on covariates, which a
 * genotype table cannot capture.
 */
import type { Batch } from "../../tasks/pharmacogenomics/batch.js";
import { featureLayout, type FeatureLayout } from "../../tasks/pharmacogenomics/features.js";
import { GENES, PANEL, type Gene } from "../../tasks/pharmacogenomics/panel.js";
import { DRUG_GENES, DRUGS, MAX_CLASSES } from "../../tasks/pharmacogenomics/response.js";
import type { PublicBatch } from "../miner.js";
import type { ResponseModel } from "./model.js";
import { classFrequencies } from "./prior.js";

/** Feature slots that carry the genotype of the drug's genes. */
function signatureSlots(layout: FeatureLayout, genes: readonly Gene[]): Int32Array {
  const slots: number[] = [];
  for (const g of genes) {
    const gi = GENES.indexOf(g);
    for (let v = 0; v < PANEL[g].variants.length; v++) slots.push(layout.variantOffset[gi]! + v);
    if (g === "CYP2D6") slots.push(layout.copyNumber);
  }
  return Int32Array.from(slots);
}

function signature(features: Float32Array, rowOffset: number, slots: Int32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < slots.length; i++) {
    h = Math.imul(h ^ (Math.round(features[rowOffset + slots[i]!]! * 4) & 0xff), 0x01000193);
  }
  return h >>> 0;
}

export class RulesModel implements ResponseModel {
  readonly kind = "rules";
  readonly knownGenes: readonly Gene[];
  private readonly prior: Float64Array;
  /** Per drug: signature → class counts (MAX_CLASSES), or null when the drug's genes are not all known. */
  private readonly tables: (Map<number, Float64Array> | null)[];
  private readonly slots: Int32Array[];

  constructor(train: Batch, knownGenes: readonly Gene[]) {
    this.knownGenes = knownGenes;
    this.prior = classFrequencies(train);
    const layout = featureLayout(train.layout.version);
    const known = new Set(knownGenes);
    this.slots = DRUGS.map((d) => signatureSlots(layout, DRUG_GENES[d]));
    this.tables = DRUGS.map((d) => (DRUG_GENES[d].every((g) => known.has(g)) ? new Map<number, Float64Array>() : null));
    const w = layout.width;
    for (let k = 0; k < train.size; k++) {
      const d = train.drug[k]!;
      const table = this.tables[d];
      if (!table) continue;
      const key = signature(train.features, k * w, this.slots[d]!);
      let counts = table.get(key);
      if (!counts) {
        counts = new Float64Array(MAX_CLASSES);
        table.set(key, counts);
      }
      counts[train.label[k]!]! += 1;
    }
  }

  predict(batch: PublicBatch, k: number, out: Float32Array, offset: number): void {
    const d = batch.context[k]!;
    const n = batch.classCount[k]!;
    const table = this.tables[d];
    const counts = table ? table.get(signature(batch.features, k * batch.width, this.slots[d]!)) : undefined;
    let total = 0;
    if (counts) {
      // Seen signature: its frequencies, lightly smoothed toward the prior.
      for (let c = 0; c < n; c++) total += counts[c]! + 0.1 * this.prior[d * MAX_CLASSES + c]!;
      for (let c = 0; c < n; c++) out[offset + c] = (counts[c]! + 0.1 * this.prior[d * MAX_CLASSES + c]!) / total;
      return;
    }
    for (let c = 0; c < n; c++) total += this.prior[d * MAX_CLASSES + c]!;
    for (let c = 0; c < n; c++) out[offset + c] = this.prior[d * MAX_CLASSES + c]! / total;
  }
}
