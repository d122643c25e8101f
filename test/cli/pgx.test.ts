import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TINY, cli, tempDir } from "./helpers.js";

describe("subnet-sim pgx", () => {
  it("answers a phenotype query as CPIC spells it", () => {
    const r = cli(["pgx", "--gene", "CYP2D6", "--diplotype", "*1/*4"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ gene: "CYP2D6", diplotype: "*1/*4", activity_score: 1, phenotype: "Intermediate Metabolizer" });
  });

  it("rejects an unknown gene with exit 2", () => {
    const r = cli(["pgx", "--gene", "CYP2D7", "--diplotype", "*1/*1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/gene: got "CYP2D7"; expected one of CYP2D6/);
  });

  it("verifies a batch a run revealed, and refuses a tampered one", () => {
    const dir = tempDir();
    const out = join(dir, "run");
    expect(cli(["run", TINY, "--set", "task.log_batches=true", "--set", "horizon.days=0.05", "--out", out, "--quiet"]).status).toBe(0);
    const line = readFileSync(join(out, "events.jsonl"), "utf8").split("\n").find((l) => l.includes('"batch-reveal"'))!;
    const good = join(dir, "reveal.json");
    writeFileSync(good, line);
    const ok = cli(["pgx", "--verify-batch", good]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true });
    const reveal = JSON.parse(line);
    reveal.seed = `${reveal.seed}0`;
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify(reveal));
    const r = cli(["pgx", "--verify-batch", bad]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, reason: "commitment does not match SHA-256(seed ‖ params)" });
  });
});
