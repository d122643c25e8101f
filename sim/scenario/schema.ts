/**
 * The scenario schema: the single source of truth for what a scenario file may say, its
 * defaults, and the JSON Schema that `subnet-sim schema` prints for editors.
 *
 * A scenario tells one story and leaves the rest to defaults. Amounts are in TAO (or alpha)
 * as decimal numbers; the loader converts them to rao for the chain. Chain defaults are the
 * runtime's (sim/chain/local/defaults.ts cites each one).
 */
import * as z from "zod";
import {
  bool,
  distribution,
  fraction,
  intRange,
  nonNegInt,
  nonNegNum,
  oneOf,
  posInt,
  posNum,
  text,
} from "./fields.js";
import { EconomicsSchema } from "./economics-schema.js";

export const ERAS = ["dtao-2025-02", "flow-2025-11", "price-burn-2026-06"] as const;

const CommitReveal = z
  .strictObject({
    enabled: bool().default(true),
    reveal_epochs: intRange(1, 100).default(1),
  })
  .prefault({});

const Pool = z
  .strictObject({
    kind: oneOf(["constant-product", "weighted"] as const).default("constant-product"),
    tao: posNum().default(5000),
    alpha: posNum().default(250000),
  })
  .prefault({});

const Burn = z
  .strictObject({
    min_tao: nonNegNum().default(0.0005),
    max_tao: posNum().default(100),
    initial_tao: nonNegNum().default(0.5),
    target_registrations_per_interval: posInt().default(1),
    adjustment_interval: posInt().default(360),
  })
  .prefault({});

export const SubnetSchema = z
  .strictObject({
    tempo: intRange(1, 50400).default(360),
    max_uids: intRange(1, 4096).default(256),
    max_validators: intRange(1, 4096).default(64),
    immunity_period: nonNegInt().default(5000),
    yuma: z.union([z.literal(2), z.literal(3)], { error: "expected 2 or 3" }).default(3),
    liquid_alpha: bool().default(false),
    alpha_low: fraction().default(0.7),
    alpha_high: fraction().default(0.9),
    kappa: fraction().default(0.5),
    bonds_penalty: fraction().default(1),
    bonds_moving_average: fraction().default(0.9),
    activity_cutoff_factor_milli: posInt().default(13889),
    weights_rate_limit: nonNegInt().default(100),
    commit_reveal: CommitReveal,
    owner_cut: fraction().default(0.18),
    delegate_take: fraction().default(0.18),
    pool: Pool,
    burn: Burn,
  })
  .refine((s) => s.alpha_low <= s.alpha_high, { error: "expected alpha_low <= alpha_high", path: ["alpha_low"] })
  .refine((s) => s.max_validators <= s.max_uids, {
    error: "expected max_validators <= max_uids",
    path: ["max_validators"],
  });

const BackgroundSubnets = z
  .strictObject({
    /** Other subnets competing for TAO emission (mainnet has about 128). */
    count: nonNegInt().default(64),
    /** Alpha price of each background subnet in TAO, drawn once per run. */
    price_tao: distribution().default({ lognormal: { median: 0.015, sigma: 0.8 } }),
    pool_tao: distribution().default({ lognormal: { median: 20000, sigma: 0.8 } }),
  })
  .prefault({});

export const NetworkSchema = z
  .strictObject({
    tao_weight: fraction().default(0.18),
    /** TAO issued when the run starts (drives the halving schedule). */
    issuance_tao: nonNegNum().default(11_000_000),
    /** TAO staked on root (SubnetTAO[root]); enters the root proportion. */
    root_tao: nonNegNum().default(3_000_000),
    background_subnets: BackgroundSubnets,
  })
  .prefault({});

const Chain = z
  .strictObject({
    backend: oneOf(["local", "fork"] as const).default("local"),
  })
  .prefault({});

const ValidatorCommon = {
  count: posInt(),
  /** Own stake per validator, TAO (held as alpha from genesis, at the starting pool price). */
  stake_tao: distribution().default({ lognormal: { median: 5000, sigma: 1 } }),
  /**
   * Instead of stake_tao: the share of all validator stake this group holds together (split
   * evenly), e.g. a cartel at 0.4.
   */
  stake_share: z
    .number({ error: "expected a number above 0 and below 1" })
    .gt(0, { error: "expected a number above 0 and below 1" })
    .lt(1, { error: "expected a number above 0 and below 1" })
    .optional(),
  /** Running cost per validator, USD per day (querying, hosting). */
  cost_usd_per_day: nonNegNum().default(0),
  label: text().optional(),
};

export const VALIDATOR_STRATEGIES = ["honest", "cartel", "weight-copier", "lazy", "divergent", "late-mover"] as const;

/** Validator groups: honest, or one of the adversaries in sim/attacks/. */
export const ValidatorGroupSchema = z.preprocess(
  // `strategy` may be left out: it defaults to "honest".
  (v) => (v !== null && typeof v === "object" && !Array.isArray(v) && !("strategy" in v) ? { ...v, strategy: "honest" } : v),
  z.discriminatedUnion(
  "strategy",
  [
    z.strictObject({ ...ValidatorCommon, strategy: z.literal("honest") }),
    z.strictObject({
      ...ValidatorCommon,
      strategy: z.literal("cartel"),
      /** Index of the population.miners group the cartel owns. */
      miner_group: nonNegInt(),
      /** Share of each cartel validator's weight that goes to the cartel's miners (the rest is honest). */
      weight_share: fraction().default(1),
    }),
    z.strictObject({ ...ValidatorCommon, strategy: z.literal("weight-copier") }),
    z.strictObject({ ...ValidatorCommon, strategy: z.literal("lazy"), mode: oneOf(["random", "constant"] as const).default("random") }),
    z.strictObject({
      ...ValidatorCommon,
      strategy: z.literal("divergent"),
      /** label-shift: scores with every label moved one class up (a buggy scorer); noise: adds score noise. */
      bug: oneOf(["label-shift", "noise"] as const).default("label-shift"),
      noise_sd: nonNegNum().default(0.5),
    }),
    z.strictObject({ ...ValidatorCommon, strategy: z.literal("late-mover"), lag_epochs: intRange(1, 100).default(1) }),
  ],
  { error: `expected a validator group whose strategy is one of ${VALIDATOR_STRATEGIES.map((s) => JSON.stringify(s)).join(", ")}` },
  ),
);

export const MINER_STRATEGIES = [
  "prior-only",
  "partial-rules",
  "learned",
  "caching",
  "lookup-table",
  "copier",
  "overconfident",
  "latency-gamer",
  "sybil",
  "cartel-member",
] as const;

const MinerCommon = {
  count: posInt(),
  cost_usd_per_day: nonNegNum().default(1),
  /** Median answer time, seconds (each miner draws its own around it). */
  latency_s: distribution().default({ lognormal: { median: 2, sigma: 0.3 } }),
  label: text().optional(),
};

/** Honest miner kinds (TASKS.md, Honest miners). Adversaries are added in sim/attacks/. */
export const MinerGroupSchema = z.discriminatedUnion(
  "strategy",
  [
    z.strictObject({
      ...MinerCommon,
      strategy: z.literal("prior-only"),
      /** Self-generated samples used to estimate each drug's class frequencies. */
      training_samples: posInt().default(2000),
    }),
    z.strictObject({
      ...MinerCommon,
      strategy: z.literal("partial-rules"),
      /** How many panel genes' genotype→response rules the miner knows (drawn per miner). */
      known_genes: intRange(0, 10).default(4),
      training_samples: posInt().default(20000),
    }),
    z.strictObject({
      ...MinerCommon,
      strategy: z.literal("learned"),
      model: oneOf(["logistic"] as const).default("logistic"),
      /** Self-generated training samples per miner (a distribution gives miners different skill). */
      training_samples: distribution().default({ lognormal: { median: 4000, sigma: 0.8 } }),
      epochs: intRange(1, 200).default(8),
      l2: nonNegNum().default(0.0001),
    }),
    // Adversaries (sim/attacks/): one file each, behind the same miner interface.
    z.strictObject({
      ...MinerCommon,
      strategy: z.literal("caching"),
      /** exact: key on the whole feature row; near: key on the genotype only (ignores decoys and jitter). */
      match: oneOf(["exact", "near"] as const).default("exact"),
      training_samples: posInt().default(2000),
    }),
    z.strictObject({
      ...MinerCommon,
      strategy: z.literal("lookup-table"),
      /** Samples drawn from the public generator to fill the table (row → reference probabilities). */
      table_samples: posInt().default(100000),
    }),
    z.strictObject({
      ...MinerCommon,
      strategy: z.literal("copier"),
      /** Whose answers to relay: "best" (highest incentive in the public metagraph) or a hotkey. */
      target: text().default("best"),
      /** Extra seconds a relay adds. */
      delay_s: nonNegNum().default(0.5),
    }),
    z.strictObject({
      ...MinerCommon,
      strategy: z.literal("overconfident"),
      /** Probability put on its model's top class. */
      confidence: fraction().default(0.99),
      training_samples: distribution().default(3000),
    }),
    z.strictObject({ ...MinerCommon, strategy: z.literal("latency-gamer") }),
    z.strictObject({
      ...MinerCommon,
      strategy: z.literal("sybil"),
      /** Training samples of the one model every UID of the farm serves. */
      training_samples: distribution().default(3000),
    }),
    z.strictObject({ ...MinerCommon, strategy: z.literal("cartel-member") }),
  ],
  { error: `expected a miner group whose strategy is one of ${MINER_STRATEGIES.map((s) => JSON.stringify(s)).join(", ")}` },
);

const Population = z
  .strictObject({
    validators: z
      .array(ValidatorGroupSchema)
      .min(1, { error: "expected at least one validator group" })
      .prefault([{ count: 8, strategy: "honest" }]),
    miners: z
      .array(MinerGroupSchema)
      .min(1, { error: "expected at least one miner group" })
      .prefault([{ count: 24, strategy: "prior-only" }]),
  })
  .prefault({});

const Defences = z
  .strictObject({
    /** Fresh validator randomness per batch; off = each validator cycles through a small pool of batches. */
    fresh_seeds: bool().default(true),
    /** Batches in the reused pool when fresh_seeds is off. */
    batch_pool: posInt().default(4),
    /** Decoy non-functional variants and covariate jitter (meaning-preserving perturbations). */
    perturbation: bool().default(true),
    decoy_rate: fraction().default(0.2),
    canary_rate: fraction().default(0.05),
    /** Which drugs are asked about changes every tempo, day or week (or never). */
    drug_rotation: oneOf(["none", "tempo", "daily", "weekly"] as const).default("daily"),
    drugs_per_period: intRange(1, 7).default(4),
    /** Flag miners whose canary answers are bit-identical to another's (copiers, relays, sybils). */
    copy_detection: bool().default(true),
    /** Days a flagged copier gets no weight from the validator that caught it. */
    ban_days: nonNegNum().default(1),
  })
  .prefault({});

const WeightRuleSchema = z.preprocess(
  // `kind` may be left out: it defaults to "softmax".
  (v) => (v !== null && typeof v === "object" && !Array.isArray(v) && !("kind" in v) ? { ...v, kind: "softmax" } : v),
  z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("linear") }),
    z.strictObject({ kind: z.literal("power"), exponent: posNum().default(2) }),
    z.strictObject({ kind: z.literal("softmax"), temperature: posNum().default(0.2) }),
  ],
  { error: 'expected { kind: "linear" }, { kind: "power", exponent } or { kind: "softmax", temperature }' },
  ),
);

const Scoring = z
  .strictObject({
    clip: z.number({ error: "expected a number from 1e-9 to 0.1" }).min(1e-9, { error: "expected a number from 1e-9 to 0.1" }).max(0.1, { error: "expected a number from 1e-9 to 0.1" }).default(0.001),
    deadline_s: posNum().default(12),
    timeout_s: posNum().default(24),
    latency_lambda: nonNegNum().default(0.1),
    ema_alpha: fraction().default(0.1),
    // Temperature 0.2: with 0.05 validators' noisy EMAs make weights so peaked that half of them are
    // clipped (validator trust ≈ 0.5 in the baseline); 0.2 gives ≈ 0.88 and the same rank correlation.
    weights: WeightRuleSchema.default({ kind: "softmax", temperature: 0.2 }),
    /**
     * A second incentive mechanism scoring calibration (Brier score or expected calibration
     * error) with its own share of the weight each validator sets.
     */
    calibration: z
      .strictObject({
        metric: oneOf(["none", "brier", "ece"] as const).default("none"),
        share: fraction().default(0.2),
      })
      .prefault({}),
  })
  .refine((s) => s.timeout_s > s.deadline_s, { error: "expected timeout_s > deadline_s", path: ["timeout_s"] })
  .prefault({});

const Ancestries = z
  .strictObject({
    european: nonNegNum().optional(),
    african: nonNegNum().optional(),
    east_asian: nonNegNum().optional(),
    south_asian: nonNegNum().optional(),
    latino: nonNegNum().optional(),
  });

const Task = z
  .strictObject({
    family: oneOf(["pharmacogenomics"] as const).default("pharmacogenomics"),
    drugs: z
      .array(oneOf(["codeine", "clopidogrel", "warfarin", "thiopurines", "fluoropyrimidines", "simvastatin", "tacrolimus"] as const))
      .min(1, { error: "expected at least one drug" })
      .default(["codeine", "clopidogrel", "warfarin", "thiopurines", "fluoropyrimidines", "simvastatin", "tacrolimus"]),
    batch_size: intRange(1, 4096).default(16),
    query_every_blocks: posInt().default(60),
    /** Miners each validator queries per round. */
    sample_miners: posInt().default(16),
    label_noise: z.number({ error: "expected a number from 0 to 0.49" }).min(0, { error: "expected a number from 0 to 0.49" }).max(0.49, { error: "expected a number from 0 to 0.49" }).default(0.05),
    /** Give miners derived activity scores (makes the task easier). */
    include_derived: bool().default(false),
    /** Ancestry weights of the challenge population (uniform when empty). */
    population_mix: Ancestries.prefault({}),
    /** Linear drift of the mix toward `shift_to` over the horizon (0 = none, 1 = arrive by the end). */
    shift_to: Ancestries.optional(),
    shift_amount: fraction().default(0),
    rare_variant_burst: fraction("a probability from 0 to 1 (per chromosome)").default(0),
    defences: Defences,
    scoring: Scoring,
    /**
     * Write every batch's reveal (seed, parameters, commitment, digest) to events.jsonl, so
     * anyone can check it with `subnet-sim pgx --verify-batch`. Large on long runs.
     */
    log_batches: bool().default(false),
    /** Challenges in the fresh set used to measure each miner's true skill at the end. */
    skill_evaluation_size: intRange(16, 100000).default(2000),
  })
  .prefault({});

const TaoUsd = z
  .strictObject({
    /** constant, or a process fitted to TAO's history (sim/economics/calibration.ts). */
    model: oneOf(["constant", "gbm", "jump-diffusion", "regime", "bootstrap"] as const).default("jump-diffusion"),
    /** TAO/USD on day 0 (default: last close of the shipped history, 2026-02-11). */
    start: posNum().default(145.9),
    /** Expected-value drift per year (gbm, jump-diffusion); default fitted. */
    mu_annual: z.number({ error: "expected a number (annual drift)" }).optional(),
    /** Volatility per year (gbm, jump-diffusion); default fitted. */
    sigma_annual: posNum().optional(),
    jumps_per_year: nonNegNum().optional(),
    /** date,close CSV to bootstrap from (default: the shipped TAO/USD history). */
    csv: text("a path to a date,close CSV file").optional(),
  })
  .prefault({});

const Market = z.strictObject({ tao_usd: TaoUsd }).prefault({});

export const ScenarioSchema = z.strictObject({
  name: z
    .string({ error: "expected a name made of letters, digits, '-' and '_'" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: "expected a name made of letters, digits, '-' and '_'" }),
  description: text().default(""),
  seed: nonNegInt().default(42),
  horizon: z
    .strictObject({ days: posNum("a positive number of days") })
    .default({ days: 30 }),
  era: oneOf(ERAS).default("price-burn-2026-06"),
  chain: Chain,
  network: NetworkSchema,
  subnet: SubnetSchema.prefault({}),
  task: Task,
  population: Population,
  market: Market,
  /** Analyses a run adds to its summary. */
  analysis: z
    .strictObject({
      /**
       * With adversaries in the population, also run the same scenario with them replaced by
       * honest agents, to measure the damage (honest income change).
       */
      counterfactual: bool().default(true),
      /** Flag an adversarial validator group once its mean validator trust falls below this share of the honest mean. */
      vtrust_alarm: fraction().default(0.7),
    })
    .prefault({}),
  /** Leadership's revenue model (subnet-sim revenue). */
  economics: EconomicsSchema,
});

/** A validated scenario with every default filled in. */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** What a scenario file may contain (before defaults). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ValidatorGroup = z.infer<typeof ValidatorGroupSchema>;
export type MinerGroup = z.infer<typeof MinerGroupSchema>;

/** The JSON Schema of scenario files (for editors), generated from the zod schema above. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: "subnet-sim scenario", $id: "https://subnet-sim.local/scenario.schema.json" };
}
