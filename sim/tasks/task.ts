/**
 * What the engine needs from a task family: batches of challenges with known answers, and a
 * way to measure a miner's true skill on fresh challenges. A family knows nothing of the chain.
 */
import type { Stream } from "../core/rng.js";

/**
 * A batch of K challenges, flat and typed. Miners may read everything but `labels`,
 * `truth` and `canary` (the validator's secrets); honest and adversarial miners alike only get
 * the batch through `MinerAgent.answer`, which the engine calls with the public view.
 */
export interface ChallengeBatch {
  /** Unique id of the batch (validator and round). */
  id: string;
  size: number;
  /** Classes per prediction row (the widest drug's class count). */
  cMax: number;
  /** Features per challenge; `features` is size × width. */
  width: number;
  features: Float32Array;
  /** Number of response classes of each challenge's drug. */
  classCount: Uint8Array;
  /** Drug index of each challenge (public context). */
  context: Uint8Array;
  /** Hidden: the sampled true class of each challenge. */
  labels: Uint8Array;
  /** Hidden: the reference model's class probabilities (size × cMax). */
  truth: Float32Array;
  /** Hidden: 1 where the challenge is a canary (known answer with a fingerprint). */
  canary: Uint8Array;
  /**
   * What the validator publishes: the commitment before serving, the seed and parameters after
   * scoring (set when the scenario logs batches).
   */
  reveal?: { seed: string; params: unknown; commitment: string; digest: string };
}

export interface BatchRequest {
  /** Simulated day (fractional), for drug rotation and population shifts. */
  day: number;
  size: number;
  /** Canary share of the batch (0 for none). */
  canaryRate: number;
}

export interface TaskFamily {
  readonly name: string;
  /** Generates a batch from a validator's stream. */
  newBatch(stream: Stream, request: BatchRequest): ChallengeBatch;
}

/**
 * A 32-bit content key of challenge k (FNV-1a over its feature row and context): equal
 * challenges have equal keys. Caching and copying analyses use it; nothing is allocated.
 */
export function challengeKey(batch: Pick<ChallengeBatch, "features" | "width" | "context">, k: number): number {
  let h = 0x811c9dc5;
  const off = k * batch.width;
  for (let i = 0; i < batch.width; i++) {
    // Features are small decimals; hash their value at 1e-4 resolution.
    const v = Math.round(batch.features[off + i]! * 10000) | 0;
    h = Math.imul(h ^ (v & 0xff), 0x01000193);
    h = Math.imul(h ^ ((v >>> 8) & 0xff), 0x01000193);
    h = Math.imul(h ^ ((v >>> 16) & 0xff), 0x01000193);
  }
  h = Math.imul(h ^ batch.context[k]!, 0x01000193);
  return h >>> 0;
}

/**
 * A 32-bit key of challenge k's first `slots` feature slots (dosages, rounded to quarters) and
 * its drug: equal genotypes give equal keys whatever the covariates. Attacks that look answers
 * up by genotype use it.
 */
export function prefixKey(batch: Pick<ChallengeBatch, "features" | "width" | "context">, k: number, slots: number): number {
  let h = 0x811c9dc5;
  const off = k * batch.width;
  for (let i = 0; i < slots; i++) h = Math.imul(h ^ (Math.round(batch.features[off + i]! * 4) & 0xff), 0x01000193);
  h = Math.imul(h ^ batch.context[k]!, 0x01000193);
  return h >>> 0;
}
