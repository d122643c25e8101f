/**
 * Divergent validator: honest, but with a shifted view — a buggy scorer. `label-shift` scores
 * every answer against the next class up (an off-by-one in its label table); `noise` adds
 * Gaussian noise (sd `noiseSd`) to every batch score.
 *
 * What the mechanism does: its weights disagree with consensus, so κ-clipping removes the
 * disagreeing part, its validator trust drops, and its dividends fall — without it meaning harm.
 */
import type { Stream } from "../core/rng.js";
import { HonestValidator } from "../agents/validator.js";
import type { ChallengeBatch } from "../tasks/task.js";

export class DivergentValidator extends HonestValidator {
  override readonly strategy: string = "divergent";
  private readonly bug: "label-shift" | "noise";
  private readonly noiseSd: number;
  private readonly noise: Stream;
  private shifted = new Uint8Array(0);

  constructor(base: ConstructorParameters<typeof HonestValidator>, bug: "label-shift" | "noise", noiseSd: number, noise: Stream) {
    super(...base);
    this.bug = bug;
    this.noiseSd = noiseSd;
    this.noise = noise;
  }

  protected override labelsOf(b: ChallengeBatch): ArrayLike<number> {
    if (this.bug !== "label-shift") return b.labels;
    if (this.shifted.length < b.size) this.shifted = new Uint8Array(b.size);
    for (let k = 0; k < b.size; k++) this.shifted[k] = (b.labels[k]! + 1) % b.classCount[k]!;
    return this.shifted.subarray(0, b.size);
  }

  protected override recordedScore(score: number): number {
    return this.bug === "noise" ? score + this.noiseSd * this.noise.normal() : score;
  }
}
