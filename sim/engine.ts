/**
 * The engine: steps a World from event to event (query rounds, weight setting, day ends) and
 * lets the chain catch up in between, recording what happened.
 *
 * Order within a block is fixed: day end, then query round, then weights. The chain advances
 * to each event's block first, so epochs that fall due run before the agents act.
 */
import { BLOCKS_PER_DAY, Schedule } from "./core/clock.js";
import type { ChainEvent, Metagraph } from "./chain/chain.js";
import { EventLog } from "./core/events.js";
import { MetricsTable } from "./core/metrics.js";
import { NullSink } from "./run/outputs.js";
import { adversaryOutcomes, alphaByHotkey, counterfactualScenario, hasAdversaries, type AlphaByHotkey } from "./attacks/outcome.js";
import type { Scenario } from "./scenario/schema.js";
import { toU16Weights } from "./tasks/scoring.js";
import type { ChallengeBatch } from "./tasks/task.js";
import type { MinerContext } from "./agents/miner.js";
import type { RoundContext } from "./agents/validator.js";
import { buildWorld, type AgentRecord, type World } from "./world.js";
import type { ReportSpec } from "./run/report.js";
import { summarise } from "./run/summary.js";
import { buildReport } from "./run/run-report.js";
import { RunLedger } from "./run/ledger.js";

/** Metric columns of the long table (after the key columns). */
export const METRIC_COLUMNS = [
  "alpha_stake",
  "validator_permit",
  "active",
  "consensus",
  "incentive",
  "dividends",
  "validator_trust",
  "emission_alpha",
  "score_ema",
  "price_tao",
  "moving_price_tao",
  "pool_tao",
  "pool_alpha",
  "alpha_out",
  "emission_share",
  "burn_tao",
  "tao_usd",
  "miner_emission_alpha",
  "validator_emission_alpha",
  "owner_cut_alpha",
  "burned_alpha",
] as const;

export interface EngineSinks {
  metrics: MetricsTable;
  events: EventLog;
}

export interface EngineHooks {
  onProgress?: (done: number, total: number) => void;
  shouldStop?: () => string | null;
}

export interface SimulationResult {
  summary: Record<string, unknown>;
  report: ReportSpec;
  /** Set when the run stopped early (the reason). */
  interrupted: string | null;
}

const RAO = 1e9;
const u16 = (v: number) => v / 65535;

/** Runs a scenario to its horizon. Pure function of (scenario, seed) apart from the sinks. */
export async function simulate(scenario: Scenario, sinks: EngineSinks, hooks: EngineHooks = {}): Promise<SimulationResult> {
  const world = await buildWorld(scenario);
  const ledger = new RunLedger(world);
  const start = world.startBlock;
  const end = start + Math.round(scenario.horizon.days * BLOCKS_PER_DAY);
  const totalDays = scenario.horizon.days;
  const sub = await world.chain.subnet(world.netuid);
  const tempo = sub.params.tempo;
  // Validators set weights a few blocks before each epoch of our subnet.
  const lead = Math.min(10, Math.max(1, Math.floor(tempo / 4)));
  let firstEpoch = sub.lastEpochBlock + tempo;
  while (firstEpoch - lead <= start) firstEpoch += tempo;

  const schedule = new Schedule(end + 1);
  schedule.add({ name: "day", first: start + BLOCKS_PER_DAY, every: BLOCKS_PER_DAY, priority: 0 });
  schedule.add({ name: "query", first: start + 1, every: scenario.task.query_every_blocks, priority: 1 });
  schedule.add({ name: "weights", first: firstEpoch - lead, every: tempo, priority: 2 });
  schedule.add({ name: "end", first: end, every: end + 1, priority: 3 });

  let epochIndex = 0;
  let interrupted: string | null = null;
  sinks.events.emit({ block: start, kind: "run-start", netuid: world.netuid, miners: world.miners.length, validators: world.validators.length });

  for (let due = schedule.next(); due !== null; due = schedule.next()) {
    const stop = hooks.shouldStop?.() ?? null;
    if (stop !== null) {
      interrupted = stop;
      break;
    }
    const chainEvents = await world.chain.advanceTo(due.block);
    for (const ev of chainEvents) {
      if (ev.kind === "epoch" && ev.netuid === world.netuid) {
        const mg = await world.chain.metagraph(world.netuid);
        world.lastMetagraph = mg;
        await recordEpoch(world, ledger, sinks, ev, mg, epochIndex++, start);
      } else if (ev.kind !== "epoch") {
        logChainEvent(world, sinks.events, ev);
      }
    }
    const day = (due.block - start) / BLOCKS_PER_DAY;
    for (const name of due.names) {
      if (name === "day") {
        // Let signal handlers (Ctrl-C) run: the local chain's awaits never yield to the event loop.
        await new Promise<void>((resolve) => setImmediate(resolve));
        world.market.advanceDay();
        ledger.dayEnd(world.market.taoUsd());
        hooks.onProgress?.(Math.min(day, totalDays), totalDays);
      } else if (name === "query") {
        await queryRound(world, sinks.events, due.block, day);
      } else if (name === "weights") {
        await setWeights(world, sinks.events, due.block, day);
      }
    }
  }
  hooks.onProgress?.(totalDays, totalDays);
  if (interrupted !== null) return { summary: {}, report: { title: "", sections: [] }, interrupted };

  const finalMg = await world.chain.metagraph(world.netuid);
  const summary = summarise(world, ledger, finalMg, epochIndex, end);
  if (hasAdversaries(scenario)) {
    let cf: { alpha: AlphaByHotkey; rankCorrelation: number | null } | null = null;
    if (scenario.analysis.counterfactual) {
      const none = new NullSink();
      const twin = await simulate(
        counterfactualScenario(scenario),
        { metrics: new MetricsTable(METRIC_COLUMNS, "counterfactual", scenario.seed, none, none), events: new EventLog(none) },
        { shouldStop: hooks.shouldStop },
      );
      if (twin.interrupted !== null) return { summary: {}, report: { title: "", sections: [] }, interrupted: twin.interrupted };
      cf = {
        alpha: alphaByHotkey(twin.summary),
        rankCorrelation: ((twin.summary["mechanism"] as Record<string, unknown>)["rank_correlation"] as number | null) ?? null,
      };
    }
    const rc = ((summary["mechanism"] as Record<string, unknown>)["rank_correlation"] as number | null) ?? null;
    summary["adversaries"] = adversaryOutcomes(world, ledger, rc, cf);
  }
  sinks.events.emit({ block: end, kind: "run-end", epochs: epochIndex });
  const report = buildReport(world, ledger, summary);
  await world.chain.close();
  return { summary, report, interrupted: null };
}

/**
 * Validator-trust alarm: an adversarial validator group whose mean validator trust falls below
 * `analysis.vtrust_alarm` × the honest validators' mean (from the third epoch on) is flagged.
 */
function checkValidatorTrust(world: World, events: EventLog, mg: Metagraph, block: number, epoch: number): void {
  if (epoch < 2) return;
  let honest = 0;
  let n = 0;
  for (const v of world.validators) {
    if (v.strategy !== "honest" || v.uid < 0 || !mg.validatorPermit[v.uid]) continue;
    honest += mg.validatorTrustU16[v.uid]! / 65535;
    n++;
  }
  if (n === 0 || honest === 0) return;
  honest /= n;
  const groups = new Map<number, { sum: number; n: number; hotkeys: string[] }>();
  for (const v of world.validators) {
    if (v.strategy === "honest" || v.uid < 0 || !mg.validatorPermit[v.uid]) continue;
    const g = groups.get(v.group) ?? { sum: 0, n: 0, hotkeys: [] };
    g.sum += mg.validatorTrustU16[v.uid]! / 65535;
    g.n++;
    g.hotkeys.push(v.hotkey);
    groups.set(v.group, g);
  }
  for (const [group, g] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
    const mean = g.sum / g.n;
    if (mean >= world.scenario.analysis.vtrust_alarm * honest) continue;
    for (const hk of g.hotkeys) {
      const first = !world.detections.has(hk);
      world.recordDetection(hk, block, "low-validator-trust");
      if (first) events.emit({ block, kind: "detection", method: "low-validator-trust", hotkey: hk, group, validator_trust: mean, honest_validator_trust: honest });
    }
  }
}

/** UIDs held by miner agents, ascending, from the current registry. */
function minerUids(world: World): number[] {
  const out: number[] = [];
  for (const a of world.byUid) if (a !== undefined && a.role === "miner") out.push(a.uid);
  return out;
}

async function queryRound(world: World, events: EventLog, block: number, day: number): Promise<void> {
  const ctx = { block, day, minerUids: minerUids(world), metagraph: world.lastMetagraph };
  if (ctx.minerUids.length === 0) return;
  const mctx: MinerContext = { block, day, validator: "", network: world.minerNetwork };
  const revealed: ChallengeBatch[] = [];
  for (const v of world.validators) {
    if (v.uid < 0) continue;
    const agent = v.validator!;
    const batch = agent.issue(ctx);
    if (batch === null) continue;
    const targets = agent.targets(ctx).filter((uid) => world.byUid[uid]?.role === "miner");
    const block_ = batch.size * batch.cMax;
    const pred = world.scratch.pred.length >= targets.length * block_ ? world.scratch.pred : (world.scratch.pred = new Float32Array(targets.length * block_));
    const lat = world.scratch.latency.length >= targets.length * batch.size ? world.scratch.latency : (world.scratch.latency = new Float32Array(targets.length * batch.size));
    const p = pred.subarray(0, targets.length * block_);
    const l = lat.subarray(0, targets.length * batch.size);
    p.fill(0);
    mctx.validator = agent.hotkey;
    for (let i = 0; i < targets.length; i++) {
      world.byUid[targets[i]!]!.miner!.answer(batch, mctx, p.subarray(i * block_, (i + 1) * block_), l.subarray(i * batch.size, (i + 1) * batch.size));
    }
    const found = agent.observeRound({ batch, uids: targets, pred: p, latencyS: l }, ctx);
    for (const d of found) {
      const m = world.byUid[d.uid]!;
      world.recordDetection(m.hotkey, block, d.method);
      events.emit({ block, kind: "detection", method: d.method, validator: agent.hotkey, uid: d.uid, hotkey: m.hotkey, matched_uid: d.matched, matched_hotkey: world.byUid[d.matched]?.hotkey ?? null });
    }
    if (batch.reveal) events.emit({ block, kind: "batch-reveal", validator: agent.hotkey, ...batch.reveal });
    if (world.revealWatchers.length > 0) revealed.push(batch);
  }
  // After scoring, validators reveal their batch seeds: anyone may regenerate the batches.
  for (const m of world.revealWatchers) for (const b of revealed) m.observeReveal!(b, { block, day });
}

async function setWeights(world: World, events: EventLog, block: number, day: number): Promise<void> {
  const ctx = { block, day, minerUids: minerUids(world), metagraph: world.lastMetagraph };
  // Validators that copy weights off the chain go last and read the chain as it stands then.
  const first = world.validators.filter((v) => v.uid >= 0 && !v.validator!.readsChainWeights);
  const last = world.validators.filter((v) => v.uid >= 0 && v.validator!.readsChainWeights);
  for (const v of first) await submitWeights(world, events, v, ctx);
  if (last.length > 0) {
    const live = { ...ctx, metagraph: await world.chain.metagraph(world.netuid) };
    for (const v of last) await submitWeights(world, events, v, live);
  }
}

async function submitWeights(world: World, events: EventLog, v: AgentRecord, ctx: RoundContext): Promise<void> {
  const w = v.validator!.weights(ctx);
  if (w === null) return;
  const { uids, values } = toU16Weights(w);
  if (uids.length === 0) return;
  try {
    if (world.commitReveal) await world.chain.commitWeights(world.netuid, v.hotkey, uids, values);
    else await world.chain.setWeights(world.netuid, v.hotkey, uids, values);
  } catch (err) {
    events.emit({ block: ctx.block, kind: "weights-refused", hotkey: v.hotkey, reason: (err as Error).message });
  }
}

function logChainEvent(world: World, events: EventLog, ev: ChainEvent): void {
  if (ev.kind === "deregistered" && ev.netuid === world.netuid) {
    world.onUidReplaced(ev.uid);
  }
  if ("netuid" in ev && ev.netuid !== world.netuid) return;
  events.emit(JSON.parse(JSON.stringify(ev, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as { block: number; kind: string });
}

async function recordEpoch(
  world: World,
  ledger: RunLedger,
  sinks: EngineSinks,
  ev: Extract<ChainEvent, { kind: "epoch" }>,
  mg: Metagraph,
  epoch: number,
  start: number,
): Promise<void> {
  world.syncRegistry(mg);
  world.epochBlocks.push(ev.block);
  checkValidatorTrust(world, sinks.events, mg, ev.block, epoch);
  const sub = await world.chain.subnet(world.netuid);
  const taoUsd = world.market.taoUsd();
  const day = (ev.block - start) / BLOCKS_PER_DAY;
  ledger.epoch(ev, mg, sub.price, taoUsd, sub.emissionShare);
  sinks.events.emit({
    block: ev.block,
    kind: "epoch",
    epoch,
    server_alpha: Number(ev.serverRao) / RAO,
    validator_alpha: Number(ev.validatorRao) / RAO,
    burned_alpha: Number(ev.burnedRao) / RAO,
    owner_cut_alpha: Number(ev.ownerCutRao) / RAO,
  });
  sinks.metrics.row(
    { epoch, block: ev.block, day, subnet: world.netuid, uid: null, role: "subnet", strategy: "" },
    {
      price_tao: sub.price,
      moving_price_tao: sub.movingPrice,
      pool_tao: Number(sub.taoInRao) / RAO,
      pool_alpha: Number(sub.alphaInRao) / RAO,
      alpha_out: Number(sub.alphaOutRao) / RAO,
      emission_share: sub.emissionShare,
      burn_tao: Number(sub.burnRao) / RAO,
      tao_usd: taoUsd,
      miner_emission_alpha: Number(ev.serverRao) / RAO,
      validator_emission_alpha: Number(ev.validatorRao) / RAO,
      owner_cut_alpha: Number(ev.ownerCutRao) / RAO,
      burned_alpha: Number(ev.burnedRao) / RAO,
    },
  );
  if (epoch % world.uidRowsEvery !== 0) return;
  for (let uid = 0; uid < mg.n; uid++) {
    const a: AgentRecord | undefined = world.byUid[uid];
    sinks.metrics.row(
      { epoch, block: ev.block, day, subnet: world.netuid, uid, role: a?.role ?? "other", strategy: a?.strategy ?? "" },
      {
        alpha_stake: Number(mg.alphaStakeRao[uid]!) / RAO,
        validator_permit: mg.validatorPermit[uid]!,
        active: mg.active[uid]!,
        consensus: u16(mg.consensusU16[uid]!),
        incentive: u16(mg.incentiveU16[uid]!),
        dividends: u16(mg.dividendsU16[uid]!),
        validator_trust: u16(mg.validatorTrustU16[uid]!),
        emission_alpha: Number(mg.emissionRao[uid]!) / RAO,
        score_ema: a?.role === "miner" ? world.meanScore(uid) : null,
      },
    );
  }
}
