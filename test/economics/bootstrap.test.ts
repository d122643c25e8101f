import { describe, expect, it } from "vitest";
import { BlockBootstrapProcess } from "../../sim/economics/bootstrap.js";
import { loadTaoUsdDaily, logReturnsOf } from "../../sim/economics/price-history.js";
import { pricePathStream, simulatePricePath } from "../../sim/economics/price-process.js";
import { moments } from "../../sim/economics/price-statistics.js";

/** Returns 0.001·(i + 1) so a step's log return identifies which observed day it replayed. */
function taggedReturns(n: number): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = 0.001 * (i + 1);
  return r;
}

function replayedIndices(out: Float64Array): number[] {
  const idx: number[] = [];
  for (let i = 1; i < out.length; i++) idx.push(Math.round(Math.log(out[i]! / out[i - 1]!) / 0.001) - 1);
  return idx;
}

describe("block bootstrap on the shipped history", () => {
  const history = loadTaoUsdDaily();
  const observed = logReturnsOf(history.closes);
  const sortedObserved = Float64Array.from(observed).sort();

  function isObserved(r: number): boolean {
    let lo = 0;
    let hi = sortedObserved.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedObserved[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    const near = (i: number) => i >= 0 && i < sortedObserved.length && Math.abs(sortedObserved[i]! - r) < 1e-9;
    return near(lo) || near(lo - 1);
  }

  for (const scheme of ["stationary", "moving"] as const) {
    it(`${scheme}: every daily move is an observed return; pooled mean and vol ≈ the sample's`, () => {
      const boot = BlockBootstrapProcess.fromHistory(history, { scheme, blockLengthDays: 20 });
      const steps = 1095;
      const paths = 500;
      const out = new Float64Array(steps + 1);
      const pooled = new Float64Array(steps * paths);
      const pathMeans = new Float64Array(paths);
      let n = 0;
      for (let k = 0; k < paths; k++) {
        simulatePricePath(boot, "boot", k, 145.9, out, 1);
        for (let i = 1; i <= steps; i++) {
          const r = Math.log(out[i]! / out[i - 1]!);
          pooled[n++] = r;
          pathMeans[k]! += r / steps;
        }
      }
      for (let i = 0; i < n; i += 97) expect(isObserved(pooled[i]!)).toBe(true);
      const sample = moments(observed);
      const sim = moments(pooled);
      // Expected mean of one bootstrap day: the sample mean for the (circular) stationary
      // scheme; for moving blocks day i is weighted by the number of blocks covering it,
      // which under-weights the first and last L − 1 days.
      let expectedMean = sample.mean;
      if (scheme === "moving") {
        const L = 20;
        const starts = observed.length - L + 1;
        expectedMean = 0;
        for (let s = 0; s < starts; s++) for (let j = 0; j < L; j++) expectedMean += observed[s + j]! / (L * starts);
      }
      // Paths are independent: the se of the pooled mean comes from the spread of path means.
      const se = moments(pathMeans).sd / Math.sqrt(paths);
      expect(Math.abs(sim.mean - expectedMean)).toBeLessThan(4 * se);
      expect(Math.abs(sim.sd / sample.sd - 1)).toBeLessThan(0.02);
    });
  }
});

describe("block structure", () => {
  it("moving blocks: runs of exactly L consecutive observed days, starting in 0..n − L", () => {
    const n = 50;
    const L = 5;
    const boot = new BlockBootstrapProcess({ dailyLogReturns: taggedReturns(n), scheme: "moving", blockLengthDays: L });
    const out = new Float64Array(1 + 10 * L);
    for (let k = 0; k < 50; k++) {
      boot.simulate(pricePathStream("mbb", k), 1, out, 1);
      const idx = replayedIndices(out);
      for (let b = 0; b < 10; b++) {
        const start = idx[b * L]!;
        expect(start).toBeGreaterThanOrEqual(0);
        expect(start).toBeLessThanOrEqual(n - L);
        for (let j = 1; j < L; j++) expect(idx[b * L + j]).toBe(start + j);
      }
    }
  });

  it("stationary blocks: consecutive days wrapping at the end, mean block length ≈ L, every day equally used", () => {
    const n = 40;
    const L = 4;
    const boot = new BlockBootstrapProcess({ dailyLogReturns: taggedReturns(n), scheme: "stationary", blockLengthDays: L });
    const steps = 2000;
    const out = new Float64Array(steps + 1);
    let continues = 0;
    let transitions = 0;
    let wraps = 0;
    const uses = new Float64Array(n);
    for (let k = 0; k < 50; k++) {
      boot.simulate(pricePathStream("sbb", k), 1, out, 1);
      const idx = replayedIndices(out);
      for (let i = 0; i < idx.length; i++) {
        uses[idx[i]!]!++;
        if (i === 0) continue;
        transitions++;
        if (idx[i] === (idx[i - 1]! + 1) % n) {
          continues++;
          if (idx[i] === 0) wraps++;
        }
      }
    }
    // P(continue) = 1 − 1/L plus the 1/(Ln) chance a new block starts at the next day.
    const pCont = 1 - 1 / L + 1 / (L * n);
    expect(Math.abs(continues / transitions - pCont)).toBeLessThan(4 * Math.sqrt((pCont * (1 - pCont)) / transitions));
    expect(wraps).toBeGreaterThan(0);
    const expectedUses = (50 * steps) / n;
    for (let i = 0; i < n; i++) expect(Math.abs(uses[i]! / expectedUses - 1)).toBeLessThan(0.2);
  });

  it("dtDays = 3 compounds three bootstrap days; fractional days are refused", () => {
    const boot = new BlockBootstrapProcess({ dailyLogReturns: taggedReturns(30), scheme: "moving", blockLengthDays: 3 });
    const out = new Float64Array(5);
    boot.simulate(pricePathStream("dt3", 0), 1, out, 3);
    for (let i = 1; i < 5; i++) {
      // Three consecutive days s, s+1, s+2 sum to 0.001·(3s + 6).
      const r = Math.log(out[i]! / out[i - 1]!) / 0.001;
      expect(Math.abs((r - 6) / 3 - Math.round((r - 6) / 3))).toBeLessThan(1e-6);
    }
    expect(() => boot.simulate(pricePathStream("dt3", 0), 1, out, 0.5)).toThrow(
      "BlockBootstrapProcess.simulate: dtDays = 0.5; expected a whole number of days (the data are daily)",
    );
  });

  it("rejects bad parameters with named fields", () => {
    expect(() => new BlockBootstrapProcess({ dailyLogReturns: [0.1] })).toThrow(
      "BlockBootstrapProcess: dailyLogReturns has 1 value(s); expected at least 2 observed returns",
    );
    expect(() => new BlockBootstrapProcess({ dailyLogReturns: [0.1, 0.2], scheme: "moving", blockLengthDays: 3 })).toThrow(
      "BlockBootstrapProcess: blockLengthDays = 3; expected an integer block length in 1..2 (days) for the moving scheme",
    );
    expect(() => new BlockBootstrapProcess({ dailyLogReturns: [0.1, 0.2], blockLengthDays: 0.5 })).toThrow(
      "BlockBootstrapProcess: blockLengthDays = 0.5; expected a mean block length ≥ 1 (days) for the stationary scheme",
    );
    expect(() => new BlockBootstrapProcess({ dailyLogReturns: [0.1, Number.NaN] })).toThrow(
      "BlockBootstrapProcess: dailyLogReturns[1] = NaN; expected a finite log return",
    );
  });
});
