import { describe, expect, it } from "vitest";
import { applyDistribution, calculateDistribution, type DistributionInput } from "../../sim/chain/local/distribution.js";
import { StakeLedger } from "../../sim/chain/local/stake.js";
import { Rng } from "../../sim/core/rng.js";
import { fixtureCase } from "./fixtures.js";

function input(over: Partial<DistributionInput>): DistributionInput {
  return {
    pendingServerRao: 0n,
    pendingValidatorRao: 0n,
    pendingRootRao: 0n,
    taoWeight: 0.18,
    hotkeys: [],
    serverEmissionRao: [],
    validatorEmissionRao: [],
    isOwnerHotkey: [],
    alphaStakeRao: [],
    rootStakeRao: [],
    ...over,
  };
}

describe("dividend distribution (tests/coinbase.rs)", () => {
  it("test_calculate_dividend_distribution_totals: sums within ±1000, per hotkey at the derived floats", () => {
    const c = fixtureCase("subtensor.coinbase.calculate_dividend_distribution") as unknown as {
      input: {
        pending_validator_alpha: number;
        pending_root_alpha: number;
        tao_weight: number;
        "stake_map (alpha_stake, root_stake)": Record<string, [number, number]>;
        epoch_dividends: Record<string, number>;
      };
      "derived (float, not in source)": {
        alpha_dividends: Record<string, number>;
        root_alpha_dividends: Record<string, number>;
      };
    };
    const inp = c.input;
    const hks = Object.keys(inp.epoch_dividends).sort();
    const res = calculateDistribution(
      input({
        pendingServerRao: 1n, // the test gives incentives elsewhere; Σ server > 0 keeps the validator pool as is
        pendingValidatorRao: BigInt(inp.pending_validator_alpha),
        pendingRootRao: BigInt(inp.pending_root_alpha),
        taoWeight: inp.tao_weight,
        hotkeys: hks,
        serverEmissionRao: [1n, 0n],
        validatorEmissionRao: hks.map((h) => BigInt(inp.epoch_dividends[h]!)),
        isOwnerHotkey: [false, false],
        alphaStakeRao: hks.map((h) => BigInt(inp["stake_map (alpha_stake, root_stake)"][h]![0])),
        rootStakeRao: hks.map((h) => BigInt(inp["stake_map (alpha_stake, root_stake)"][h]![1])),
      }),
    );
    const sumAlpha = res.alphaDividendRao.reduce((a, b) => a + b, 0n);
    const sumRoot = res.rootDividendRao.reduce((a, b) => a + b, 0n);
    expect(Math.abs(Number(sumAlpha) - inp.pending_validator_alpha)).toBeLessThanOrEqual(1000);
    expect(Math.abs(Number(sumRoot) - inp.pending_root_alpha)).toBeLessThanOrEqual(1000);
    const d = c["derived (float, not in source)"];
    hks.forEach((h, i) => {
      expect(Math.abs(Number(res.alphaDividendRao[i]) - d.alpha_dividends[h]!)).toBeLessThanOrEqual(2);
      expect(Math.abs(Number(res.rootDividendRao[i]) - d.root_alpha_dividends[h]!)).toBeLessThanOrEqual(2);
    });
  });

  it("test_drain_base_with_subnet_with_two_stakers_registered: zero incentive → validators get server + validator, by stake", () => {
    const ledger = new StakeLedger();
    ledger.credit("ck", "h0", 1, 1_000_000_000n);
    ledger.credit("ck", "h1", 1, 1_000_000_000n);
    const inp = input({
      pendingServerRao: 500_000_000n,
      pendingValidatorRao: 500_000_000n,
      hotkeys: ["h0", "h1"],
      serverEmissionRao: [0n, 0n],
      // no weights: the epoch gives v = stake, m = 0
      validatorEmissionRao: [500_000_000n, 500_000_000n],
      isOwnerHotkey: [false, false],
      alphaStakeRao: [1_000_000_000n, 1_000_000_000n],
      rootStakeRao: [0n, 0n],
    });
    const res = calculateDistribution(inp);
    expect(res.validatorPoolRao).toBe(1_000_000_000n);
    applyDistribution(ledger, 1, inp, res, () => "ck", () => 11796, () => undefined);
    for (const h of ["h0", "h1"]) {
      expect(Math.abs(Number(ledger.alpha("ck", h, 1)) - 1.5e9)).toBeLessThanOrEqual(10);
      expect(Math.abs(Number(ledger.hotkeyAlpha(h, 1)) - 1.5e9)).toBeLessThanOrEqual(10);
    }
  });
});

describe("distribute_emission rules (§4.3)", () => {
  it("burns the owner hotkeys' incentive and reports MinerBurned", () => {
    const res = calculateDistribution(
      input({
        pendingServerRao: 1000n,
        pendingValidatorRao: 1000n,
        hotkeys: ["owner", "m1", "v1"],
        serverEmissionRao: [250n, 750n, 0n],
        validatorEmissionRao: [0n, 0n, 1000n],
        isOwnerHotkey: [true, false, false],
        alphaStakeRao: [0n, 0n, 10n],
        rootStakeRao: [0n, 0n, 0n],
      }),
    );
    expect(res.burnedRao).toBe(250n);
    expect(res.incentiveRao).toEqual([0n, 750n, 0n]);
    expect(res.minerBurned).toBeCloseTo(0.25, 15);
    expect(res.alphaDividendRao[2]).toBe(1000n);
    expect(res.dustRao).toBe(0n);
  });

  it("takes the delegate take for the owner coldkey, the rest pro rata to nominators", () => {
    const ledger = new StakeLedger();
    ledger.credit("owner-ck", "v", 1, 1_000_000n);
    ledger.credit("nominator", "v", 1, 3_000_000n);
    const inp = input({
      pendingServerRao: 1n,
      pendingValidatorRao: 655_350n,
      pendingRootRao: 0n,
      hotkeys: ["v", "m"],
      serverEmissionRao: [0n, 1n],
      validatorEmissionRao: [655_350n, 0n],
      isOwnerHotkey: [false, false],
      alphaStakeRao: [4_000_000n, 0n],
      rootStakeRao: [0n, 0n],
    });
    const res = calculateDistribution(inp);
    const owners: Record<string, string> = { v: "owner-ck", m: "miner-ck" };
    const paid = applyDistribution(ledger, 1, inp, res, (h) => owners[h]!, () => 6553, () => undefined);
    const v = paid.find((p) => p.hotkey === "v")!;
    expect(v.alphaTakeRao).toBe((655_350n * 6553n) / 65535n);
    expect(ledger.hotkeyAlpha("v", 1)).toBe(4_000_000n + 655_350n);
    // nominator keeps 3/4 of the pool, then gains 3/4 of (payout − take) on top
    const nominatorGain = Number(ledger.alpha("nominator", "v", 1) - 3_000_000n);
    expect(Math.abs(nominatorGain - 0.75 * Number(655_350n - v.alphaTakeRao))).toBeLessThanOrEqual(2);
    expect(ledger.alpha("miner-ck", "m", 1)).toBe(1n);
  });

  it("conserves E to the rao over random epochs (paid + burned + dust)", () => {
    const s = new Rng(31).stream("distribution/conservation");
    for (let t = 0; t < 300; t++) {
      const n = 1 + s.int(40);
      const E = BigInt(s.int(1e12));
      const server = (E * BigInt(s.int(1000))) / 2000n;
      const root = (E - server) / BigInt(1 + s.int(5));
      const validator = E - server - root;
      // an epoch-like split: miners ≈ half, validators ≈ half, floored
      const wI = Array.from({ length: n }, () => (s.bernoulli(0.5) ? s.uniform() : 0));
      const wD = Array.from({ length: n }, () => (s.bernoulli(0.5) ? s.uniform() : 0));
      const sI = wI.reduce((a, b) => a + b, 0);
      const sD = wD.reduce((a, b) => a + b, 0);
      const sigma = (sI > 0 ? 1 : 0) + (sD > 0 ? 1 : 0);
      const res = calculateDistribution(
        input({
          pendingServerRao: server,
          pendingValidatorRao: validator,
          pendingRootRao: root,
          taoWeight: s.range(0, 1),
          hotkeys: Array.from({ length: n }, (_, i) => `h${i}`),
          serverEmissionRao: wI.map((w) => (sI > 0 ? BigInt(Math.floor(((w / sI) * Number(E)) / sigma)) : 0n)),
          validatorEmissionRao: wD.map((w) => (sD > 0 ? BigInt(Math.floor(((w / sD) * Number(E)) / sigma)) : 0n)),
          isOwnerHotkey: Array.from({ length: n }, () => s.bernoulli(0.1)),
          alphaStakeRao: Array.from({ length: n }, () => BigInt(s.int(1e12))),
          rootStakeRao: Array.from({ length: n }, () => (s.bernoulli(0.5) ? BigInt(s.int(1e12)) : 0n)),
        }),
      );
      const paid =
        res.incentiveRao.reduce((a, b) => a + b, 0n) +
        res.alphaDividendRao.reduce((a, b) => a + b, 0n) +
        res.rootDividendRao.reduce((a, b) => a + b, 0n);
      expect(res.dustRao >= 0n).toBe(true);
      expect(paid + res.burnedRao + res.dustRao).toBe(E);
    }
  });
});
