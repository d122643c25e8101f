/**
 * Lazy validator: queries nobody and sets random weights each tempo (`random`), or the same
 * equal weight on every miner (`constant`), to collect dividends without doing the work.
 *
 * Defences: κ-clipping cuts the weight it puts on weak miners; its bonds sit on miners that earn
 * little, so its dividends and validator trust fall below an honest validator's of equal stake.
 */
import type { Stream } from "../core/rng.js";
import { HonestValidator, type Detection, type RoundAnswers, type RoundContext } from "../agents/validator.js";
import type { ChallengeBatch } from "../tasks/task.js";

export class LazyValidator extends HonestValidator {
  override readonly strategy: string = "lazy";
  private readonly mode: "random" | "constant";
  private readonly weightStream: Stream;

  constructor(base: ConstructorParameters<typeof HonestValidator>, mode: "random" | "constant", weightStream: Stream) {
    super(...base);
    this.mode = mode;
    this.weightStream = weightStream;
  }

  override issue(_ctx: RoundContext): ChallengeBatch | null {
    return null;
  }

  override observeRound(_a: RoundAnswers, _ctx: RoundContext): Detection[] {
    return [];
  }

  override weights(ctx: RoundContext): Float64Array | null {
    if (ctx.minerUids.length === 0) return null;
    this.out.fill(0);
    let total = 0;
    for (const uid of ctx.minerUids) {
      const w = this.mode === "random" ? this.weightStream.uniform() : 1;
      this.out[uid] = w;
      total += w;
    }
    for (const uid of ctx.minerUids) this.out[uid] = this.out[uid]! / total;
    return this.out;
  }
}
