/**
 * Runtime defaults for NetworkParams and SubnetParams, each with its source. [ST] is
 * opentensor/subtensor main at 14bc6f9f964b (spec 425), as summarised in
 * /work/shared/design/MECHANISM.md; "§" points at that file. Values marked "not in
 * MECHANISM.md" come from the runtime as we know it and are unverified here.
 */
import type { NetworkParams, SubnetParams } from "../chain.js";

const TAO = 1_000_000_000n;

/** DefaultMinStake: smallest add/remove stake, rao (runtime 500,000 = 0.0005 TAO; not in MECHANISM.md). */
export const MIN_STAKE_RAO = 500_000n;
/** DefaultSubnetLimit: 128 subnets (§5.2). */
export const SUBNET_LIMIT = 128;
/** MAX_TEMPO (§2, lib.rs): an epoch also fires after this many blocks. */
export const MAX_TEMPO = 50_400;

export function defaultNetworkParams(): NetworkParams {
  return {
    // §5.3: [ST] main, spec 425 (2026-06-30): shares ∝ EMA price × (1 − MinerBurned)
    era: "price-burn-2026-06",
    // §2 / §5.2: TaoWeight on mainnet = 3,320,413,933,267,719,290 / u64::MAX ≈ 0.18 (migrate_rao.rs);
    // a fresh runtime starts at ≈0.0527 (SubtensorInitialTaoWeight)
    taoWeight: 0.18,
    // A fresh runtime starts at 0. The simulation starts from mainnet-like issuance: ≈11M TAO in
    // mid-2026 (10.5M at the first halving, Dec 2025, §5.1, + 0.5 TAO/block since); the
    // scenario's `network.issuance_tao` default is the same.
    initialIssuanceRao: 11_000_000n * TAO,
    // §5.2: SubnetMovingAlpha 0.000003 (lib.rs DefaultMovingAlpha)
    subnetMovingAlpha: 0.000003,
    // §5.2: InitialEmaPriceHalvingPeriod 201,600 blocks (4 weeks)
    emaPriceHalvingBlocks: 201_600,
    // §5.5: NetworkMinLockCost 1000 TAO (runtime initial; sudo-settable)
    minLockCostRao: 1000n * TAO,
    // §5.5: NetworkLockReductionInterval 14 × 7200 blocks (scaled by emission/1 TAO)
    lockReductionIntervalBlocks: 14 * 7200,
    // A fresh runtime has 0. Mainnet-like root TAO for root_prop; the scenario's `network.root_tao`
    // default is the same 3M TAO.
    rootTaoRao: 3_000_000n * TAO,
    // StartCallDelay: 7 days of 12 s blocks = 50,400 (runtime; not in MECHANISM.md, §5.5 only
    // names it). LocalChain does not apply it while building the genesis state.
    startCallDelayBlocks: 50_400,
    // §5.5: network registration rate limit 7200 blocks
    networkRateLimitBlocks: 7200,
    // §4.2: MaxEpochsPerBlock, prod 2
    maxEpochsPerBlock: 2,
  };
}

export function defaultSubnetParams(): SubnetParams {
  return {
    // §2: INITIAL_SUBNET_TEMPO = 360 (runtime/src/lib.rs)
    tempo: 360,
    // §2 / §5.2: MaxAllowedUids 256 (init_new_network)
    maxUids: 256,
    // §2: MaxAllowedValidators 64 for new subnets (init_new_network; runtime initial 128)
    maxValidators: 64,
    // §5.2: immunity period 5000 blocks for new subnets (runtime initial 4096)
    immunityPeriod: 5000,
    // §2: SubtensorInitialKappa 32,767 ≈ 0.5
    kappaU16: 32_767,
    // §2: SubtensorInitialBondsPenalty 65,535 = 1.0
    bondsPenaltyU16: 65_535,
    // §2: SubtensorInitialBondsMovingAverage 900,000 (EMA alpha 0.1)
    bondsMovingAverage: 900_000,
    // §2: init_new_network sets Yuma3On = true (since 2026-03-24)
    yuma3: true,
    // §2: LiquidAlphaOn default false
    liquidAlpha: false,
    // §2: DefaultAlphaValues (45875, 58982) ≈ (0.7, 0.9)
    alphaLowU16: 45_875,
    alphaHighU16: 58_982,
    // §2: SubtensorInitialAlphaSigmoidSteepness 1000
    alphaSigmoidSteepness: 1000,
    // §2: INITIAL_ACTIVITY_CUTOFF_FACTOR_MILLI 13,889 (→ 5000 blocks at tempo 360)
    activityCutoffFactorMilli: 13_889,
    // §2 / §6: CommitRevealWeightsEnabled true (v4), RevealPeriodEpochs 1
    commitReveal: true,
    revealPeriodEpochs: 1,
    // §5.2: DefaultWeightsSetRateLimit 100 blocks
    weightsRateLimit: 100,
    // §4.1 / §5.2: SubtensorInitialSubnetOwnerCut 11,796 ≈ 18%
    ownerCutU16: 11_796,
    // Burned registration (runtime initial values; not in MECHANISM.md): MinBurn 0.0005 TAO,
    // MaxBurn 100 TAO, Burn 1 TAO; TargetRegistrationsPerInterval 1 and AdjustmentInterval 360
    // as the scenario schema's defaults (runtime initial 2 and 100 for the root-era defaults).
    minBurnRao: 500_000n,
    maxBurnRao: 100n * TAO,
    initialBurnRao: 1n * TAO,
    targetRegistrationsPerInterval: 1,
    adjustmentIntervalBlocks: 360,
    // §4.3 / §5.2: SubtensorInitialDefaultTake 11,796 ≈ 18%
    delegateTakeU16: 11_796,
    // §2: DefaultStakeThreshold 0 in code (mainnet value unverified)
    stakeThresholdRao: 0n,
    // §5.5: taoRao 0 = the runtime rule (locked TAO becomes the reserve, alpha at the median price);
    // §5.4: the pool at [ST@v3.4.9-424]/main is the weighted (Balancer) pool, starting 0.5/0.5
    pool: { kind: "weighted", taoRao: 0n, alphaRao: 0n },
    // §5.2: min allowed weights 1 (init_new_network)
    minAllowedWeights: 1,
    // MaxRegistrationsPerBlock 1 (runtime; not in MECHANISM.md)
    maxRegistrationsPerBlock: 1,
    // AdjustmentAlpha 0 (runtime SubtensorInitialAdjustmentAlpha; not in MECHANISM.md)
    adjustmentAlpha: 0,
  };
}
