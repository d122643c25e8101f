/**
 * The sweep report (report.html): what was swept, then per shown metric a line chart of the
 * mean over seeds with its min–max band (one axis), a heatmap of the mean (two axes), or a
 * table (no axis, or more than two).
 */
import type { ReportChart, ReportSection, ReportSpec, ReportTable } from "./report.js";
import { canonicalJson } from "../core/hash.js";
import { formatMetric } from "../core/metrics.js";
import type { SweepAxis, SweepResult } from "./sweep.js";

/** A value as shown in labels and CSV cells: scalars as text, lists and mappings as JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return formatMetric(v);
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  return canonicalJson(v);
}


const isNumberAxis = (a: SweepAxis) => a.values.every((v) => typeof v === "number" && Number.isFinite(v));

/** Axis values for a chart: numbers when every value is a number, else their text (categories). */
function axisValues(a: SweepAxis): (number | string)[] {
  return isNumberAxis(a) ? (a.values as number[]) : a.values.map(valueText);
}

function lineChart(r: SweepResult, metric: string, id: string): ReportChart {
  const axis = r.plan.axes[0]!;
  const x = axisValues(axis);
  const stat = (k: "mean" | "min" | "max") => r.plan.points.map((p) => r.stats[p.index]!.get(metric)![k]);
  return {
    id,
    title: `${metric} against ${axis.path}`,
    data: [
      { type: "scatter", mode: "lines", x, y: stat("max"), line: { width: 0 }, showlegend: false, hoverinfo: "skip", name: "max" },
      {
        type: "scatter",
        mode: "lines",
        x,
        y: stat("min"),
        line: { width: 0 },
        fill: "tonexty",
        fillcolor: "rgba(31,119,180,0.2)",
        name: "min–max over seeds",
      },
      { type: "scatter", mode: "lines+markers", x, y: stat("mean"), line: { color: "rgb(31,119,180)" }, name: "mean over seeds" },
    ],
    layout: {
      xaxis: { title: { text: axis.path }, ...(isNumberAxis(axis) ? {} : { type: "category" }) },
      yaxis: { title: { text: metric } },
      legend: { orientation: "h" },
    },
  };
}

function heatmap(r: SweepResult, metric: string, id: string): ReportChart {
  const [rowsAxis, colsAxis] = [r.plan.axes[0]!, r.plan.axes[1]!];
  const n = colsAxis.values.length;
  const z: (number | null)[][] = rowsAxis.values.map((_, i) =>
    colsAxis.values.map((_v, j) => r.stats[i * n + j]!.get(metric)!.mean),
  );
  return {
    id,
    title: `${metric}: mean over seeds`,
    data: [
      {
        type: "heatmap",
        x: colsAxis.values.map(valueText),
        y: rowsAxis.values.map(valueText),
        z,
        colorscale: "Viridis",
        texttemplate: "%{z:.4g}",
        hovertemplate: `${colsAxis.path}=%{x}<br>${rowsAxis.path}=%{y}<br>${metric}=%{z}<extra></extra>`,
      },
    ],
    layout: {
      xaxis: { title: { text: colsAxis.path }, type: "category" },
      yaxis: { title: { text: rowsAxis.path }, type: "category" },
    },
  };
}

function meansTable(r: SweepResult, shown: readonly string[]): ReportTable {
  const withSd = r.plan.seedsPerPoint > 1;
  const columns = ["point", ...r.plan.axes.map((a) => a.path)];
  for (const m of shown) columns.push(withSd ? `${m} mean` : m, ...(withSd ? [`${m} sd`] : []));
  const rows = r.plan.points.map((p) => {
    const row: (string | number | null)[] = [p.index, ...r.plan.axes.map((a, k) => valueText(a.values[p.valueIndex[k]!]))];
    for (const m of shown) {
      const s = r.stats[p.index]!.get(m)!;
      row.push(s.mean);
      if (withSd) row.push(s.sd);
    }
    return row;
  });
  return {
    title: withSd ? "Mean and standard deviation over seeds" : "Values (one seed per point)",
    columns,
    rows,
    note: "All metrics, with min and max, are in summary.json; every run is a row of sweep.csv.",
  };
}

export function buildSweepReport(r: SweepResult, shown: readonly string[], missing: readonly string[]): ReportSpec {
  const { plan } = r;
  const bullets = plan.axes.map((a) => `${a.path}: ${a.texts.join(", ")}`);
  if (plan.fixed.length > 0) bullets.push(`fixed: ${plan.fixed.join("; ")}`);
  bullets.push(
    `seeds: ${plan.seedsPerPoint} per point (the point's seed + 0 … ${plan.seedsPerPoint - 1}); first point's seeds ${plan.points[0]!.seeds.join(", ")}`,
  );
  const about: ReportSection = {
    heading: "What this sweep ran",
    paragraphs: [
      `Scenario "${plan.name}" from ${plan.source}: ${plan.points.length} grid point${plan.points.length === 1 ? "" : "s"} × ${plan.seedsPerPoint} seed${plan.seedsPerPoint === 1 ? "" : "s"} = ${plan.jobs.length} runs. The results do not depend on how many workers ran them.`,
    ],
    bullets,
  };
  const results: ReportSection = { heading: "Results", paragraphs: [], charts: [] };
  if (shown.length === 0) results.paragraphs!.push("No metric to show: the runs produced none of the chosen metrics.");
  if (missing.length > 0) results.paragraphs!.push(`Not in the results (no run produced them): ${missing.join(", ")}.`);
  shown.forEach((m, i) => {
    if (plan.axes.length === 1) results.charts!.push(lineChart(r, m, `metric-${i}`));
    else if (plan.axes.length === 2) results.charts!.push(heatmap(r, m, `metric-${i}`));
  });
  const sections = [about, results];
  // Tables render before charts within a section: the per-point table gets its own, after the charts.
  if (shown.length > 0) sections.push({ heading: "Per point", tables: [meansTable(r, shown)] });
  return { title: `Sweep: ${plan.name}`, subtitle: `${plan.jobs.length} runs of ${plan.source}`, sections };
}
