/**
 * `subnet-sim revenue <scenario>`: loads the scenario, optionally runs the mechanism once
 * (economics.couple_mechanism), runs the revenue Monte Carlo and the tornado, and writes into
 * the folder (default runs/<name>-revenue-<seed>), each file atomically:
 * scenario.json (resolved, effective seed), summary.json, paths.csv, report.html and, last,
 * manifest.json (hashes of the others). A coupled run's mechanism folder is `mechanism/`, a
 * complete `subnet-sim run` folder that `subnet-sim replay` can check.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { formatMetric } from "../core/metrics.js";
import { canonicalJson, sha256, sha256File } from "../core/hash.js";
import { gitCommit, packageVersion } from "../core/version.js";
import { RunDir } from "../run/outputs.js";
import { renderReport } from "../run/report.js";
import { executeRun } from "../run/run.js";
import { loadScenarioFile } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { COST_LINES } from "./costs.js";
import { UNCERTAIN_INPUTS, type MonteCarloResult } from "./montecarlo.js";
import { buildRevenueReport } from "./revenue-report.js";
import { couplingFromSummary, revenueModel, revenueSummary, runRevenue, type MechanismCoupling } from "./revenue.js";

export const REVENUE_MANIFEST_FORMAT = 1;

/** A bad command-line value (the CLI prints it and exits 2). */
export class RevenueUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RevenueUsageError";
  }
}

/** `--paths`: a whole number of paths from 1 to 10,000,000. */
export function parsePathsOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 10_000_000) {
    throw new RevenueUsageError(`--paths: expected a whole number of paths from 1 to 10000000, got ${JSON.stringify(value)}`);
  }
  return n;
}

export interface RevenueCommandOptions {
  scenarioPath: string;
  sets: string[];
  paths?: number;
  seed?: number;
  outDir?: string;
  /** Worker threads (default: the machine's parallelism); results do not depend on it. */
  threads?: number;
}

/** paths.csv: one row per path, for researchers. */
export function pathsCsv(result: MonteCarloResult): string {
  const model = result.model;
  const chosen = result.strategies[model.chosen]!;
  const cell = (v: number) => (Number.isNaN(v) ? "" : formatMetric(v));
  const header = [
    "path",
    "tao_usd_end",
    "npv_usd",
    "breakeven_month",
    "irr_annual",
    "vendor_npv_usd",
    "vendor_breakeven_month",
    "alpha_price_end_tao",
    "emission_share_end",
    "miners_end",
    "customers_end",
    ...result.strategies.map((s) => `npv_usd_${s.rule.name}`),
    ...COST_LINES.map((l) => `cost_${l}_usd`),
    ...UNCERTAIN_INPUTS.map((n) => `input_${n.replace(/\./g, "_")}`),
  ];
  const lines: string[] = [header.join(",")];
  const nLines = COST_LINES.length;
  const nInputs = UNCERTAIN_INPUTS.length;
  for (let i = 0; i < result.paths; i++) {
    const row: string[] = [
      String(i),
      cell(result.taoUsdEnd[i]!),
      cell(chosen.npv[i]!),
      cell(chosen.breakeven[i]!),
      cell(result.irr[i]!),
      cell(result.vendorNpv[i]!),
      cell(result.vendorBreakeven[i]!),
      cell(chosen.alphaPriceEnd[i]!),
      cell(chosen.shareEnd[i]!),
      cell(chosen.minersEnd[i]!),
      cell(chosen.customersEnd[i]!),
    ];
    for (const s of result.strategies) row.push(cell(s.npv[i]!));
    for (let j = 0; j < nLines; j++) row.push(cell(result.costLines[i * nLines + j]!));
    for (let j = 0; j < nInputs; j++) row.push(cell(result.inputs[i * nInputs + j]!));
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The short plain-language text the command prints. */
export function formatRevenueSummary(summary: Record<string, unknown>): string {
  return `${(summary["headline"] as string[]).join("\n")}\n`;
}

export async function runRevenueCommand(opts: RevenueCommandOptions): Promise<{ outDir: string; summary: Record<string, unknown> }> {
  const loaded = loadScenarioFile(opts.scenarioPath, opts.sets);
  if (opts.seed !== undefined && (!Number.isSafeInteger(opts.seed) || opts.seed < 0)) {
    throw new RevenueUsageError(`--seed: expected a non-negative integer, got ${opts.seed}`);
  }
  if (opts.paths !== undefined && (!Number.isSafeInteger(opts.paths) || opts.paths < 1)) {
    throw new RevenueUsageError(`--paths: expected a whole number of paths from 1 to 10000000, got ${opts.paths}`);
  }
  const seed = opts.seed ?? loaded.scenario.seed;
  const scenario: Scenario = { ...loaded.scenario, seed };
  const paths = opts.paths ?? scenario.economics.paths;
  const outDir = opts.outDir ?? join("runs", `${scenario.name}-revenue-${seed}`);
  const dir = new RunDir(outDir);
  // Outputs RunDir does not know: a stale paths.csv, or a mechanism run from an earlier coupled run.
  rmSync(dir.path("paths.csv"), { force: true });
  rmSync(dir.path("mechanism"), { recursive: true, force: true });
  try {
    const scenarioText = `${canonicalJson(scenario, 2)}\n`;
    dir.write("scenario.json", scenarioText);
    let coupling: MechanismCoupling | null = null;
    if (scenario.economics.couple_mechanism) {
      const mechanism = await executeRun({ loaded, seed, outDir: join(outDir, "mechanism") });
      coupling = couplingFromSummary(mechanism.summary, "mechanism");
    }
    const model = revenueModel(scenario, coupling, seed);
    const run = await runRevenue(model, paths, scenario.economics.tornado.paths, coupling, { threads: opts.threads });
    const summary = revenueSummary(scenario, run);
    const files = ["scenario.json", "summary.json", "paths.csv", "report.html"];
    dir.write("summary.json", `${canonicalJson(summary, 2)}\n`);
    dir.write("paths.csv", pathsCsv(run.result));
    dir.write("report.html", renderReport(buildRevenueReport(summary)));
    dir.complete();
    const outputs: Record<string, string> = {};
    for (const name of files) outputs[name] = sha256File(dir.path(name));
    const manifest = {
      format: REVENUE_MANIFEST_FORMAT,
      command: "revenue",
      subnet_sim_version: packageVersion(),
      git_commit: gitCommit(),
      scenario: { name: scenario.name, source: loaded.source, overrides: loaded.overrides, sha256: sha256(scenarioText) },
      seed,
      paths,
      mechanism_run: coupling === null ? null : "mechanism",
      outputs,
    };
    dir.write("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
    return { outDir, summary };
  } catch (err) {
    dir.interrupt(`failed: ${(err as Error).message}`);
    throw err;
  }
}
