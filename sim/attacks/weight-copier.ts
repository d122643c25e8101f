/**
 * Weight copier: queries no miner (so pays no query cost) and sets, each tempo, the
 * stake-weighted mean of the other permitted validators' weight rows as they stand on chain.
 *
 * It sets its weights last, after reading the chain as it stands then. Without commit-reveal
 * that includes the weights the honest validators have just set. Defence: commit-reveal. With it
 * on, the weights on chain are the ones revealed from the previous period's commits, so the
 * copy is a period stale (and its own commit is revealed a period later still): the copier lags
 * consensus whenever consensus moves, and under Yuma 3 with liquid alpha it buys bonds late.
 */
import type { Metagraph } from "../chain/chain.js";
import { HonestValidator, type RoundAnswers, type RoundContext, type Detection } from "../agents/validator.js";
import type { ChallengeBatch } from "../tasks/task.js";

/** Stake-weighted mean of permitted validators' normalised weight rows, excluding `self`. */
export function chainConsensusWeights(mg: Metagraph, self: string, out: Float64Array): boolean {
  out.fill(0);
  let any = false;
  for (let v = 0; v < mg.n; v++) {
    if (!mg.validatorPermit[v] || mg.hotkeys[v] === self) continue;
    const row = mg.weights[v];
    if (!row || row.cols.length === 0) continue;
    let sum = 0;
    for (let i = 0; i < row.vals.length; i++) sum += row.vals[i]!;
    if (sum === 0) continue;
    const stake = Number(mg.stakeWeightRao[v]!);
    if (stake === 0) continue;
    for (let i = 0; i < row.cols.length; i++) {
      const uid = row.cols[i]!;
      if (uid < out.length) out[uid]! += (stake * row.vals[i]!) / sum;
    }
    any = true;
  }
  if (!any) return false;
  let total = 0;
  for (let i = 0; i < out.length; i++) total += out[i]!;
  if (total === 0) return false;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / total;
  return true;
}

export class WeightCopierValidator extends HonestValidator {
  override readonly strategy: string = "weight-copier";
  readonly readsChainWeights = true;

  override issue(_ctx: RoundContext): ChallengeBatch | null {
    return null;
  }

  override observeRound(_a: RoundAnswers, _ctx: RoundContext): Detection[] {
    return [];
  }

  override weights(ctx: RoundContext): Float64Array | null {
    if (ctx.metagraph === null) return null;
    return chainConsensusWeights(ctx.metagraph, this.hotkey, this.out) ? this.out : null;
  }
}
