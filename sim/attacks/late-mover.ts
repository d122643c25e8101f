/**
 * Late mover: does no scoring of its own and sets, each tempo, the consensus the chain computed
 * `lag` epochs ago (the metagraph's consensus vector, normalised) — it only moves after
 * consensus has moved.
 *
 * Defences: Yuma 3 with liquid alpha — validators that move ahead of consensus buy bonds fast
 * (up to alpha_high); a late mover's bonds trail, so it earns fewer dividends than an honest
 * validator of the same stake, most when consensus moves (drug rotation, population shifts).
 */
import { HonestValidator, type Detection, type RoundAnswers, type RoundContext } from "../agents/validator.js";
import type { ChallengeBatch } from "../tasks/task.js";

export class LateMoverValidator extends HonestValidator {
  override readonly strategy: string = "late-mover";
  private readonly history: Float64Array[] = [];
  private readonly lag: number;
  private lastEpochBlock = -1;

  constructor(base: ConstructorParameters<typeof HonestValidator>, lagEpochs: number) {
    super(...base);
    this.lag = lagEpochs;
  }

  override issue(_ctx: RoundContext): ChallengeBatch | null {
    return null;
  }

  override observeRound(_a: RoundAnswers, _ctx: RoundContext): Detection[] {
    return [];
  }

  override weights(ctx: RoundContext): Float64Array | null {
    const mg = ctx.metagraph;
    if (mg === null) return null;
    if (mg.block !== this.lastEpochBlock) {
      this.lastEpochBlock = mg.block;
      const c = new Float64Array(this.out.length);
      for (let uid = 0; uid < mg.n && uid < c.length; uid++) c[uid] = mg.consensusU16[uid]!;
      this.history.push(c);
      if (this.history.length > this.lag) this.history.shift();
    }
    // history[0] is the consensus of `lag − 1` epochs before the latest; the latest metagraph
    // already reflects the last epoch, so a lag of 1 copies the most recent consensus.
    const c = this.history[0]!;
    let total = 0;
    for (let i = 0; i < c.length; i++) total += c[i]!;
    if (total === 0) return null;
    for (let i = 0; i < c.length; i++) this.out[i] = c[i]! / total;
    return this.out;
  }
}
