/**
 * `subnet-sim attacks`: runs every catalogue case (sim/attacks/cases.ts) without and with its
 * defence and tabulates what each adversary captured, what it earned, when it was caught, and
 * what it cost honest agents. Deterministic: the scenarios' own seeds.
 */
import { join } from "node:path";
import { EventLog } from "../core/events.js";
import { MetricsTable } from "../core/metrics.js";
import { packageRoot } from "../core/version.js";
import { METRIC_COLUMNS, simulate } from "../engine.js";
import { NullSink } from "../run/outputs.js";
import { loadScenarioFile } from "../scenario/load.js";
import { ATTACK_CASES, type AttackCase } from "./cases.js";
import type { AdversaryOutcome } from "./outcome.js";

export interface StressRow {
  scenario: string;
  strategy: string;
  defence: string;
  without: AdversaryOutcome;
  with: AdversaryOutcome;
}

/** Runs one case's scenario with extra overrides; returns its adversary outcome for `strategy`. */
export async function runAttackCase(c: AttackCase, sets: readonly string[], extra: readonly string[] = []): Promise<{ outcome: AdversaryOutcome; summary: Record<string, unknown> }> {
  const path = join(packageRoot(), "scenarios", "attacks", `${c.scenario}.yaml`);
  const { scenario } = loadScenarioFile(path, [...sets, ...extra]);
  const none = new NullSink();
  const result = await simulate(scenario, { metrics: new MetricsTable(METRIC_COLUMNS, scenario.name, scenario.seed, none, none), events: new EventLog(none) });
  const adversaries = (result.summary["adversaries"] ?? []) as AdversaryOutcome[];
  const outcome = adversaries.find((a) => a.strategy === c.strategy);
  if (!outcome) throw new Error(`${c.scenario}: no adversary group with strategy ${c.strategy}`);
  return { outcome, summary: result.summary };
}

export async function runStressTest(
  opts: { only?: string[]; extra?: string[]; onCase?: (done: number, total: number) => void } = {},
): Promise<StressRow[]> {
  const cases = ATTACK_CASES.filter((c) => !opts.only?.length || opts.only.includes(c.scenario));
  const rows: StressRow[] = [];
  for (const [i, c] of cases.entries()) {
    const without = await runAttackCase(c, c.without, opts.extra);
    const withDefence = await runAttackCase(c, c.with, opts.extra);
    rows.push({ scenario: c.scenario, strategy: c.strategy, defence: c.defence, without: without.outcome, with: withDefence.outcome });
    opts.onCase?.(i + 1, cases.length);
  }
  return rows;
}

const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(2)}%`);
const usd = (x: number) => `${x < 0 ? "−" : ""}$${Math.abs(Math.round(x)).toLocaleString("en-US")}`;
const chg = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}%`);

/** The result table as Markdown. */
export function stressTable(rows: readonly StressRow[]): string {
  const head =
    "| attack | defence | fair share | captured without defence | captured with defence | return without (USD) | return with (USD) | caught (epoch) with defence | honest income change without / with |\n" +
    "|---|---|---|---|---|---|---|---|---|\n";
  return (
    head +
    rows
      .map(
        (r) =>
          `| ${r.scenario} (${r.strategy}) | ${r.defence} | ${pct(r.with.fair_share)} | ${pct(r.without.captured_share)} | ${pct(r.with.captured_share)} | ${usd(r.without.return_usd)} | ${usd(r.with.return_usd)} | ${r.with.detected_epoch === null ? "never" : `${r.with.detected_epoch} (${r.with.detection_method})`} | ${chg(r.without.honest_income_change)} / ${chg(r.with.honest_income_change)} |`,
      )
      .join("\n") +
    "\n"
  );
}
