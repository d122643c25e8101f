import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sha256File, canonicalJson } from "../../sim/core/hash.js";
import { revenueModel, revenueSummary, runRevenue } from "../../sim/economics/revenue.js";
import { loadScenarioFile } from "../../sim/scenario/load.js";
import { ROOT, cli, tempDir } from "../cli/helpers.js";

const PILOT = join(ROOT, "scenarios", "revenue", "hospital-pilot.yaml");
const FILES = ["manifest.json", "paths.csv", "report.html", "scenario.json", "summary.json"];

describe("subnet-sim revenue (end to end)", () => {
  const dir = tempDir("subnet-sim-revenue-");
  const a = join(dir, "a");
  const b = join(dir, "b");

  it("writes summary, paths, report and manifest, and prints a plain-language summary", () => {
    const r = cli(["revenue", PILOT, "--paths", "500", "--seed", "5", "--out", a]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/most likely about/);
    expect(r.stdout).toMatch(/Chance the subnet makes money \(NPV above zero\): \d+%/);
    expect(r.stdout).toMatch(/revenue folder: .*\(report: .*report\.html\)\n$/);
    expect(readdirSync(a).sort()).toEqual(FILES);
    const s = JSON.parse(readFileSync(join(a, "summary.json"), "utf8"));
    for (const key of ["npv_usd", "breakeven_month", "vendor", "p_subnet_beats_vendor", "strategies", "tornado", "monthly_fiat_usd", "cvar5_npv_usd", "p_npv_positive"]) {
      expect(s, key).toHaveProperty(key);
    }
    for (const q of [s.npv_usd, s.vendor.npv_usd]) {
      expect(q.p5).toBeLessThanOrEqual(q.p50);
      expect(q.p50).toBeLessThanOrEqual(q.p95);
    }
    expect(Object.keys(s.breakeven_month).sort()).toEqual(["p5", "p50", "p95"]);
    expect(s.p_npv_positive).toBeGreaterThanOrEqual(0);
    expect(s.p_npv_positive).toBeLessThanOrEqual(1);
    expect(s.cvar5_npv_usd).toBeLessThanOrEqual(s.npv_usd.p5);
    expect(s.model.paths).toBe(500);
    expect(s.scenario.seed).toBe(5);
    expect(s.strategies.map((x: { name: string }) => x.name)).toEqual(["every-epoch", "weekly", "threshold", "hold-share", "capped"]);
    for (const stream of ["owner_emissions", "validator_dividends", "licensing", "costs", "net", "cumulative_cash"]) {
      expect(s.monthly_fiat_usd[stream].p50).toHaveLength(37);
    }
    expect(s.tornado.bars.length).toBeGreaterThan(5);
    const csv = readFileSync(join(a, "paths.csv"), "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(501);
    expect(csv[0]!.startsWith("path,tao_usd_end,npv_usd,breakeven_month,irr_annual,vendor_npv_usd,")).toBe(true);
    const manifest = JSON.parse(readFileSync(join(a, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ command: "revenue", seed: 5, paths: 500, mechanism_run: null });
    for (const f of ["scenario.json", "summary.json", "paths.csv", "report.html"]) expect(manifest.outputs[f]).toBe(sha256File(join(a, f)));
    const html = readFileSync(join(a, "report.html"), "utf8");
    expect(html.indexOf("In plain language")).toBeLessThan(html.indexOf("Money in and out"));
    for (const heading of ["Subnet or vendor?", "Turning tokens into dollars", "What drives the result", "fan-cumulative", "npv-histogram", "tornado"]) {
      expect(html).toContain(heading);
    }
    expect(html).not.toMatch(/<script src=/);
  });

  it("is deterministic: the same seed gives byte-identical outputs", () => {
    expect(cli(["revenue", PILOT, "--paths", "500", "--seed", "5", "--out", b, "--quiet"]).status).toBe(0);
    for (const f of ["summary.json", "paths.csv", "report.html", "scenario.json"]) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    }
  });

  it("gives the same numbers in worker threads (CLI) as in one thread (here)", async () => {
    const loaded = loadScenarioFile(PILOT);
    const scenario = { ...loaded.scenario, seed: 5 };
    const run = await runRevenue(revenueModel(scenario), 500, scenario.economics.tornado.paths, null, { threads: 1 });
    expect(`${canonicalJson(revenueSummary(scenario, run), 2)}\n`).toBe(readFileSync(join(a, "summary.json"), "utf8"));
  });

  it("couples to a mechanism run when the scenario asks", () => {
    const out = join(dir, "coupled");
    const r = cli(["revenue", join(ROOT, "scenarios", "revenue", "ambitious-owner.yaml"), "--paths", "300", "--out", out, "--quiet", "--set", "economics.tornado.paths=50"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(existsSync(join(out, "mechanism", "manifest.json"))).toBe(true);
    const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    const mech = JSON.parse(readFileSync(join(out, "mechanism", "summary.json"), "utf8"));
    expect(s.mechanism.taken.emission_share).toBe(mech.market.mean_emission_share);
    expect(s.model.initial_emission_share).toBe(mech.market.mean_emission_share);
    expect(s.mechanism.taken.quality).toBeGreaterThan(0);
    expect(s.model.quality_index).toBe(s.mechanism.taken.quality);
  });

  it("rejects bad input with one line per problem and exit code 2", () => {
    const bad = cli(["revenue", PILOT, "--paths", "lots", "--out", join(dir, "bad")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('subnet-sim: --paths: expected a whole number of paths from 1 to 10000000, got "lots"\n');
    const field = cli(["revenue", PILOT, "--set", "economics.licensing.bass.p=2", "--out", join(dir, "bad2")]);
    expect(field.status).toBe(2);
    expect(field.stderr).toContain("economics.licensing.bass.p: expected a number from 0 to 1, got 2");
    expect(existsSync(join(dir, "bad2"))).toBe(false);
  });
});
