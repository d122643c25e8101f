/**
 * One run, end to end: scenario → engine → files. Writes, into the run folder:
 * scenario.json (the resolved scenario, seed included), metrics.csv, metrics.jsonl,
 * events.jsonl, summary.json, report.html and, last, manifest.json (hashes of all of them).
 */
import { EventLog } from "../core/events.js";
import { canonicalJson, sha256, sha256File } from "../core/hash.js";
import { MetricsTable } from "../core/metrics.js";
import { gitCommit, packageVersion } from "../core/version.js";
import { METRIC_COLUMNS, simulate } from "../engine.js";
import type { LoadedScenario } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { RunDir } from "./outputs.js";
import { renderReport } from "./report.js";

export const MANIFEST_FORMAT = 1;

export interface Manifest {
  format: number;
  subnet_sim_version: string;
  git_commit: string | null;
  scenario: { name: string; source: string; overrides: string[]; sha256: string };
  seed: number;
  /** Output file → SHA-256, in the order they were written. */
  outputs: Record<string, string>;
}

export interface RunOptions {
  loaded: LoadedScenario;
  /** Overrides the scenario's seed. */
  seed?: number;
  outDir: string;
  onProgress?: (done: number, total: number) => void;
  /** Polled between engine steps; a non-null reason stops the run as interrupted. */
  shouldStop?: () => string | null;
}

export interface RunOutcome {
  dir: string;
  manifest: Manifest;
  summary: Record<string, unknown>;
}

export class RunInterrupted extends Error {
  constructor(reason: string) {
    super(`run interrupted: ${reason}`);
    this.name = "RunInterrupted";
  }
}

/** The scenario the run actually uses: the loaded one with the effective seed. */
export function effectiveScenario(loaded: LoadedScenario, seed?: number): Scenario {
  return seed === undefined ? loaded.scenario : { ...loaded.scenario, seed };
}

export async function executeRun(opts: RunOptions): Promise<RunOutcome> {
  const scenario = effectiveScenario(opts.loaded, opts.seed);
  const dir = new RunDir(opts.outDir);
  try {
    const scenarioText = `${canonicalJson(scenario, 2)}\n`;
    dir.write("scenario.json", scenarioText);
    const runId = `${scenario.name}-${scenario.seed}`;
    const metrics = new MetricsTable(METRIC_COLUMNS, runId, scenario.seed, dir.stream("metrics.csv"), dir.stream("metrics.jsonl"));
    const events = new EventLog(dir.stream("events.jsonl"));
    const result = await simulate(scenario, { metrics, events }, { onProgress: opts.onProgress, shouldStop: opts.shouldStop });
    if (result.interrupted) throw new RunInterrupted(result.interrupted);
    dir.write("summary.json", `${canonicalJson(result.summary, 2)}\n`);
    dir.write("report.html", renderReport(result.report));
    dir.complete();
    const outputs: Record<string, string> = {};
    for (const name of ["scenario.json", "metrics.csv", "metrics.jsonl", "events.jsonl", "summary.json", "report.html"]) {
      outputs[name] = sha256File(dir.path(name));
    }
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      subnet_sim_version: packageVersion(),
      git_commit: gitCommit(),
      scenario: { name: scenario.name, source: opts.loaded.source, overrides: opts.loaded.overrides, sha256: sha256(scenarioText) },
      seed: scenario.seed,
      outputs,
    };
    dir.write("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
    return { dir: opts.outDir, manifest, summary: result.summary };
  } catch (err) {
    dir.interrupt(err instanceof RunInterrupted ? err.message : `failed: ${(err as Error).message}`);
    throw err;
  }
}
