import { describe, expect, it } from "vitest";
import { ChainError } from "../../sim/chain/chain.js";
import { maxUpscale, storedRow, validateWeights } from "../../sim/chain/local/weights.js";
import { chainWithSubnet, populate } from "./helpers.js";

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ChainError) return e.code;
    throw e;
  }
  return "no error";
}

const u16 = (xs: number[]) => Uint16Array.from(xs);

describe("weight storage (§2 W)", () => {
  it("max-upscales to 65535 with round half away from zero, keeping zeros", () => {
    expect([...maxUpscale(u16([1, 2]))]).toEqual([32768, 65535]); // 32767.5 → 32768
    expect([...maxUpscale(u16([0, 3, 1]))]).toEqual([0, 65535, 21845]);
    expect([...maxUpscale(u16([0, 0]))]).toEqual([0, 0]);
    const r = storedRow(u16([5, 2, 9]), u16([10, 20, 0]));
    expect([...r.cols]).toEqual([2, 5, 9]);
    expect([...r.vals]).toEqual([65535, 32768, 0]);
  });

  it("validates lengths, duplicates, range and the minimum count", () => {
    expect(code(() => validateWeights(u16([1]), u16([1, 2]), 4, 1, 0))).toBe("WeightVecNotEqualSize");
    expect(code(() => validateWeights(u16([1, 1]), u16([1, 2]), 4, 1, 0))).toBe("DuplicateUids");
    expect(code(() => validateWeights(u16([4]), u16([1]), 4, 1, 0))).toBe("UidVecContainInvalidOne");
    expect(code(() => validateWeights(u16([1]), u16([1]), 4, 2, 0))).toBe("WeightVecLengthIsLow");
    expect(code(() => validateWeights(u16([0]), u16([1]), 4, 2, 0))).toBe("no error"); // self-weight only
  });
});

describe("set_weights without commit-reveal", () => {
  it("stores the row, sets last_update, rate-limits", () => {
    const { chain, netuid } = chainWithSubnet({ commitReveal: false, weightsRateLimit: 100 });
    populate(chain, netuid, 1, 3);
    chain.advanceToSync(5);
    chain.setWeightsSync(netuid, "v0", u16([2, 3]), u16([1, 1]));
    const mg = chain.metagraphSync(netuid);
    expect([...mg.weights[1]!.vals]).toEqual([65535, 65535]);
    expect(mg.lastUpdate[1]).toBe(5);
    chain.advanceToSync(104);
    expect(code(() => chain.setWeightsSync(netuid, "v0", u16([2]), u16([1])))).toBe("SettingWeightsTooFast");
    chain.advanceToSync(105);
    chain.setWeightsSync(netuid, "v0", u16([2]), u16([1]));
    expect(code(() => chain.setWeightsSync(netuid, "nobody", u16([2]), u16([1])))).toBe("HotKeyNotRegisteredInSubNet");
    expect(code(() => chain.commitWeightsSync(netuid, "v0", u16([2]), u16([1])))).toBe("CommitRevealDisabled");
  });
});

describe("commit-reveal (§6)", () => {
  it("refuses set_weights with CommitRevealEnabled; last_update = commit block; reveal leaves it", () => {
    const { chain, netuid } = chainWithSubnet({ commitReveal: true, revealPeriodEpochs: 1, tempo: 100 });
    populate(chain, netuid, 1, 2);
    chain.advanceToSync(10);
    expect(code(() => chain.setWeightsSync(netuid, "v0", u16([2]), u16([1])))).toBe("CommitRevealEnabled");
    chain.commitWeightsSync(netuid, "v0", u16([2, 3]), u16([3, 1]));
    expect(chain.metagraphSync(netuid).lastUpdate[1]).toBe(10);
    expect(chain.metagraphSync(netuid).weights[1]!.cols.length).toBe(0);
    expect(code(() => chain.commitWeightsSync(netuid, "v0", u16([2]), u16([1])))).toBe("CommittingWeightsTooFast");
    // subnet 1 epochs at 99, 199, … (stagger: LastEpochBlock = −1)
    const ev = chain.advanceToSync(99);
    expect(ev.filter((e) => e.kind === "weights-revealed")).toEqual([
      { kind: "weights-revealed", netuid, block: 99, uid: 1 },
    ]);
    const mg = chain.metagraphSync(netuid);
    expect([...mg.weights[1]!.cols]).toEqual([2, 3]);
    expect([...mg.weights[1]!.vals]).toEqual([65535, 21845]);
    expect(mg.lastUpdate[1]).toBe(10);
    // v0 gained its permit at that epoch (§3.3), so the next epoch counts its weights
    chain.advanceToSync(199);
    const mg2 = chain.metagraphSync(netuid);
    expect(mg2.incentiveU16[2]! > mg2.incentiveU16[3]!).toBe(true);
  });

  it("a copier only ever sees revealed weights, one epoch late", () => {
    const { chain, netuid } = chainWithSubnet({ commitReveal: true, revealPeriodEpochs: 1, tempo: 100, weightsRateLimit: 10 });
    populate(chain, netuid, 2, 4);
    // v0 is honest and changes its mind every epoch; v1 copies whatever the metagraph shows
    const honest = (e: number) => u16([3 + (e % 4)]);
    let block = 0;
    const seenByCopier: number[][] = [];
    for (let e = 0; e < 6; e++) {
      block = e * 100 + 50;
      chain.advanceToSync(block);
      chain.commitWeightsSync(netuid, "v0", honest(e), u16([65535]));
      const visible = chain.metagraphSync(netuid).weights[1]!;
      seenByCopier.push([...visible.cols]);
      if (visible.cols.length > 0) chain.commitWeightsSync(netuid, "v1", visible.cols, visible.vals);
    }
    // at mid-epoch e the copier sees the honest commit of epoch e − 1, never the current one
    expect(seenByCopier[0]).toEqual([]);
    for (let e = 1; e < 6; e++) expect(seenByCopier[e]).toEqual([...honest(e - 1)]);
    chain.advanceToSync(599);
    const mg = chain.metagraphSync(netuid);
    expect([...mg.weights[1]!.cols]).toEqual([...honest(5)]);
    expect([...mg.weights[2]!.cols]).toEqual([...honest(4)]); // the copy lags one epoch
  });

  it("drops a commit whose UID changed hands before the reveal", () => {
    const { chain, netuid } = chainWithSubnet({ commitReveal: true, tempo: 100, maxUids: 3, immunityPeriod: 0 });
    populate(chain, netuid, 1, 1);
    chain.advanceToSync(110); // the epoch at 99 paid v0 (zero-weights fallback), m0 nothing
    chain.commitWeightsSync(netuid, "m0", u16([1]), u16([1]));
    chain.endowSync("x", 100n * 1_000_000_000n);
    chain.advanceToSync(111);
    const uid = chain.burnedRegisterSync(netuid, "x", "newcomer");
    expect(uid).toBe(2); // m0 had the lowest emission (0) and no immunity
    const ev = chain.advanceToSync(199);
    expect(ev.some((e) => e.kind === "weights-revealed" && e.uid === 2)).toBe(false);
  });
});
