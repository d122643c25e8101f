import { describe, expect, it } from "vitest";
import { Rng } from "../../../sim/core/rng.js";
import { normalizeBatchParams } from "../../../sim/tasks/pharmacogenomics/batch.js";
import { batchDigest, canonicalJson, commitBatch, drawBatchSeed, verifyReveal } from "../../../sim/tasks/pharmacogenomics/commitment.js";
import { generateBatch } from "../../../sim/tasks/pharmacogenomics/generator.js";

describe("seed commitments", () => {
  const seed = drawBatchSeed(new Rng(7).stream("validator/0/batch-seeds"));
  const params = normalizeBatchParams({ batch_size: 64, drugs: ["codeine", "warfarin"], decoy_rate: 0.2, canary_rate: 0.05 });
  const commitment = commitBatch(seed, params);
  const served = generateBatch(seed, params);
  const digest = batchDigest(served);

  it("a seed is 128 bits of hex drawn from a named stream, and the commitment is SHA-256 hex", () => {
    expect(seed).toMatch(/^[0-9a-f]{32}$/);
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the honest reveal verifies, including the regenerated batch's digest", () => {
    expect(verifyReveal({ seed, params, commitment, digest })).toEqual({ ok: true });
  });

  it("a different seed fails", () => {
    const r = verifyReveal({ seed: `${seed.slice(0, -1)}0`, params, commitment, digest });
    expect(r.ok).toBe(false);
  });

  it("changed parameters fail", () => {
    const r = verifyReveal({ seed, params: { ...params, label_noise: 0.06 }, commitment });
    expect(r).toEqual({ ok: false, reason: "commitment does not match SHA-256(seed ‖ params)" });
  });

  it("a tampered batch fails the digest check", () => {
    const tampered = generateBatch(seed, params);
    tampered.label[0] = (tampered.label[0]! + 1) % 2;
    const r = verifyReveal({ seed, params, commitment, digest: batchDigest(tampered) });
    expect(r).toEqual({ ok: false, reason: "regenerated batch does not match the digest" });
  });

  it("parameters given in another key or list order commit the same", () => {
    const shuffled = { canary_rate: 0.05, decoy_rate: 0.2, drugs: ["warfarin", "codeine"], batch_size: 64 };
    expect(commitBatch(seed, shuffled)).toBe(commitment);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it("invalid revealed parameters fail with a reason", () => {
    const r = verifyReveal({ seed, params: { batch_size: -1 }, commitment });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("batch_size");
  });
});
