/**
 * The scenario's `economics` section: leadership's revenue model (alpha market, treasury
 * strategies, licensing, costs, vendor baseline, miners' economics, Monte Carlo). Read by
 * `subnet-sim revenue` (sim/economics/revenue.ts). The TAO/USD process is the scenario's
 * `market.tao_usd`; the era, `network.tao_weight` and `network.root_tao` come from the scenario
 * too, so the revenue model and a mechanism run agree on the chain's rules.
 *
 * Every field has a default; the comment above each default names its source. "Assumption"
 * means no public figure exists: a placeholder for leadership to replace with quotes.
 * Uncertain inputs are distributions (`{ uniform: [a, b] }`, `{ lognormal: … }`, …) drawn once
 * per Monte Carlo path; the tornado swings each between its 10th and 90th percentile.
 */
import * as z from "zod";
import { bool, distribution, fraction, intRange, nonNegNum, oneOf, posNum, text } from "./fields.js";

const EmissionShare = z
  .strictObject({
    /**
     * "era": the scenario era's rule (EMA price, or net TAO flow) against the background index;
     * "fixed": the share stays at `initial` (for tests and "what if" questions).
     */
    rule: oneOf(["era", "fixed"] as const).default("era"),
    /**
     * Our subnet's share of network TAO emission on day 0. Default 0.005: a young subnet below
     * the mainnet average of 1/128 ≈ 0.0078 (128 subnets, MECHANISM.md §5.2 subnet limit).
     */
    initial: fraction().default(0.005),
    /**
     * Half-life of the moving averages the era rules use, days: the EMA price (SubnetMovingAlpha
     * 3e-6 per block × 7,200 blocks a day ≈ 0.0216/day → 32 days, MECHANISM.md §5.2, §5.4) and
     * the net TAO flow EMA (3.2e-6 per block ≈ 30 days, §5.3).
     */
    ema_halflife_days: posNum().default(32),
    /**
     * Ceiling on our share. The price rule is reflexive (share → TAO in → price → share), which
     * a reduced-form model can run away with. Default 0.1: assumption, about the largest
     * subnets' shares in 2025.
     */
    max: fraction().default(0.1),
  })
  .refine((e) => e.initial <= e.max, { error: "expected initial <= max", path: ["initial"] })
  .prefault({});

const Background = z
  .strictObject({
    /**
     * Drift per year of the background index (the other subnets' summed EMA prices, or their
     * summed positive TAO flow). Default −0.45: an established subnet (about 2M alpha in its
     * pool in 2026) takes in about 5,000 sold alpha a day (7,200 issued, MECHANISM.md §4.1), so
     * its alpha reserve grows ×3.7 in three years and, at a constant TAO reserve, its price
     * falls at ln(3.7)/3 ≈ 0.45 a year. A new subnet dilutes much faster than that.
     */
    drift_annual: z.number({ error: "expected a number (annual drift)" }).default(-0.45),
    /** Volatility per year of the background index. Default 0.3: assumption (127 subnets diversify). */
    volatility_annual: nonNegNum().default(0.3),
    /** Flow era only: the other subnets' summed positive net TAO flow EMA, TAO per day. Assumption. */
    flow_tao_per_day: posNum().default(10000),
  })
  .prefault({});

const Stakers = z
  .strictObject({
    /** Alpha staked by other validators and their nominators on day 0. Assumption (≈ 2,000 TAO at 0.02). */
    other_stake_alpha: nonNegNum().default(100000),
    /** Alpha yield per year stakers compare ours against. Assumption: 100% (young-subnet alpha yields). */
    reference_yield: nonNegNum().default(1),
    /** Daily net staking flow, as a share of the pool's TAO, per unit of yield gap (ours − reference). Assumption. */
    yield_response: nonNegNum().default(0.002),
    /** Stationary sd of the sentiment process, a share of the pool's TAO per day (Ornstein–Uhlenbeck). Assumption. */
    sentiment_sd: nonNegNum().default(0.005),
    /** Half-life of sentiment shocks, days. Assumption: about a month. */
    sentiment_halflife_days: posNum().default(30),
    /** Extra daily flow (share of pool TAO) per unit of TAO/USD daily log return: stakers follow TAO. Assumption. */
    tao_beta: z.number({ error: "expected a number" }).default(0.05),
    /** Largest net staking flow in a day, as a share of the pool's TAO. Assumption. */
    max_daily_flow: fraction().default(0.05),
  })
  .prefault({});

const AlphaMarket = z
  .strictObject({
    /** Pool reserves on day 0 (TAO and alpha). Default: the scenario schema's `subnet.pool` default (price 0.02 TAO). */
    pool_tao: posNum().default(5000),
    pool_alpha: posNum().default(250000),
    /** Alpha issued to participants a day: 1 alpha per block × 7,200 blocks (MECHANISM.md §4.1, §5.1). Halves at 10.5M alpha issued. */
    alpha_per_day: posNum().default(7200),
    /** Network TAO emission a day: 0.5 TAO per block after the Dec 2025 halving × 7,200 blocks (MECHANISM.md §5.1). */
    network_tao_per_day: posNum().default(3600),
    /** Share of root stakers' alpha dividends they claim and sell. Assumption: half (MECHANISM.md §5.3: once sold every block, now claimable). */
    root_sell_share: fraction().default(0.5),
    emission_share: EmissionShare,
    background: Background,
    stakers: Stakers,
  })
  .prefault({});

const StrategyCommon = { name: text("a strategy name").optional() };

/** One way of turning the owner's alpha into fiat; `name` defaults to `kind`. */
export const StrategySchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ ...StrategyCommon, kind: z.literal("every-epoch") }),
    z.strictObject({ ...StrategyCommon, kind: z.literal("weekly"), every_days: intRange(1, 365).default(7) }),
    z.strictObject({
      ...StrategyCommon,
      kind: z.literal("threshold"),
      /** Sell the whole inventory on days the alpha's USD price is at least this multiple of day 0's. */
      price_ratio: posNum().default(1),
    }),
    z.strictObject({
      ...StrategyCommon,
      kind: z.literal("hold-share"),
      /** Share of each day's alpha kept until the horizon; the rest is sold daily. */
      hold_share: fraction().default(0.5),
    }),
    z.strictObject({
      ...StrategyCommon,
      kind: z.literal("capped"),
      /** Most alpha sold in a day, as a share of the pool's alpha reserve (pool depth). */
      max_share_of_depth_per_day: fraction().default(0.001),
    }),
  ],
  { error: 'expected a strategy whose kind is one of "every-epoch", "weekly", "threshold", "hold-share", "capped"' },
);

export type StrategySettings = z.infer<typeof StrategySchema>;

/** The name a strategy is reported under. */
export const strategyName = (s: StrategySettings): string => s.name ?? s.kind;

const DEFAULT_STRATEGIES: z.input<typeof StrategySchema>[] = [
  { kind: "every-epoch" },
  { kind: "weekly", every_days: 7 },
  { kind: "threshold", price_ratio: 1 },
  { kind: "hold-share", hold_share: 0.5 },
  { kind: "capped", max_share_of_depth_per_day: 0.001 },
];

const Treasury = z
  .strictObject({
    /** Owner cut of alpha_out: 11796/65535 ≈ 18% (runtime SubtensorInitialSubnetOwnerCut, MECHANISM.md §4.1). */
    owner_cut: fraction().default(0.18),
    /** Take on delegated stake: 11796/65535 ≈ 18% (runtime default delegate take, MECHANISM.md §5.2). */
    validator_take: fraction().default(0.18),
    /** Alpha delegated to our validator by nominators on day 0. Assumption: none at first. */
    delegated_stake_alpha: nonNegNum().default(0),
    /** Exchange fee on TAO↔USD: 0.1% (a common spot taker fee). Assumption. */
    exchange_fee: fraction().default(0.001),
    /** Bid-ask spread on TAO↔USD (half is paid per conversion): 0.2%. Assumption. */
    spread: fraction().default(0.002),
    /** Strategies compared on identical paths. Default: one of each kind (ECONOMICS.md, "The owner's treasury"). */
    strategies: z.array(StrategySchema).min(1, { error: "expected at least one strategy" }).prefault(DEFAULT_STRATEGIES),
    /** The strategy the headline figures use (a name in `strategies`). Default: weekly, dollar-cost averaging. */
    chosen: text("a strategy name").default("weekly"),
    /** At the horizon, sell unsold alpha and the validator stake through the pool and book the proceeds. */
    liquidate_at_horizon: bool().default(true),
  })
  .refine(
    (t) => new Set(t.strategies.map(strategyName)).size === t.strategies.length,
    { error: "expected strategies with distinct names (give two of one kind a `name`)", path: ["strategies"] },
  )
  .refine((t) => t.strategies.some((s) => strategyName(s) === t.chosen), {
    error: "expected the name of one of treasury.strategies",
    path: ["chosen"],
  })
  .prefault({});

const Bass = z
  .strictObject({
    /** Innovation coefficient per year: 0.03 (Sultan, Farley & Lehmann 1990 meta-analysis mean). */
    p: fraction().default(0.03),
    /** Imitation coefficient per year: 0.38 (same source). */
    q: fraction().default(0.38),
    /** Market size: buyers (pharma, AI companies) who would ever subscribe. Assumption: 20–80. */
    m: distribution().default({ uniform: [20, 80] }),
  })
  .prefault({});

const Licensing = z
  .strictObject({
    /** Month sales start (1 = the first month). Default 7: six months to build and clear review. Assumption. */
    start_month: intRange(1, 600).default(7),
    bass: Bass,
    /** Share of customers lost each month. Assumption: 2% (B2B subscription norm). */
    churn_per_month: fraction().default(0.02),
    /** API subscription per customer per month, USD. Assumption. */
    subscription_usd_per_month: nonNegNum().default(4000),
    /** Price of one dataset licence, USD. Assumption. */
    per_dataset_usd: nonNegNum().default(25000),
    /** Datasets each customer licenses a year. Assumption. */
    datasets_per_customer_per_year: nonNegNum().default(2),
    /** Poisson adoption and binomial churn around the Bass curve (false: expected values, fractional customers). */
    stochastic: bool().default(true),
    /** Data quality index when not taken from a mechanism run (mean miner skill scale, 0 = uniform guess, 1 = perfect). */
    quality: fraction().default(0.5),
    /** Quality at which demand is as given: market size × (quality / reference)^elasticity. */
    quality_reference: posNum().default(0.5),
    /** Elasticity of market size to quality. Assumption: 1 (proportional). */
    quality_elasticity: nonNegNum().default(1),
    /** Elasticity of quality to the number of miners (quality × (miners / initial)^e). Assumption: 0.25. */
    miners_quality_elasticity: nonNegNum().default(0.25),
    /** Take the quality index from the coupled mechanism run (needs couple_mechanism: true). */
    quality_from_mechanism: bool().default(false),
  })
  .prefault({});

const Costs = z
  .strictObject({
    /** Subnet lock cost, TAO: floor 1000 TAO (MECHANISM.md §5.5); "a few thousand TAO in late 2025" (ECONOMICS.md). */
    subnet_registration_tao: distribution().default({ uniform: [1000, 3000] }),
    /** Stake for the hospital's validator, USD: leadership's estimate $50K–200K (ECONOMICS.md). Recovered at the horizon at market value. */
    validator_stake_usd: distribution().default({ uniform: [50000, 200000] }),
    /** Building the subnet (validator, scoring, API), one-off USD. Assumption. */
    development_usd: distribution().default({ uniform: [100000, 300000] }),
    /** Maintenance development, USD a month. Assumption. */
    development_usd_per_month: distribution().default({ uniform: [5000, 15000] }),
    /** Validator node, API hosting, monitoring, USD a month. Assumption. */
    infrastructure_usd_per_month: distribution().default({ uniform: [1500, 5000] }),
    /** Legal and ethics review before launch, one-off USD. Assumption. */
    legal_ethics_usd: distribution().default({ uniform: [20000, 80000] }),
    /** Ongoing legal and ethics oversight, USD a month. Assumption. */
    legal_ethics_usd_per_month: distribution().default(2000),
    /** Clinician review hours per released dataset. Assumption. */
    clinician_review_hours_per_dataset: distribution().default(20),
    /** Clinician time, USD an hour. Assumption. */
    clinician_usd_per_hour: distribution().default(150),
    /** One privacy audit, USD. Assumption. */
    audit_usd: distribution().default({ uniform: [20000, 60000] }),
    /** Months between privacy audits (the first at this month). */
    audit_every_months: intRange(1, 600).default(12),
  })
  .prefault({});

const Vendor = z
  .strictObject({
    /** Annual vendor licence, USD, paid yearly in advance: leadership's estimate $100K–500K (ECONOMICS.md; vendors sell on quote). */
    licence_usd_per_year: distribution().default({ uniform: [100000, 500000] }),
    /** Integration and onboarding, one-off USD. Assumption. */
    setup_usd: distribution().default({ uniform: [20000, 60000] }),
    /** Month the vendor route starts selling. Assumption: 4 (an off-the-shelf product is quicker). */
    start_month: intRange(1, 600).default(4),
    /** The vendor's data quality ÷ licensing.quality_reference: market size × it^quality_elasticity. Assumption: 1 (as good). */
    quality_multiplier: posNum().default(1),
  })
  .prefault({});

const Miners = z
  .strictObject({
    /** Miners on day 0. Assumption (a coupled run takes its own count). */
    initial: posNum().default(64),
    /** Most miners: 256 UIDs − 64 validator slots (MECHANISM.md §5.2). */
    max: posNum().default(192),
    /** Fewest miners (the subnet keeps a core of its own). */
    min: posNum().default(4),
    /** Compute cost per miner, USD a day. Assumption (scenarios/baseline.yaml uses 0.5–6). */
    cost_usd_per_day: nonNegNum().default(5),
    /** Share of alpha left after paying costs that miners also sell. Assumption. */
    extra_sell_share: fraction().default(0.5),
    /** Half-life of the expected-profit average miners act on, days. Assumption. */
    expectation_halflife_days: posNum().default(7),
    /** Growth of the miner count a day while expected profit is positive. Assumption. */
    entry_rate_per_day: fraction().default(0.02),
    /** Share of miners leaving a day after sustained losses. Assumption. */
    exit_rate_per_day: fraction().default(0.03),
    /** Days of negative expected profit before miners start leaving ("sustained losses", ECONOMICS.md). */
    exit_after_days: intRange(0, 365).default(14),
  })
  .refine((m) => m.min <= m.initial && m.initial <= m.max, { error: "expected min <= initial <= max", path: ["initial"] })
  .prefault({});

const Tornado = z
  .strictObject({
    /** Paths per tornado bar (the first paths of the run: common random numbers). 0 = no tornado. */
    paths: intRange(0, 1000000).default(500),
  })
  .prefault({});

export const EconomicsSchema = z
  .strictObject({
    /** Months modelled. Default 36 (ECONOMICS.md, question 1). */
    horizon_months: intRange(1, 600).default(36),
    /** Annual effective discount rate for NPV. Assumption: 10% (a hospital's hurdle rate). */
    discount_rate: fraction("an annual rate from 0 to 1").default(0.1),
    /** Monte Carlo paths (ECONOMICS.md, "Monte Carlo": 10,000). */
    paths: intRange(1, 10000000).default(10000),
    /**
     * Run the mechanism simulation once (horizon.days) and take from its summary: our emission
     * share, the alpha price, the miner count and mean cost, and (with
     * licensing.quality_from_mechanism) the data-quality index. See sim/economics/revenue.ts.
     */
    couple_mechanism: bool().default(false),
    alpha_market: AlphaMarket,
    treasury: Treasury,
    licensing: Licensing,
    costs: Costs,
    vendor: Vendor,
    miners: Miners,
    tornado: Tornado,
  })
  .refine((e) => !e.licensing.quality_from_mechanism || e.couple_mechanism, {
    error: "expected couple_mechanism: true (quality comes from the mechanism run)",
    path: ["licensing", "quality_from_mechanism"],
  })
  .prefault({});

export type EconomicsSettings = z.infer<typeof EconomicsSchema>;
