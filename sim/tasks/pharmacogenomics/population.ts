/**
 * The task distribution a validator controls between batches: the population mix (ancestry
 * weights), its shifts, and the rotation of drug contexts. These produce concrete batch
 * parameters; the generator itself only sees the result.
 */
import { ANCESTRIES, type Ancestry } from "./panel.js";
import { DRUGS, type Drug } from "./response.js";

/** Ancestry weights, normalised to sum to 1. */
export type PopulationMix = Record<Ancestry, number>;

/** Equal weight on every ancestry group. */
export const UNIFORM_MIX: Readonly<PopulationMix> = Object.freeze(
  Object.fromEntries(ANCESTRIES.map((a) => [a, 1 / ANCESTRIES.length])) as PopulationMix,
);

/** Normalises non-negative weights (missing groups weigh 0). Throws if the total is not positive. */
export function normalizeMix(weights: Partial<Record<Ancestry, number>>): PopulationMix {
  let total = 0;
  for (const a of ANCESTRIES) {
    const w = weights[a] ?? 0;
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`population mix ${a}: got ${w}; expected a non-negative number`);
    total += w;
  }
  if (!(total > 0)) throw new Error("population mix: expected at least one positive weight");
  return Object.fromEntries(ANCESTRIES.map((a) => [a, (weights[a] ?? 0) / total])) as PopulationMix;
}

/**
 * A population shift: moves `amount` (0..1) of the way from `from` to `to`
 * ((1 − amount)·from + amount·to, renormalised).
 */
export function shiftMix(from: PopulationMix, to: Partial<Record<Ancestry, number>>, amount: number): PopulationMix {
  if (!(amount >= 0 && amount <= 1)) throw new Error(`population shift amount: got ${amount}; expected 0 to 1`);
  const target = normalizeMix(to);
  return normalizeMix(Object.fromEntries(ANCESTRIES.map((a) => [a, (1 - amount) * from[a] + amount * target[a]])));
}

/**
 * Drug-context rotation: the `perPeriod` drugs active in rotation period `period`, taken as a
 * window that advances by `perPeriod` through `drugs` (wrapping), so every drug comes round.
 */
export function rotateDrugs(period: number, perPeriod: number, drugs: readonly Drug[] = DRUGS): Drug[] {
  if (!Number.isInteger(period) || period < 0) throw new Error(`drug rotation period: got ${period}; expected an integer >= 0`);
  if (!Number.isInteger(perPeriod) || perPeriod < 1) throw new Error(`drug rotation size: got ${perPeriod}; expected an integer >= 1`);
  const n = drugs.length;
  const k = Math.min(perPeriod, n);
  const out: Drug[] = [];
  for (let i = 0; i < k; i++) out.push(drugs[(period * k + i) % n]!);
  return out;
}
