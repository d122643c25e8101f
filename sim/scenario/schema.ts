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
    count: nonNegInt().default(8),
    /** Alpha price of each background subnet in TAO, drawn once per run. */
    price_tao: distribution().default({ lognormal: { median: 0.01, sigma: 0.8 } }),
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

export const ValidatorGroupSchema = z.strictObject({
  count: posInt(),
  strategy: oneOf(["honest"] as const).default("honest"),
  /** Own stake per validator, TAO (staked into the subnet pool at start). */
  stake_tao: distribution().default({ lognormal: { median: 5000, sigma: 1 } }),
  label: text().optional(),
});

export const MinerGroupSchema = z.strictObject({
  count: posInt(),
  strategy: oneOf(["prior-only", "partial-rules", "learned"] as const),
  cost_usd_per_day: nonNegNum().default(1),
  label: text().optional(),
});

const Population = z
  .strictObject({
    validators: z
      .array(ValidatorGroupSchema)
      .min(1, { error: "expected at least one validator group" })
      .default([{ count: 8, strategy: "honest", stake_tao: { lognormal: { median: 5000, sigma: 1 } } }]),
    miners: z
      .array(MinerGroupSchema)
      .min(1, { error: "expected at least one miner group" })
      .default([{ count: 24, strategy: "prior-only", cost_usd_per_day: 1 }]),
  })
  .prefault({});

const Task = z
  .strictObject({
    family: oneOf(["pharmacogenomics"] as const).default("pharmacogenomics"),
    batch_size: posInt().default(16),
    query_every_blocks: posInt().default(60),
    /** Miners each validator queries per round. */
    sample_miners: posInt().default(16),
  })
  .prefault({});

const TaoUsd = z
  .strictObject({
    model: oneOf(["constant", "gbm", "jump-diffusion", "regime", "bootstrap"] as const).default("constant"),
    start: posNum().default(250),
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
