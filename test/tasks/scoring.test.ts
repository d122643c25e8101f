import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCORING,
  batchBrier,
  batchEce,
  batchScore,
  challengeCrossEntropy,
  latencyPenalty,
  scoresToWeights,
  toU16Weights,
} from "../../sim/tasks/scoring.js";

const P = { ...DEFAULT_SCORING, latencyLambda: 0.5 };

describe("challenge scoring", () => {
  it("a uniform guess scores 0 and a certain correct answer 1", () => {
    expect(batchScore([1 / 3, 1 / 3, 1 / 3], 3, [3], [1], [1], P)).toBeCloseTo(0, 12);
    // clipped row [1e-3, 1, 1e-3] / 1.002: the hit costs ln(1.002)/ln 3
    expect(batchScore([0, 1, 0], 3, [3], [1], [1], P)).toBeCloseTo(1 - Math.log(1.002) / Math.log(3), 12);
  });

  it("clips zero probabilities: a confident wrong answer costs ln(1/clip)/ln C, not infinity", () => {
    const ce = challengeCrossEntropy([1, 0, 0], 0, 3, 2, 1e-3);
    // clipped row: [1, 1e-3, 1e-3] / 1.002 → p(label) = 1e-3/1.002
    expect(ce).toBeCloseTo(-Math.log(1e-3 / 1.002) / Math.log(3), 12);
    expect(Number.isFinite(ce)).toBe(true);
  });

  it("an all-zero or NaN row is a uniform guess", () => {
    expect(challengeCrossEntropy([0, 0, 0], 0, 3, 0, 1e-3)).toBeCloseTo(1, 12);
    expect(challengeCrossEntropy([NaN, NaN, NaN], 0, 3, 0, 1e-3)).toBeCloseTo(1, 12);
  });

  it("timeouts count as a uniform guess with the full latency penalty", () => {
    const s = batchScore([0, 1, 0], 3, [3], [1], [Infinity], P);
    expect(s).toBeCloseTo(1 - 1 - 0.5, 12);
    expect(batchScore([0, 1, 0], 3, [3], [1], [NaN], P)).toBeCloseTo(-0.5, 12);
  });

  it("latency penalty is 0 under the deadline and linear to the timeout", () => {
    expect(latencyPenalty(12, P)).toBe(0);
    expect(latencyPenalty(18, P)).toBeCloseTo(0.5, 12);
    expect(latencyPenalty(30, P)).toBe(1);
  });

  it("uses only the first classCount entries of each row", () => {
    // two-class challenge in a cMax=3 layout; the third entry is ignored
    expect(batchScore([0.5, 0.5, 99], 3, [2], [0], [1], P)).toBeCloseTo(0, 12);
  });

  it("Brier and ECE behave at the extremes", () => {
    expect(batchBrier([0, 1, 0], 3, [3], [1])).toBe(0);
    expect(batchBrier([1, 0, 0], 3, [3], [1])).toBe(2);
    expect(batchEce([0, 1, 0, 1, 0, 0], 3, [3, 3], [1, 0])).toBeCloseTo(0, 12);
    expect(batchEce([1, 0, 0], 3, [3], [1])).toBeCloseTo(1, 12);
  });
});

describe("scores to weights", () => {
  const eligible = new Uint8Array([1, 1, 1, 0]);
  it("linear clamps negatives and normalises", () => {
    const out = new Float64Array(4);
    scoresToWeights(new Float64Array([0.5, -1, 1.5, 9]), { kind: "linear" }, eligible, out);
    expect(Array.from(out)).toEqual([0.25, 0, 0.75, 0]);
  });
  it("softmax ties share equally and temperature sharpens", () => {
    const out = new Float64Array(4);
    scoresToWeights(new Float64Array([0.3, 0.3, 0.3, 5]), { kind: "softmax", temperature: 0.1 }, eligible, out);
    expect(out[0]).toBeCloseTo(1 / 3, 12);
    expect(out[3]).toBe(0);
    const sharp = new Float64Array(4);
    scoresToWeights(new Float64Array([0.3, 0.2, 0.1, 0]), { kind: "softmax", temperature: 0.01 }, eligible, sharp);
    expect(sharp[0]).toBeGreaterThan(0.99);
  });
  it("weights always sum to 1 or are all zero", () => {
    const out = new Float64Array(4);
    scoresToWeights(new Float64Array([-1, -2, -3, 0]), { kind: "power", exponent: 2 }, eligible, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
    scoresToWeights(new Float64Array([0.2, 0.4, 0.1, 0]), { kind: "power", exponent: 2 }, eligible, out);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it("u16 weights keep nonzero uids ascending with the largest at 65535", () => {
    const { uids, values } = toU16Weights(new Float64Array([0, 0.25, 0, 0.5, 0.25]));
    expect(Array.from(uids)).toEqual([1, 3, 4]);
    expect(Array.from(values)).toEqual([32768, 65535, 32768]);
  });
});
