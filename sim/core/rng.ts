/**
 * Named random streams derived from one scenario seed.
 *
 * Every random draw in the simulator comes from a `Stream` obtained by name from an `Rng`:
 * `rng.stream("miner/17/model")`. A stream's sequence depends only on (master seed, name), so
 * adding an agent, or a stream, never changes the draws of any other stream. The generator is
 * seedrandom's Alea (fast, 32-bit state words, good statistical quality for simulation).
 */
import seedrandom from "seedrandom";

type AleaPrng = seedrandom.PRNG;

export class Stream {
  readonly name: string;
  private readonly prng: AleaPrng;
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: string, name: string) {
    this.name = name;
    this.prng = seedrandom.alea(`${seed}\u0000${name}`);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.prng();
  }

  /** Uniform in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  bernoulli(p: number): boolean {
    return this.prng() < p;
  }

  /** Standard normal (Marsaglia polar method; the spare is kept, so draws come in pairs). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.prng() - 1;
      v = 2 * this.prng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /** Log-normal with the given median and log-space sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(rate: number): number {
    return -Math.log(1 - this.prng()) / rate;
  }

  /** Poisson count (inversion for small means, normal approximation above 60). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 60) {
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    }
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.prng();
    while (p > limit) {
      k++;
      p *= this.prng();
    }
    return k;
  }

  /** Index drawn from unnormalised non-negative weights. */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let u = this.prng() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher–Yates shuffle, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** k distinct indices from [0, n), in draw order. */
  sample(n: number, k: number): number[] {
    const idx = Array.from({ length: n }, (_, i) => i);
    const m = Math.min(k, n);
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(this.prng() * (n - i));
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    return idx.slice(0, m);
  }

  /** A 32-bit unsigned integer, e.g. to seed a sub-generator or a revealed batch seed. */
  uint32(): number {
    return Math.floor(this.prng() * 4294967296) >>> 0;
  }
}

export class Rng {
  readonly seed: string;

  constructor(seed: number | string) {
    this.seed = String(seed);
  }

  /** The stream with this name; a fresh instance restarts the sequence from its beginning. */
  stream(name: string): Stream {
    if (name.length === 0) throw new Error("rng.stream: a stream needs a non-empty name");
    return new Stream(this.seed, name);
  }

  /** An Rng whose streams are namespaced under `prefix/` (for example one Monte Carlo path). */
  child(prefix: string): Rng {
    return new Rng(`${this.seed}/${prefix}`);
  }
}
