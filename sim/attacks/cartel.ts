/**
 * Validator cartel: validators that put `weightShare` of their weight on miners they own (a miner
 * group of the scenario, typically cheap `cartel-member` miners), whatever those answer; the
 * rest of their weight is honest. With one validator and one miner this is the self-dealing pair.
 *
 * Defences: Yuma's κ-clipping — weight above the stake-weighted κ-quantile of all validators'
 * weights is clipped, so a cartel holding less than κ of the stake cannot lift its miners above
 * what the honest majority gives them; bonds penalty β = 1 (no bonds on clipped weight); the
 * cartel's validator trust falls.
 */
import { HonestValidator, type RoundContext } from "../agents/validator.js";

export class CartelValidator extends HonestValidator {
  override readonly strategy: string = "cartel";
  private readonly weightShare: number;
  private readonly members: () => readonly number[];
  private readonly combined: Float64Array;

  constructor(base: ConstructorParameters<typeof HonestValidator>, weightShare: number, memberUids: () => readonly number[]) {
    super(...base);
    this.weightShare = weightShare;
    this.members = memberUids;
    this.combined = new Float64Array(this.out.length);
  }

  override weights(ctx: RoundContext): Float64Array | null {
    const honest = super.weights(ctx);
    const members = this.members();
    this.combined.fill(0);
    const honestShare = honest === null || members.length === 0 ? (honest === null ? 0 : 1) : 1 - this.weightShare;
    if (honest !== null) for (let i = 0; i < honest.length; i++) this.combined[i] = honestShare * honest[i]!;
    if (members.length > 0) {
      const each = (honest === null ? 1 : this.weightShare) / members.length;
      for (const uid of members) this.combined[uid]! += each;
    }
    let any = false;
    for (let i = 0; i < this.combined.length; i++) if (this.combined[i]! > 0) any = true;
    return any ? this.combined : null;
  }
}
