import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, TINY, cli, tempDir } from "./helpers.js";

const OUTPUTS = ["events.jsonl", "manifest.json", "metrics.csv", "metrics.jsonl", "report.html", "scenario.json", "summary.json"];

describe("subnet-sim run / replay (end to end)", () => {
  const dir = tempDir();
  const a = join(dir, "a");
  const b = join(dir, "b");
  const c = join(dir, "c");

  it("writes a complete run folder and prints a summary table", () => {
    const r = cli(["run", TINY, "--seed", "7", "--out", a]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/rank correlation \(skill vs incentive\)/);
    expect(readdirSync(a).sort()).toEqual(OUTPUTS);
    const manifest = JSON.parse(readFileSync(join(a, "manifest.json"), "utf8"));
    expect(manifest.seed).toBe(7);
    expect(manifest.scenario.name).toBe("tiny");
    expect(Object.keys(manifest.outputs).sort()).toEqual(OUTPUTS.filter((f) => f !== "manifest.json"));
    const header = readFileSync(join(a, "metrics.csv"), "utf8").split("\n")[0];
    expect(header.startsWith("run,seed,epoch,block,day,subnet,uid,role,strategy,")).toBe(true);
    const first = JSON.parse(readFileSync(join(a, "metrics.jsonl"), "utf8").split("\n")[0]!);
    expect(first).toMatchObject({ run: "tiny-7", seed: 7, role: "subnet" });
    const summary = JSON.parse(readFileSync(join(a, "summary.json"), "utf8"));
    expect(summary.run).toMatchObject({ name: "tiny", seed: 7, days: 1 });
    expect(summary.contains.length).toBeGreaterThan(3);
    const html = readFileSync(join(a, "report.html"), "utf8");
    expect(html).toContain("What this run contains");
    expect(html).not.toMatch(/<script src=/); // self-contained: Plotly inlined
  });

  it("gives byte-identical outputs for the same scenario and seed", () => {
    expect(cli(["run", TINY, "--seed", "7", "--out", b, "--quiet"]).status).toBe(0);
    for (const f of OUTPUTS) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it("gives different numbers for a different seed", () => {
    expect(cli(["run", TINY, "--seed", "8", "--out", c, "--quiet"]).status).toBe(0);
    expect(readFileSync(join(c, "metrics.csv"), "utf8")).not.toBe(readFileSync(join(a, "metrics.csv"), "utf8"));
  });

  it("replay confirms an untouched run", () => {
    const r = cli(["replay", a, "--quiet"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^identical: 6 files match/);
  });

  it("replay names the first differing file and line of an edited run", () => {
    const csv = readFileSync(join(b, "metrics.csv"), "utf8").split("\n");
    csv[5] = csv[5]!.replace(/,(\d)/, ",9$1");
    writeFileSync(join(b, "metrics.csv"), csv.join("\n"));
    const r = cli(["replay", b, "--quiet"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^differs: metrics\.csv first differs at line 6\n {2}recorded: .*\n {2}replayed: /);
  });

  it("replay refuses a folder that is not a finished run", () => {
    const r = cli(["replay", dir, "--quiet"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a finished run/);
  });

  it("uses runs/<name>-<seed> by default and applies --set", () => {
    const cwd = tempDir();
    const r = cli(["run", TINY, "--set", "horizon.days=0.5", "--quiet"], { cwd });
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(cwd, "runs", "tiny-3", "summary.json"), "utf8"));
    expect(summary.run.days).toBe(0.5);
  });
});

describe("bad input", () => {
  it("exits 2 with one line per problem and writes nothing", () => {
    const dir = tempDir();
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "name: x\nsubnet: {kappa: 2, tmepo: 3}\npopulation:\n  validators: [{count: 1}]\n  miners: [{count: -3, strategy: learned}]\n");
    const out = join(dir, "out");
    const r = cli(["run", bad, "--out", out]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `subnet-sim: ${bad}: invalid scenario\n` +
        "  subnet.kappa: expected a number from 0 to 1, got 2\n" +
        "  subnet.tmepo: unknown field, expected one of: tempo, max_uids, max_validators, immunity_period, yuma, liquid_alpha, alpha_low, alpha_high, kappa, bonds_penalty, bonds_moving_average, activity_cutoff_factor_milli, weights_rate_limit, commit_reveal, owner_cut, delegate_take, pool, burn\n" +
        "  population.miners[0].count: expected a positive integer, got -3\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  it("rejects a bad --seed and a bad --set the same way", () => {
    expect(cli(["run", TINY, "--seed", "x"]).stderr).toMatch(/--seed: expected a non-negative integer, got "x"/);
    const r = cli(["run", TINY, "--set", "subnet.yuma=5"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/subnet\.yuma: expected 2 or 3, got 5/);
  });

  it("validate and schema", () => {
    expect(cli(["validate", TINY]).stdout).toMatch(/valid scenario "tiny"/);
    const schema = JSON.parse(cli(["schema"]).stdout);
    expect(schema.properties.population).toBeDefined();
    expect(schema.required).toEqual(["name"]);
  });

  it("every command has --help with an example", () => {
    for (const cmd of ["run", "replay", "validate", "schema", "epoch", "pgx", "attacks", "sweep", "revenue"]) {
      const r = cli([cmd, "--help"]);
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Example/);
    }
    expect(cli(["--help"]).stdout).toMatch(/Commands:/);
    expect(cli(["frobnicate"]).status).toBe(2);
  });
});

describe("interruption", () => {
  it("Ctrl-C leaves a folder that says it was interrupted and no manifest", async () => {
    const out = join(tempDir(), "int");
    const child = spawn(process.execPath, [BIN, "run", TINY, "--set", "horizon.days=400", "--out", out, "--quiet"], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Wait until the engine has started writing, then interrupt.
    for (let i = 0; i < 600 && !existsSync(join(out, "events.jsonl.partial")); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/run interrupted: received SIGINT/);
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
    expect(existsSync(join(out, "metrics.csv"))).toBe(false);
    expect(readFileSync(join(out, "INCOMPLETE"), "utf8")).toMatch(/interrupted: .*SIGINT/);
  });
});

describe("an attack run", () => {
  it("reports its adversaries in summary.json and the report", () => {
    const out = join(tempDir(), "copier");
    const r = cli(["run", join(ROOT, "scenarios", "attacks", "copier.yaml"), "--set", "horizon.days=1", "--out", out, "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.adversaries).toHaveLength(1);
    const a = summary.adversaries[0];
    for (const field of ["strategy", "role", "fair_share", "captured_share", "return_tao", "return_usd", "honest_income_change", "detected_epoch"]) {
      expect(a, field).toHaveProperty(field);
    }
    expect(a).toMatchObject({ strategy: "copier", role: "miner", count: 3, detection_method: "canary-copy" });
    expect(typeof a.honest_income_change).toBe("number"); // the counterfactual twin ran
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("What each adversary group achieved");
  });
});

describe("output into a pipe that closes early", () => {
  it("exits 0 without a stack trace when the reader is gone (`| true`)", () => {
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" schema | true; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr.trim()).toBe("status 0");
  });
});
