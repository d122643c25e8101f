/**
 * Field builders for the scenario schema: each carries the "expected …" wording that the loader
 * prints when a value is wrong, so errors read `path: expected a positive integer, got -3`.
 */
import * as z from "zod";

export const posInt = (what = "a positive integer") =>
  z.number({ error: `expected ${what}` }).int({ error: `expected ${what}` }).positive({ error: `expected ${what}` });

export const nonNegInt = (what = "a non-negative integer") =>
  z.number({ error: `expected ${what}` }).int({ error: `expected ${what}` }).min(0, { error: `expected ${what}` });

export const posNum = (what = "a positive number") =>
  z.number({ error: `expected ${what}` }).positive({ error: `expected ${what}` });

export const nonNegNum = (what = "a non-negative number") =>
  z.number({ error: `expected ${what}` }).min(0, { error: `expected ${what}` });

export const fraction = (what = "a number from 0 to 1") =>
  z.number({ error: `expected ${what}` }).min(0, { error: `expected ${what}` }).max(1, { error: `expected ${what}` });

export const intRange = (lo: number, hi: number) =>
  z
    .number({ error: `expected an integer from ${lo} to ${hi}` })
    .int({ error: `expected an integer from ${lo} to ${hi}` })
    .min(lo, { error: `expected an integer from ${lo} to ${hi}` })
    .max(hi, { error: `expected an integer from ${lo} to ${hi}` });

export const bool = () => z.boolean({ error: "expected true or false" });

export const text = (what = "a string") => z.string({ error: `expected ${what}` });

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

/**
 * A random quantity, written the same way everywhere: a plain number (a constant),
 * `{ uniform: [a, b] }`, `{ lognormal: { median, sigma } }`, `{ normal: { mean, sd } }`.
 */
export const DISTRIBUTION_EXPECTED =
  "expected a number, { uniform: [a, b] }, { lognormal: { median, sigma } } or { normal: { mean, sd } }";

export const distribution = () =>
  z.union(
    [
      z.number(),
      z.strictObject({
        uniform: z.tuple([z.number(), z.number()]).refine((t) => t[0] <= t[1], { error: "expected [a, b] with a <= b" }),
      }),
      z.strictObject({ lognormal: z.strictObject({ median: z.number().positive(), sigma: z.number().min(0) }) }),
      z.strictObject({ normal: z.strictObject({ mean: z.number(), sd: z.number().min(0) }) }),
    ],
    { error: DISTRIBUTION_EXPECTED },
  );

export type Distribution = z.infer<ReturnType<typeof distribution>>;
