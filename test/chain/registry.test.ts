import { describe, expect, it } from "vitest";
import { ChainError } from "../../sim/chain/chain.js";
import { LocalChain } from "../../sim/chain/local/local-chain.js";
import {
  adjustBurn,
  isImmune,
  lockReductionInterval,
  networkLockCost,
  neuronToPrune,
} from "../../sim/chain/local/registry.js";
import { chainWithSubnet, params, TAO } from "./helpers.js";

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ChainError) return e.code;
    throw e;
  }
  return "no error";
}

describe("burn cost adjustment", () => {
  it("moves toward the target: up with more registrations, halves with none, clamped", () => {
    expect(adjustBurn(1000n, 3, 1, 0, 1n, 1_000_000n)).toBe(2000n); // ×(3+1)/2
    expect(adjustBurn(1000n, 1, 1, 0, 1n, 1_000_000n)).toBe(1000n);
    expect(adjustBurn(1000n, 0, 1, 0, 1n, 1_000_000n)).toBe(500n);
    expect(adjustBurn(1000n, 0, 1, 0, 800n, 1_000_000n)).toBe(800n);
    expect(adjustBurn(1000n, 9, 1, 0, 1n, 3000n)).toBe(3000n);
    // smoothing: α·burn + (1 − α)·adjusted
    expect(adjustBurn(1000n, 3, 1, 0.5, 1n, 1_000_000n)).toBe(1500n);
  });

  it("on the chain: registrations above target raise the burn at the interval end, none lower it", () => {
    const { chain, netuid } = chainWithSubnet({ adjustmentIntervalBlocks: 100, targetRegistrationsPerInterval: 1 });
    chain.advanceToSync(1);
    const b0 = chain.subnetSync(netuid).burnRao;
    for (let i = 0; i < 3; i++) {
      chain.endowSync(`c${i}`, 100n * TAO);
      chain.burnedRegisterSync(netuid, `c${i}`, `h${i}`);
      chain.advanceToSync(chain.headSync().block + 1);
    }
    expect(code(() => chain.burnedRegisterSync(netuid, "c0", "h-extra"))).toBe("TooManyRegistrationsThisInterval");
    chain.advanceToSync(100);
    expect(chain.subnetSync(netuid).burnRao).toBe(b0 * 2n);
    chain.advanceToSync(200);
    expect(chain.subnetSync(netuid).burnRao).toBe(b0);
  });

  it("charges the burn, buys alpha with it and recycles the alpha", () => {
    const { chain, netuid } = chainWithSubnet();
    chain.advanceToSync(1);
    const before = chain.subnetSync(netuid);
    chain.endowSync("c", 10n * TAO);
    chain.burnedRegisterSync(netuid, "c", "h");
    const after = chain.subnetSync(netuid);
    expect(after.taoInRao - before.taoInRao).toBe(before.burnRao);
    expect(after.alphaOutRao).toBe(before.alphaOutRao);
    expect(after.alphaInRao < before.alphaInRao).toBe(true);
    expect(chain.ledger(netuid).recycledRegistrationAlpha).toBe(before.alphaInRao - after.alphaInRao);
    // the per-block limit is checked first, as in the runtime
    expect(code(() => chain.burnedRegisterSync(netuid, "poor", "hp"))).toBe("TooManyRegistrationsThisBlock");
    chain.advanceToSync(2);
    expect(code(() => chain.burnedRegisterSync(netuid, "c", "h"))).toBe("HotKeyAlreadyRegisteredInSubNet");
    expect(code(() => chain.burnedRegisterSync(netuid, "poor", "hp"))).toBe("NotEnoughBalanceToStake");
    expect(code(() => chain.burnedRegisterSync(netuid, "other", "h"))).toBe("HotKeyAlreadyRegisteredInSubNet");
    expect(code(() => chain.burnedRegisterSync(77, "c", "h2"))).toBe("SubnetNotExists");
  });
});

describe("immunity and pruning", () => {
  it("picks the lowest-emission non-immune UID; immunity protects; the owner is never pruned", () => {
    const em = [0n, 5n, 1n, 0n, 3n].map(BigInt);
    const reg = [0, 0, 0, 950, 0];
    // now 1000, immunity 100: uid 3 (registered at 950) is immune
    expect(isImmune(950, 100, 1000)).toBe(true);
    expect(neuronToPrune(em, reg, 5, 100, 1000, 0)).toBe(2);
    // ties on emission go to the earliest registration
    expect(neuronToPrune([9n, 1n, 1n], [0, 20, 10], 3, 5, 1000, 0)).toBe(2);
    // all immune: the lowest-emission immune one
    expect(neuronToPrune([9n, 4n, 2n], [0, 990, 995], 3, 100, 1000, 0)).toBe(2);
    expect(code(() => neuronToPrune([0n], [0], 1, 10, 100, 0))).toBe("NoNeuronIdAvailable");
  });

  it("a full subnet replaces its weakest non-immune UID", () => {
    const { chain, netuid } = chainWithSubnet({ maxUids: 4, immunityPeriod: 500, commitReveal: false, tempo: 100 });
    // uid1 validator with stake, uid2 and uid3 miners
    chain.endowSync("vc", 2000n * TAO);
    chain.burnedRegisterSync(netuid, "vc", "v");
    chain.addStakeSync("vc", "v", netuid, 1000n * TAO);
    chain.endowSync("mc", 100n * TAO);
    chain.burnedRegisterSync(netuid, "mc", "good");
    chain.burnedRegisterSync(netuid, "mc", "bad");
    chain.advanceToSync(10);
    chain.setWeightsSync(netuid, "v", Uint16Array.from([2, 3]), Uint16Array.from([65535, 1000]));
    chain.advanceToSync(1000);
    const mg = chain.metagraphSync(netuid);
    expect(mg.emissionRao[3]! < mg.emissionRao[2]!).toBe(true);
    chain.endowSync("nc", 100n * TAO);
    const uid = chain.burnedRegisterSync(netuid, "nc", "newcomer");
    expect(uid).toBe(3);
    const events = chain.advanceToSync(1001);
    expect(events.find((e) => e.kind === "deregistered")).toMatchObject({ uid: 3, hotkey: "bad", replacedBy: "newcomer" });
    const mg2 = chain.metagraphSync(netuid);
    expect(mg2.hotkeys).toEqual(["owner-hot", "v", "good", "newcomer"]);
    expect(mg2.blockAtRegistration[3]).toBe(1000);
    // the newcomer is immune now: the next registration replaces someone else (not the owner, not uid 3)
    chain.endowSync("nc2", 100n * TAO);
    const uid2 = chain.burnedRegisterSync(netuid, "nc2", "second");
    expect([1, 2]).toContain(uid2);
  });
});

describe("network lock cost (§5.5)", () => {
  it("doubles after a registration and decays linearly to the floor", () => {
    const min = 1000n * TAO;
    const interval = lockReductionInterval(14 * 7200, 1_000_000_000n);
    expect(interval).toBe(100_800n);
    expect(lockReductionInterval(14 * 7200, 500_000_000n)).toBe(50_400n);
    expect(networkLockCost(0n, 0, false, 0, min, interval)).toBe(min);
    const last = 4000n * TAO;
    expect(networkLockCost(last, 100, true, 100, min, interval)).toBe(8000n * TAO);
    const perBlock = last / interval;
    expect(networkLockCost(last, 100, true, 1100, min, interval)).toBe(8000n * TAO - perBlock * 1000n);
    expect(networkLockCost(last, 100, true, 100 + 10_000_000, min, interval)).toBe(min);
  });

  it("on the chain: paid by the coldkey, doubled for the next, rate limited after genesis", async () => {
    const chain = new LocalChain({ initialIssuanceRao: 0n });
    chain.endowSync("a", 100_000n * TAO);
    const c1 = chain.networkLockCostSync();
    expect(c1).toBe(1000n * TAO);
    chain.registerNetworkSync("a", "ha", params({ pool: { kind: "constant-product", taoRao: 0n, alphaRao: 0n } }));
    expect(await chain.balance("a")).toBe(99_000n * TAO);
    // the lock became the pool's TAO reserve; alpha at price 1 (no other subnet)
    const s1 = chain.subnetSync(1);
    expect(s1.taoInRao).toBe(1000n * TAO);
    expect(s1.alphaInRao).toBe(1000n * TAO);
    expect(chain.networkLockCostSync()).toBe(2000n * TAO);
    chain.advanceToSync(100);
    expect(code(() => chain.registerNetworkSync("a", "hb", params()))).toBe("NetworkTxRateLimitExceeded");
    chain.advanceToSync(7200);
    const decayed = 2000n * TAO - ((1000n * TAO) / 100_800n) * 7200n;
    expect(chain.networkLockCostSync()).toBe(decayed);
    const n2 = chain.registerNetworkSync("a", "hb", params({ pool: { kind: "constant-product", taoRao: 0n, alphaRao: 0n } }));
    expect(n2).toBe(2);
    // the new pool's alpha reserve is set at the median subnet price (subnet 1's)
    const s2 = chain.subnetSync(2);
    expect(Math.abs(s2.price / chain.subnetSync(1).price - 1)).toBeLessThan(1e-9);
    expect(code(() => chain.startCallSync(2, "a"))).toBe("NeedWaitingMoreBlocksToStarCall");
    expect(code(() => chain.startCallSync(2, "someone"))).toBe("NotSubnetOwner");
    chain.advanceToSync(7200 + 50_400);
    chain.startCallSync(2, "a");
    expect(code(() => chain.startCallSync(2, "a"))).toBe("FirstEmissionBlockNumberAlreadySet");
    expect(code(() => chain.registerNetworkSync("poor", "hp", params()))).toBe("NotEnoughBalanceToStake");
  });
});
