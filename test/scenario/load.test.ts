import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError, loadScenarioFile, loadScenarioValue, parsePath } from "../../sim/scenario/load.js";
import { scenarioJsonSchema } from "../../sim/scenario/schema.js";

const dir = mkdtempSync(join(tmpdir(), "subnet-sim-load-"));
let n = 0;
function file(text: string, ext = ".yaml"): string {
  const p = join(dir, `s${n++}${ext}`);
  writeFileSync(p, text);
  return p;
}

function problems(path: string, overrides: string[] = []): string[] {
  try {
    loadScenarioFile(path, overrides);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  throw new Error("expected the scenario to be rejected");
}

const BAD_FILES: { name: string; text: string; ext?: string; expected: string[] }[] = [
  {
    name: "negative miner count",
    text: "name: x\npopulation:\n  validators: [{count: 1}]\n  miners:\n    - {count: 1, strategy: learned}\n    - {count: 2, strategy: prior-only}\n    - {count: -3, strategy: learned}\n",
    expected: ["population.miners[2].count: expected a positive integer, got -3"],
  },
  {
    name: "misspelt field",
    text: "name: x\nsubnet:\n  tmepo: 360\n",
    expected: [
      "subnet.tmepo: unknown field, expected one of: tempo, max_uids, max_validators, immunity_period, yuma, liquid_alpha, alpha_low, alpha_high, kappa, bonds_penalty, bonds_moving_average, activity_cutoff_factor_milli, weights_rate_limit, commit_reveal, owner_cut, delegate_take, pool, burn",
    ],
  },
  { name: "missing name", text: "seed: 3\n", expected: ["name: missing, expected a name made of letters, digits, '-' and '_'"] },
  { name: "name with a space", text: "name: my run\n", expected: [`name: expected a name made of letters, digits, '-' and '_', got "my run"`] },
  { name: "days as text", text: "name: x\nhorizon: {days: ten}\n", expected: [`horizon.days: expected a positive number of days, got "ten"`] },
  { name: "unknown era", text: "name: x\nera: dtao-2030\n", expected: [`era: expected one of "dtao-2025-02", "flow-2025-11", "price-burn-2026-06", got "dtao-2030"`] },
  { name: "yuma 4", text: "name: x\nsubnet: {yuma: 4}\n", expected: ["subnet.yuma: expected 2 or 3, got 4"] },
  { name: "kappa above 1", text: "name: x\nsubnet: {kappa: 1.5}\n", expected: ["subnet.kappa: expected a number from 0 to 1, got 1.5"] },
  { name: "reveal epochs 0", text: "name: x\nsubnet: {commit_reveal: {reveal_epochs: 0}}\n", expected: ["subnet.commit_reveal.reveal_epochs: expected an integer from 1 to 100, got 0"] },
  { name: "negative seed", text: "name: x\nseed: -1\n", expected: ["seed: expected a non-negative integer, got -1"] },
  {
    name: "bad distribution",
    text: "name: x\npopulation:\n  validators: [{count: 2, stake_tao: {uniform: [5]}}]\n  miners: [{count: 1, strategy: learned}]\n",
    expected: [
      `population.validators[0].stake_tao: expected a number, { uniform: [a, b] }, { lognormal: { median, sigma } } or { normal: { mean, sd } }, got a mapping ({"uniform":[5]})`,
    ],
  },
  {
    name: "unknown miner strategy",
    text: "name: x\npopulation:\n  validators: [{count: 1}]\n  miners: [{count: 2, strategy: oracle}]\n",
    expected: [
      `population.miners[0].strategy: expected a miner group whose strategy is one of "prior-only", "partial-rules", "learned", "caching", "lookup-table", "copier", "overconfident", "latency-gamer", "sybil", "cartel-member", got "oracle"`,
    ],
  },
  {
    name: "missing miner count",
    text: "name: x\npopulation:\n  validators: [{count: 1}]\n  miners: [{strategy: learned}]\n",
    expected: ["population.miners[0].count: missing, expected a positive integer"],
  },
  {
    name: "cartel without its miner group, stake share of 1",
    text: "name: x\npopulation:\n  validators: [{count: 2, strategy: cartel, stake_share: 1}]\n  miners: [{count: 1, strategy: learned}]\n",
    expected: [
      "population.validators[0].stake_share: expected a number above 0 and below 1, got 1",
      "population.validators[0].miner_group: missing, expected a non-negative integer",
    ],
  },
  { name: "empty miner list", text: "name: x\npopulation:\n  validators: [{count: 1}]\n  miners: []\n", expected: ["population.miners: expected at least one miner group, got a list ([])"] },
  { name: "alpha_low above alpha_high", text: "name: x\nsubnet: {alpha_low: 0.9, alpha_high: 0.8}\n", expected: ["subnet.alpha_low: expected alpha_low <= alpha_high, got 0.9"] },
  { name: "max validators above max uids", text: "name: x\nsubnet: {max_uids: 16, max_validators: 64}\n", expected: ["subnet.max_validators: expected max_validators <= max_uids, got 64"] },
  { name: "top level list", text: "- a\n- b\n", expected: ["expected a mapping of scenario fields at the top level, got a list ([\"a\",\"b\"])"] },
  { name: "YAML syntax", text: "name: x\nsubnet: {tempo: 3\n", expected: ["line 3, column 1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }"] },
  { name: "JSON syntax", text: "{\"name\": \"x\",}", ext: ".json", expected: [] },
  { name: "duplicate key", text: "name: x\nname: y\n", expected: ["line 2, column 1: YAML syntax error: Map keys must be unique"] },
];

describe("scenario loader errors", () => {
  for (const c of BAD_FILES) {
    it(`rejects: ${c.name}`, () => {
      const got = problems(file(c.text, c.ext));
      if (c.expected.length === 0) {
        expect(got).toHaveLength(1);
        expect(got[0]).toMatch(/^JSON syntax error: /);
      } else {
        expect(got).toEqual(c.expected);
      }
    });
  }

  it("names a missing file", () => {
    expect(problems(join(dir, "nope.yaml"))).toEqual(["file not found"]);
  });

  it("prefixes the message with the file", () => {
    const p = file("name: x\nseed: -1\n");
    expect(() => loadScenarioFile(p)).toThrow(`${p}: invalid scenario\n  seed: expected a non-negative integer, got -1`);
  });
});

describe("overrides (--set)", () => {
  const base = file("name: base\npopulation:\n  validators: [{count: 2}]\n  miners: [{count: 3, strategy: learned}]\n");

  it("set nested fields, parsed as YAML scalars", () => {
    const { scenario } = loadScenarioFile(base, ["horizon.days=3", "subnet.yuma=2", "population.miners[0].count=5", "subnet.liquid_alpha=true"]);
    expect(scenario.horizon.days).toBe(3);
    expect(scenario.subnet.yuma).toBe(2);
    expect(scenario.population.miners[0]!.count).toBe(5);
    expect(scenario.subnet.liquid_alpha).toBe(true);
  });

  it("validate the result like the file", () => {
    expect(problems(base, ["population.miners[0].count=-3"])).toEqual(["population.miners[0].count: expected a positive integer, got -3"]);
    expect(problems(base, ["subnet.tempo=abc"])).toEqual([`subnet.tempo: expected an integer from 1 to 50400, got "abc"`]);
  });

  it("reject malformed assignments and missing list items", () => {
    expect(problems(base, ["horizon.days"])).toEqual(["--set horizon.days: expected path=value, for example horizon.days=3"]);
    expect(problems(base, ["population.miners[4].count=1"])).toEqual([
      "--set population.miners[4].count: population.miners[4] does not exist in the scenario file",
    ]);
    expect(() => parsePath("a..b")).toThrow(/expected a field path/);
  });
});

describe("defaults and schema", () => {
  it("fill everything but the name", () => {
    const { scenario } = loadScenarioValue({ name: "tiny" });
    expect(scenario.subnet.tempo).toBe(360);
    expect(scenario.subnet.max_uids).toBe(256);
    expect(scenario.subnet.commit_reveal).toEqual({ enabled: true, reveal_epochs: 1 });
    expect(scenario.era).toBe("price-burn-2026-06");
  });

  it("exports a JSON Schema with the scenario's fields", () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["name", "seed", "horizon", "subnet", "population", "market"]));
    expect(schema.required).toEqual(["name"]);
  });
});
