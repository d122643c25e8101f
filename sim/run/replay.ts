/**
 * Replay: re-run a finished run from its own manifest and resolved scenario, and compare every
 * output file's hash. On a difference, name the first differing file and line.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256, sha256File } from "../core/hash.js";
import { loadScenarioValue } from "../scenario/load.js";
import { RunDir } from "./outputs.js";
import { executeRun, type Manifest } from "./run.js";

export interface ReplayDifference {
  file: string;
  /** 1-based line of the first difference, or null when a file is missing. */
  line: number | null;
  recorded: string | null;
  replayed: string | null;
}

export interface ReplayResult {
  identical: boolean;
  compared: string[];
  difference: ReplayDifference | null;
}

export function readManifest(runDir: string): Manifest {
  if (!RunDir.isComplete(runDir)) {
    throw new Error(`${runDir}: not a finished run (no manifest.json, or an INCOMPLETE marker)`);
  }
  const m = JSON.parse(readFileSync(join(runDir, "manifest.json"), "utf8")) as Manifest;
  if (typeof m.outputs !== "object" || typeof m.seed !== "number") {
    throw new Error(`${runDir}/manifest.json: expected a subnet-sim manifest with outputs and seed`);
  }
  return m;
}

function firstDifference(a: string, b: string): { line: number; recorded: string | null; replayed: string | null } {
  const la = a.split("\n");
  const lb = b.split("\n");
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    if (la[i] !== lb[i]) {
      const clip = (s: string | undefined) => (s === undefined ? null : s.length > 300 ? `${s.slice(0, 300)}…` : s);
      return { line: i + 1, recorded: clip(la[i]), replayed: clip(lb[i]) };
    }
  }
  return { line: n, recorded: null, replayed: null };
}

export async function replayRun(runDir: string, onProgress?: (done: number, total: number) => void): Promise<ReplayResult> {
  const manifest = readManifest(runDir);
  const scenarioValue = JSON.parse(readFileSync(join(runDir, "scenario.json"), "utf8")) as unknown;
  const loaded = loadScenarioValue(scenarioValue, join(runDir, "scenario.json"));
  const tmp = mkdtempSync(join(tmpdir(), "subnet-sim-replay-"));
  try {
    await executeRun({ loaded: { ...loaded, source: manifest.scenario.source, overrides: manifest.scenario.overrides }, seed: manifest.seed, outDir: tmp, onProgress });
    const compared: string[] = [];
    for (const [file, hash] of Object.entries(manifest.outputs)) {
      compared.push(file);
      let recordedText: string;
      try {
        recordedText = readFileSync(join(runDir, file), "utf8");
      } catch {
        return { identical: false, compared, difference: { file, line: null, recorded: null, replayed: "(present)" } };
      }
      const again = sha256File(join(tmp, file));
      // Both must hold: the replay reproduces the manifest, and the recorded file is the one the
      // manifest describes (an edited output is a difference too).
      if (again !== hash || sha256(recordedText) !== hash) {
        const d = firstDifference(recordedText, readFileSync(join(tmp, file), "utf8"));
        return { identical: false, compared, difference: { file, ...d } };
      }
    }
    return { identical: true, compared, difference: null };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
