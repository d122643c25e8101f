import { ATTACK_CASES, type AttackCase } from "../../sim/attacks/cases.js";
import type { AdversaryOutcome } from "../../sim/attacks/outcome.js";
import { runAttackCase } from "../../sim/attacks/stress-test.js";

/** The case named `scenario` (its with/without-defence overrides), as `subnet-sim attacks` runs it. */
export function attackCase(scenario: string): AttackCase {
  const c = ATTACK_CASES.find((x) => x.scenario === scenario);
  if (!c) throw new Error(`no attack case ${scenario}`);
  return c;
}

/** Runs a case without and with its defence (no counterfactual twin: the tests need shares only). */
export async function bothWays(scenario: string): Promise<{ without: AdversaryOutcome; with: AdversaryOutcome; withSummary: Record<string, unknown>; withoutSummary: Record<string, unknown> }> {
  const c = attackCase(scenario);
  const fast = ["analysis.counterfactual=false"];
  const a = await runAttackCase(c, c.without, fast);
  const b = await runAttackCase(c, c.with, fast);
  return { without: a.outcome, with: b.outcome, withoutSummary: a.summary, withSummary: b.summary };
}

type Group = { role: string; strategy: string; emission_share: number | null; count: number };

/** Emission share of a validator group per unit of stake share (1 = paid exactly pro rata of stake). */
export function perStake(summary: Record<string, unknown>, strategy: string, stakeShare: number): number {
  const g = (summary["groups"] as Group[]).find((x) => x.role === "validator" && x.strategy === strategy)!;
  return (g.emission_share ?? 0) / stakeShare;
}

/** Share of miner emission per UID of a miner group (its share of miner emission ÷ its UIDs). */
export function perUid(summary: Record<string, unknown>, strategy: string): number {
  const g = (summary["groups"] as Group[]).find((x) => x.role === "miner" && x.strategy === strategy)!;
  return (g.emission_share ?? 0) / g.count;
}
