/**
 * TAO/USD price-path throughput: paths per second for 36 months on a daily grid (1,095 steps),
 * each path drawing from its own stream `price/path/k` exactly as the Monte Carlo does
 * (stream creation included), into one reused buffer. Defaults fitted to tao-usd-daily.csv.
 */
import { BlockBootstrapProcess } from "../sim/economics/bootstrap.js";
import {
  TAO_USD_BOOTSTRAP_DEFAULTS,
  TAO_USD_GBM_DEFAULTS,
  TAO_USD_LAST_CLOSE,
  TAO_USD_MERTON_DEFAULTS,
  TAO_USD_REGIME_DEFAULTS,
} from "../sim/economics/calibration.js";
import { loadTaoUsdDaily } from "../sim/economics/price-history.js";
import {
  GbmProcess,
  MertonProcess,
  RegimeSwitchingProcess,
  simulatePricePath,
  type PriceProcess,
} from "../sim/economics/price-process.js";
import { Rng } from "../sim/core/rng.js";
import { ratePerSecond, type Figure } from "./figure.js";

const STEPS_36M_DAILY = 1095;
const PATHS_PER_CALL = 200;

export async function run(): Promise<Figure[]> {
  const processes: Array<[string, PriceProcess]> = [
    ["gbm", new GbmProcess(TAO_USD_GBM_DEFAULTS)],
    ["merton", new MertonProcess(TAO_USD_MERTON_DEFAULTS)],
    ["regime", new RegimeSwitchingProcess(TAO_USD_REGIME_DEFAULTS)],
    ["bootstrap", BlockBootstrapProcess.fromHistory(loadTaoUsdDaily(), TAO_USD_BOOTSTRAP_DEFAULTS)],
  ];
  const rng = new Rng("bench");
  const out = new Float64Array(STEPS_36M_DAILY + 1);
  const figures: Figure[] = [];
  let sink = 0;
  for (const [name, process] of processes) {
    let k = 0;
    const callsPerSecond = ratePerSecond(() => {
      for (let i = 0; i < PATHS_PER_CALL; i++) {
        simulatePricePath(process, rng, k++, TAO_USD_LAST_CLOSE, out, 1);
        sink += out[STEPS_36M_DAILY]!;
      }
    });
    figures.push({ name: `price_paths_per_s_36m_daily_${name}`, value: callsPerSecond * PATHS_PER_CALL, unit: "paths/s" });
  }
  if (!Number.isFinite(sink)) throw new Error("price bench: a path ended in a non-finite price");
  return figures;
}
