/**
 * Epoch throughput on a full subnet: 256 UIDs, 64 validators (uids 0..63, all with permits and
 * active), every validator weighting all 192 miners with its own noisy view of a common miner
 * quality. Bonds come from 16 warm-up epochs (outputs fed back) whose weights are redrawn each
 * epoch, so the measured epoch sees bonds both below and above the current weights (liquid alpha
 * then computes its sigmoid for most entries). Yuma 2, Yuma 3, and Yuma 3 with liquid alpha, each
 * on the default engine (the WebAssembly kernel) and on the TypeScript stages (`epoch_js_…`).
 */
import type { SparseRow } from "../sim/chain/chain.js";
import { Rng } from "../sim/core/rng.js";
import { runEpoch, type EpochInput } from "../sim/chain/local/epoch.js";
import { ratePerSecond, type Figure } from "./figure.js";

const N = 256;
const VALIDATORS = 64;

/** The full-subnet input for the given Yuma variant, with bonds after `warmup` epochs. */
export function fullSubnetInput(yuma3: boolean, liquidAlpha: boolean, warmup = 16): EpochInput {
  const rng = new Rng("epoch-bench");
  const s = rng.stream("subnet");
  const quality = Array.from({ length: N - VALIDATORS }, () => s.uniform());
  /** Each validator's max-upscaled weights: the common quality plus its own noise. */
  const drawWeights = (): SparseRow[] =>
    Array.from({ length: N }, (_, i): SparseRow => {
      if (i >= VALIDATORS) return { cols: new Uint16Array(0), vals: new Uint16Array(0) };
      const raw = quality.map((q) => Math.max(0, q + 0.15 * s.normal()));
      const max = Math.max(...raw);
      const cols = Uint16Array.from(raw, (_, k) => VALIDATORS + k);
      const vals = Uint16Array.from(raw, (v) => Math.round((v / max) * 65535));
      return { cols, vals };
    });
  const stakeRao = new BigUint64Array(N);
  for (let i = 0; i < N; i++) {
    stakeRao[i] = i < VALIDATORS ? BigInt(Math.floor(s.lognormal(2e14, 1.5))) : BigInt(Math.floor(s.range(0, 5e9)));
  }
  const input: EpochInput = {
    n: N,
    currentBlock: 1_000_000,
    activityCutoff: 5000,
    lastUpdate: new Float64Array(N).fill(999_900),
    blockAtRegistration: Float64Array.from({ length: N }, (_, i) => 10_000 + i),
    stakeRao,
    validatorPermits: Uint8Array.from({ length: N }, (_, i) => (i < VALIDATORS ? 1 : 0)),
    weights: drawWeights(),
    bonds: Array.from({ length: N }, () => ({ cols: new Uint16Array(0), vals: new Uint16Array(0) })),
    lastTempo: 999_641,
    stakeThreshold: 0n,
    ownerUid: null,
    maxAllowedValidators: VALIDATORS,
    kappaU16: 32767,
    bondsPenaltyU16: 65535,
    bondsMovingAverage: 900_000,
    liquidAlpha,
    alphaLowU16: 45875,
    alphaHighU16: 58982,
    alphaSigmoidSteepness: 1000,
    yuma3,
    raoEmission: 148_000_000_000n,
  };
  for (let e = 0; e < warmup; e++) {
    input.bonds = runEpoch(input).bonds;
    input.weights = drawWeights();
  }
  return input;
}

export async function run(): Promise<Figure[]> {
  const cases: [string, boolean, boolean][] = [
    ["epoch_yuma2_256uids_per_s", false, false],
    ["epoch_yuma3_256uids_per_s", true, false],
    ["epoch_yuma3_liquid_alpha_256uids_per_s", true, true],
  ];
  const figures: Figure[] = [];
  // The default engine (the WebAssembly kernel), then the TypeScript stages for comparison.
  for (const engine of ["kernel", "js"] as const) {
    for (const [name, yuma3, la] of cases) {
      const input = fullSubnetInput(yuma3, la);
      const figure = engine === "kernel" ? name : name.replace("epoch_", "epoch_js_");
      figures.push({ name: figure, value: ratePerSecond(() => void runEpoch(input, { engine }), 2000), unit: "epochs/s" });
    }
  }
  return figures;
}
