/** Small builders for LocalChain tests. */
import type { SubnetParams } from "../../sim/chain/chain.js";
import { defaultSubnetParams } from "../../sim/chain/local/defaults.js";
import { LocalChain } from "../../sim/chain/local/local-chain.js";
import type { SubnetEpochFn } from "../../sim/chain/local/subnet-epoch.js";

export const TAO = 1_000_000_000n;

export function params(over: Partial<SubnetParams> = {}): SubnetParams {
  return {
    ...defaultSubnetParams(),
    pool: { kind: "constant-product", taoRao: 5000n * TAO, alphaRao: 250_000n * TAO },
    ...over,
  };
}

/** A chain with one started subnet (netuid 1) owned by "owner"/"owner-hot". */
export function chainWithSubnet(over: Partial<SubnetParams> = {}, epoch?: SubnetEpochFn) {
  const chain = new LocalChain({}, epoch ? { epoch } : {});
  chain.endowSync("owner", 1_000_000n * TAO);
  const netuid = chain.registerNetworkSync("owner", "owner-hot", params(over));
  chain.startCallSync(netuid, "owner");
  return { chain, netuid };
}

/** Register and stake `n` validators (v0..) and `m` miners (m0..) at genesis. */
export function populate(chain: LocalChain, netuid: number, n: number, m: number, stakeTao = 1000n) {
  for (let i = 0; i < n; i++) {
    chain.endowSync(`vc${i}`, (stakeTao + 10n) * TAO);
    chain.burnedRegisterSync(netuid, `vc${i}`, `v${i}`);
    if (stakeTao > 0n) chain.addStakeSync(`vc${i}`, `v${i}`, netuid, stakeTao * TAO);
  }
  for (let j = 0; j < m; j++) {
    chain.endowSync(`mc${j}`, 10n * TAO);
    chain.burnedRegisterSync(netuid, `mc${j}`, `m${j}`);
  }
}
