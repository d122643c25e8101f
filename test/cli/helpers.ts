import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(ROOT, "bin", "subnet-sim.js");
export const TINY = join(ROOT, "test", "fixtures", "scenarios", "tiny.yaml");

/** Runs the built CLI as a user would (`npm test` builds dist first). */
export function cli(args: string[], opts: { input?: string; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: "utf8",
    timeout: 300_000,
  });
}

export function tempDir(prefix = "subnet-sim-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
