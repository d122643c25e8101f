/**
 * Self-contained HTML reports: one file with the Plotly bundle inlined, so it opens offline.
 * Callers describe the report (sections of text, tables and charts); this module renders it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
  note?: string;
}

export interface ReportChart {
  id: string;
  title: string;
  /** Plotly traces and layout, as plain JSON. */
  data: unknown[];
  layout?: Record<string, unknown>;
  note?: string;
}

export interface ReportSection {
  heading: string;
  paragraphs?: string[];
  /** Bulleted facts. */
  bullets?: string[];
  tables?: ReportTable[];
  charts?: ReportChart[];
}

export interface ReportSpec {
  title: string;
  subtitle?: string;
  sections: ReportSection[];
}

let plotlySource: string | null = null;

function plotlyBundle(): string {
  if (plotlySource === null) {
    const require = createRequire(import.meta.url);
    plotlySource = readFileSync(require.resolve("plotly.js-dist"), "utf8");
  }
  return plotlySource;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function cell(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isInteger(v) ? v.toString() : Number(v.toPrecision(6)).toString();
  return escapeHtml(v);
}

function renderTable(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = t.rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`).join("\n");
  return `<h3>${escapeHtml(t.title)}</h3><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : ""}`;
}

/** JSON safe to embed in a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c");
}

export function renderReport(spec: ReportSpec): string {
  const charts: ReportChart[] = [];
  const sections = spec.sections
    .map((s) => {
      const parts: string[] = [`<section><h2>${escapeHtml(s.heading)}</h2>`];
      for (const p of s.paragraphs ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
      if (s.bullets?.length) parts.push(`<ul>${s.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join("")}</ul>`);
      for (const t of s.tables ?? []) parts.push(renderTable(t));
      for (const c of s.charts ?? []) {
        charts.push(c);
        parts.push(
          `<h3>${escapeHtml(c.title)}</h3><div class="chart" id="${escapeHtml(c.id)}"></div>${c.note ? `<p class="note">${escapeHtml(c.note)}</p>` : ""}`,
        );
      }
      parts.push("</section>");
      return parts.join("\n");
    })
    .join("\n");
  const chartData = charts.map((c) => ({ id: c.id, data: c.data, layout: { margin: { t: 20, r: 20 }, ...(c.layout ?? {}) } }));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(spec.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d232a}
h1{margin-bottom:.2rem} .subtitle{color:#56606b;margin-top:0}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem} th,td{border:1px solid #d5dbe1;padding:.25rem .6rem;text-align:right}
th{background:#f1f4f7} td:first-child,th:first-child{text-align:left}
.chart{width:100%;height:380px} .note{color:#56606b;font-size:.85rem}
section{margin-bottom:2rem}
</style></head>
<body>
<h1>${escapeHtml(spec.title)}</h1>${spec.subtitle ? `<p class="subtitle">${escapeHtml(spec.subtitle)}</p>` : ""}
${sections}
<script>${plotlyBundle()}</script>
<script>
const charts = ${scriptJson(chartData)};
for (const c of charts) Plotly.newPlot(c.id, c.data, c.layout, {responsive: true, displaylogo: false});
window.reportReady = true;
</script>
</body></html>
`;
}
