/**
 * The run summary (summary.json): what the run contains, the mechanism's health (rank
 * correlation of skill and incentive, Gini, validator trust), and money per agent group.
 */
import type { Metagraph } from "../chain/chain.js";
import { gini, mean, spearman } from "../core/stats.js";
import type { World } from "../world.js";
import type { RunLedger } from "./ledger.js";

const round = (x: number, digits = 6) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : null);

export interface GroupSummary {
  role: string;
  strategy: string;
  group: number;
  count: number;
  /** Share of all emission paid to miners (miners) or validators (validators) in the run. */
  emission_share: number | null;
  alpha: number | null;
  tao: number | null;
  usd: number | null;
  cost_usd: number | null;
  profit_usd: number | null;
  mean_skill?: number | null;
  mean_validator_trust?: number | null;
}

export function summarise(world: World, ledger: RunLedger, mg: Metagraph, epochs: number, endBlock: number): Record<string, unknown> {
  const s = world.scenario;
  const skill = world.measureSkill();
  const minerUidsNow = world.miners.filter((m) => m.uid >= 0);
  const minerAlpha = world.miners.map((m) => ledger.accounts.get(m.hotkey)!.alpha);
  const totalMinerAlpha = minerAlpha.reduce((a, b) => a + b, 0);
  const validatorAlpha = world.validators.map((v) => ledger.accounts.get(v.hotkey)!.alpha);
  const totalValidatorAlpha = validatorAlpha.reduce((a, b) => a + b, 0);

  // Rank correlation: miners' true skill (fresh challenges) against incentive earned over the
  // run's last quarter of epochs, approximated by the final incentive vector.
  const skills: number[] = [];
  const incentives: number[] = [];
  for (const m of minerUidsNow) {
    skills.push(skill.get(m.hotkey)!);
    incentives.push(mg.incentiveU16[m.uid]! / 65535);
  }
  const rankCorrelation = spearman(skills, incentives);
  const earnedCorrelation = spearman(
    world.miners.map((m) => skill.get(m.hotkey)!),
    minerAlpha,
  );

  const groups: GroupSummary[] = [];
  const byGroup = new Map<string, { role: string; strategy: string; group: number; hotkeys: string[] }>();
  for (const a of [...world.validators, ...world.miners]) {
    const key = `${a.role}/${a.group}`;
    if (!byGroup.has(key)) byGroup.set(key, { role: a.role, strategy: a.strategy, group: a.group, hotkeys: [] });
    byGroup.get(key)!.hotkeys.push(a.hotkey);
  }
  for (const key of [...byGroup.keys()].sort()) {
    const g = byGroup.get(key)!;
    const accts = g.hotkeys.map((h) => ledger.accounts.get(h)!);
    const alpha = accts.reduce((t, a) => t + a.alpha, 0);
    const usd = accts.reduce((t, a) => t + a.usd, 0);
    const cost = accts.reduce((t, a) => t + a.costUsd, 0);
    const denom = g.role === "miner" ? totalMinerAlpha : totalValidatorAlpha;
    const entry: GroupSummary = {
      role: g.role,
      strategy: g.strategy,
      group: g.group,
      count: g.hotkeys.length,
      emission_share: denom > 0 ? round(alpha / denom) : null,
      alpha: round(alpha),
      tao: round(accts.reduce((t, a) => t + a.tao, 0)),
      usd: round(usd),
      cost_usd: round(cost),
      profit_usd: round(usd - cost),
    };
    if (g.role === "miner") entry.mean_skill = round(mean(g.hotkeys.map((h) => skill.get(h)!)));
    else {
      const vts = g.hotkeys
        .map((h) => world.byHotkey.get(h)!)
        .filter((a) => a.uid >= 0 && mg.validatorPermit[a.uid])
        .map((a) => mg.validatorTrustU16[a.uid]! / 65535);
      entry.mean_validator_trust = vts.length ? round(mean(vts)) : null;
    }
    groups.push(entry);
  }

  const emissionByStrategy: Record<string, number | null> = {};
  for (const strategy of [...new Set(world.miners.map((m) => m.strategy))].sort()) {
    const a = world.miners.filter((m) => m.strategy === strategy).reduce((t, m) => t + ledger.accounts.get(m.hotkey)!.alpha, 0);
    emissionByStrategy[strategy] = totalMinerAlpha > 0 ? round(a / totalMinerAlpha) : null;
  }
  const permitted = world.validators.filter((v) => v.uid >= 0 && mg.validatorPermit[v.uid]);
  const meanVt = permitted.length ? mean(permitted.map((v) => mg.validatorTrustU16[v.uid]! / 65535)) : NaN;
  const series = ledger.series;
  const priceStart = series.price[0] ?? NaN;
  const priceEnd = series.price[series.price.length - 1] ?? NaN;

  const summary: Record<string, unknown> = {
    run: {
      name: s.name,
      seed: s.seed,
      days: s.horizon.days,
      epochs,
      start_block: world.startBlock,
      end_block: endBlock,
      chain_backend: s.chain.backend,
      era: s.era,
      netuid: world.netuid,
      yuma: s.subnet.yuma,
      liquid_alpha: s.subnet.liquid_alpha,
      commit_reveal: s.subnet.commit_reveal.enabled,
    },
    contains: world.contents(),
    mechanism: {
      rank_correlation: rankCorrelation === null ? null : round(rankCorrelation),
      rank_correlation_earned: earnedCorrelation === null ? null : round(earnedCorrelation),
      gini_miner_emission: round(gini(minerAlpha)),
      mean_validator_trust: round(meanVt),
      emission_share_by_miner_strategy: emissionByStrategy,
    },
    emission: {
      miner_alpha: round(ledger.totals.server),
      validator_alpha: round(ledger.totals.validator),
      burned_alpha: round(ledger.totals.burned),
      owner_cut_alpha: round(ledger.totals.ownerCut),
      owner_cut_tao: round(ledger.totals.ownerCutTao),
      owner_cut_usd: round(ledger.totals.ownerCutUsd),
    },
    market: {
      alpha_price_start_tao: round(priceStart),
      alpha_price_end_tao: round(priceEnd),
      mean_emission_share: round(mean(series.emissionShare)),
      tao_usd_start: round(series.taoUsd[0] ?? NaN),
      tao_usd_end: round(series.taoUsd[series.taoUsd.length - 1] ?? NaN),
    },
    groups,
    agents: [...world.validators, ...world.miners].map((a) => {
      const acct = ledger.accounts.get(a.hotkey)!;
      return {
        hotkey: a.hotkey,
        uid: a.uid,
        role: a.role,
        strategy: a.strategy,
        group: a.group,
        skill: a.role === "miner" ? round(skill.get(a.hotkey)!) : null,
        incentive: a.uid >= 0 ? round(mg.incentiveU16[a.uid]! / 65535) : null,
        dividends: a.uid >= 0 ? round(mg.dividendsU16[a.uid]! / 65535) : null,
        validator_trust: a.uid >= 0 && a.role === "validator" ? round(mg.validatorTrustU16[a.uid]! / 65535) : null,
        alpha: round(acct.alpha),
        usd: round(acct.usd),
        cost_usd: round(acct.costUsd),
      };
    }),
  };
  summary["headline"] = headline(summary, groups);
  return summary;
}

function fmt(v: unknown, digits = 4): string {
  if (v === null || v === undefined) return "n/a";
  if (typeof v === "number") return Number.isInteger(v) ? v.toString() : Number(v.toPrecision(digits)).toString();
  return String(v);
}

function headline(summary: Record<string, unknown>, groups: GroupSummary[]): { label: string; value: string }[] {
  const run = summary["run"] as Record<string, unknown>;
  const mech = summary["mechanism"] as Record<string, unknown>;
  const em = summary["emission"] as Record<string, unknown>;
  const mk = summary["market"] as Record<string, unknown>;
  const rows: { label: string; value: string }[] = [
    { label: "scenario", value: `${fmt(run["name"])} (seed ${fmt(run["seed"])}, ${fmt(run["days"])} days, ${fmt(run["epochs"])} epochs)` },
    { label: "rank correlation (skill vs incentive)", value: fmt(mech["rank_correlation"]) },
    { label: "Gini of miner emission", value: fmt(mech["gini_miner_emission"]) },
    { label: "mean validator trust", value: fmt(mech["mean_validator_trust"]) },
    { label: "alpha price start → end (TAO)", value: `${fmt(mk["alpha_price_start_tao"])} → ${fmt(mk["alpha_price_end_tao"])}` },
    { label: "owner cut (alpha / USD)", value: `${fmt(em["owner_cut_alpha"])} / ${fmt(em["owner_cut_usd"])}` },
  ];
  for (const g of groups) {
    rows.push({
      label: `${g.role}s: ${g.strategy} ×${g.count}`,
      value: `share ${fmt(g.emission_share)}, ${fmt(g.usd, 6)} USD earned, ${fmt(g.cost_usd, 6)} USD cost`,
    });
  }
  return rows;
}
