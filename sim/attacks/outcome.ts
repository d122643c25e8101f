/**
 * What an attack achieved, per adversary group (summary.json → `adversaries`): the share of the
 * subnet's emission it captured against its fair share, its return after costs, the damage to
 * honest agents (against a counterfactual run with the adversaries replaced by honest agents),
 * and when a defence first flagged it.
 *
 * Shares are of the alpha the subnet's epochs paid to miners and validators during the run.
 * Fair share: for miners, the group's share of miner UIDs times the miners' part of that
 * emission; for validators, the group's share of validator stake times the validators' part.
 */
import type { Scenario } from "../scenario/schema.js";
import type { RunLedger } from "../run/ledger.js";
import type { World } from "../world.js";
import { ATTACKS, isAdversary } from "./catalogue.js";

export interface AdversaryOutcome {
  strategy: string;
  role: "miner" | "validator";
  group: number;
  count: number;
  attack: string;
  defence: string;
  fair_share: number | null;
  captured_share: number | null;
  /** Miners: the group's share of miner UIDs; validators: its share of validator stake. */
  weight_in_population: number | null;
  alpha: number;
  return_tao: number;
  return_usd: number;
  cost_usd: number;
  entry_tao: number;
  stake_locked_tao: number;
  honest_income_change: number | null;
  honest_miner_income_change: number | null;
  honest_validator_income_change: number | null;
  rank_correlation: number | null;
  rank_correlation_counterfactual: number | null;
  detected_epoch: number | null;
  detections: number;
  detection_method: string | null;
}

/** The agents' alpha in a run, by hotkey (from a summary's `agents`). */
export type AlphaByHotkey = Map<string, { role: string; strategy: string; alpha: number }>;

export function alphaByHotkey(summary: Record<string, unknown>): AlphaByHotkey {
  const out: AlphaByHotkey = new Map();
  for (const a of (summary["agents"] as { hotkey: string; role: string; strategy: string; alpha: number }[]) ?? []) {
    out.set(a.hotkey, { role: a.role, strategy: a.strategy, alpha: a.alpha });
  }
  return out;
}

/** The scenario with every adversary group replaced by honest agents of the same size and stake. */
export function counterfactualScenario(s: Scenario): Scenario {
  return {
    ...s,
    analysis: { ...s.analysis, counterfactual: false },
    population: {
      validators: s.population.validators.map((v) =>
        v.strategy === "honest" ? v : { count: v.count, strategy: "honest" as const, stake_tao: v.stake_tao, stake_share: v.stake_share, cost_usd_per_day: v.cost_usd_per_day },
      ),
      miners: s.population.miners.map((m) =>
        isAdversary(m.strategy)
          ? {
              count: m.count,
              strategy: "learned" as const,
              model: "logistic" as const,
              training_samples: { lognormal: { median: 3000, sigma: 1 } },
              epochs: 8,
              l2: 0.0001,
              cost_usd_per_day: m.cost_usd_per_day,
              latency_s: m.latency_s,
            }
          : m,
      ),
    },
  };
}

export function hasAdversaries(s: Scenario): boolean {
  return [...s.population.validators, ...s.population.miners].some((g) => isAdversary(g.strategy));
}

const r6 = (x: number) => Number(x.toPrecision(6));

export function adversaryOutcomes(
  world: World,
  ledger: RunLedger,
  rankCorrelation: number | null,
  counterfactual: { alpha: AlphaByHotkey; rankCorrelation: number | null } | null,
): AdversaryOutcome[] {
  const s = world.scenario;
  const agents = [...world.validators, ...world.miners];
  const minerAlpha = world.miners.reduce((t, m) => t + ledger.accounts.get(m.hotkey)!.alpha, 0);
  const validatorAlpha = world.validators.reduce((t, v) => t + ledger.accounts.get(v.hotkey)!.alpha, 0);
  const total = minerAlpha + validatorAlpha;
  const totalStake = world.validators.reduce((t, v) => t + v.stakeTao, 0);
  const meanTaoUsd = ledger.series.taoUsd.length ? ledger.series.taoUsd.reduce((a, b) => a + b, 0) / ledger.series.taoUsd.length : 0;

  // Honest income in this run and in the counterfactual (same hotkeys: groups keep their sizes).
  const honestChange = (role: "miner" | "validator" | null): number | null => {
    if (counterfactual === null) return null;
    let now = 0;
    let before = 0;
    for (const a of agents) {
      if (isAdversary(a.strategy) || (role !== null && a.role !== role)) continue;
      now += ledger.accounts.get(a.hotkey)!.alpha;
      before += counterfactual.alpha.get(a.hotkey)?.alpha ?? 0;
    }
    return before > 0 ? r6((now - before) / before) : null;
  };

  const out: AdversaryOutcome[] = [];
  const groups = [
    ...s.population.validators.map((g, i) => ({ role: "validator" as const, strategy: g.strategy, group: i, count: g.count })),
    ...s.population.miners.map((g, i) => ({ role: "miner" as const, strategy: g.strategy, group: i, count: g.count })),
  ];
  for (const g of groups) {
    if (!isAdversary(g.strategy)) continue;
    const members = agents.filter((a) => a.role === g.role && a.group === g.group);
    let alpha = 0;
    let tao = 0;
    let usd = 0;
    let cost = 0;
    let entry = 0;
    let stake = 0;
    let firstBlock = Infinity;
    let detections = 0;
    let method: string | null = null;
    for (const m of members) {
      const acct = ledger.accounts.get(m.hotkey)!;
      alpha += acct.alpha;
      tao += acct.tao;
      usd += acct.usd;
      cost += acct.costUsd;
      entry += m.entryTao;
      stake += m.stakeTao;
      const d = world.detections.get(m.hotkey);
      if (d) {
        detections += d.count;
        if (d.firstBlock < firstBlock) {
          firstBlock = d.firstBlock;
          method = d.method;
        }
      }
    }
    const fair =
      total === 0
        ? null
        : g.role === "miner"
          ? (g.count / world.miners.length) * (minerAlpha / total)
          : totalStake > 0
            ? (stake / totalStake) * (validatorAlpha / total)
            : null;
    const costTao = meanTaoUsd > 0 ? cost / meanTaoUsd : 0;
    out.push({
      strategy: g.strategy,
      role: g.role,
      group: g.group,
      count: g.count,
      attack: ATTACKS[g.strategy]!.attack,
      defence: ATTACKS[g.strategy]!.defence,
      fair_share: fair === null ? null : r6(fair),
      weight_in_population:
        g.role === "miner" ? r6(g.count / world.miners.length) : totalStake > 0 ? r6(stake / totalStake) : null,
      captured_share: total === 0 ? null : r6(alpha / total),
      alpha: r6(alpha),
      return_tao: r6(tao - entry - costTao),
      return_usd: r6(usd - entry * (ledger.series.taoUsd[0] ?? 0) - cost),
      cost_usd: r6(cost),
      entry_tao: r6(entry),
      stake_locked_tao: r6(stake),
      honest_income_change: honestChange(null),
      honest_miner_income_change: honestChange("miner"),
      honest_validator_income_change: honestChange("validator"),
      rank_correlation: rankCorrelation === null ? null : r6(rankCorrelation),
      rank_correlation_counterfactual: counterfactual?.rankCorrelation == null ? null : r6(counterfactual.rankCorrelation),
      detected_epoch: Number.isFinite(firstBlock) ? world.epochAt(firstBlock) : null,
      detections,
      detection_method: method,
    });
  }
  return out;
}
