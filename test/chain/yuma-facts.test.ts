// Multi-epoch facts about Yuma Consensus that can be derived by hand, checked on the LocalChain:
// 4 validators and 8 miners over 50 epochs.
import { describe, expect, it } from "vitest";
import { chainWithSubnet, TAO } from "./helpers.js";
import type { LocalChain } from "../../sim/chain/local/local-chain.js";

const MINERS = Uint16Array.from({ length: 8 }, (_, j) => 5 + j); // uid 0 is the owner, 1–4 validators

/** Four validators with the given genesis alpha stakes (uids 1–4) and eight miners (uids 5–12). */
function world(stakesTao: number[], over: Parameters<typeof chainWithSubnet>[0] = {}): { chain: LocalChain; netuid: number } {
  const { chain, netuid } = chainWithSubnet({ commitReveal: false, tempo: 360, weightsRateLimit: 0, ...over });
  stakesTao.forEach((s, i) => {
    chain.endowSync(`vc${i}`, 10n * TAO);
    chain.burnedRegisterSync(netuid, `vc${i}`, `v${i}`);
    chain.endowStakeSync(`vc${i}`, `v${i}`, netuid, BigInt(s) * TAO);
  });
  for (let j = 0; j < 8; j++) {
    chain.endowSync(`mc${j}`, 10n * TAO);
    chain.burnedRegisterSync(netuid, `mc${j}`, `m${j}`);
  }
  return { chain, netuid };
}

/** A weight row over the eight miners: `top` gets 65535, the others `rest`. */
function row(top: number, rest = 6553): Uint16Array {
  return Uint16Array.from(MINERS, (_, j) => (j === top ? 65535 : rest));
}

describe("Yuma facts over 50 epochs (4 validators, 8 miners)", () => {
  it("a validator holding under κ of stake cannot lift a miner above consensus", async () => {
    // v0 holds 40% (< κ = 0.5) and puts all its weight on miner 0, which the others (60%) give 0.
    const { chain, netuid } = world([4000, 2000, 2000, 2000]);
    const honest = Uint16Array.from(MINERS, (_, j) => (j === 0 ? 0 : 1000 * j));
    const colluder = Uint16Array.from(MINERS, (_, j) => (j === 0 ? 65535 : 0));
    let minerZero = 0;
    for (let e = 0; e < 50; e++) {
      await chain.advanceTo(e * 360 + 100);
      await chain.setWeights(netuid, "v0", MINERS, colluder);
      for (let v = 1; v < 4; v++) await chain.setWeights(netuid, `v${v}`, MINERS, honest);
      await chain.advanceTo(e * 360 + 360);
      const mg = await chain.metagraph(netuid);
      minerZero += mg.incentiveU16[5]! + mg.consensusU16[5]!;
    }
    const mg = await chain.metagraph(netuid);
    // Consensus for miner 0 is the κ-quantile of the stake-weighted weights: 60% of stake says 0.
    expect(minerZero).toBe(0);
    expect(mg.emissionRao[5]).toBe(0n);
    // Its weight was clipped away entirely: validator trust 0, against ≈1 for the others.
    expect(mg.validatorTrustU16[1]).toBe(0);
    for (let v = 2; v <= 4; v++) expect(mg.validatorTrustU16[v]!).toBeGreaterThan(60000);

    // Above κ (60%) the same validator sets consensus for miner 0 and lifts it.
    const over = world([6000, 1334, 1333, 1333]);
    for (let e = 0; e < 5; e++) {
      await over.chain.advanceTo(e * 360 + 100);
      await over.chain.setWeights(over.netuid, "v0", MINERS, colluder);
      for (let v = 1; v < 4; v++) await over.chain.setWeights(over.netuid, `v${v}`, MINERS, honest);
      await over.chain.advanceTo(e * 360 + 360);
    }
    expect((await over.chain.metagraph(over.netuid)).incentiveU16[5]!).toBeGreaterThan(30000);
  });

  it("a late weight mover earns fewer dividends under Yuma 3 with liquid alpha", async () => {
    // Equal stakes. The best miner changes every 10 epochs; v0–v2 move at once, v3 one epoch late.
    const { chain, netuid } = world([2500, 2500, 2500, 2500], { yuma3: true, liquidAlpha: true });
    const best = (e: number) => Math.floor(e / 10) % 8;
    const dividends = [0, 0, 0, 0];
    for (let e = 0; e < 50; e++) {
      await chain.advanceTo(e * 360 + 100);
      for (let v = 0; v < 3; v++) await chain.setWeights(netuid, `v${v}`, MINERS, row(best(e)));
      await chain.setWeights(netuid, "v3", MINERS, row(best(Math.max(0, e - 1))));
      await chain.advanceTo(e * 360 + 360);
      const mg = await chain.metagraph(netuid);
      for (let v = 0; v < 4; v++) dividends[v]! += mg.dividendsU16[v + 1]!;
    }
    const early = (dividends[0]! + dividends[1]! + dividends[2]!) / 3;
    expect(dividends[3]!).toBeLessThan(0.97 * early);
    // The early movers agree exactly, so they earn alike.
    expect(Math.abs(dividends[0]! - dividends[1]!)).toBeLessThanOrEqual(50);
  });
});
