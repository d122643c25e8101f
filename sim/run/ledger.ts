/**
 * The run ledger: what each agent earned and spent, in alpha, TAO and USD, and the per-epoch
 * series the report draws. Filled by the engine; read by the summary and the report.
 */
import type { ChainEvent, Metagraph } from "../chain/chain.js";
import type { World } from "../world.js";

const RAO = 1e9;

export interface AgentAccount {
  hotkey: string;
  role: string;
  strategy: string;
  group: number;
  /** Alpha received as emission (miners: incentive; validators: dividends), alpha. */
  alpha: number;
  /** Same, valued at the subnet price when received, TAO. */
  tao: number;
  /** Same, valued at TAO/USD when received, USD. */
  usd: number;
  /** Running costs so far, USD. */
  costUsd: number;
  /** Registration burn and other TAO paid to take part, TAO. */
  entryTao: number;
}

export interface EpochSeries {
  day: number[];
  price: number[];
  emissionShare: number[];
  taoUsd: number[];
  /** Strategy label → share of miner incentive at each epoch. */
  incentiveByStrategy: Map<string, number[]>;
  /** Mean validator trust of permitted validators. */
  meanValidatorTrust: number[];
}

export class RunLedger {
  readonly accounts = new Map<string, AgentAccount>();
  readonly series: EpochSeries;
  private readonly world: World;
  /** Totals of the epochs' emission events, alpha. */
  readonly totals = { server: 0, validator: 0, burned: 0, ownerCut: 0, ownerCutUsd: 0, ownerCutTao: 0 };
  private readonly strategies: string[];

  constructor(world: World) {
    this.world = world;
    for (const a of [...world.validators, ...world.miners]) {
      this.accounts.set(a.hotkey, {
        hotkey: a.hotkey,
        role: a.role,
        strategy: a.strategy,
        group: a.group,
        alpha: 0,
        tao: 0,
        usd: 0,
        costUsd: 0,
        entryTao: a.entryTao,
      });
    }
    this.strategies = [...new Set(world.miners.map((m) => m.strategy))].sort();
    this.series = {
      day: [],
      price: [],
      emissionShare: [],
      taoUsd: [],
      incentiveByStrategy: new Map(this.strategies.map((s) => [s, []])),
      meanValidatorTrust: [],
    };
  }

  epoch(ev: Extract<ChainEvent, { kind: "epoch" }>, mg: Metagraph, price: number, taoUsd: number, emissionShare: number): void {
    const w = this.world;
    this.totals.server += Number(ev.serverRao) / RAO;
    this.totals.validator += Number(ev.validatorRao) / RAO;
    this.totals.burned += Number(ev.burnedRao) / RAO;
    const oc = Number(ev.ownerCutRao) / RAO;
    this.totals.ownerCut += oc;
    this.totals.ownerCutTao += oc * price;
    this.totals.ownerCutUsd += oc * price * taoUsd;
    const byStrategy = new Map<string, number>(this.strategies.map((s) => [s, 0]));
    let vtSum = 0;
    let vtCount = 0;
    for (let uid = 0; uid < mg.n; uid++) {
      const a = w.byUid[uid];
      if (a === undefined) continue;
      const acct = this.accounts.get(a.hotkey);
      const alpha = Number(mg.emissionRao[uid]!) / RAO;
      if (acct) {
        acct.alpha += alpha;
        acct.tao += alpha * price;
        acct.usd += alpha * price * taoUsd;
      }
      if (a.role === "miner") byStrategy.set(a.strategy, (byStrategy.get(a.strategy) ?? 0) + mg.incentiveU16[uid]! / 65535);
      if (a.role === "validator" && mg.validatorPermit[uid]) {
        vtSum += mg.validatorTrustU16[uid]! / 65535;
        vtCount++;
      }
    }
    const s = this.series;
    s.day.push((ev.block - w.startBlock) / 7200);
    s.price.push(price);
    s.taoUsd.push(taoUsd);
    s.emissionShare.push(emissionShare);
    s.meanValidatorTrust.push(vtCount > 0 ? vtSum / vtCount : 0);
    for (const [k, v] of byStrategy) s.incentiveByStrategy.get(k)!.push(v);
  }

  /** Books one day of running costs for every agent that holds a UID. */
  dayEnd(_taoUsd: number): void {
    for (const a of this.world.miners) {
      if (a.uid >= 0) this.accounts.get(a.hotkey)!.costUsd += a.costUsdPerDay;
    }
  }
}
