/**
 * Scoring miners' probability vectors against known answers (TASKS.md, Scoring), smoothing
 * scores across batches, and turning them into weights.
 *
 * A batch of K challenges is laid out flat: predictions are `K × cMax` (row k holds the class
 * probabilities for challenge k; only its first `classCount[k]` entries count), labels and
 * latencies have K entries. No allocation per challenge.
 *
 * Per challenge:
 *   p  = clip each probability to [clip, 1], renormalise (an all-zero row is a uniform guess)
 *   ce = −ln p[label] / ln C            (normalised: a uniform guess scores 1, a sure hit 0)
 *   pen = 0 under the deadline, rising linearly to 1 at the timeout
 *   a timeout counts as a uniform guess (ce = 1) with the full penalty
 * Batch score = 1 − mean(ce) − λ · mean(pen). A uniform guesser on time scores 0, a perfect one 1.
 */

export interface ScoringParams {
  /** Lower clip on probabilities (e.g. 1e-3): a confident wrong answer costs at most ln(1/clip)/ln C. */
  clip: number;
  /** Answers at or under this many seconds carry no latency penalty. */
  deadlineS: number;
  /** Answers at or over this many seconds are timeouts. */
  timeoutS: number;
  /** Weight λ of the latency penalty. */
  latencyLambda: number;
}

export const DEFAULT_SCORING: ScoringParams = { clip: 1e-3, deadlineS: 12, timeoutS: 24, latencyLambda: 0.1 };

/** Normalised cross-entropy of one challenge's prediction row (see module comment). */
export function challengeCrossEntropy(
  pred: ArrayLike<number>,
  offset: number,
  classes: number,
  label: number,
  clip: number,
): number {
  if (classes < 2) return 0;
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const p = pred[offset + c]!;
    sum += p > clip ? p : clip;
  }
  const raw = pred[offset + label]!;
  const pl = (raw > clip ? raw : clip) / sum;
  // A row of zeros (or NaN) is a uniform guess.
  if (!(pl > 0) || !Number.isFinite(pl)) return 1;
  return -Math.log(pl) / Math.log(classes);
}

export function latencyPenalty(latencyS: number, p: ScoringParams): number {
  if (!(latencyS > p.deadlineS)) return 0;
  if (latencyS >= p.timeoutS) return 1;
  return (latencyS - p.deadlineS) / (p.timeoutS - p.deadlineS);
}

/**
 * Score one miner's answers to a batch. `latencyS[k]` of `Infinity` or NaN (no answer) is a
 * timeout.
 */
export function batchScore(
  pred: ArrayLike<number>,
  cMax: number,
  classCount: ArrayLike<number>,
  labels: ArrayLike<number>,
  latencyS: ArrayLike<number>,
  p: ScoringParams,
): number {
  const k = labels.length;
  if (k === 0) return 0;
  let ce = 0;
  let pen = 0;
  for (let i = 0; i < k; i++) {
    const l = latencyS[i]!;
    if (!(l < p.timeoutS)) {
      ce += 1;
      pen += 1;
      continue;
    }
    ce += challengeCrossEntropy(pred, i * cMax, classCount[i]!, labels[i]!, p.clip);
    pen += latencyPenalty(l, p);
  }
  return 1 - ce / k - (p.latencyLambda * pen) / k;
}

/** Brier score of a batch (mean over challenges of Σ_c (p_c − y_c)², probabilities renormalised). */
export function batchBrier(pred: ArrayLike<number>, cMax: number, classCount: ArrayLike<number>, labels: ArrayLike<number>): number {
  const k = labels.length;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const off = i * cMax;
    const classes = classCount[i]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.max(0, pred[off + c]!);
    for (let c = 0; c < classes; c++) {
      const q = sum > 0 ? Math.max(0, pred[off + c]!) / sum : 1 / classes;
      const y = c === labels[i] ? 1 : 0;
      total += (q - y) * (q - y);
    }
  }
  return k === 0 ? 0 : total / k;
}

/**
 * Expected calibration error of the top-class confidence over `bins` equal-width bins
 * (Σ_b |acc_b − conf_b| · n_b / K).
 */
export function batchEce(
  pred: ArrayLike<number>,
  cMax: number,
  classCount: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): number {
  const k = labels.length;
  if (k === 0) return 0;
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < k; i++) {
    const off = i * cMax;
    const classes = classCount[i]!;
    let sum = 0;
    let best = 0;
    let bestP = -1;
    for (let c = 0; c < classes; c++) {
      const v = Math.max(0, pred[off + c]!);
      sum += v;
      if (v > bestP) {
        bestP = v;
        best = c;
      }
    }
    const top = sum > 0 ? bestP / sum : 1 / classes;
    const b = Math.min(bins - 1, Math.floor(top * bins));
    count[b]! += 1;
    conf[b]! += top;
    if (best === labels[i]) hits[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b]! > 0) ece += Math.abs(hits[b]! - conf[b]!) / k;
  }
  return ece;
}

/** Exponential moving average of scores, in place: ema ← α·score + (1 − α)·ema. */
export function updateEma(ema: Float64Array, index: number, score: number, alpha: number): void {
  ema[index] = alpha * score + (1 - alpha) * ema[index]!;
}

export type WeightRule = { kind: "linear" } | { kind: "power"; exponent: number } | { kind: "softmax"; temperature: number };

/**
 * Turns scores into normalised weights in `out` (same length). linear: max(0, s); power:
 * max(0, s)^p; softmax: exp((s − max)/T) over the entries flagged in `eligible` (others get 0).
 * All-zero results stay all zero (the validator then sets no weights).
 */
export function scoresToWeights(scores: Float64Array, rule: WeightRule, eligible: Uint8Array, out: Float64Array): void {
  const n = scores.length;
  let total = 0;
  if (rule.kind === "softmax") {
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (eligible[i] && scores[i]! > max) max = scores[i]!;
    for (let i = 0; i < n; i++) {
      const v = eligible[i] && max > -Infinity ? Math.exp((scores[i]! - max) / rule.temperature) : 0;
      out[i] = v;
      total += v;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const s = eligible[i] ? Math.max(0, scores[i]!) : 0;
      const v = rule.kind === "power" ? Math.pow(s, rule.exponent) : s;
      out[i] = v;
      total += v;
    }
  }
  if (total > 0) for (let i = 0; i < n; i++) out[i] = out[i]! / total;
}

/**
 * Weights as the u16 vectors `set_weights` takes: the non-zero entries, the largest scaled to
 * 65535 (the chain max-upscales anyway), uids ascending.
 */
export function toU16Weights(weights: Float64Array): { uids: Uint16Array; values: Uint16Array } {
  let max = 0;
  let count = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i]! > 0) count++;
    if (weights[i]! > max) max = weights[i]!;
  }
  const uids = new Uint16Array(count);
  const values = new Uint16Array(count);
  let j = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i]! > 0) {
      uids[j] = i;
      values[j] = Math.round((weights[i]! / max) * 65535);
      j++;
    }
  }
  return { uids, values };
}
