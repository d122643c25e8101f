import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, TINY, cli, tempDir } from "./helpers.js";

const OUTPUTS = ["manifest.json", "report.html", "summary.json", "sweep.csv", "sweep.jsonl"];
const GRID = ["--set", "horizon.days=0.25", "--set", "subnet.kappa=0.3,0.6", "--set", "task.sample_miners=4,6", "--seeds", "2"];

/**
 * The manifest records HEAD, and other engineers commit to this checkout while tests run: the
 * two sweeps may straddle a commit. Only that one value is blanked; every other byte is compared.
 */
const withoutCommit = (b: Buffer) => Buffer.from(b.toString("utf8").replace(/"git_commit": ("[0-9a-f]{40}"|null)/, '"git_commit": "-"'));

describe("subnet-sim sweep (end to end)", () => {
  const dir = tempDir();
  const one = join(dir, "jobs1");
  const two = join(dir, "jobs2");

  it("runs a 2×2 grid with 2 seeds and writes a complete sweep folder", () => {
    const r = cli(["sweep", TINY, ...GRID, "--jobs", "1", "--out", one]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^point +subnet\.kappa +task\.sample_miners +mechanism\.rank_correlation \(mean\)/);
    expect(r.stdout).toContain(`sweep folder: ${one} (4 points × 2 seeds = 8 runs; report: ${one}/report.html)`);
    expect(readdirSync(one).sort()).toEqual(OUTPUTS);

    const csv = readFileSync(join(one, "sweep.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0]!.startsWith("point,seed,subnet.kappa,task.sample_miners,mechanism.rank_correlation,")).toBe(true);
    expect(csv[0]).toContain(",emission.miner_alpha,");
    expect(csv[0]).toContain(",market.alpha_price_end_tao,");
    // Rows by point, then seed (tiny.yaml has seed 3: seeds 3 and 4).
    expect(csv.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual([
      "0,3,0.3,4",
      "0,4,0.3,4",
      "1,3,0.3,6",
      "1,4,0.3,6",
      "2,3,0.6,4",
      "2,4,0.6,4",
      "3,3,0.6,6",
      "3,4,0.6,6",
    ]);
    const jsonl = readFileSync(join(one, "sweep.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(jsonl.length).toBe(8);
    expect(jsonl[5]).toMatchObject({ point: 2, seed: 4, "subnet.kappa": 0.6, "task.sample_miners": 4 });
    expect(typeof jsonl[5]!["mechanism.rank_correlation"]).toBe("number");

    const summary = JSON.parse(readFileSync(join(one, "summary.json"), "utf8"));
    expect(summary.axes).toEqual([
      { path: "subnet.kappa", values: [0.3, 0.6] },
      { path: "task.sample_miners", values: [4, 6] },
    ]);
    expect(summary.fixed).toEqual(["horizon.days=0.25"]);
    expect(summary.points.length).toBe(4);
    expect(summary.points[3]).toMatchObject({ point: 3, values: { "subnet.kappa": 0.6, "task.sample_miners": 6 }, seeds: [3, 4] });
    const rc = summary.points[3].stats["mechanism.rank_correlation"];
    const rows = jsonl.filter((row) => row["point"] === 3).map((row) => row["mechanism.rank_correlation"] as number);
    expect(rc.n).toBe(2);
    expect(rc.min).toBe(Math.min(...rows));
    expect(rc.max).toBe(Math.max(...rows));
    expect(rc.mean).toBeCloseTo((rows[0]! + rows[1]!) / 2, 10);

    const manifest = JSON.parse(readFileSync(join(one, "manifest.json"), "utf8"));
    expect(manifest.kind).toBe("sweep");
    expect(manifest.sweep).toMatchObject({ seeds_per_point: 2, points: 4, runs: 8 });
    expect(Object.keys(manifest.outputs)).toEqual(["sweep.csv", "sweep.jsonl", "summary.json", "report.html"]);

    const html = readFileSync(join(one, "report.html"), "utf8");
    expect(html).toContain("What this sweep ran");
    expect(html).toContain('"type":"heatmap"');
    expect(html).not.toMatch(/<script src=/);
  });

  it("gives byte-identical outputs with --jobs 2", () => {
    const r = cli(["sweep", TINY, ...GRID, "--jobs", "2", "--out", two, "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(two).sort()).toEqual(OUTPUTS);
    for (const f of OUTPUTS) {
      const a = readFileSync(join(one, f));
      const b = readFileSync(join(two, f));
      if (f === "manifest.json") expect(withoutCommit(b).equals(withoutCommit(a)), f).toBe(true);
      else expect(b.equals(a), f).toBe(true);
    }
  });

  it("draws a line chart for one axis and uses runs/<name>-sweep by default", () => {
    const cwd = tempDir();
    const r = cli(["sweep", TINY, "--set", "horizon.days=0.25", "--set", "subnet.kappa=0.3,0.6", "--metric", "emission.miner_alpha", "--quiet"], { cwd });
    expect(r.status).toBe(0);
    const out = join(cwd, "runs", "tiny-sweep");
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("emission.miner_alpha against subnet.kappa");
    expect(html).toContain("min–max over seeds");
    expect(html).not.toContain("mechanism.rank_correlation against");
  });
});

describe("sweep: bad input", () => {
  it("exits 2, lists every problem and writes nothing", () => {
    const out = join(tempDir(), "out");
    const r = cli(["sweep", TINY, "--set", "subnet.kappa=0.3,2", "--set", "task.sample_miners=0,6", "--set", "subnet.tmepo=3", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `subnet-sim: ${TINY}: invalid scenario\n` +
        "  subnet.tmepo: unknown field, expected one of: tempo, max_uids, max_validators, immunity_period, yuma, liquid_alpha, alpha_low, alpha_high, kappa, bonds_penalty, bonds_moving_average, activity_cutoff_factor_milli, weights_rate_limit, commit_reveal, owner_cut, delegate_take, pool, burn\n" +
        "  task.sample_miners: expected a positive integer, got 0 (where task.sample_miners=0)\n" +
        "  subnet.kappa: expected a number from 0 to 1, got 2 (where subnet.kappa=2)\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  it("rejects bad value lists, --seeds, --jobs and --metric", () => {
    const out = join(tempDir(), "out");
    let r = cli(["sweep", TINY, "--set", "subnet.kappa=0.3,,0.6", "--set", "task.sample_miners=4,4", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `subnet-sim: ${TINY}: invalid scenario\n` +
        "  --set subnet.kappa=0.3,,0.6: value 2 of 3 is empty, expected a value between each pair of commas (quote a value that contains a comma)\n" +
        '  --set task.sample_miners=4,4: value "4" is given twice, expected each sweep value once\n',
    );
    r = cli(["sweep", TINY, "--seeds", "0", "--out", out]);
    expect([r.status, r.stderr]).toEqual([2, 'subnet-sim: --seeds: expected a positive integer, got "0"\n']);
    r = cli(["sweep", TINY, "--jobs", "two", "--out", out]);
    expect([r.status, r.stderr]).toEqual([2, 'subnet-sim: --jobs: expected a positive integer, got "two"\n']);
    r = cli(["sweep", TINY, "--metric", "gini", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^subnet-sim: --metric gini: expected a column of sweep\.csv such as mechanism\.rank_correlation/);
    expect(existsSync(out)).toBe(false);
  });

  it("has --help with an example", () => {
    const r = cli(["sweep", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Example:\n {2}subnet-sim sweep scenarios\/attacks\/cartel\.yaml --set population\.validators\[1\]\.stake_share=0\.2,0\.4,0\.6/);
  });
});

describe("sweep: interruption", () => {
  it("Ctrl-C stops the workers and marks the folder interrupted", async () => {
    const out = join(tempDir(), "int");
    const child = spawn(process.execPath, [BIN, "sweep", TINY, "--set", "horizon.days=400", "--set", "subnet.kappa=0.3,0.6", "--jobs", "2", "--out", out, "--quiet"], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 600 && !existsSync(join(out, "INCOMPLETE")); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/sweep interrupted: received SIGINT/);
    expect(readdirSync(out)).toEqual(["INCOMPLETE"]);
    expect(readFileSync(join(out, "INCOMPLETE"), "utf8")).toMatch(/interrupted: .*SIGINT/);
  });
});
