import { describe, expect, it } from "vitest";
import type { ChainEvent } from "../../sim/chain/chain.js";
import { ChainError } from "../../sim/chain/chain.js";
import { LocalChain, type SubnetLedger } from "../../sim/chain/local/local-chain.js";
import { Rng } from "../../sim/core/rng.js";
import { chainWithSubnet, params, populate, TAO } from "./helpers.js";

function alphaConserved(l: SubnetLedger): bigint {
  // minted alpha − (paid + burned + recycled + pending): must be 0
  return (
    l.alphaMinted -
    (l.paidIncentive +
      l.paidAlphaDividends +
      l.paidRootDividends +
      l.paidOwnerCut +
      l.burnedOwnerIncentive +
      l.recycledRootAlpha +
      l.recycledDust +
      l.pending)
  );
}

async function expectConserved(chain: LocalChain, netuid: number) {
  const l = chain.ledger(netuid);
  expect(alphaConserved(l)).toBe(0n);
  expect(l.taoEmitted).toBe(l.taoInjected + l.taoChainBuy);
  const s = await chain.subnet(netuid);
  // SubnetAlphaOut = staked + root-claimable + protocol (chain-bought) + pending
  expect(s.alphaOutRao).toBe(chain.alphaHeld(netuid) + l.alphaChainBought + l.pending);
  const t = chain.taoAccounts();
  expect(t.held).toBe(t.sources);
}

describe("LocalChain over many epochs", () => {
  it("4 validators and 8 miners over 50 epochs: emission conserved to the rao, incentive follows weights", async () => {
    const { chain, netuid } = chainWithSubnet({ commitReveal: true, tempo: 360 });
    populate(chain, netuid, 4, 8, 2000n);
    const miners = Uint16Array.from({ length: 8 }, (_, j) => 5 + j);
    // miners' quality: m7 best … m0 worst; the validators agree up to a little noise
    const rng = new Rng(5).stream("local-chain/weights");
    const issuance0 = (await chain.head()).totalIssuanceRao;
    const events: ChainEvent[] = [];
    for (let e = 0; e < 50; e++) {
      const mid = e * 360 + 100;
      events.push(...(await chain.advanceTo(mid)));
      for (let v = 0; v < 4; v++) {
        const vals = Uint16Array.from(miners, (_, j) => Math.max(1, Math.round((j + 1) * 1000 * (1 + 0.05 * rng.normal()))));
        await chain.commitWeights(netuid, `v${v}`, miners, vals);
      }
    }
    events.push(...(await chain.advanceTo(50 * 360 + 360)));
    const epochs = events.filter((e) => e.kind === "epoch" && e.netuid === netuid);
    expect(epochs.length).toBe(51);
    // stagger: netuid 1, tempo 360 → epochs at 359, 719, …
    expect(epochs[0]!.block).toBe(359);
    expect(epochs[1]!.block).toBe(719);
    await expectConserved(chain, netuid);

    const mg = await chain.metagraph(netuid);
    // the best miner earns the most; validators have permits and dividends
    const inc = [...mg.incentiveU16.slice(5, 13)];
    expect(inc.indexOf(Math.max(...inc))).toBe(7);
    for (let v = 1; v <= 4; v++) {
      expect(mg.validatorPermit[v]).toBe(1);
      expect(mg.dividendsU16[v]!).toBeGreaterThan(0);
    }
    // miners hold their incentive as alpha stake; the owner's stake holds the owner cut
    expect(await chain.alphaStake("mc7", "m7", netuid)).toBeGreaterThan(0n);
    const l = chain.ledger(netuid);
    expect(l.paidOwnerCut).toBeGreaterThan(0n);
    expect(await chain.alphaStake("owner", "owner-hot", netuid)).toBeGreaterThanOrEqual(l.paidOwnerCut - 1n);
    // issuance grew by exactly the TAO emitted to subnets
    const head = await chain.head();
    expect(head.totalIssuanceRao - issuance0).toBe(l.taoEmitted);
    // the owner hotkey set no weights and earns no incentive → nothing burned
    expect(l.burnedOwnerIncentive).toBe(0n);
  });

  it("random operations (stake, unstake, register, weights, advance) keep every account balanced", async () => {
    const rng = new Rng(99).stream("local-chain/random-ops");
    const chain = new LocalChain({ taoWeight: 0.18 });
    chain.endowSync("owner", 10_000_000n * TAO);
    const a = chain.registerNetworkSync("owner", "owner-hot", params({ commitReveal: false, tempo: 100, maxUids: 12, immunityPeriod: 300 }));
    chain.startCallSync(a, "owner");
    chain.endowSync("bg", 10_000_000n * TAO);
    const b = chain.registerNetworkSync("bg", "bg-hot", params({ pool: { kind: "weighted", taoRao: 20_000n * TAO, alphaRao: 2_000_000n * TAO } }));
    chain.startCallSync(b, "bg");
    populate(chain, a, 3, 5, 500n);
    chain.endowSync("root-ck", 1000n * TAO);
    chain.addStakeSync("root-ck", "v0", 0, 500n * TAO);
    let block = 0;
    let regs = 0;
    for (let step = 0; step < 400; step++) {
      block += 1 + rng.int(40);
      chain.advanceToSync(block);
      const op = rng.int(5);
      const ck = `user${rng.int(6)}`;
      try {
        if (op === 0) {
          chain.endowSync(ck, BigInt(rng.int(100) + 60) * TAO);
          chain.addStakeSync(ck, `v${rng.int(3)}`, rng.bernoulli(0.7) ? a : b, BigInt(rng.int(50) + 1) * TAO);
        } else if (op === 1) {
          const hk = `v${rng.int(3)}`;
          for (const net of [a, b]) {
            const have = await chain.alphaStake(ck, hk, net);
            if (have > 1_000_000n) chain.removeStakeSync(ck, hk, net, have / BigInt(1 + rng.int(3)));
          }
        } else if (op === 2) {
          chain.endowSync(ck, 10n * TAO);
          chain.burnedRegisterSync(a, ck, `${ck}-h${regs++}`);
        } else if (op === 3) {
          const mg = chain.metagraphSync(a);
          const v = rng.int(3);
          const uids = Uint16Array.from(rng.sample(mg.n, Math.min(mg.n, 4)));
          chain.setWeightsSync(a, `v${v}`, uids, Uint16Array.from(uids, () => 1 + rng.int(65535)));
        } else {
          chain.endowSync("root-ck", 10n * TAO);
          chain.addStakeSync("root-ck", `v${rng.int(3)}`, 0, 5n * TAO);
        }
      } catch (e) {
        // rate limits and registration limits are expected now and then; nothing else
        expect(e).toBeInstanceOf(ChainError);
        expect([
          "SettingWeightsTooFast",
          "TooManyRegistrationsThisInterval",
          "TooManyRegistrationsThisBlock",
          "HotKeyNotRegisteredInSubNet",
        ]).toContain((e as ChainError).code);
      }
      if (step % 50 === 0) {
        await expectConserved(chain, a);
        await expectConserved(chain, b);
      }
    }
    await expectConserved(chain, a);
    await expectConserved(chain, b);
  });

  it("stake → unstake round trip loses only slippage", async () => {
    for (const kind of ["constant-product", "weighted"] as const) {
      const { chain, netuid } = chainWithSubnet({ pool: { kind, taoRao: 5000n * TAO, alphaRao: 250_000n * TAO } });
      chain.advanceToSync(1000); // some injections: the weighted pool's weights have moved
      populate(chain, netuid, 1, 0, 0n);
      chain.endowSync("s", 100n * TAO);
      const price = chain.price(netuid);
      const alpha = await chain.addStake("s", "v0", netuid, 100n * TAO);
      // slippage: fewer alpha than at the spot price
      expect(Number(alpha)).toBeLessThan(100e9 / price);
      const back = await chain.removeStake("s", "v0", netuid, alpha);
      expect(back <= 100n * TAO).toBe(true);
      expect(100n * TAO - back <= BigInt(Math.ceil(price)) + 4n).toBe(true);
      // a trade in between moves the price: the round trip then loses (or gains) that move
      chain.endowSync("t", 1000n * TAO);
      const alpha2 = await chain.addStake("s", "v0", netuid, 50n * TAO);
      await chain.addStake("t", "v0", netuid, 500n * TAO);
      const back2 = await chain.removeStake("s", "v0", netuid, alpha2);
      expect(back2 > 50n * TAO).toBe(true);
    }
  });

  it("endowStake credits genesis alpha without a swap, only at genesis", async () => {
    const { chain, netuid } = chainWithSubnet();
    populate(chain, netuid, 1, 0, 0n);
    const before = await chain.subnet(netuid);
    await chain.endowStake("holder", "v0", netuid, 5000n * TAO);
    const after = await chain.subnet(netuid);
    expect(await chain.alphaStake("holder", "v0", netuid)).toBe(5000n * TAO);
    expect(after.alphaOutRao - before.alphaOutRao).toBe(5000n * TAO);
    expect(after.price).toBe(before.price);
    await chain.advanceTo(1000);
    await expectConserved(chain, netuid);
    await expect(chain.endowStake("holder", "v0", netuid, 1n * TAO)).rejects.toMatchObject({ code: "NotGenesis" });
  });

  it("errors name the runtime error and the values", async () => {
    const { chain, netuid } = chainWithSubnet();
    await expect(chain.addStake("nobody", "owner-hot", netuid, 1n * TAO)).rejects.toMatchObject({ code: "NotEnoughBalanceToStake" });
    await expect(chain.addStake("owner", "ghost", netuid, 1n * TAO)).rejects.toMatchObject({ code: "HotKeyAccountNotExists" });
    await expect(chain.addStake("owner", "owner-hot", netuid, 1n)).rejects.toMatchObject({ code: "AmountTooLow" });
    await expect(chain.removeStake("owner", "owner-hot", netuid, 5n * TAO)).rejects.toThrow(/NotEnoughStakeToWithdraw: coldkey owner has 0 rao/);
    await expect(chain.subnet(42)).rejects.toMatchObject({ code: "SubnetNotExists" });
    await expect(chain.advanceTo(-1)).rejects.toMatchObject({ code: "InvalidBlock" });
    // after genesis, an unstarted subnet refuses stake
    chain.endowSync("x", 1_000_000n * TAO);
    await chain.advanceTo(7200);
    const n2 = await chain.registerNetwork("x", "x-hot", params());
    await expect(chain.addStake("x", "x-hot", n2, 1n * TAO)).rejects.toMatchObject({ code: "SubtokenDisabled" });
  });
});

describe("epoch trigger (§4.2)", () => {
  it("staggers by netuid, runs at most MaxEpochsPerBlock per block, defers the rest one block", () => {
    const chain = new LocalChain({ maxEpochsPerBlock: 2 });
    chain.endowSync("o", 100_000_000n * TAO);
    // netuids 1..4 with tempo 4: LastEpochBlock = −(netuid mod 4) → due at 3, 2, 1, 4
    for (let i = 0; i < 4; i++) {
      const id = chain.registerNetworkSync("o", `h${i}`, params({ tempo: 4 }));
      chain.startCallSync(id, "o");
    }
    const ev = chain.advanceToSync(12).filter((e) => e.kind === "epoch");
    const at = (b: number) => ev.filter((e) => e.block === b).map((e) => e.netuid);
    expect(at(1)).toEqual([3]);
    expect(at(2)).toEqual([2]);
    expect(at(3)).toEqual([1]);
    expect(at(4)).toEqual([4]);
    expect(at(5)).toEqual([3]);
    // with a cap of one per block the collisions are deferred
    const c2 = new LocalChain({ maxEpochsPerBlock: 1 });
    c2.endowSync("o", 100_000_000n * TAO);
    for (let i = 0; i < 2; i++) c2.registerNetworkSync("o", `h${i}`, params({ tempo: 1 }));
    const ev2 = c2.advanceToSync(4).filter((e) => e.kind === "epoch");
    expect(ev2.map((e) => [e.block, e.netuid])).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 2],
    ]);
  });

  it("reports the halving and halves the block emission", () => {
    const chain = new LocalChain({ initialIssuanceRao: 10_500_000n * TAO - 5n * TAO });
    chain.endowSync("o", 10_000n * TAO);
    const id = chain.registerNetworkSync("o", "h", params());
    chain.startCallSync(id, "o");
    const ev = chain.advanceToSync(20);
    const h = ev.filter((e) => e.kind === "halving");
    expect(h).toEqual([{ kind: "halving", block: 5, blockEmissionRao: 500_000_000n }]);
    expect(chain.headSync().blockEmissionRao).toBe(500_000_000n);
    expect(chain.headSync().totalIssuanceRao).toBe(10_500_000n * TAO - 5n * TAO + 5n * TAO + 15n * 500_000_000n);
  });

  it("is deterministic: the same calls give the same state", async () => {
    const run = async () => {
      const { chain, netuid } = chainWithSubnet({ commitReveal: false, tempo: 50, weightsRateLimit: 10 });
      populate(chain, netuid, 2, 3);
      for (let e = 0; e < 10; e++) {
        chain.advanceToSync(e * 50 + 10);
        chain.setWeightsSync(netuid, "v0", Uint16Array.from([3, 4, 5]), Uint16Array.from([1, 2, 3 + e]));
        chain.setWeightsSync(netuid, "v1", Uint16Array.from([3, 4, 5]), Uint16Array.from([3, 2, 1]));
      }
      chain.advanceToSync(1000);
      const mg = await chain.metagraph(netuid);
      return JSON.stringify({ s: await chain.subnet(netuid), e: [...mg.emissionRao], a: [...mg.alphaStakeRao] }, (_, v) =>
        typeof v === "bigint" ? v.toString() : v,
      );
    };
    expect(await run()).toBe(await run());
  });
});
