import { describe, expect, it } from "vitest";
import { HonestValidator, detectCopies, type ValidatorSettings } from "../../sim/agents/validator.js";
import { Rng } from "../../sim/core/rng.js";
import { DEFAULT_SCORING } from "../../sim/tasks/scoring.js";
import type { ChallengeBatch, TaskFamily } from "../../sim/tasks/task.js";

/** A 4-challenge, 3-class batch with labels 0,1,2,0 and a canary at position 3. */
function batch(canary = true): ChallengeBatch {
  return {
    id: "b",
    size: 4,
    cMax: 3,
    width: 1,
    features: new Float32Array(4),
    classCount: new Uint8Array([3, 3, 3, 3]),
    context: new Uint8Array(4),
    labels: new Uint8Array([0, 1, 2, 0]),
    truth: new Float32Array(12),
    canary: new Uint8Array([0, 0, 0, canary ? 1 : 0]),
  };
}

const task: TaskFamily = { name: "fixed", newBatch: () => batch() };

function settings(over: Partial<ValidatorSettings> = {}): ValidatorSettings {
  return {
    batchSize: 4,
    sampleMiners: 3,
    canaryRate: 0.25,
    emaAlpha: 1,
    weightRule: { kind: "linear" },
    scoring: DEFAULT_SCORING,
    maxUids: 8,
    copyDetection: true,
    banBlocks: 1000,
    calibration: { metric: "none", share: 0 },
    ...over,
  };
}

function validator(over: Partial<ValidatorSettings> = {}): HonestValidator {
  const rng = new Rng(1);
  return new HonestValidator({ hotkey: "v", coldkey: "vc", group: 0 }, task, settings(over), {
    challenges: rng.stream("c"),
    sample: rng.stream("s"),
  });
}

const ctx = { block: 100, day: 0, minerUids: [1, 2, 3], metagraph: null };
// Rows for uids 1, 2, 3 (4 challenges × 3 classes each). uid 3 is an exact copy of uid 1.
const good = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8, 0.8, 0.1, 0.1];
const prior = Array(12).fill(1 / 3);

describe("honest validator", () => {
  it("scores a round, smooths with the EMA and weights the better miner more", () => {
    const v = validator({ copyDetection: false });
    v.observeRound({ batch: batch(), uids: [1, 2], pred: Float32Array.from([...good, ...prior]), latencyS: new Float32Array(8).fill(1) }, ctx);
    expect(v.scoreOf(1)!).toBeGreaterThan(0.5);
    expect(v.scoreOf(2)!).toBeCloseTo(0, 6);
    const w = v.weights(ctx)!;
    expect(w[1]).toBeCloseTo(1, 6);
    expect(w[2]).toBeCloseTo(0, 6);
    expect(v.scoreOf(5)).toBeNull();
  });

  it("flags the later of two identical answer sets on a canary batch and gives it no weight", () => {
    const v = validator();
    const lat = Float32Array.from([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    const found = v.observeRound({ batch: batch(), uids: [1, 2, 3], pred: Float32Array.from([...good, ...prior, ...good]), latencyS: lat }, ctx);
    expect(found).toEqual([{ uid: 3, method: "canary-copy", matched: 1 }]);
    const w = v.weights(ctx)!;
    expect(w[3]).toBe(0);
    expect(w[1]).toBeGreaterThan(0);
    // The ban lapses after banBlocks.
    v.observeRound({ batch: batch(false), uids: [3], pred: Float32Array.from(good), latencyS: new Float32Array(4).fill(1) }, ctx);
    expect(v.weights({ ...ctx, block: 100 + 1000 })![3]).toBeGreaterThan(0);
  });

  it("does not check batches without canaries", () => {
    const found = detectCopies({ batch: batch(false), uids: [1, 3], pred: Float32Array.from([...good, ...good]), latencyS: new Float32Array(8).fill(1) });
    expect(found).toEqual([]);
  });

  it("the calibration mechanism moves weight to the better-calibrated of two miners with the same answers' ranking", () => {
    // Same top class everywhere; uid 1 reports 0.8 (calibrated for 3 of 4 right), uid 2 reports 0.999.
    const sharp = [0.999, 0.0005, 0.0005, 0.0005, 0.999, 0.0005, 0.0005, 0.0005, 0.999, 0.0005, 0.999, 0.0005];
    const soft = [0.7, 0.15, 0.15, 0.15, 0.7, 0.15, 0.15, 0.15, 0.7, 0.15, 0.7, 0.15];
    const pred = Float32Array.from([...soft, ...sharp]);
    const lat = new Float32Array(8).fill(1);
    const plain = validator({ copyDetection: false });
    plain.observeRound({ batch: batch(false), uids: [1, 2], pred, latencyS: lat }, ctx);
    const withCal = validator({ copyDetection: false, calibration: { metric: "brier", share: 0.5 } });
    withCal.observeRound({ batch: batch(false), uids: [1, 2], pred, latencyS: lat }, ctx);
    const a = plain.weights(ctx)!;
    const b = withCal.weights(ctx)!;
    // Accuracy alone (clipped cross-entropy) already zeroes the overconfident miner.
    expect(a[1]).toBeCloseTo(1, 9);
    expect(a[2]).toBe(0);
    // Calibration scores: 1 − Brier/2.
    // soft: right rows 0.3² + 0.15² + 0.15² = 0.135; the wrong row 0.85² + 0.7² + 0.15² = 1.235;
    //   Brier = (3 × 0.135 + 1.235)/4 = 0.41 → 0.795.
    // sharp: right rows 0.001² + 2 × 0.0005² = 0.0000015; wrong row 0.9995² + 0.999² + 0.0005²
    //   = 1.99700050; Brier = (0.0000045 + 1.9970005)/4 = 0.49925125 → 0.750374375.
    expect(withCal.calibrationEma[1]).toBeCloseTo(0.795, 5);
    expect(withCal.calibrationEma[2]).toBeCloseTo(0.750374375, 5);
    // Blended at share 0.5 with the linear rule: 0.5 × accuracy weights + 0.5 × calibration weights.
    const c1 = withCal.calibrationEma[1]! / (withCal.calibrationEma[1]! + withCal.calibrationEma[2]!);
    expect(b[1]).toBeCloseTo(0.5 * 1 + 0.5 * c1, 6);
    expect(b[1]! + b[2]!).toBeCloseTo(1, 9);
  });
});
