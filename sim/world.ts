/**
 * Building a World from a Scenario: the chain (with our subnet and the background subnets), the
 * task family, the agents registered on chain with their stake, and the market.
 *
 * Every random choice here draws from a named stream, so adding a miner group never changes
 * what an existing validator draws.
 */
import type { Chain, Metagraph, NetworkParams, SubnetParams } from "./chain/chain.js";
import { LocalChain } from "./chain/local/local-chain.js";
import { describeDistribution, draw } from "./core/distribution.js";
import { Rng } from "./core/rng.js";
import { Market } from "./economics/market.js";
import type { MinerAgent, MinerNetwork } from "./agents/miner.js";
import type { ValidatorAgent, ValidatorSettings } from "./agents/validator.js";
import { createValidator } from "./attacks/catalogue.js";
import { createMiner, describeMinerGroup } from "./agents/population.js";
import { createTask, describeTask, type TaskSetup } from "./tasks/family.js";
import type { Scenario } from "./scenario/schema.js";
import { batchScore } from "./tasks/scoring.js";
import type { TaskFamily } from "./tasks/task.js";

const RAO_PER_TAO = 1_000_000_000n;

/** TAO (a decimal number) to rao, rounded down to whole rao. */
export function taoToRao(tao: number): bigint {
  if (!Number.isFinite(tao) || tao < 0) throw new Error(`expected a non-negative TAO amount, got ${tao}`);
  const whole = Math.floor(tao);
  return BigInt(whole) * RAO_PER_TAO + BigInt(Math.floor((tao - whole) * 1e9));
}

export interface AgentRecord {
  hotkey: string;
  coldkey: string;
  role: "miner" | "validator";
  strategy: string;
  group: number;
  /** Current UID on our subnet, or -1 when not registered (pruned). */
  uid: number;
  costUsdPerDay: number;
  /** TAO paid to take part at the start (registration burn), TAO. */
  entryTao: number;
  /** Own stake put in at the start, TAO (returned on unstaking, so not a cost). */
  stakeTao: number;
  miner?: MinerAgent;
  validator?: ValidatorAgent;
}

export interface World {
  scenario: Scenario;
  rng: Rng;
  chain: Chain;
  netuid: number;
  startBlock: number;
  task: TaskFamily;
  taskSetup: TaskSetup;
  validators: AgentRecord[];
  miners: AgentRecord[];
  byUid: (AgentRecord | undefined)[];
  byHotkey: Map<string, AgentRecord>;
  market: Market;
  commitReveal: boolean;
  /** Per-UID metric rows every this many epochs. */
  uidRowsEvery: number;
  scratch: { pred: Float32Array; latency: Float32Array };
  /** The metagraph after the last epoch of our subnet (public state agents may read). */
  lastMetagraph: Metagraph | null;
  /** What miners can reach: other miners (relay) and public chain state. */
  minerNetwork: MinerNetwork;
  /** Miners that learn from revealed batches (caching attacks). */
  revealWatchers: MinerAgent[];
  /** First block at which a defence flagged each hotkey, and how often. */
  detections: Map<string, { firstBlock: number; count: number; method: string }>;
  recordDetection(hotkey: string, block: number, method: string): void;
  /** Blocks at which our subnet's epochs ran, in order. */
  epochBlocks: number[];
  /** How many epochs had run by this block (the "after how many epochs" of a detection). */
  epochAt(block: number): number;
  /** Re-reads which agent holds which UID from the metagraph. */
  syncRegistry(mg: Metagraph): void;
  /** A UID changed hands (pruned and re-registered): validators forget it. */
  onUidReplaced(uid: number): void;
  /** Mean EMA score validators hold for this UID (over those that have scored it), or null. */
  meanScore(uid: number): number | null;
  /** Each miner's true skill (hotkey → score on a fresh evaluation set). */
  measureSkill(): Map<string, number>;
  /** Plain-language statements of what this run models. */
  contents(): string[];
}

/** The chain's subnet hyperparameters from the scenario's `subnet` section. */
export function subnetParams(s: Scenario): SubnetParams {
  const sn = s.subnet;
  const u16 = (x: number) => Math.min(65535, Math.max(0, Math.round(x * 65535)));
  return {
    tempo: sn.tempo,
    maxUids: sn.max_uids,
    maxValidators: sn.max_validators,
    immunityPeriod: sn.immunity_period,
    kappaU16: sn.kappa === 0.5 ? 32767 : u16(sn.kappa),
    bondsPenaltyU16: u16(sn.bonds_penalty),
    bondsMovingAverage: Math.round(sn.bonds_moving_average * 1_000_000),
    yuma3: sn.yuma === 3,
    liquidAlpha: sn.liquid_alpha,
    alphaLowU16: u16(sn.alpha_low),
    alphaHighU16: u16(sn.alpha_high),
    alphaSigmoidSteepness: 1000,
    activityCutoffFactorMilli: sn.activity_cutoff_factor_milli,
    commitReveal: sn.commit_reveal.enabled,
    revealPeriodEpochs: sn.commit_reveal.reveal_epochs,
    weightsRateLimit: sn.weights_rate_limit,
    ownerCutU16: sn.owner_cut === 0.18 ? 11796 : u16(sn.owner_cut),
    minBurnRao: taoToRao(sn.burn.min_tao),
    maxBurnRao: taoToRao(sn.burn.max_tao),
    initialBurnRao: taoToRao(sn.burn.initial_tao),
    targetRegistrationsPerInterval: sn.burn.target_registrations_per_interval,
    adjustmentIntervalBlocks: sn.burn.adjustment_interval,
    delegateTakeU16: sn.delegate_take === 0.18 ? 11796 : u16(sn.delegate_take),
    stakeThresholdRao: 0n,
    pool: { kind: sn.pool.kind, taoRao: taoToRao(sn.pool.tao), alphaRao: taoToRao(sn.pool.alpha) },
  };
}

export function networkParams(s: Scenario): NetworkParams {
  return {
    era: s.era,
    taoWeight: s.network.tao_weight,
    initialIssuanceRao: taoToRao(s.network.issuance_tao),
    subnetMovingAlpha: 0.000003,
    emaPriceHalvingBlocks: 201_600,
    minLockCostRao: 1000n * RAO_PER_TAO,
    lockReductionIntervalBlocks: 14 * 7200,
    rootTaoRao: taoToRao(s.network.root_tao),
  };
}

export async function buildWorld(scenario: Scenario): Promise<World> {
  const rng = new Rng(scenario.seed);
  const chain = new LocalChain(networkParams(scenario));
  const ownParams = subnetParams(scenario);

  // Our subnet first (netuid 1), then the background subnets that compete for emission.
  const owner = { coldkey: "owner", hotkey: "owner-hot" };
  await chain.endow(owner.coldkey, (await chain.networkLockCost()) + ownParams.pool.taoRao + 10n * RAO_PER_TAO);
  const netuid = await chain.registerNetwork(owner.coldkey, owner.hotkey, ownParams);
  await chain.startCall(netuid, owner.coldkey);

  const bg = scenario.network.background_subnets;
  const bgStream = rng.stream("world/background-subnets");
  for (let i = 0; i < bg.count; i++) {
    const price = Math.max(1e-6, draw(bg.price_tao, bgStream));
    const poolTao = Math.max(1, draw(bg.pool_tao, bgStream));
    const params: SubnetParams = {
      ...ownParams,
      commitReveal: false,
      pool: { kind: "constant-product", taoRao: taoToRao(poolTao), alphaRao: taoToRao(poolTao / price) },
    };
    const ck = `background-${i + 1}`;
    await chain.endow(ck, (await chain.networkLockCost()) + params.pool.taoRao + RAO_PER_TAO);
    const id = await chain.registerNetwork(ck, `${ck}-hot`, params);
    await chain.startCall(id, ck);
  }

  const { task, setup: taskSetup } = createTask(scenario, rng);
  const sub = await chain.subnet(netuid);
  const settings: ValidatorSettings = {
    batchSize: scenario.task.batch_size,
    sampleMiners: scenario.task.sample_miners,
    canaryRate: taskSetup.canaryRate,
    emaAlpha: taskSetup.emaAlpha,
    weightRule: taskSetup.weightRule,
    scoring: taskSetup.scoring,
    maxUids: sub.params.maxUids,
    copyDetection: scenario.task.defences.copy_detection && taskSetup.canaryRate > 0,
    banBlocks: Math.round(scenario.task.defences.ban_days * 7200),
    calibration: scenario.task.scoring.calibration,
  };

  const validators: AgentRecord[] = [];
  const sharedModels = new Map<string, unknown>();
  const miners: AgentRecord[] = [];
  const byHotkey = new Map<string, AgentRecord>();

  // Validator stakes: drawn per validator, then groups with `stake_share` are sized so that,
  // together, they hold that share of all validator stake.
  const vgroups = scenario.population.validators;
  const stakes: number[][] = vgroups.map((group, g) =>
    Array.from({ length: group.count }, (_, i) => Math.max(0, draw(group.stake_tao, rng.stream(`validator/${g}/${i}/stake`)))),
  );
  const sharedShare = vgroups.reduce((t, gr) => t + (gr.stake_share ?? 0), 0);
  if (sharedShare >= 1) throw new Error(`population.validators: stake_share values add up to ${sharedShare}; expected less than 1`);
  const drawnTotal = vgroups.reduce((t, gr, g) => t + (gr.stake_share === undefined ? stakes[g]!.reduce((a, b) => a + b, 0) : 0), 0);
  vgroups.forEach((gr, g) => {
    if (gr.stake_share !== undefined) {
      const groupTotal = (drawnTotal * gr.stake_share) / (1 - sharedShare);
      stakes[g] = stakes[g]!.map(() => groupTotal / gr.count);
    }
  });

  const startPrice = (await chain.subnet(netuid)).price;
  const minerUidsOfGroup = (group: number): number[] =>
    miners.filter((m) => m.group === group && m.uid >= 0).map((m) => m.uid).sort((a, b) => a - b);

  for (const [g, group] of vgroups.entries()) {
    for (let i = 0; i < group.count; i++) {
      const hotkey = `validator-${g}-${i}`;
      const coldkey = `${hotkey}-cold`;
      const stakeTao = stakes[g]![i]!;
      const burn = (await chain.subnet(netuid)).burnRao;
      await chain.endow(coldkey, burn + RAO_PER_TAO);
      const uid = await chain.burnedRegister(netuid, coldkey, hotkey);
      // The validator's stake is held as alpha from genesis (bought before the run), valued at
      // the starting pool price: a run does not start by pushing every stake through the pool.
      if (stakeTao > 0) await chain.endowStake(coldkey, hotkey, netuid, taoToRao(stakeTao / startPrice));
      const rec: AgentRecord = {
        hotkey,
        coldkey,
        role: "validator",
        strategy: group.strategy,
        group: g,
        uid,
        costUsdPerDay: group.cost_usd_per_day,
        entryTao: Number(burn) / 1e9,
        stakeTao,
      };
      rec.validator = createValidator(group, { hotkey, coldkey, group: g }, task, settings, rng, minerUidsOfGroup);
      validators.push(rec);
      byHotkey.set(hotkey, rec);
    }
  }

  for (const [g, group] of scenario.population.miners.entries()) {
    for (let i = 0; i < group.count; i++) {
      const hotkey = `miner-${g}-${i}`;
      // A sybil farm has one owner: every UID's hotkey under one coldkey.
      const coldkey = group.strategy === "sybil" ? `miner-${g}-farm-cold` : `${hotkey}-cold`;
      const burn = (await chain.subnet(netuid)).burnRao;
      await chain.endow(coldkey, burn + RAO_PER_TAO);
      const uid = await chain.burnedRegister(netuid, coldkey, hotkey);
      const rec: AgentRecord = {
        hotkey,
        coldkey,
        role: "miner",
        strategy: group.strategy,
        group: g,
        uid,
        costUsdPerDay: group.cost_usd_per_day,
        entryTao: Number(burn) / 1e9,
        stakeTao: 0,
      };
      rec.miner = createMiner(group, { hotkey, coldkey, group: g }, taskSetup, rng, sharedModels);
      miners.push(rec);
      byHotkey.set(hotkey, rec);
    }
  }

  const head = await chain.head();
  const market = new Market(scenario.market.tao_usd, rng, scenario.horizon.days);
  const byUid: (AgentRecord | undefined)[] = new Array(ownParams.maxUids).fill(undefined);
  for (const a of [...validators, ...miners]) if (a.uid >= 0) byUid[a.uid] = a;
  const uidCount = validators.length + miners.length;
  const epochsTotal = (scenario.horizon.days * 7200) / ownParams.tempo;
  // Keep the long table near a million per-UID rows at most.
  const uidRowsEvery = Math.max(1, Math.ceil((epochsTotal * uidCount) / 1_000_000));

  let relayDepth = 0;
  const world: World = {
    scenario,
    rng,
    chain,
    netuid,
    startBlock: head.block,
    task,
    taskSetup,
    validators,
    miners,
    byUid,
    byHotkey,
    market,
    commitReveal: ownParams.commitReveal,
    uidRowsEvery,
    scratch: { pred: new Float32Array(0), latency: new Float32Array(0) },
    lastMetagraph: null,
    minerNetwork: {
      relay(hotkey, batch, ctx, pred, latencyS): boolean {
        const m = byHotkey.get(hotkey);
        // One hop only: a copier relaying to a copier gets nothing (no relay loops).
        if (m === undefined || m.role !== "miner" || m.uid < 0 || relayDepth > 0) return false;
        relayDepth++;
        try {
          m.miner!.answer(batch, ctx, pred, latencyS);
        } finally {
          relayDepth--;
        }
        return true;
      },
      metagraph: () => world.lastMetagraph,
      minerHotkeys: () => byUid.filter((a): a is AgentRecord => a !== undefined && a.role === "miner").map((a) => a.hotkey),
    },
    revealWatchers: miners.map((m) => m.miner!).filter((m) => typeof m.observeReveal === "function"),
    detections: new Map(),
    epochBlocks: [],
    epochAt(block: number): number {
      let n = 0;
      for (const b of world.epochBlocks) if (b <= block) n++;
      return n;
    },
    recordDetection(hotkey: string, block: number, method: string): void {
      const d = world.detections.get(hotkey);
      if (d) d.count++;
      else world.detections.set(hotkey, { firstBlock: block, count: 1, method });
    },
    syncRegistry(mg: Metagraph): void {
      for (const a of byHotkey.values()) a.uid = -1;
      byUid.fill(undefined);
      for (let uid = 0; uid < mg.n; uid++) {
        const a = byHotkey.get(mg.hotkeys[uid]!);
        if (a !== undefined) {
          a.uid = uid;
          byUid[uid] = a;
        }
      }
    },
    onUidReplaced(uid: number): void {
      for (const v of validators) v.validator!.forget(uid);
    },
    meanScore(uid: number): number | null {
      let sum = 0;
      let n = 0;
      for (const v of validators) {
        const score = v.validator!.scoreOf(uid);
        if (score !== null) {
          sum += score;
          n++;
        }
      }
      return n > 0 ? sum / n : null;
    },
    measureSkill(): Map<string, number> {
      const stream = rng.stream("evaluation/skill");
      const batch = task.newBatch(stream, { day: scenario.horizon.days, size: taskSetup.skillEvaluationSize, canaryRate: 0 });
      const pred = new Float32Array(batch.size * batch.cMax);
      const latency = new Float32Array(batch.size);
      const zero = new Float32Array(batch.size);
      const out = new Map<string, number>();
      for (const m of miners) {
        pred.fill(0);
        m.miner!.answer(batch, { block: head.block, day: scenario.horizon.days, validator: "evaluation", network: world.minerNetwork }, pred, latency);
        out.set(m.hotkey, batchScore(pred, batch.cMax, batch.classCount, batch.labels, zero, taskSetup.scoring));
      }
      return out;
    },
    contents(): string[] {
      const s = scenario;
      return [
        `Chain: the embedded subtensor model (LocalChain): ${s.subnet.yuma === 3 ? "Yuma 3" : "original Yuma (Yuma 2)"} epoch${s.subnet.liquid_alpha ? " with liquid alpha" : ""}, bit-exact fixed point; Dynamic TAO coinbase, era ${s.era}; commit-reveal ${s.subnet.commit_reveal.enabled ? `on (reveal after ${s.subnet.commit_reveal.reveal_epochs} epoch)` : "off"}; tempo ${s.subnet.tempo} blocks.`,
        `Network: our subnet (netuid ${netuid}) and ${bg.count} background subnets (alpha price ${describeDistribution(bg.price_tao)} TAO) sharing TAO emission; TAO weight ${s.network.tao_weight}.`,
        `Task: ${describeTask(s)}`,
        ...s.population.validators.map((v, g) => `Validators (group ${g}): ${v.count} × ${v.strategy}, own stake ${describeDistribution(v.stake_tao)} TAO.`),
        ...s.population.miners.map((m, g) => `Miners (group ${g}): ${m.count} × ${describeMinerGroup(m)}, cost ${m.cost_usd_per_day} USD/day.`),
        `TAO/USD: ${s.market.tao_usd.model === "constant" ? `constant ${s.market.tao_usd.start}` : `${s.market.tao_usd.model} path from ${s.market.tao_usd.start} USD (parameters fitted to TAO's 2023–2026 history unless set)`}.`,
        `Horizon: ${s.horizon.days} days (${Math.round(epochsTotal)} epochs).`,
      ];
    },
  };
  return world;
}
