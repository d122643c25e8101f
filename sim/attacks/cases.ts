/**
 * The stress test: each catalogue entry's scenario, run once without its defence and once with
 * it. `subnet-sim attacks` runs them all and prints the result table; the tests in
 * test/attacks/ pin the outcomes.
 */
export interface AttackCase {
  /** Scenario file under scenarios/attacks/ (without .yaml). */
  scenario: string;
  /** The adversary group's strategy whose outcome the row reports. */
  strategy: string;
  defence: string;
  /** Overrides for the run without the defence, and with it. */
  without: string[];
  with: string[];
}

export const ATTACK_CASES: readonly AttackCase[] = [
  { scenario: "caching", strategy: "caching", defence: "fresh seeds", without: [], with: ["task.defences.fresh_seeds=true"] },
  { scenario: "lookup-table", strategy: "lookup-table", defence: "perturbations", without: [], with: ["task.defences.perturbation=true"] },
  { scenario: "copier", strategy: "copier", defence: "canary copy detection", without: ["task.defences.canary_rate=0"], with: [] },
  { scenario: "overconfident", strategy: "overconfident", defence: "clipped cross-entropy (clip 0.001 vs 0.1)", without: ["task.scoring.clip=0.1"], with: [] },
  { scenario: "latency-gamer", strategy: "latency-gamer", defence: "latency never rewarded (deadline 12 s)", without: [], with: [] },
  { scenario: "sybil", strategy: "sybil", defence: "canary copy detection", without: ["task.defences.canary_rate=0"], with: [] },
  { scenario: "self-dealing", strategy: "cartel-member", defence: "κ-clipping (κ 0.5 vs 0.05)", without: ["subnet.kappa=0.05"], with: [] },
  {
    scenario: "cartel",
    strategy: "cartel-member",
    defence: "κ 0.5 against a 30% cartel (vs a 60% cartel)",
    without: ["population.validators[1].stake_share=0.6"],
    with: [],
  },
  { scenario: "weight-copier", strategy: "weight-copier", defence: "commit-reveal", without: ["subnet.commit_reveal.enabled=false"], with: [] },
  { scenario: "lazy-validator", strategy: "lazy", defence: "κ-clipping and bonds", without: [], with: [] },
  { scenario: "divergent-validator", strategy: "divergent", defence: "κ-clipping", without: [], with: [] },
  { scenario: "late-mover", strategy: "late-mover", defence: "Yuma 3 with liquid alpha (vs Yuma 2)", without: ["subnet.yuma=2", "subnet.liquid_alpha=false"], with: [] },
];
