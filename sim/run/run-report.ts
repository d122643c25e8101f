/** The report of a mechanism run (report.html): what it contains, the headline, and charts. */
import type { World } from "../world.js";
import type { RunLedger } from "./ledger.js";
import type { ReportSpec } from "./report.js";
import type { GroupSummary } from "./summary.js";
import type { AdversaryOutcome } from "../attacks/outcome.js";
import type { ReportSection } from "./report.js";

const pct = (x: number | null) => (x === null ? null : `${(100 * x).toFixed(2)}%`);
const signedPct = (x: number | null) => (x === null ? null : `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}%`);

/** The adversaries section: one row per adversary group (summary.json → adversaries). */
function adversarySection(adversaries: AdversaryOutcome[]): ReportSection {
  return {
    heading: "Adversaries",
    paragraphs: [
      "Shares are of the alpha the subnet's epochs paid out during the run. Fair share: the group's share of miner UIDs (miners) or of validator stake (validators) times its side's part of the emission. Return: emission valued when received, minus registration burns and running costs. Honest income change: honest agents' alpha against a twin run with the adversaries replaced by honest agents.",
    ],
    tables: [
      {
        title: "What each adversary group achieved",
        columns: ["group", "attack", "defence", "fair share", "captured share", "return (TAO)", "return (USD)", "caught at epoch", "honest income change", "rank correlation (twin run)"],
        rows: adversaries.map((a) => [
          `${a.role} ${a.group}: ${a.strategy} ×${a.count}`,
          a.attack,
          a.defence,
          pct(a.fair_share),
          pct(a.captured_share),
          a.return_tao,
          a.return_usd,
          a.detected_epoch === null ? "never" : `${a.detected_epoch} (${a.detection_method})`,
          signedPct(a.honest_income_change),
          a.rank_correlation === null ? null : `${a.rank_correlation}${a.rank_correlation_counterfactual === null ? "" : ` (${a.rank_correlation_counterfactual})`}`,
        ]),
      },
    ],
  };
}

/** At most this many points per line: longer series are thinned evenly (first and last kept). */
const MAX_POINTS = 1500;

function thin(xs: number[], ys: number[]): { x: number[]; y: number[] } {
  if (xs.length <= MAX_POINTS) return { x: xs, y: ys };
  const step = (xs.length - 1) / (MAX_POINTS - 1);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < MAX_POINTS; i++) {
    const j = Math.round(i * step);
    x.push(xs[j]!);
    y.push(ys[j]!);
  }
  return { x, y };
}

export function buildReport(world: World, ledger: RunLedger, summary: Record<string, unknown>): ReportSpec {
  const s = world.scenario;
  const series = ledger.series;
  const groups = summary["groups"] as GroupSummary[];
  const agents = summary["agents"] as { role: string; strategy: string; skill: number | null; incentive: number | null; hotkey: string }[];
  const headline = summary["headline"] as { label: string; value: string }[];

  const incentiveTraces = [...series.incentiveByStrategy.entries()].map(([strategy, ys]) => ({
    type: "scatter",
    mode: "lines",
    name: strategy,
    stackgroup: "one",
    ...thin(series.day, ys),
  }));
  const strategies = [...new Set(agents.filter((a) => a.role === "miner").map((a) => a.strategy))].sort();
  const skillTraces = strategies.map((strategy) => {
    const pts = agents.filter((a) => a.role === "miner" && a.strategy === strategy && a.incentive !== null);
    return {
      type: "scatter",
      mode: "markers",
      name: strategy,
      x: pts.map((p) => p.skill),
      y: pts.map((p) => p.incentive),
      text: pts.map((p) => p.hotkey),
    };
  });

  return {
    title: `subnet-sim run: ${s.name} (seed ${s.seed})`,
    subtitle: s.description || undefined,
    sections: [
      {
        heading: "What this run contains",
        paragraphs: [
          "Every number below comes from this simulation: a deterministic function of the scenario file and the seed. `subnet-sim replay` on the run folder reproduces it byte for byte.",
        ],
        bullets: world.contents(),
      },
      {
        heading: "Headline",
        tables: [{ title: "Summary", columns: ["measure", "value"], rows: headline.map((h) => [h.label, h.value]) }],
      },
      {
        heading: "Incentive mechanism",
        charts: [
          {
            id: "incentive-by-strategy",
            title: "Share of miner incentive by miner strategy",
            data: incentiveTraces,
            layout: { xaxis: { title: { text: "day" } }, yaxis: { title: { text: "incentive share" }, range: [0, 1] } },
          },
          {
            id: "skill-vs-incentive",
            title: "Miner skill (fresh challenges) against final incentive",
            data: skillTraces,
            layout: { xaxis: { title: { text: "skill score (1 = perfect, 0 = uniform guess)" } }, yaxis: { title: { text: "incentive" } } },
            note: "A working mechanism pays more to more skilful miners: points rise to the right.",
          },
          {
            id: "validator-trust",
            title: "Mean validator trust (permitted validators)",
            data: [{ type: "scatter", mode: "lines", name: "validator trust", ...thin(series.day, series.meanValidatorTrust) }],
            layout: { xaxis: { title: { text: "day" } }, yaxis: { range: [0, 1.05] } },
          },
        ],
        tables: [
          {
            title: "Agent groups",
            columns: ["role", "strategy", "count", "emission share", "alpha", "USD earned", "USD cost", "USD profit", "mean skill", "mean validator trust"],
            rows: groups.map((g) => [
              g.role,
              g.strategy,
              g.count,
              g.emission_share,
              g.alpha,
              g.usd,
              g.cost_usd,
              g.profit_usd,
              g.mean_skill ?? null,
              g.mean_validator_trust ?? null,
            ]),
            note: "Emission share: of all alpha paid to miners (for miners) or to validators (for validators) during the run.",
          },
        ],
      },
      ...(Array.isArray(summary["adversaries"]) ? [adversarySection(summary["adversaries"] as AdversaryOutcome[])] : []),
      {
        heading: "Market",
        charts: [
          {
            id: "alpha-price",
            title: "Subnet alpha price (TAO) and TAO/USD",
            data: [
              { type: "scatter", mode: "lines", name: "alpha price (TAO)", ...thin(series.day, series.price) },
              { type: "scatter", mode: "lines", name: "TAO/USD", yaxis: "y2", ...thin(series.day, series.taoUsd) },
            ],
            layout: {
              xaxis: { title: { text: "day" } },
              yaxis: { title: { text: "TAO per alpha" } },
              yaxis2: { title: { text: "USD per TAO" }, overlaying: "y", side: "right" },
            },
          },
          {
            id: "emission-share",
            title: "Subnet's share of network TAO emission",
            data: [{ type: "scatter", mode: "lines", name: "emission share", ...thin(series.day, series.emissionShare) }],
            layout: { xaxis: { title: { text: "day" } } },
          },
        ],
      },
    ],
  };
}
