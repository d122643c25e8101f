/**
 * Divergent validator: honest, but with a shifted view — a buggy scorer. `label-shift` scores
 * every answer against the next class up (an off-by-one in its label table); `noise` adds
 * Gaussian noise (sd `noiseSd`) to every batch score.
 *
 * What the mechanism does: its weights disagree with consensus, so κ-clipping removes the
 * disagreeing part, its validator trust drops, and its dividends fall — without it meaning harm.
 */
import type { Stream } from "../core/rng.js";
import { HonestValidator, type Detection, type RoundAnswers, type RoundContext } from "../agents/validator.js";
import { batchScore, updateEma } from "../tasks/scoring.js";

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

  override observeRound(a: RoundAnswers, ctx: RoundContext): Detection[] {
    const b = a.batch;
    if (this.shifted.length < b.size) this.shifted = new Uint8Array(b.size);
    for (let k = 0; k < b.size; k++) {
      this.shifted[k] = this.bug === "label-shift" ? (b.labels[k]! + 1) % b.classCount[k]! : b.labels[k]!;
    }
    const labels = this.shifted.subarray(0, b.size);
    const block = b.size * b.cMax;
    for (let i = 0; i < a.uids.length; i++) {
      const uid = a.uids[i]!;
      let score = batchScore(
        a.pred.subarray(i * block, (i + 1) * block),
        b.cMax,
        b.classCount,
        labels,
        a.latencyS.subarray(i * b.size, (i + 1) * b.size),
        this.settings.scoring,
      );
      if (this.bug === "noise") score += this.noiseSd * this.noise.normal();
      updateEma(this.ema, uid, score, this.settings.emaAlpha);
      this.seen[uid] = 1;
    }
    void ctx;
    return [];
  }
}
