/** The short summary table `subnet-sim run` prints: the summary's `headline` entries. */
export function formatSummaryTable(summary: Record<string, unknown>): string {
  const headline = summary["headline"];
  if (!Array.isArray(headline)) return "";
  const rows = (headline as { label: string; value: string }[]).map((h) => [h.label, h.value] as const);
  const width = Math.max(...rows.map((r) => r[0].length), 6);
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  return `${lines.join("\n")}\n`;
}
