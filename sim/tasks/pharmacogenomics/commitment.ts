/**
 * Seed commitments (TASKS.md, profile generator step 6): before serving a batch the validator
 * publishes `commitment = SHA-256(seed ‖ 0x00 ‖ canonical JSON of the batch parameters)`; after
 * scoring it reveals the seed, and anyone can check the commitment and regenerate the batch
 * (the batch is a pure function of seed and parameters) to check its digest.
 */
import { createHash } from "node:crypto";
import type { Stream } from "../../core/rng.js";
import { normalizeBatchParams, type Batch, type BatchParams, type BatchParamsInput } from "./batch.js";
import { generateBatch } from "./generator.js";

/** JSON with object keys sorted at every level (numbers as JavaScript prints them). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("canonicalJson: non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** The commitment for (seed, parameters): SHA-256 hex. Parameters are normalised first. */
export function commitBatch(seed: string, params: BatchParamsInput | BatchParams): string {
  const p = normalizeBatchParams(params);
  return createHash("sha256").update(seed, "utf8").update("\u0000").update(canonicalJson(p), "utf8").digest("hex");
}

/** SHA-256 hex over a batch's content: features, true classes, labels and probabilities. */
export function batchDigest(batch: Batch): string {
  const h = createHash("sha256");
  h.update(new Uint8Array(batch.features.buffer, batch.features.byteOffset, batch.features.byteLength));
  h.update(batch.trueClass);
  h.update(batch.label);
  h.update(new Uint8Array(batch.probs.buffer, batch.probs.byteOffset, batch.probs.byteLength));
  return h.digest("hex");
}

/** A fresh 128-bit batch seed (32 hex characters) drawn from a validator's stream. */
export function drawBatchSeed(stream: Stream): string {
  let s = "";
  for (let i = 0; i < 4; i++) s += stream.uint32().toString(16).padStart(8, "0");
  return s;
}

/** What a validator publishes after scoring. */
export interface BatchReveal {
  seed: string;
  params: BatchParamsInput | BatchParams;
  /** The commitment published before the batch was served. */
  commitment: string;
  /** Optional digest of the served batch, to check the content too. */
  digest?: string;
}

/** Outcome of a reveal check. */
export type RevealCheck = { ok: true } | { ok: false; reason: string };

/** Checks a reveal: the commitment must match, and if a digest is given, the regenerated batch must match it. */
export function verifyReveal(reveal: BatchReveal): RevealCheck {
  let expected: string;
  try {
    expected = commitBatch(reveal.seed, reveal.params);
  } catch (e) {
    return { ok: false, reason: `parameters do not validate: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (expected !== reveal.commitment) return { ok: false, reason: "commitment does not match SHA-256(seed ‖ params)" };
  if (reveal.digest !== undefined) {
    const digest = batchDigest(generateBatch(reveal.seed, reveal.params));
    if (digest !== reveal.digest) return { ok: false, reason: "regenerated batch does not match the digest" };
  }
  return { ok: true };
}
