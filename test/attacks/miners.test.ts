// Pinned outcomes of the miner attacks, each without and with its defence (scenarios/attacks/).
import { describe, expect, it } from "vitest";
import { bothWays, perUid } from "./helpers.js";

describe("miner attacks", () => {
  it("caching profits when validators reuse batches and gains nothing once seeds are fresh", async () => {
    const r = await bothWays("caching");
    // Reused batches: each cacher out-earns the best honest miners.
    expect(r.without.captured_share!).toBeGreaterThan(2 * r.without.fair_share!);
    expect(perUid(r.withoutSummary, "caching")).toBeGreaterThan(perUid(r.withoutSummary, "learned"));
    // Fresh seeds: below its fair share and far below a learned model (only the fixed canary
    // catalogue still repeats, so it does a little better than a pure prior).
    expect(r.with.captured_share!).toBeLessThan(r.with.fair_share!);
    expect(perUid(r.withSummary, "caching")).toBeLessThan(0.5 * perUid(r.withSummary, "learned"));
    expect(r.with.return_usd).toBeLessThan(r.without.return_usd);
  });

  it("a lookup table loses most of its take once decoy perturbations are on", async () => {
    const r = await bothWays("lookup-table");
    expect(r.with.captured_share!).toBeLessThan(0.8 * r.without.captured_share!);
    expect(r.with.captured_share!).toBeLessThan(r.with.fair_share!);
    expect(perUid(r.withSummary, "lookup-table")).toBeLessThan(perUid(r.withSummary, "learned"));
  });

  it("a copier profits without canaries and is caught by them", async () => {
    const r = await bothWays("copier");
    expect(r.without.captured_share!).toBeGreaterThan(r.without.fair_share!);
    expect(r.without.detected_epoch).toBeNull();
    expect(r.with.detected_epoch).not.toBeNull();
    expect(r.with.detection_method).toBe("canary-copy");
    expect(r.with.captured_share!).toBeLessThan(0.1 * r.with.fair_share!);
  });

  it("a sybil farm multiplies its share without canaries and is caught with them", async () => {
    const r = await bothWays("sybil");
    expect(r.without.captured_share!).toBeGreaterThan(r.without.fair_share!);
    expect(r.with.detected_epoch).not.toBeNull();
    expect(r.with.captured_share!).toBeLessThan(0.1 * r.with.fair_share!);
    expect(r.with.entry_tao).toBeGreaterThan(0); // eight registration burns paid
  });

  it("overconfidence does not pay under clipped cross-entropy, and pays less the tighter the clip", async () => {
    const r = await bothWays("overconfident");
    // The same kind of model reported honestly (the learned group) earns far more per UID.
    expect(perUid(r.withSummary, "overconfident")).toBeLessThan(0.7 * perUid(r.withSummary, "learned"));
    expect(r.with.captured_share!).toBeLessThan(r.with.fair_share!);
    expect(r.with.captured_share!).toBeLessThan(r.without.captured_share!);
  });

  it("speed alone earns nothing: a latency gamer is paid like a prior-only guesser", async () => {
    const r = await bothWays("latency-gamer");
    const gamer = perUid(r.withSummary, "latency-gamer");
    const prior = perUid(r.withSummary, "prior-only");
    expect(Math.abs(gamer - prior)).toBeLessThan(0.1 * prior);
    expect(r.with.captured_share!).toBeLessThan(r.with.fair_share!);
  });
});
