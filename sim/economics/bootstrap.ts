/**
 * Block bootstrap of historical daily log returns: replays history without a model.
 *
 * Two schemes, both resampling only OBSERVED daily returns (so the path's daily moves are
 * exactly the history's, in blocks that keep short-range dependence such as volatility
 * clustering):
 * - "stationary" (Politis & Romano 1994): blocks of random length, geometric with mean
 *   `blockLengthDays`; each block starts at a uniformly drawn day and wraps around the end of
 *   the sample (circular), so every observed return is equally likely at every step.
 * - "moving" (Künsch 1989): blocks of exactly `blockLengthDays` consecutive returns, each
 *   starting uniformly in [0, n − L], never wrapping.
 *
 * The grid must be whole days: a step of dtDays = 3 compounds three consecutive bootstrap days.
 */
import type { Stream } from "../core/rng.js";
import type { PriceHistory } from "./price-history.js";
import { logReturnsOf } from "./price-history.js";
import { checkPathArguments, type PriceProcess } from "./price-process.js";

export type BootstrapScheme = "stationary" | "moving";

export interface BlockBootstrapParameters {
  /** Observed daily log returns to resample (at least 2), e.g. `logReturnsOf(history.closes)`. */
  readonly dailyLogReturns: ArrayLike<number>;
  /**
   * Block length in days: the MEAN block length for "stationary" (a real ≥ 1), the exact block
   * length for "moving" (an integer in 1..n). Default 20.
   */
  readonly blockLengthDays?: number;
  /** Default "stationary". */
  readonly scheme?: BootstrapScheme;
}

/** Block bootstrap price process (see the module comment). */
export class BlockBootstrapProcess implements PriceProcess {
  readonly kind = "block-bootstrap";
  readonly scheme: BootstrapScheme;
  readonly blockLengthDays: number;
  /** The observed daily log returns (a copy). */
  readonly dailyLogReturns: Float64Array;
  /** e^{r} for each observed return, so a step multiplies rather than exponentiates. */
  private readonly growth: Float64Array;

  constructor(p: BlockBootstrapParameters) {
    const who = "BlockBootstrapProcess";
    const n = p.dailyLogReturns.length;
    if (n < 2) throw new Error(`${who}: dailyLogReturns has ${n} value(s); expected at least 2 observed returns`);
    this.dailyLogReturns = Float64Array.from(p.dailyLogReturns);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(this.dailyLogReturns[i]!)) {
        throw new Error(`${who}: dailyLogReturns[${i}] = ${this.dailyLogReturns[i]}; expected a finite log return`);
      }
    }
    this.scheme = p.scheme ?? "stationary";
    if (this.scheme !== "stationary" && this.scheme !== "moving") {
      throw new Error(`${who}: scheme = "${String(this.scheme)}"; expected "stationary" or "moving"`);
    }
    const L = p.blockLengthDays ?? 20;
    if (this.scheme === "stationary") {
      if (!Number.isFinite(L) || L < 1) {
        throw new Error(`${who}: blockLengthDays = ${L}; expected a mean block length ≥ 1 (days) for the stationary scheme`);
      }
    } else if (!Number.isInteger(L) || L < 1 || L > n) {
      throw new Error(`${who}: blockLengthDays = ${L}; expected an integer block length in 1..${n} (days) for the moving scheme`);
    }
    this.blockLengthDays = L;
    this.growth = new Float64Array(n);
    for (let i = 0; i < n; i++) this.growth[i] = Math.exp(this.dailyLogReturns[i]!);
  }

  /** A bootstrap over a parsed price history's daily log returns. */
  static fromHistory(
    history: PriceHistory,
    options: { blockLengthDays?: number; scheme?: BootstrapScheme } = {},
  ): BlockBootstrapProcess {
    return new BlockBootstrapProcess({ dailyLogReturns: logReturnsOf(history.closes), ...options });
  }

  /**
   * Writes one path. dtDays must be a whole number of days; each step compounds dtDays
   * consecutive bootstrap days. Stationary scheme draws: one uniform per day (new block or
   * not) plus one per new block; moving scheme: one per block.
   */
  simulate(stream: Stream, s0: number, out: Float64Array, dtDays = 1): void {
    checkPathArguments("BlockBootstrapProcess.simulate", s0, out, dtDays);
    if (!Number.isInteger(dtDays)) {
      throw new Error(`BlockBootstrapProcess.simulate: dtDays = ${dtDays}; expected a whole number of days (the data are daily)`);
    }
    const g = this.growth;
    const n = g.length;
    const L = this.blockLengthDays;
    let s = s0;
    out[0] = s0;
    const steps = out.length;
    if (this.scheme === "stationary") {
      const pNew = 1 / L;
      let idx = -1;
      for (let i = 1; i < steps; i++) {
        for (let d = 0; d < dtDays; d++) {
          if (idx < 0 || stream.uniform() < pNew) idx = stream.int(n);
          else if (++idx === n) idx = 0;
          s *= g[idx]!;
        }
        out[i] = s;
      }
    } else {
      let idx = 0;
      let left = 0;
      const starts = n - L + 1;
      for (let i = 1; i < steps; i++) {
        for (let d = 0; d < dtDays; d++) {
          if (left === 0) {
            idx = stream.int(starts);
            left = L;
          }
          s *= g[idx]!;
          idx++;
          left--;
        }
        out[i] = s;
      }
    }
  }
}
