/**
 * `npm run bench`: runs every benchmark module under bench/ (files named *.bench.ts, each
 * exporting `run(): Promise<Figure[]>`), prints one line per figure, or with `--json` one JSON
 * object `{ "<name>": number }`. Optional name filters: `npm run bench -- yuma`.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Figure } from "./figure.js";

async function main(argv: string[]): Promise<void> {
  const json = argv.includes("--json");
  const filters = argv.filter((a) => !a.startsWith("--"));
  const here = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".bench.js"))
    .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
    .sort();
  const all: Record<string, number> = {};
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<Figure[]> };
    const figures = await mod.run();
    for (const f of figures) {
      all[f.name] = f.value;
      if (!json) process.stdout.write(`${f.name.padEnd(48)} ${formatValue(f.value).padStart(14)} ${f.unit}\n`);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(all)}\n`);
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return v.toString();
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
