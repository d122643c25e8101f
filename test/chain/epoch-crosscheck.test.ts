/**
 * Property tests of the fast epoch: on thousands of seeded random inputs it must agree exactly
 * with the bigint reference (test/chain/epoch-reference.ts), and its outputs must satisfy the
 * normalisation and emission invariants of MECHANISM.md §3.
 */
import { describe, expect, it } from "vitest";
import type { SparseRow } from "../../sim/chain/chain.js";
import { liquidAlphaExactCalls, runEpoch as runEpochWith, type EpochInput, type EpochOptions, type EpochOutput } from "../../sim/chain/local/epoch.js";
import { kernelEpochs, kernelFastRatePairs, kernelPerUidInJs, kernelWideQuotients, setKernelEntryLimit } from "../../sim/chain/local/kernel.js";
import { formatEpochOutput } from "../../sim/chain/local/epoch-json.js";
import { Rng, type Stream } from "../../sim/core/rng.js";
import { epochReference } from "./epoch-reference.js";

const pick = <T>(s: Stream, xs: readonly T[]): T => xs[s.int(xs.length)]!;
const u16 = (s: Stream): number => s.int(65536);

/** A sparse row over columns [0, n): each column with probability p, values with many ties. */
function randomRow(s: Stream, n: number, p: number, values: () => number): SparseRow {
  const cols: number[] = [];
  for (let j = 0; j < n; j++) if (s.bernoulli(p)) cols.push(j);
  return { cols: Uint16Array.from(cols), vals: Uint16Array.from(cols, values) };
}

function randomStake(s: Stream): bigint {
  const r = s.uniform();
  if (r < 0.15) return 0n;
  if (r < 0.4) return BigInt(1 + s.int(1000));
  if (r < 0.95) return BigInt(Math.floor(s.range(0, 2 ** 50)));
  return (1n << 60n) + BigInt(s.int(2 ** 30)); // pushes ΣS past 2^52: the bigint normalisation path
}

/**
 * A random epoch input exercising every branch: masks (inactive, outdated, recently registered,
 * commit-reveal), owner, threshold, permits with ties, κ/β/bma edges, liquid alpha with odd
 * parameters (low > high, steepness 200 hitting exp(1), negative steepness), huge E.
 */
export function randomEpochInput(s: Stream, maxN: number): EpochInput {
  const n = 1 + s.int(maxN);
  const currentBlock = 50 + s.int(500);
  const activityCutoff = 1 + s.int(100);
  const dense = s.bernoulli(0.3);
  const valueStyle = s.int(3);
  const value = (): number =>
    valueStyle === 0 ? u16(s) : valueStyle === 1 ? pick(s, [0, 1, 100, 32767, 65535]) : pick(s, [0, 65535, u16(s)]);
  const owner = s.bernoulli(0.3) ? s.int(n) : null;
  const commitReveal = s.bernoulli(0.3);
  const input: EpochInput = {
    n,
    currentBlock,
    activityCutoff,
    lastUpdate: Float64Array.from({ length: n }, () => Math.max(0, currentBlock - s.int(2 * activityCutoff + 2))),
    blockAtRegistration: Float64Array.from({ length: n }, () => (s.bernoulli(0.75) ? s.int(20) : s.int(currentBlock + 1))),
    stakeRao: BigUint64Array.from({ length: n }, () => randomStake(s)),
    validatorPermits: Uint8Array.from({ length: n }, () => (s.bernoulli(0.6) ? 1 : 0)),
    weights: Array.from({ length: n }, () => (s.bernoulli(0.15) ? randomRow(s, n, 0, value) : randomRow(s, n, dense ? 0.9 : 0.4, value))),
    bonds: Array.from({ length: n }, () => randomRow(s, n, dense ? 0.8 : 0.3, value)),
    lastTempo: s.bernoulli(0.5) ? currentBlock - s.int(3) : s.int(currentBlock + 1),
    stakeThreshold: s.bernoulli(0.7) ? 0n : BigInt(s.int(2000)),
    ownerUid: owner,
    maxAllowedValidators: s.int(n + 3),
    kappaU16: pick(s, [0, 1, 32767, 32767, 65535, u16(s)]),
    bondsPenaltyU16: pick(s, [0, 65535, 65535, u16(s)]),
    // Above 10^6 the rate α = 1 − bma/10^6 turns negative and 1 − α exceeds 1, so bonds can pass
    // 1.0 (the kernel's wide quotient); the last value makes |α| > 2^33, which the kernel hands to
    // the JS stages.
    bondsMovingAverage: pick(s, [900_000, 975_000, 0, 1_000_000, s.int(1_000_001), 1_000_000 + s.int(3_000_000), 1_000_000 + 2 ** 34 + s.int(2 ** 40)]),
    liquidAlpha: s.bernoulli(0.5),
    alphaLowU16: pick(s, [45875, 6553, u16(s)]),
    alphaHighU16: pick(s, [58982, 19660, u16(s)]),
    alphaSigmoidSteepness: pick(s, [1000, 1000, 200, 100, 0, -500, s.int(65536) - 32768]),
    yuma3: s.bernoulli(0.6),
    raoEmission: pick(s, [1_000_000_000n, BigInt(s.int(2 ** 31)), BigInt(Math.floor(s.range(0, 2 ** 53))), (1n << 62n) + 12345n]),
    commitReveal,
  };
  if (commitReveal && s.bernoulli(0.8)) {
    input.commitBlock = Float64Array.from({ length: n }, () => (s.bernoulli(0.3) ? Infinity : s.int(currentBlock + 1)));
  }
  return input;
}

const sumU16 = (v: Uint16Array): number => v.reduce((a, b) => a + b, 0);
const sumRao = (v: BigUint64Array): bigint => v.reduce((a, b) => a + b, 0n);

function checkInvariants(inp: EpochInput, out: EpochOutput): void {
  const n = inp.n;
  // Normalised vectors: Σ u16 is 0, or 65535 minus at most one unit per uid (floors).
  for (const v of [out.incentiveU16, out.dividendsU16, out.stakeWeightU16]) {
    const s = sumU16(v);
    if (s !== 0) {
      expect(s).toBeLessThanOrEqual(65535);
      expect(s).toBeGreaterThanOrEqual(65535 - n);
    }
  }
  // Emission: never more than E; at most one raw unit of share (2^-32) and one rao lost per uid,
  // i.e. ≥ E − 2n when E ≤ 2^32. Zero only when no uid has stake.
  const E = inp.raoEmission;
  const total = sumRao(out.emission);
  expect(total <= E).toBe(true);
  expect(sumRao(out.serverEmission) + sumRao(out.validatorEmission) <= E).toBe(true);
  if (out.stakeWeightU16.some((x) => x > 0) || sumU16(out.incentiveU16) > 0) {
    const slack = BigInt(n) * (1n + (E >> 32n) + 1n);
    expect(total >= E - slack).toBe(true);
    if (E <= 1n << 32n) expect(total >= E - 2n * BigInt(n)).toBe(true);
  }
  // Bonds are written only for rows with a new permit, columns ascending and < n.
  out.bonds.forEach((row, i) => {
    if (out.newValidatorPermits[i] === 0) expect(row.cols.length).toBe(0);
    for (let k = 0; k < row.cols.length; k++) {
      expect(row.cols[k]!).toBeLessThan(n);
      if (k > 0) expect(row.cols[k]!).toBeGreaterThan(row.cols[k - 1]!);
    }
  });
}

// Both implementations of the per-entry stages: the WebAssembly kernel (default) and the JS stages.
describe.each(["kernel", "js"] as const)("fast epoch (%s) = bigint reference on random inputs", (engine) => {
  const options: EpochOptions = { engine };
  const runEpoch = (inp: EpochInput): EpochOutput => runEpochWith(inp, options);

  it("small subnets (n ≤ 24): 3000 seeded inputs, identical outputs, invariants hold", () => {
    const s = new Rng(20260630).stream("epoch/crosscheck/small");
    for (let k = 0; k < 3000; k++) {
      const inp = randomEpochInput(s, 24);
      const fast = runEpoch(inp);
      expect(formatEpochOutput(fast), `case ${k}`).toEqual(formatEpochOutput(epochReference(inp)));
      checkInvariants(inp, fast);
    }
  });

  it("larger subnets (n ≤ 96, bucketed consensus): 200 seeded inputs", () => {
    const s = new Rng(7).stream("epoch/crosscheck/large");
    for (let k = 0; k < 200; k++) {
      const inp = randomEpochInput(s, 96);
      const fast = runEpoch(inp);
      expect(formatEpochOutput(fast), `case ${k}`).toEqual(formatEpochOutput(epochReference(inp)));
      checkInvariants(inp, fast);
    }
  });

  it("a chain of epochs feeding bonds back stays identical (liquid alpha, steady state)", () => {
    const s = new Rng(11).stream("epoch/crosscheck/chain");
    for (let run = 0; run < 20; run++) {
      const inp = randomEpochInput(s, 40);
      inp.yuma3 = run % 2 === 0;
      inp.liquidAlpha = true;
      for (let e = 0; e < 8; e++) {
        const fast = runEpoch(inp);
        expect(formatEpochOutput(fast), `run ${run} epoch ${e}`).toEqual(formatEpochOutput(epochReference(inp)));
        inp.bonds = fast.bonds;
        inp.validatorPermits = fast.newValidatorPermits;
      }
    }
  });

  it("does not modify its input and is repeatable", () => {
    const s = new Rng(3).stream("epoch/crosscheck/pure");
    for (let k = 0; k < 50; k++) {
      const inp = randomEpochInput(s, 30);
      const before = JSON.stringify(inp, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Object && ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v));
      const a = formatEpochOutput(runEpoch(inp));
      const b = formatEpochOutput(runEpoch(inp));
      expect(b).toEqual(a);
      const after = JSON.stringify(inp, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Object && ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v));
      expect(after).toBe(before);
    }
  });

  it.each([
    [1000, 45875, 58982],
    [1234, 45875, 58982],
    [2500, 6553, 19660],
  ])("liquid alpha (steepness %i, low %i, high %i): a realistic subnet rarely needs the exact exp series, and the kernel's f64x2 rate pass decides most rates", (steepness, low, high) => {
    // 32 validators weighting 64 miners around a common quality, Yuma3 + liquid alpha, β = 0 so
    // weights above consensus occur; bonds fed back for 6 epochs. Steepness 1234 makes k
    // fractional (the pass's other variant). (Negative steepness, exp inputs below 0, stays with
    // the scalar bracket; the random inputs above cover it.)
    const s = new Rng(5).stream(`epoch/crosscheck/la-rate/${steepness}`);
    const n = 96;
    const quality = Array.from({ length: 64 }, () => s.uniform());
    const inp = randomEpochInput(s, 1);
    Object.assign(inp, {
      n,
      lastUpdate: new Float64Array(n).fill(inp.currentBlock),
      blockAtRegistration: new Float64Array(n),
      stakeRao: BigUint64Array.from({ length: n }, (_, i) => (i < 32 ? BigInt(1e12 + s.int(1e9)) : 0n)),
      validatorPermits: Uint8Array.from({ length: n }, (_, i) => (i < 32 ? 1 : 0)),
      weights: Array.from({ length: n }, (_, i): SparseRow => {
        if (i >= 32) return { cols: new Uint16Array(0), vals: new Uint16Array(0) };
        const raw = quality.map((q) => Math.max(0.01, q + 0.2 * s.normal()));
        const max = Math.max(...raw);
        return { cols: Uint16Array.from(raw, (_, k) => 32 + k), vals: Uint16Array.from(raw, (v) => Math.round((v / max) * 65535)) };
      }),
      bonds: Array.from({ length: n }, (): SparseRow => ({ cols: new Uint16Array(0), vals: new Uint16Array(0) })),
      lastTempo: 0,
      stakeThreshold: 0n,
      ownerUid: null,
      maxAllowedValidators: 32,
      kappaU16: 32767,
      bondsPenaltyU16: 0,
      liquidAlpha: true,
      yuma3: true,
      alphaLowU16: low,
      alphaHighU16: high,
      alphaSigmoidSteepness: steepness,
      commitReveal: false,
    });
    const before = liquidAlphaExactCalls();
    const fastBefore = kernelFastRatePairs();
    for (let e = 0; e < 6; e++) {
      const out = runEpoch(inp);
      expect(formatEpochOutput(out)).toEqual(formatEpochOutput(epochReference(inp)));
      inp.bonds = out.bonds;
    }
    const rates = 6 * 32 * 64;
    expect(liquidAlphaExactCalls() - before).toBeLessThan(rates / 100);
    const fastRates = 2 * (kernelFastRatePairs() - fastBefore);
    if (engine === "js") expect(fastRates).toBe(0);
    else expect(fastRates).toBeGreaterThan(rates / 4);
  });

});

describe("engine selection", () => {
  it("runs the kernel by default, the JS stages on request and for EMA rates beyond ±2^33", () => {
    const inp = randomEpochInput(new Rng(9).stream("epoch/engine"), 20);
    inp.bondsMovingAverage = 900_000;
    const k0 = kernelEpochs();
    const viaKernel = formatEpochOutput(runEpochWith(inp));
    expect(kernelEpochs()).toBe(k0 + 1);
    const viaJs = formatEpochOutput(runEpochWith(inp, { engine: "js" }));
    expect(kernelEpochs()).toBe(k0 + 1);
    expect(viaJs).toEqual(viaKernel);
    inp.bondsMovingAverage = 1_000_000 + 2 ** 34;
    runEpochWith(inp);
    expect(kernelEpochs()).toBe(k0 + 1);
  });

  it("computes activity, stake and permits in the kernel for stake sums below 2^61 rao, in JS from there, exactly", () => {
    const s = new Rng(21).stream("epoch/per-uid");
    for (const [sum, inJs] of [
      [(1n << 61n) - 1n, false],
      [1n << 61n, true],
      [(1n << 53n) + 12345n, false],
    ] as const) {
      const inp = randomEpochInput(s, 20);
      inp.stakeThreshold = 0n;
      // stakes of all sizes summing to `sum`: the last uid takes the rest
      const n = inp.n;
      const stake = new BigUint64Array(n);
      let left = sum;
      for (let i = 0; i < n - 1; i++) {
        const v = left / BigInt(2 + s.int(4));
        stake[i] = v;
        left -= v;
      }
      stake[n - 1] = left;
      inp.stakeRao = stake;
      const before = kernelPerUidInJs();
      const out = formatEpochOutput(runEpochWith(inp));
      expect(kernelPerUidInJs() - before).toBe(inJs ? 1 : 0);
      expect(out).toEqual(formatEpochOutput(epochReference(inp)));
      expect(out).toEqual(formatEpochOutput(runEpochWith(inp, { engine: "js" })));
    }
  });

  it("runs the JS stages when an epoch has more entries than the kernel takes, with the same result", () => {
    const s = new Rng(10).stream("epoch/engine-limit");
    let inp = randomEpochInput(s, 40);
    const permittedEntries = (x: EpochInput): number => x.weights.reduce((sum, row, i) => sum + (x.validatorPermits[i] === 1 ? row.cols.length : 0), 0);
    while (permittedEntries(inp) < 100) inp = randomEpochInput(s, 40);
    inp.bondsMovingAverage = 900_000;
    const expected = formatEpochOutput(epochReference(inp));
    const previous = setKernelEntryLimit(10);
    try {
      const k0 = kernelEpochs();
      expect(formatEpochOutput(runEpochWith(inp))).toEqual(expected);
      expect(kernelEpochs()).toBe(k0); // too large for the limit: the JS stages ran
    } finally {
      setKernelEntryLimit(previous);
    }
    const k1 = kernelEpochs();
    expect(formatEpochOutput(runEpochWith(inp))).toEqual(expected);
    expect(kernelEpochs()).toBe(k1 + 1);
  });

  it("at the kernel layout's limit (4,096 UIDs) equals the JS stages; 4,097 UIDs run on the JS stages", () => {
    const s = new Rng(17).stream("epoch/layout-limit");
    for (const n of [4096, 4097]) {
      const V = 64;
      const row = (i: number): SparseRow =>
        i < V
          ? { cols: Uint16Array.from({ length: n - V }, (_, k) => V + k), vals: Uint16Array.from({ length: n - V }, () => s.int(65536)) }
          : { cols: new Uint16Array(0), vals: new Uint16Array(0) };
      const weights = Array.from({ length: n }, (_, i) => row(i));
      const inp = randomEpochInput(s, 1);
      Object.assign(inp, {
        n,
        lastUpdate: new Float64Array(n).fill(inp.currentBlock),
        blockAtRegistration: Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? inp.currentBlock : 0)),
        stakeRao: BigUint64Array.from({ length: n }, (_, i) => (i < V ? BigInt(1e12 + s.int(1e9)) : 1000n)),
        validatorPermits: Uint8Array.from({ length: n }, (_, i) => (i < V ? 1 : 0)),
        weights,
        bonds: Array.from({ length: n }, (_, i) => row(i)),
        ownerUid: null,
        maxAllowedValidators: V,
        commitReveal: false,
        bondsMovingAverage: 900_000,
      });
      for (const yuma3 of [false, true]) {
        inp.yuma3 = yuma3;
        const k0 = kernelEpochs();
        const viaKernel = formatEpochOutput(runEpochWith(inp));
        expect(kernelEpochs() - k0, `n ${n}`).toBe(n <= 4096 ? 1 : 0);
        expect(viaKernel, `n ${n} yuma3 ${yuma3}`).toEqual(formatEpochOutput(runEpochWith(inp, { engine: "js" })));
      }
    }
  });

  it("bonds above 1.0 (bonds_moving_average between 10^6 and 2·10^6) take the kernel's wide quotient, exactly", () => {
    const s = new Rng(13).stream("epoch/wide-bonds");
    const before = kernelWideQuotients();
    for (let k = 0; k < 60; k++) {
      const inp = randomEpochInput(s, 24);
      inp.bondsMovingAverage = 1_500_000 + s.int(400_000);
      inp.yuma3 = k % 2 === 0;
      for (let e = 0; e < 3; e++) {
        const out = runEpochWith(inp);
        expect(formatEpochOutput(out), `case ${k} epoch ${e}`).toEqual(formatEpochOutput(epochReference(inp)));
        inp.bonds = out.bonds;
        inp.validatorPermits = out.newValidatorPermits;
      }
    }
    expect(kernelWideQuotients()).toBeGreaterThan(before);
  });
});
