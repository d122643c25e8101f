/**
 * Weights: validation and storage of set_weights, and time-locked commits revealed by the chain
 * (MECHANISM.md §2 "W", §6).
 *
 * - Stored rows are max-upscaled: each value becomes round(v·65535 / max) with round half away
 *   from zero (`vec_u16_max_upscale_to_u16`); zero values are kept as explicit entries.
 * - Rows are stored sorted by column. The runtime keeps the submitted order; the Metagraph
 *   contract (SparseRow) promises ascending columns, and MECHANISM.md §10 notes that unsorted
 *   rows only matter for a latent liquid-alpha bug we do not reproduce.
 * - With commit-reveal on, set_weights is refused (CommitRevealEnabled); a commit sets
 *   last_update to the commit block; the chain reveals it at epoch commit_epoch + reveal_period,
 *   just before that epoch runs, writing Weights without touching last_update and without a
 *   rate limit.
 */
import type { SparseRow } from "../chain.js";
import { ChainError } from "../chain.js";

/** round(v·65535/max), half away from zero, in integers; an all-zero row stays zero. */
export function maxUpscale(values: Uint16Array): Uint16Array {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  const out = new Uint16Array(values.length);
  if (max === 0) return out;
  for (let i = 0; i < values.length; i++) {
    // floor((2·v·65535 + max) / (2·max)) = round half up (values are ≥ 0, so away from zero)
    out[i] = Math.floor((2 * values[i]! * 65535 + max) / (2 * max));
  }
  return out;
}

/** Marks for the duplicate check (all zero between calls). */
const SEEN = new Uint8Array(65536);

/**
 * The checks of set_weights / commit that do not depend on timing, in the runtime's order of
 * concern: lengths, duplicates, UIDs in range, minimum number of weights (a validator may set
 * only a weight on itself).
 */
export function validateWeights(
  uids: Uint16Array,
  values: Uint16Array,
  n: number,
  minAllowedWeights: number,
  selfUid: number,
): void {
  if (uids.length !== values.length) {
    throw new ChainError("WeightVecNotEqualSize", `${uids.length} uids but ${values.length} values; expected equal lengths`);
  }
  let i = 0;
  try {
    for (; i < uids.length; i++) {
      const u = uids[i]!;
      if (SEEN[u] === 1) throw new ChainError("DuplicateUids", `uid ${u} appears twice; expected distinct uids`);
      SEEN[u] = 1;
      if (u >= n) throw new ChainError("UidVecContainInvalidOne", `uid ${u}; expected < ${n} (subnet size)`);
    }
  } finally {
    // clear the marks set so far (a duplicate's first mark is among them)
    for (let k = 0; k < i && k < uids.length; k++) SEEN[uids[k]!] = 0;
    if (i < uids.length) SEEN[uids[i]!] = 0;
  }
  const selfOnly = uids.length === 1 && uids[0] === selfUid;
  if (!selfOnly && uids.length < Math.min(minAllowedWeights, n)) {
    throw new ChainError(
      "WeightVecLengthIsLow",
      `${uids.length} weights; expected at least ${Math.min(minAllowedWeights, n)} (min allowed weights)`,
    );
  }
}

/** A stored row from submitted (uid, value) pairs: max-upscaled, sorted by uid. */
export function storedRow(uids: Uint16Array, values: Uint16Array): SparseRow {
  const up = maxUpscale(values);
  let sorted = true;
  for (let i = 1; i < uids.length && sorted; i++) sorted = uids[i - 1]! < uids[i]!;
  if (sorted) return { cols: uids.slice(), vals: up };
  const order = Array.from(uids.keys()).sort((a, b) => uids[a]! - uids[b]!);
  const cols = new Uint16Array(order.length);
  const vals = new Uint16Array(order.length);
  for (let k = 0; k < order.length; k++) {
    cols[k] = uids[order[k]!]!;
    vals[k] = up[order[k]!]!;
  }
  return { cols, vals };
}

export const EMPTY_ROW: SparseRow = Object.freeze({ cols: new Uint16Array(0), vals: new Uint16Array(0) }) as SparseRow;

export interface WeightCommit {
  hotkey: string;
  uid: number;
  /** SubnetEpochIndex when committed. */
  commitEpoch: number;
  block: number;
  row: SparseRow;
}

/** TimelockedWeightCommits of one subnet, in commit order. */
export class CommitQueue {
  private items: WeightCommit[] = [];

  add(c: WeightCommit): void {
    this.items.push(c);
  }

  /** Commits whose reveal epoch (commit_epoch + period) is ≤ `epochIndex`, removed, in commit order. */
  takeDue(epochIndex: number, revealPeriodEpochs: number): WeightCommit[] {
    const due: WeightCommit[] = [];
    const keep: WeightCommit[] = [];
    for (const c of this.items) (c.commitEpoch + revealPeriodEpochs <= epochIndex ? due : keep).push(c);
    this.items = keep;
    return due;
  }

  /** Drop the commits of a UID (its hotkey was replaced). */
  dropUid(uid: number): void {
    this.items = this.items.filter((c) => c.uid !== uid);
  }

  pending(): readonly WeightCommit[] {
    return this.items;
  }
}
