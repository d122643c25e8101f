/**
 * The `subnet-sim` command line. Every command calls the public API of sim/ and returns an exit
 * code: 0 success, 1 a failed run or a replay that differs, 2 bad input (usage, scenario, file).
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { ScenarioError, loadScenarioFile } from "./scenario/load.js";
import { scenarioJsonSchema } from "./scenario/schema.js";
import { executeRun, RunInterrupted } from "./run/run.js";
import { replayRun } from "./run/replay.js";
import { Progress } from "./run/progress.js";
import { writeFileAtomic } from "./run/outputs.js";
import { formatSummaryTable } from "./run/summary-table.js";
import { SweepInterrupted, defaultJobs, executeSweep, formatSweepTable, metricNameProblem, planSweep } from "./run/sweep.js";

/** A failure the user can fix: printed without a stack, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--seed: expected a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function readInput(path: string): string {
  try {
    return path === "-" ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function parseJsonInput(path: string): unknown {
  const text = readInput(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${path}: expected JSON (${(err as Error).message})`);
  }
}

/**
 * Runs a long job that Ctrl-C (SIGINT) or SIGTERM may stop: the signal aborts `signal`, the job
 * marks its folder interrupted and throws, and the command exits 130 with a message.
 */
async function interruptible(
  outDir: string,
  progress: Progress | null,
  err: (s: string) => void,
  setCode: (c: number) => void,
  body: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => stop.abort(`received ${sig}`);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await body(stop.signal);
  } catch (e) {
    progress?.stop();
    if (e instanceof RunInterrupted || e instanceof SweepInterrupted) {
      err(`subnet-sim: ${e.message}; ${outDir}/INCOMPLETE says so and no manifest was written\n`);
      setCode(130);
      return;
    }
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function buildProgram(out: (s: string) => void, err: (s: string) => void, setCode: (c: number) => void): Command {
  const program = new Command();
  program
    .name("subnet-sim")
    .description(
      "Simulation and economics testbed for a Bittensor subnet producing privacy-safe synthetic health data.",
    )
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  program
    .command("run")
    .description("Run a scenario on the embedded chain and write a run folder (manifest, metrics, events, summary, report).")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--seed <n>", "override the scenario's seed")
    .option("--out <dir>", "run folder (default runs/<scenario-name>-<seed>)")
    .option("--set <path=value>", "override a scenario field, e.g. --set horizon.days=3 (repeatable)", collect, [])
    .option("--quiet", "no progress bar and no summary table")
    .addHelpText(
      "after",
      "\nExamples:\n  subnet-sim run scenarios/baseline.yaml --seed 7\n  subnet-sim run scenarios/baseline.yaml --set horizon.days=3 --set subnet.yuma=2 --out runs/short",
    )
    .action(async (file: string, o: { seed?: string; out?: string; set: string[]; quiet?: boolean }) => {
      const loaded = loadScenarioFile(file, o.set);
      const seed = o.seed === undefined ? loaded.scenario.seed : parseSeed(o.seed);
      const outDir = o.out ?? `runs/${loaded.scenario.name}-${seed}`;
      const progress = o.quiet ? null : new Progress(`${loaded.scenario.name} (seed ${seed})`);
      await interruptible(outDir, progress, err, setCode, async (signal) => {
        const outcome = await executeRun({
          loaded,
          seed,
          outDir,
          onProgress: progress ? (d, t) => progress.update(d, t) : undefined,
          shouldStop: () => (signal.aborted ? String(signal.reason) : null),
        });
        progress?.stop();
        if (!o.quiet) out(formatSummaryTable(outcome.summary));
        out(`run folder: ${outDir} (report: ${outDir}/report.html)\n`);
      });
    });

  program
    .command("sweep")
    .description("Run a scenario over a grid of --set values × seeds on worker threads; write one long table, per-point statistics and a report.")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--set <path=values>", "fix a field (path=value) or sweep it (path=v1,v2,…: top-level commas separate values, [1,2] is one list value) (repeatable)", collect, [])
    .option("--seeds <k>", "seeds per grid point: the point's seed + 0 … k-1", "1")
    .option("--jobs <j>", "worker threads (default: available CPUs, at most one per run); results do not depend on it")
    .option("--out <dir>", "sweep folder (default runs/<scenario-name>-sweep)")
    .option("--metric <name>", "a sweep.csv column to chart, e.g. mechanism.rank_correlation (repeatable; replaces the defaults)", collect, [])
    .option("--quiet", "no progress bar and no results table")
    .addHelpText("after", "\nExample:\n  subnet-sim sweep scenarios/attacks/cartel.yaml --set population.validators[1].stake_share=0.2,0.4,0.6 --set subnet.kappa=0.3,0.5 --seeds 3 --jobs 2")
    .action(async (file: string, o: { set: string[]; seeds: string; jobs?: string; out?: string; metric: string[]; quiet?: boolean }) => {
      const count = (flag: string, v: string): number => {
        if (!/^[1-9]\d*$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`${flag}: expected a positive integer, got ${JSON.stringify(v)}`);
        return Number(v);
      };
      const seeds = count("--seeds", o.seeds);
      const requestedJobs = o.jobs === undefined ? null : count("--jobs", o.jobs);
      const badMetrics = o.metric.map(metricNameProblem).filter((p): p is string => p !== null);
      if (badMetrics.length > 0) throw new UsageError(badMetrics.join("\n"));
      const plan = planSweep(file, o.set, seeds);
      const jobs = requestedJobs ?? defaultJobs(plan.jobs.length);
      const outDir = o.out ?? `runs/${plan.name}-sweep`;
      const progress = o.quiet ? null : new Progress(`${plan.name} sweep`, "run");
      await interruptible(outDir, progress, err, setCode, async (signal) => {
        progress?.update(0, plan.jobs.length);
        const outcome = await executeSweep({
          plan,
          jobs,
          outDir,
          metrics: o.metric,
          onRunDone: progress ? (d, t) => progress.update(d, t) : undefined,
          signal,
        });
        progress?.stop();
        if (outcome.missing.length > 0) err(`subnet-sim: warning: no run produced --metric ${outcome.missing.join(", ")}\n`);
        if (!o.quiet) out(formatSweepTable(outcome.result, outcome.shown));
        const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
        out(`sweep folder: ${outDir} (${plural(plan.points.length, "point")} × ${plural(seeds, "seed")} = ${plural(plan.jobs.length, "run")}; report: ${outDir}/report.html)\n`);
      });
    });

  program
    .command("replay")
    .description("Re-run a finished run from its manifest and check that every output is byte-identical.")
    .argument("<run-dir>", "a run folder written by `subnet-sim run`")
    .option("--quiet", "no progress bar")
    .addHelpText("after", "\nExample:\n  subnet-sim replay runs/baseline-7")
    .action(async (dir: string, o: { quiet?: boolean }) => {
      const progress = o.quiet ? null : new Progress(`replay ${dir}`);
      let result;
      try {
        result = await replayRun(dir, progress ? (d, t) => progress.update(d, t) : undefined);
      } catch (e) {
        progress?.stop();
        if (e instanceof ScenarioError) throw e;
        throw new UsageError((e as Error).message);
      }
      progress?.stop();
      if (result.identical) {
        out(`identical: ${result.compared.length} files match (${result.compared.join(", ")})\n`);
        return;
      }
      const d = result.difference!;
      err(
        `differs: ${d.file}${d.line === null ? " is missing from the run folder" : ` first differs at line ${d.line}`}\n` +
          (d.line === null ? "" : `  recorded: ${d.recorded ?? "(end of file)"}\n  replayed: ${d.replayed ?? "(end of file)"}\n`),
      );
      setCode(1);
    });

  program
    .command("attacks")
    .description("Run the attack catalogue: every adversary without and with its defence; print the result table.")
    .option("--only <scenario>", "run only this case (scenarios/attacks/<name>.yaml; repeatable)", collect, [])
    .option("--set <path=value>", "override a field in every case, e.g. --set horizon.days=3 (repeatable)", collect, [])
    .option("--out <file>", "also write the table as Markdown to this file")
    .addHelpText("after", "\nExamples:\n  subnet-sim attacks\n  subnet-sim attacks --only cartel --only weight-copier --out attacks.md")
    .action(async (o: { only: string[]; set: string[]; out?: string }) => {
      const { runStressTest, stressTable } = await import("./attacks/stress-test.js");
      const progress = new Progress("attack catalogue", "case");
      const rows = await runStressTest({ only: o.only, extra: o.set, onCase: (d, t) => progress.update(d, t) });
      progress.stop();
      const table = stressTable(rows);
      out(table);
      if (o.out) writeFileAtomic(o.out, table);
    });

  program
    .command("revenue")
    .description("Leadership's revenue model: Monte Carlo of fiat income, costs, NPV and break-even, against a vendor licence; writes summary.json, paths.csv and report.html.")
    .argument("<scenario>", "scenario file (YAML or JSON); its economics section drives the model")
    .option("--paths <n>", "Monte Carlo paths (default economics.paths, 10000)")
    .option("--seed <n>", "override the scenario's seed")
    .option("--out <dir>", "output folder (default runs/<scenario-name>-revenue-<seed>)")
    .option("--set <path=value>", "override a scenario field, e.g. --set economics.horizon_months=24 (repeatable)", collect, [])
    .option("--quiet", "print only the output folder")
    .addHelpText("after", "\nExample:\n  subnet-sim revenue scenarios/revenue/hospital-pilot.yaml --paths 2000")
    .action(async (file: string, o: { paths?: string; seed?: string; out?: string; set: string[]; quiet?: boolean }) => {
      const { runRevenueCommand, parsePathsOption, formatRevenueSummary, RevenueUsageError } = await import("./economics/revenue-command.js");
      try {
        const seed = o.seed === undefined ? undefined : parseSeed(o.seed);
        const paths = o.paths === undefined ? undefined : parsePathsOption(o.paths);
        const { outDir, summary } = await runRevenueCommand({ scenarioPath: file, sets: o.set, paths, seed, outDir: o.out });
        if (!o.quiet) out(formatRevenueSummary(summary));
        out(`revenue folder: ${outDir} (report: ${outDir}/report.html)\n`);
      } catch (e) {
        if (e instanceof RevenueUsageError) throw new UsageError(e.message);
        throw e;
      }
    });

  program
    .command("validate")
    .description("Check a scenario file (and overrides) without running it.")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--set <path=value>", "override a scenario field (repeatable)", collect, [])
    .addHelpText("after", "\nExample:\n  subnet-sim validate scenarios/baseline.yaml --set subnet.tempo=99")
    .action((file: string, o: { set: string[] }) => {
      const loaded = loadScenarioFile(file, o.set);
      out(`${file}: valid scenario "${loaded.scenario.name}" (seed ${loaded.scenario.seed}, ${loaded.scenario.horizon.days} days)\n`);
    });

  program
    .command("schema")
    .description("Print the JSON Schema of scenario files (for editor completion).")
    .addHelpText(
      "after",
      "\nExample:\n  subnet-sim schema > scenario.schema.json\n  # then in a YAML file: # yaml-language-server: $schema=./scenario.schema.json",
    )
    .action(() => {
      out(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });

  program
    .command("epoch")
    .description("Run one Yuma Consensus epoch (or a JSON array of them) on the embedded chain's epoch function.")
    .argument("<file>", "JSON file with an epoch input object (the test-vector schema), or - for stdin")
    .addHelpText(
      "after",
      "\nThe input is one `input` object of the vector schema (see README, 'Epoch function'),\nor an array of them; the output has the same shape as the vectors' computed outputs.\n\nExample:\n  subnet-sim epoch epoch-input.json\n  cat inputs.json | subnet-sim epoch -",
    )
    .action(async (file: string) => {
      const { runEpochJson, EpochInputError } = await import("./chain/local/epoch-json.js");
      const value = parseJsonInput(file);
      try {
        out(`${JSON.stringify(runEpochJson(value))}\n`);
      } catch (e) {
        if (e instanceof EpochInputError) throw new UsageError(e.message);
        throw e;
      }
    });

  program
    .command("pgx")
    .description("Ask the pharmacogenomics reference simulator: a gene's phenotype, or a drug's response for a profile.")
    .addOption(new Option("--gene <gene>", "gene symbol, e.g. CYP2D6"))
    .addOption(new Option("--diplotype <diplotype>", "star-allele diplotype, e.g. '*1/*4' or '*1/*1x2'"))
    .addOption(new Option("--drug <drug>", "drug, e.g. warfarin"))
    .addOption(new Option("--profile <file>", "JSON profile for --drug (genotypes and covariates)"))
    .addOption(
      new Option("--verify-batch <file>", "check a revealed batch: JSON {seed, params, commitment, digest?} (or a batch-reveal event line)"),
    )
    .addHelpText(
      "after",
      "\nExamples:\n  subnet-sim pgx --gene CYP2D6 --diplotype '*1/*4'\n  subnet-sim pgx --drug warfarin --profile patient.json\n  grep batch-reveal runs/x/events.jsonl | head -1 > reveal.json && subnet-sim pgx --verify-batch reveal.json",
    )
    .action(async (o: { gene?: string; diplotype?: string; drug?: string; profile?: string; verifyBatch?: string }) => {
      if (o.verifyBatch !== undefined) {
        const { verifyReveal } = await import("./tasks/pharmacogenomics/commitment.js");
        const r = parseJsonInput(o.verifyBatch) as Record<string, unknown>;
        for (const field of ["seed", "params", "commitment"]) {
          if (r === null || typeof r !== "object" || r[field] === undefined) throw new UsageError(`${o.verifyBatch}: ${field}: missing, expected a batch reveal {seed, params, commitment, digest?}`);
        }
        const check = verifyReveal(r as unknown as Parameters<typeof verifyReveal>[0]);
        out(`${JSON.stringify(check)}\n`);
        setCode(check.ok ? 0 : 1);
        return;
      }
      const { pgxQuery, PgxInputError } = await import("./tasks/pharmacogenomics/query.js");
      const profile = o.profile === undefined ? undefined : parseJsonInput(o.profile);
      try {
        out(`${JSON.stringify(pgxQuery({ gene: o.gene, diplotype: o.diplotype, drug: o.drug, profile }), null, 2)}\n`);
      } catch (e) {
        if (e instanceof PgxInputError) throw new UsageError(e.message);
        throw e;
      }
    });

  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  let code = 0;
  const program = buildProgram(out, err, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    out(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof ScenarioError || e instanceof UsageError) {
      err(`subnet-sim: ${e.message}\n`);
      return 2;
    }
    err(`subnet-sim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
