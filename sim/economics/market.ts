/**
 * The market a mechanism run sees: one TAO/USD path over the horizon, drawn once from the
 * scenario's price process on the stream "market/tao-usd", stepped a day at a time.
 */
import type { Rng } from "../core/rng.js";
import type { Scenario } from "../scenario/schema.js";
import { BlockBootstrapProcess } from "./bootstrap.js";
import { TAO_USD_BOOTSTRAP_DEFAULTS, TAO_USD_GBM_DEFAULTS, TAO_USD_MERTON_DEFAULTS, TAO_USD_REGIME_DEFAULTS } from "./calibration.js";
import { GbmProcess, MertonProcess, RegimeSwitchingProcess, type PriceProcess } from "./price-process.js";
import { logReturnsOf, readPriceCsvFile, taoUsdDailyCsvPath } from "./price-history.js";


export type TaoUsdSettings = Scenario["market"]["tao_usd"];

/** The price process a scenario's `market.tao_usd` names (null for a constant price). */
export function taoUsdProcess(s: TaoUsdSettings): PriceProcess | null {
  switch (s.model) {
    case "constant":
      return null;
    case "gbm":
      return new GbmProcess({
        muAnnual: s.mu_annual ?? TAO_USD_GBM_DEFAULTS.muAnnual,
        sigmaAnnual: s.sigma_annual ?? TAO_USD_GBM_DEFAULTS.sigmaAnnual,
      });
    case "jump-diffusion": {
      // sigma_annual is the all-in volatility (diffusion and jumps together), as users quote it.
      const base = new MertonProcess({
        ...TAO_USD_MERTON_DEFAULTS,
        ...(s.mu_annual !== undefined ? { muAnnual: s.mu_annual } : {}),
        ...(s.jumps_per_year !== undefined ? { jumpsPerYear: s.jumps_per_year } : {}),
      });
      return s.sigma_annual !== undefined ? base.withTotalVolatility(s.sigma_annual) : base;
    }
    case "regime":
      return new RegimeSwitchingProcess(TAO_USD_REGIME_DEFAULTS);
    case "bootstrap": {
      const history = readPriceCsvFile(s.csv ?? taoUsdDailyCsvPath());
      return new BlockBootstrapProcess({ dailyLogReturns: logReturnsOf(history.closes), ...TAO_USD_BOOTSTRAP_DEFAULTS });
    }
  }
}

export class Market {
  private readonly path: Float64Array;
  private day = 0;

  constructor(settings: TaoUsdSettings, rng: Rng, days: number) {
    const steps = Math.max(1, Math.ceil(days));
    this.path = new Float64Array(steps + 1);
    const process = taoUsdProcess(settings);
    if (process === null) this.path.fill(settings.start);
    else process.simulate(rng.stream("market/tao-usd"), settings.start, this.path, 1);
  }

  advanceDay(): void {
    if (this.day < this.path.length - 1) this.day++;
  }

  /** TAO price in USD today. */
  taoUsd(): number {
    return this.path[this.day]!;
  }

  /** The whole daily path (day 0 .. horizon). */
  daily(): Float64Array {
    return this.path;
  }
}
