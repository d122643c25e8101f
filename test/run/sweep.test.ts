import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError, parseScenarioText } from "../../sim/scenario/load.js";
import {
  MAX_SWEEP_RUNS,
  collectResults,
  describePoints,
  executeSweepJobs,
  flattenSummary,
  gridIndexes,
  metricNameProblem,
  parseSweepSets,
  planSweepValue,
  shownMetrics,
  splitTopLevel,
  statsOf,
  sweepCsv,
  sweepJsonl,
  type RunMetrics,
  type SweepAxis,
} from "../../sim/run/sweep.js";

const TINY = join(import.meta.dirname, "..", "fixtures", "scenarios", "tiny.yaml");
const tinyRaw = () => parseScenarioText(readFileSync(TINY, "utf8"), TINY);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  throw new Error("expected a ScenarioError");
}

describe("the value-list rule", () => {
  it("splits at top-level commas only", () => {
    expect(splitTopLevel("0.3,0.5")).toEqual(["0.3", "0.5"]);
    expect(splitTopLevel("0.3")).toEqual(["0.3"]);
    expect(splitTopLevel("[1,2]")).toEqual(["[1,2]"]);
    expect(splitTopLevel("[1,2],[3,4]")).toEqual(["[1,2]", "[3,4]"]);
    expect(splitTopLevel("{uniform: [1, 2]}, 3")).toEqual(["{uniform: [1, 2]}", " 3"]);
    expect(splitTopLevel("'a,b',c")).toEqual(["'a,b'", "c"]);
    expect(splitTopLevel(`"a\\",b",c`)).toEqual([`"a\\",b"`, "c"]);
    expect(splitTopLevel("'it''s,x',y")).toEqual(["'it''s,x'", "y"]);
    expect(splitTopLevel("")).toEqual([""]);
  });

  it("makes an axis of each multi-valued --set and keeps the others as plain overrides, in order", () => {
    const p = parseSweepSets(["horizon.days=0.25", "subnet.kappa=0.3, 0.6", "task.sample_miners=4,6,8", "network.x=[1,2]"]);
    expect(p.problems).toEqual([]);
    expect(p.axes).toEqual([
      { path: "subnet.kappa", texts: ["0.3", "0.6"], values: [0.3, 0.6] },
      { path: "task.sample_miners", texts: ["4", "6", "8"], values: [4, 6, 8] },
    ]);
    expect(p.sets).toEqual([
      { kind: "fixed", assignment: "horizon.days=0.25" },
      { kind: "axis", axis: 0 },
      { kind: "axis", axis: 1 },
      { kind: "fixed", assignment: "network.x=[1,2]" },
    ]);
  });

  it("sweeps list and mapping values", () => {
    const p = parseSweepSets(["a.b=[1,2],[3,4]", "c={uniform: [1, 2]},5"]);
    expect(p.axes.map((a) => a.values)).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [{ uniform: [1, 2] }, 5],
    ]);
  });

  it("reports every bad --set with the field, the value and what was expected", () => {
    const p = parseSweepSets([
      "subnet.kappa=0.3,,0.6",
      "novalue",
      "=1,2",
      "a..b=1,2",
      "subnet.tempo=10,20,10",
      "task.sample_miners=4,6",
      "task.sample_miners=8,9",
      "task.sample_miners=5",
    ]);
    expect(p.problems).toEqual([
      "--set subnet.kappa=0.3,,0.6: value 2 of 3 is empty, expected a value between each pair of commas (quote a value that contains a comma)",
      "--set novalue: expected path=value or path=v1,v2,…, for example subnet.kappa=0.3,0.5",
      "--set =1,2: expected path=value or path=v1,v2,…, for example subnet.kappa=0.3,0.5",
      "--set a..b: expected a field path like subnet.tempo or population.miners[0].count",
      '--set subnet.tempo=10,20,10: value "10" is given twice, expected each sweep value once',
      "--set task.sample_miners: swept more than once, expected all its values in one --set",
      "--set task.sample_miners=5: task.sample_miners is also swept, expected either one value or a list of values",
    ]);
  });
});

describe("grid expansion", () => {
  it("orders points with the first axis slowest", () => {
    expect(gridIndexes([2, 3])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(gridIndexes([])).toEqual([[]]);
  });

  it("plans every point with its overrides in argument order and seeds scenario.seed + i", () => {
    const plan = planSweepValue(tinyRaw(), TINY, ["subnet.kappa=0.3,0.6", "horizon.days=0.25", "task.sample_miners=4,6"], 3);
    expect(plan.name).toBe("tiny");
    expect(plan.fixed).toEqual(["horizon.days=0.25"]);
    expect(plan.points.map((p) => p.label)).toEqual([
      "subnet.kappa=0.3, task.sample_miners=4",
      "subnet.kappa=0.3, task.sample_miners=6",
      "subnet.kappa=0.6, task.sample_miners=4",
      "subnet.kappa=0.6, task.sample_miners=6",
    ]);
    expect(plan.points[2]!.overrides).toEqual(["subnet.kappa=0.6", "horizon.days=0.25", "task.sample_miners=4"]);
    expect(plan.points[2]!.scenario.subnet.kappa).toBe(0.6);
    expect(plan.points[2]!.scenario.task.sample_miners).toBe(4);
    expect(plan.points[2]!.scenario.horizon.days).toBe(0.25);
    expect(plan.points[2]!.seeds).toEqual([3, 4, 5]); // tiny.yaml has seed 3
    expect(plan.jobs.length).toBe(12);
    expect(plan.jobs[7]).toEqual({ run: 7, point: 2, seedIndex: 1, seed: 4 });
  });

  it("a sweep without axes is one point", () => {
    const plan = planSweepValue(tinyRaw(), TINY, ["seed=10"], 2);
    expect(plan.axes).toEqual([]);
    expect(plan.points.map((p) => p.seeds)).toEqual([[10, 11]]);
  });

  it("validates every point: shared problems once, others with where they occur", () => {
    expect(
      problemsOf(() =>
        planSweepValue(tinyRaw(), TINY, ["subnet.kappa=0.3,2", "task.sample_miners=0,6", "subnet.tmepo=3", "population.validators[3].count=1,2"], 1),
      ),
    ).toEqual([
      "--set population.validators[3].count: population.validators[3] does not exist in the scenario file",
    ]);
    expect(problemsOf(() => planSweepValue(tinyRaw(), TINY, ["subnet.kappa=0.3,2", "task.sample_miners=0,6", "subnet.yuma=5"], 1))).toEqual([
      "subnet.yuma: expected 2 or 3, got 5",
      "task.sample_miners: expected a positive integer, got 0 (where task.sample_miners=0)",
      "subnet.kappa: expected a number from 0 to 1, got 2 (where subnet.kappa=2)",
    ]);
  });

  it("names the points when a problem is not one axis value", () => {
    const axes: SweepAxis[] = [
      { path: "a", texts: ["1", "2"], values: [1, 2] },
      { path: "b", texts: ["x", "y"], values: ["x", "y"] },
    ];
    const combos = gridIndexes([2, 2]);
    expect(describePoints(axes, combos, [1, 2])).toBe("at points 1 (a=1, b=y); 2 (a=2, b=x)");
    expect(describePoints(axes, combos, [3])).toBe("where a=2, b=y");
    expect(describePoints(axes, combos, [0, 1])).toBe("where a=1");
  });

  it("refuses a grid beyond the run limit", () => {
    const values = Array.from({ length: 400 }, (_, i) => String(i + 1)).join(",");
    expect(problemsOf(() => planSweepValue(tinyRaw(), TINY, [`subnet.tempo=${values}`, `task.batch_size=${values}`], 1))).toEqual([
      `the grid has 400 × 400 points × 1 seeds = 160000 runs, expected at most ${MAX_SWEEP_RUNS}`,
    ]);
  });
});

describe("tables", () => {
  const summary = (x: number, adversaries?: unknown[]) => ({
    run: { name: "t", seed: 1 },
    mechanism: { rank_correlation: x, gini_miner_emission: null, emission_share_by_miner_strategy: { learned: 0.5 }, label: "skip" },
    emission: { miner_alpha: 10 },
    market: { tao_usd_end: Number.NaN },
    ...(adversaries ? { adversaries } : {}),
  });

  it("flattens numeric leaves and adversary groups", () => {
    const adv = { strategy: "cartel", role: "validator", group: 1, fair_share: 0.2, captured_share: 0.3, return_tao: 5, return_usd: 1000, honest_income_change: -0.1, detected_epoch: null };
    expect(flattenSummary(summary(0.5, [adv]))).toEqual([
      ["mechanism.rank_correlation", 0.5],
      ["mechanism.gini_miner_emission", null],
      ["mechanism.emission_share_by_miner_strategy.learned", 0.5],
      ["emission.miner_alpha", 10],
      ["market.tao_usd_end", null],
      ["adv_cartel_1_fair_share", 0.2],
      ["adv_cartel_1_captured_share", 0.3],
      ["adv_cartel_1_return_tao", 5],
      ["adv_cartel_1_return_usd", 1000],
      ["adv_cartel_1_honest_income_change", -0.1],
      ["adv_cartel_1_detected_epoch", null],
    ]);
    const twin = { ...adv, role: "miner" };
    const names = flattenSummary(summary(0.5, [adv, twin])).map(([n]) => n);
    expect(names).toContain("adv_cartel_validator_1_captured_share");
    expect(names).toContain("adv_cartel_miner_1_captured_share");
    expect(flattenSummary(summary(0.5)).some(([n]) => n.startsWith("adv_"))).toBe(false);
  });

  it("statistics: mean, sample sd, min, max over values present", () => {
    expect(statsOf([1, 2, 3, null])).toEqual({ n: 3, mean: 2, sd: 1, min: 1, max: 3 });
    expect(statsOf([4])).toEqual({ n: 1, mean: 4, sd: null, min: 4, max: 4 });
    expect(statsOf([null, undefined])).toEqual({ n: 0, mean: null, sd: null, min: null, max: null });
  });

  it("writes rows by (point, seed) with axis columns and the union of metric columns", () => {
    const plan = planSweepValue(tinyRaw(), TINY, ["subnet.kappa=0.3,0.6", "population.miners[0].epochs=2"], 2);
    const runs: RunMetrics[] = [
      [["mechanism.rank_correlation", 0.1], ["emission.miner_alpha", 1]],
      [["mechanism.rank_correlation", 0.3], ["emission.miner_alpha", 2], ["adv_x_0_return_usd", 7]],
      [["market.tao_usd_end", 200], ["mechanism.rank_correlation", null]],
      [["mechanism.rank_correlation", 0.5], ["mechanism.rank_correlation_earned", 0.25]],
    ];
    const r = collectResults(plan, runs);
    expect(r.columns).toEqual(["mechanism.rank_correlation", "mechanism.rank_correlation_earned", "emission.miner_alpha", "market.tao_usd_end", "adv_x_0_return_usd"]);
    expect(sweepCsv(r)).toBe(
      "point,seed,subnet.kappa,mechanism.rank_correlation,mechanism.rank_correlation_earned,emission.miner_alpha,market.tao_usd_end,adv_x_0_return_usd\n" +
        "0,3,0.3,0.1,,1,,\n" +
        "0,4,0.3,0.3,,2,,7\n" +
        "1,3,0.6,,,,200,\n" +
        "1,4,0.6,0.5,0.25,,,\n",
    );
    expect(sweepJsonl(r).split("\n")[1]).toBe(
      '{"point":0,"seed":4,"subnet.kappa":0.3,"mechanism.rank_correlation":0.3,"mechanism.rank_correlation_earned":null,"emission.miner_alpha":2,"market.tao_usd_end":null,"adv_x_0_return_usd":7}',
    );
    expect(r.stats[0]!.get("mechanism.rank_correlation")).toEqual({ n: 2, mean: 0.2, sd: 0.141421356237, min: 0.1, max: 0.3 });
    expect(r.stats[1]!.get("mechanism.rank_correlation")).toEqual({ n: 1, mean: 0.5, sd: null, min: 0.5, max: 0.5 });
  });

  it("shows the default metrics plus adversary shares and returns, or the chosen ones", () => {
    const cols = ["mechanism.rank_correlation", "mechanism.gini_miner_emission", "emission.miner_alpha", "adv_c_1_captured_share", "adv_c_1_return_usd", "adv_c_1_return_tao"];
    expect(shownMetrics(cols, [])).toEqual({ shown: ["mechanism.rank_correlation", "mechanism.gini_miner_emission", "adv_c_1_captured_share", "adv_c_1_return_usd"], missing: [] });
    expect(shownMetrics(cols, ["emission.miner_alpha", "market.nope", "emission.miner_alpha"])).toEqual({ shown: ["emission.miner_alpha"], missing: ["market.nope"] });
    expect(metricNameProblem("adv_c_1_return_tao")).toBeNull();
    expect(metricNameProblem("rank_correlation")).toBe(
      "--metric rank_correlation: expected a column of sweep.csv such as mechanism.rank_correlation, emission.owner_cut_usd, market.alpha_price_end_tao or adv_<strategy>_<group>_captured_share",
    );
  });
});

describe("execution", () => {
  it("workers and the main thread give the same rows, in job order", async () => {
    const plan = planSweepValue(tinyRaw(), TINY, ["horizon.days=0.25", "subnet.kappa=0.3,0.6"], 2);
    const done: number[] = [];
    const inProcess = await executeSweepJobs(plan, { jobs: 1, onRunDone: (d) => done.push(d) });
    const workers = await executeSweepJobs(plan, { jobs: 3 });
    expect(done).toEqual([1, 2, 3, 4]);
    expect(workers).toEqual(inProcess);
    expect(inProcess[0]![0]![0]).toBe("mechanism.rank_correlation");
  });

  it("stops when aborted", async () => {
    const plan = planSweepValue(tinyRaw(), TINY, ["subnet.kappa=0.3,0.6"], 1);
    const ac = new AbortController();
    ac.abort("received SIGINT");
    await expect(executeSweepJobs(plan, { jobs: 1, signal: ac.signal })).rejects.toThrow("sweep interrupted: received SIGINT");
    await expect(executeSweepJobs(plan, { jobs: 2, signal: ac.signal })).rejects.toThrow("sweep interrupted: received SIGINT");
  });
});
