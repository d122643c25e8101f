import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/core/rng.js";

const draws = (rng: Rng, name: string, n: number) => {
  const s = rng.stream(name);
  return Array.from({ length: n }, () => s.uniform());
};

describe("named random streams", () => {
  it("give the same sequence for the same seed and name", () => {
    expect(draws(new Rng(7), "miner/3/model", 50)).toEqual(draws(new Rng(7), "miner/3/model", 50));
  });

  it("differ between seeds and between names", () => {
    const a = draws(new Rng(7), "miner/3/model", 20);
    expect(draws(new Rng(8), "miner/3/model", 20)).not.toEqual(a);
    expect(draws(new Rng(7), "miner/4/model", 20)).not.toEqual(a);
  });

  it("are independent: creating and drawing from other streams never changes a stream's draws", () => {
    const alone = draws(new Rng(42), "validator/0/challenges", 100);
    const rng = new Rng(42);
    const target = rng.stream("validator/0/challenges");
    const interleaved: number[] = [];
    for (let i = 0; i < 100; i++) {
      // a new agent appears, other streams draw between ours
      rng.stream(`miner/${i}/noise`).normal();
      rng.stream("validator/1/challenges").uniform();
      interleaved.push(target.uniform());
    }
    expect(interleaved).toEqual(alone);
  });

  it("namespaces child generators so a Monte Carlo path can be replayed alone", () => {
    const all = new Rng(5);
    const path17 = draws(all.child("path/17"), "price", 10);
    expect(draws(new Rng(5).child("path/17"), "price", 10)).toEqual(path17);
    expect(draws(all.child("path/18"), "price", 10)).not.toEqual(path17);
    // a child stream is not the same as the parent stream of the joined name
    expect(draws(all, "path/17/price", 10)).not.toEqual(path17);
  });

  it("draws from the documented distributions", () => {
    const s = new Rng(1).stream("stats");
    const n = 40000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = s.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.03);
    let pois = 0;
    for (let i = 0; i < n; i++) pois += s.poisson(3);
    expect(Math.abs(pois / n - 3)).toBeLessThan(0.05);
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[s.categorical([1, 2, 1])]! += 1;
    expect(Math.abs(counts[1]! / n - 0.5)).toBeLessThan(0.02);
    const sample = s.sample(10, 4);
    expect(new Set(sample).size).toBe(4);
    expect(sample.every((v) => v >= 0 && v < 10)).toBe(true);
  });

  it("refuses an empty stream name", () => {
    expect(() => new Rng(1).stream("")).toThrow(/non-empty name/);
  });
});
