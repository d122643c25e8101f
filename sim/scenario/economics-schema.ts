/**
 * The scenario's `economics` section: leadership's revenue model (treasury strategies,
 * licensing, costs, vendor baseline, Monte Carlo). Read by `subnet-sim revenue`.
 */
import * as z from "zod";

export const EconomicsSchema = z.strictObject({}).prefault({});

export type EconomicsSettings = z.infer<typeof EconomicsSchema>;
