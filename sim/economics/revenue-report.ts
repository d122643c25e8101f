/**
 * The revenue report (report.html) for a hospital board, built from the summary alone:
 * a plain-language summary first, then fan charts (P5–P95 bands and the median) of monthly
 * fiat by stream and of cumulative cash, the subnet-vs-vendor NPV histogram, the strategy
 * comparison (table and chart), the tornado, costs by line, and what the model assumes.
 */
import type { ReportChart, ReportSection, ReportSpec } from "../run/report.js";
import { usd } from "./revenue.js";

type Bands = { p5: (number | null)[]; p50: (number | null)[]; p95: (number | null)[]; mean: (number | null)[] };
type Q = { p5: number | null; p50: number | null; p95: number | null };

const STREAM_TITLES: Record<string, string> = {
  owner_emissions: "Owner's emissions sold (USD a month)",
  validator_dividends: "Our validator's dividends sold (USD a month)",
  licensing: "Licensing revenue (USD a month)",
  costs: "Costs (USD a month, set-up in month 0)",
  net: "Net cash (USD a month)",
};

function fan(months: number[], b: Bands, name: string, colour: string, fill: string): unknown[] {
  return [
    { x: months, y: b.p95, name: `${name} P95`, type: "scatter", mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "x+y" },
    {
      x: months,
      y: b.p5,
      name: `${name} P5–P95`,
      type: "scatter",
      mode: "lines",
      line: { width: 0 },
      fill: "tonexty",
      fillcolor: fill,
    },
    { x: months, y: b.p50, name: `${name} median`, type: "scatter", mode: "lines", line: { color: colour, width: 2 } },
  ];
}

const axes = (y: string) => ({ xaxis: { title: { text: "month" } }, yaxis: { title: { text: y } } });

function qCell(q: Q | undefined, money = true): string {
  if (q === undefined) return "";
  const f = (v: number | null) => (v === null ? "never" : money ? usd(v) : String(v));
  return `${f(q.p5)} / ${f(q.p50)} / ${f(q.p95)}`;
}

const pct = (p: unknown) => (typeof p === "number" ? `${(p * 100).toFixed(1)}%` : "n/a");

export function buildRevenueReport(summary: Record<string, unknown>): ReportSpec {
  const scenario = summary["scenario"] as Record<string, unknown>;
  const model = summary["model"] as Record<string, unknown>;
  const monthly = summary["monthly_fiat_usd"] as Record<string, unknown>;
  const months = monthly["months"] as number[];
  const vendor = summary["vendor"] as Record<string, unknown>;
  const strategies = summary["strategies"] as Record<string, unknown>[];
  const tornado = summary["tornado"] as { paths: number; base_npv_usd: number; bars: Record<string, unknown>[] } | null;
  const hist = summary["npv_histogram"] as { bin_centres_usd: number[]; bin_width_usd: number; subnet: number[]; vendor: number[] };
  const market = summary["market"] as Record<string, Q>;
  const sections: ReportSection[] = [];

  sections.push({
    heading: "In plain language",
    paragraphs: summary["headline"] as string[],
    bullets: [
      `Scenario "${String(scenario["name"])}"${scenario["description"] ? `: ${String(scenario["description"])}` : ""}`,
      `${String(model["paths"])} simulated futures of ${String(model["horizon_months"])} months, day by day (seed ${String(scenario["seed"])}); TAO/USD model "${String(scenario["tao_usd_model"])}" from $${String(scenario["tao_usd_start"])}.`,
      `NPV: the value today of all money in and out, each month discounted at ${pct(model["discount_rate"])} a year; the validator stake is bought in month 0 and, like unsold tokens, sold at the end.`,
      "P5 / P50 / P95: 5% of futures are below the first figure, half below the middle one, 95% below the last.",
    ],
  });

  const charts: ReportChart[] = [];
  for (const name of ["owner_emissions", "validator_dividends", "licensing", "costs"]) {
    charts.push({
      id: `fan-${name}`,
      title: STREAM_TITLES[name]!,
      data: fan(months, monthly[name] as Bands, name.replace("_", " "), "#1f5fa8", "rgba(31,95,168,0.2)"),
      layout: axes("USD"),
    });
  }
  charts.push({
    id: "fan-cumulative",
    title: "Cumulative cash: subnet against the vendor route (USD)",
    data: [
      ...fan(months, monthly["cumulative_cash"] as Bands, "subnet", "#1f5fa8", "rgba(31,95,168,0.2)"),
      ...fan(months, monthly["vendor_cumulative_cash"] as Bands, "vendor", "#c0502b", "rgba(192,80,43,0.18)"),
    ],
    layout: axes("USD"),
    note: "Bands hold 90% of simulated futures; lines are medians. Month 0 is today (set-up, stake, first vendor licence); the last month includes selling unsold tokens and the stake.",
  });
  sections.push({ heading: "Money in and out, month by month", charts });

  sections.push({
    heading: "Subnet or vendor?",
    tables: [
      {
        title: "Both routes on the same simulated futures",
        columns: ["", "subnet", "vendor"],
        rows: [
          ["NPV P5 / P50 / P95", qCell(summary["npv_usd"] as Q), qCell(vendor["npv_usd"] as Q)],
          ["expected NPV", usd(summary["mean_npv_usd"] as number), usd(vendor["mean_npv_usd"] as number)],
          ["chance NPV > 0", pct(summary["p_npv_positive"]), pct(vendor["p_npv_positive"])],
          ["break-even month P5 / P50 / P95", qCell(summary["breakeven_month"] as Q, false), qCell(vendor["breakeven_month"] as Q, false)],
          ["chance of paying back", pct(summary["p_breakeven"]), pct(vendor["p_breakeven"])],
          ["average of the worst 5% (CVaR)", usd(summary["cvar5_npv_usd"] as number), usd(vendor["cvar5_npv_usd"] as number)],
        ],
        note: `The subnet beats the vendor route in ${pct(summary["p_subnet_beats_vendor"])} of futures (path by path).`,
      },
    ],
    charts: [
      {
        id: "npv-histogram",
        title: "NPV across futures: subnet and vendor (share of futures per bin)",
        data: [
          { x: hist.bin_centres_usd, y: hist.subnet, type: "bar", name: "subnet", marker: { color: "rgba(31,95,168,0.6)" } },
          { x: hist.bin_centres_usd, y: hist.vendor, type: "bar", name: "vendor", marker: { color: "rgba(192,80,43,0.6)" } },
        ],
        layout: { barmode: "overlay", bargap: 0, xaxis: { title: { text: "NPV (USD)" } }, yaxis: { title: { text: "share of futures" } } },
        note: "The outer 0.5% on each side are counted in the end bins.",
      },
    ],
  });

  sections.push({
    heading: "Turning tokens into dollars: strategies on the same prices",
    paragraphs: [
      "Every strategy was run on exactly the same simulated TAO prices, market moods and customer luck, so differences come from the strategy alone. Selling into the subnet's own pool moves its price (slippage); holding keeps exposure to the token.",
    ],
    tables: [
      {
        title: "Strategy comparison",
        columns: ["strategy", "rule", "NPV P5 / P50 / P95", "expected NPV", "chance NPV > 0", "worst 5% average", "monthly income spread (sd)", "largest cash drawdown (median)", "beats vendor"],
        rows: strategies.map((s) => [
          String(s["name"]) + (s["name"] === model["chosen_strategy"] ? " (chosen)" : ""),
          String(s["description"]),
          qCell(s["npv_usd"] as Q),
          usd(s["mean_npv_usd"] as number),
          pct(s["p_npv_positive"]),
          usd(s["cvar5_npv_usd"] as number),
          usd(s["monthly_treasury_usd_sd"] as number),
          usd((s["max_drawdown_usd"] as Q).p50),
          pct(s["p_subnet_beats_vendor"]),
        ]),
      },
    ],
    charts: [
      {
        id: "strategies",
        title: "NPV by strategy: median with the P5–P95 range, and the expected value",
        data: [
          {
            x: strategies.map((s) => s["name"]),
            y: strategies.map((s) => (s["npv_usd"] as Q).p50),
            error_y: {
              type: "data",
              symmetric: false,
              array: strategies.map((s) => ((s["npv_usd"] as Q).p95 ?? 0) - ((s["npv_usd"] as Q).p50 ?? 0)),
              arrayminus: strategies.map((s) => ((s["npv_usd"] as Q).p50 ?? 0) - ((s["npv_usd"] as Q).p5 ?? 0)),
            },
            type: "scatter",
            mode: "markers",
            name: "median (P5–P95)",
            marker: { size: 10, color: "#1f5fa8" },
          },
          {
            x: strategies.map((s) => s["name"]),
            y: strategies.map((s) => s["mean_npv_usd"]),
            type: "scatter",
            mode: "markers",
            name: "expected value",
            marker: { size: 10, symbol: "diamond", color: "#c0502b" },
          },
        ],
        layout: { yaxis: { title: { text: "NPV (USD)" } } },
      },
    ],
  });

  if (tornado !== null && tornado.bars.length > 0) {
    const bars = [...tornado.bars].slice(0, 15).reverse();
    const base = tornado.base_npv_usd;
    const labels = bars.map((b) => String(b["label"]));
    sections.push({
      heading: "What drives the result",
      paragraphs: [
        `Each bar moves one input from a low to a high value, all else as in the scenario, and shows the median NPV on the same ${tornado.paths} futures (base ${usd(base)}). Longest bars matter most.`,
      ],
      charts: [
        {
          id: "tornado",
          title: "Tornado: median NPV with each input low and high",
          data: [
            {
              y: labels,
              x: bars.map((b) => (b["npv_low_usd"] as number) - base),
              base,
              type: "bar",
              orientation: "h",
              name: "low value",
              text: bars.map((b) => String(b["low"])),
              marker: { color: "rgba(192,80,43,0.7)" },
            },
            {
              y: labels,
              x: bars.map((b) => (b["npv_high_usd"] as number) - base),
              base,
              type: "bar",
              orientation: "h",
              name: "high value",
              text: bars.map((b) => String(b["high"])),
              marker: { color: "rgba(31,95,168,0.7)" },
            },
          ],
          layout: { barmode: "overlay", margin: { l: 230, t: 20, r: 20 }, xaxis: { title: { text: "median NPV (USD)" } } },
        },
      ],
      tables: [
        {
          title: "Tornado values",
          columns: ["input", "low", "high", "median NPV at low", "median NPV at high", "swing", "mean NPV at low", "mean NPV at high"],
          rows: tornado.bars.map((b) => [
            String(b["label"]),
            String(b["low"]),
            String(b["high"]),
            usd(b["npv_low_usd"] as number),
            usd(b["npv_high_usd"] as number),
            usd(b["swing_usd"] as number),
            usd(b["mean_npv_low_usd"] as number),
            usd(b["mean_npv_high_usd"] as number),
          ]),
        },
      ],
    });
  }

  const costs = summary["costs_usd"] as Record<string, Q & { mean: number | null }>;
  sections.push({
    heading: "Costs over the whole horizon",
    tables: [
      {
        title: "Subnet route, chosen strategy (USD, not discounted)",
        columns: ["cost line", "P5", "median", "P95", "average"],
        rows: Object.entries(costs).map(([k, q]) => [k.replace(/_/g, " "), usd(q.p5), usd(q.p50), usd(q.p95), usd(q.mean)]),
      },
    ],
  });

  const mech = summary["mechanism"] as { run_dir: string | null; taken: Record<string, number> } | null;
  const inputs = model["uncertain_inputs"] as Record<string, string>;
  sections.push({
    heading: "What this model contains and assumes",
    bullets: [
      `Alpha market: our subnet's pool (constant product) at ${String(model["initial_alpha_price_tao"])} TAO per alpha at the start, ${String(model["initial_emission_share"])} of network emission, shared by the "${String(model["emission_share_rule"])}" rule against a background index of the other subnets; miners, root stakers and outside stakers (yield and a mood process) trade through the same pool.`,
      `Miners: ${String(model["miners_initial"])} at the start, $${String(model["miner_cost_usd_per_day"])} a day each; they join while expected profit is positive and leave after sustained losses. Data quality index ${String(model["quality_index"])}, which scales licence demand with the number of miners.`,
      mech === null
        ? "No mechanism run was coupled (economics.couple_mechanism: false)."
        : `Coupled to a mechanism run${mech.run_dir ? ` (${mech.run_dir})` : ""}: emission share ${mech.taken["emission_share"]}, alpha price ${mech.taken["alpha_price_tao"]} TAO, ${mech.taken["miners"]} miners at $${mech.taken["miner_cost_usd_per_day"]} a day, quality ${mech.taken["quality"]}.`,
      `At the end: TAO/USD ${qCell(market["tao_usd_end"], false)}, alpha price ${qCell(market["alpha_price_end_tao"], false)} TAO, emission share ${qCell(market["emission_share_end"], false)}, miners ${qCell(market["miners_end"], false)}, customers ${qCell(market["customers_end"], false)} (P5 / P50 / P95).`,
      ...Object.entries(inputs).map(([k, v]) => `${k}: ${v}`),
    ],
  });

  return {
    title: `Revenue model: ${String(scenario["name"])}`,
    subtitle: `subnet-sim revenue — ${String(model["paths"])} futures × ${String(model["horizon_months"])} months, seed ${String(scenario["seed"])}`,
    sections,
  };
}
