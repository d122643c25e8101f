/** Draws from the scenario's distribution notation (see sim/scenario/fields.ts). */
import type { Distribution } from "../scenario/fields.js";
import type { Stream } from "./rng.js";

export function draw(d: Distribution, stream: Stream): number {
  if (typeof d === "number") return d;
  if ("uniform" in d) return stream.range(d.uniform[0], d.uniform[1]);
  if ("lognormal" in d) return stream.lognormal(d.lognormal.median, d.lognormal.sigma);
  return d.normal.mean + d.normal.sd * stream.normal();
}

/** A short human description, e.g. "lognormal(median 5000, σ 1)". */
export function describeDistribution(d: Distribution): string {
  if (typeof d === "number") return String(d);
  if ("uniform" in d) return `uniform(${d.uniform[0]}, ${d.uniform[1]})`;
  if ("lognormal" in d) return `lognormal(median ${d.lognormal.median}, σ ${d.lognormal.sigma})`;
  return `normal(mean ${d.normal.mean}, sd ${d.normal.sd})`;
}
