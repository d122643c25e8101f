/**
 * LocalChain throughput: a simulated year (365 × 7200 blocks) with our subnet plus eight
 * background subnets, epochs included. Our subnet has 16 validators and 48 miners; the validators
 * set weights once per tempo (as the engine does), the background subnets only hold their owner.
 * Figure: chain_blocks_per_s, blocks of chain time per second of wall time.
 */
import type { SubnetParams } from "../sim/chain/chain.js";
import { defaultSubnetParams } from "../sim/chain/local/defaults.js";
import { LocalChain } from "../sim/chain/local/local-chain.js";
import { Rng } from "../sim/core/rng.js";
import type { Figure } from "./figure.js";

const TAO = 1_000_000_000n;
const YEAR_BLOCKS = 365 * 7200;
const VALIDATORS = 16;
const MINERS = 48;

function params(over: Partial<SubnetParams>): SubnetParams {
  return { ...defaultSubnetParams(), ...over };
}

/** Build the world at genesis; returns the chain and a per-tempo weight setter. */
export function buildYearWorld(): { chain: LocalChain; netuid: number; setWeights: (e: number) => void } {
  const rng = new Rng("chain-bench");
  const s = rng.stream("world");
  const chain = new LocalChain({ era: "price-burn-2026-06" });
  chain.endowSync("owner", 10_000_000n * TAO);
  const netuid = chain.registerNetworkSync(
    "owner",
    "owner-hot",
    params({ commitReveal: false, pool: { kind: "weighted", taoRao: 5000n * TAO, alphaRao: 250_000n * TAO } }),
  );
  chain.startCallSync(netuid, "owner");
  for (let i = 0; i < 8; i++) {
    const ck = `bg${i}`;
    chain.endowSync(ck, 10_000_000n * TAO);
    const price = s.lognormal(0.01, 0.8);
    const tao = s.lognormal(20_000, 0.8);
    const id = chain.registerNetworkSync(
      ck,
      `${ck}-hot`,
      params({
        commitReveal: false,
        pool: {
          kind: "constant-product",
          taoRao: BigInt(Math.floor(tao)) * TAO,
          alphaRao: BigInt(Math.floor(tao / price)) * TAO,
        },
      }),
    );
    chain.startCallSync(id, ck);
  }
  for (let v = 0; v < VALIDATORS; v++) {
    chain.endowSync(`vc${v}`, 100_000n * TAO);
    chain.burnedRegisterSync(netuid, `vc${v}`, `v${v}`);
    chain.addStakeSync(`vc${v}`, `v${v}`, netuid, BigInt(Math.floor(s.lognormal(500, 1))) * TAO);
  }
  for (let m = 0; m < MINERS; m++) {
    chain.endowSync(`mc${m}`, 10n * TAO);
    chain.burnedRegisterSync(netuid, `mc${m}`, `m${m}`);
  }
  const quality = Array.from({ length: MINERS }, () => s.uniform());
  const uids = Uint16Array.from({ length: MINERS }, (_, j) => 1 + VALIDATORS + j);
  // each validator's noisy view of the miners' quality, 8 variants cycled (the agents' cost of
  // producing weights is not what this benchmark measures)
  const w = rng.stream("weights");
  const views = Array.from({ length: 8 }, () =>
    Array.from({ length: VALIDATORS }, () =>
      Uint16Array.from(quality, (q) => Math.max(1, Math.round(65535 * Math.min(1, Math.max(0, q + 0.1 * w.normal()))))),
    ),
  );
  const hotkeys = Array.from({ length: VALIDATORS }, (_, v) => `v${v}`);
  const setWeights = (e: number) => {
    const view = views[e % views.length]!;
    for (let v = 0; v < VALIDATORS; v++) chain.setWeightsSync(netuid, hotkeys[v]!, uids, view[v]!);
  };
  return { chain, netuid, setWeights };
}

export async function run(): Promise<Figure[]> {
  const { chain, setWeights } = buildYearWorld();
  const tempo = 360;
  const start = process.hrtime.bigint();
  for (let b = 0; b < YEAR_BLOCKS; b += tempo) {
    chain.advanceToSync(Math.min(YEAR_BLOCKS, b + tempo));
    setWeights(b / tempo);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return [{ name: "chain_blocks_per_s", value: Math.round(YEAR_BLOCKS / seconds), unit: "blocks/s" }];
}
