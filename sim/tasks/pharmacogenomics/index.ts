/**
 * Pharmacogenomics task family (TASKS.md, Family A): public API.
 *
 * Reference simulator (reference.ts, query.ts), batch generator (generator.ts, batch.ts,
 * features.ts, perturb.ts, canary.ts), task distribution (population.ts) and seed commitments
 * (commitment.ts). Panel data and sources: panel/*.json, panel/SOURCES.md.
 */
export { ANCESTRIES, GENES, PANEL, type Ancestry, type Gene } from "./panel.js";
export { DRUGS, DRUG_CLASSES, DRUG_GENES, MAX_CLASSES, type Drug } from "./response.js";
export {
  phenotypeOf,
  warfarinDose,
  drugResponse,
  DEFAULT_NOISE,
  type PhenotypeResult,
  type WarfarinProfile,
  type WarfarinResult,
  type DrugResponseResult,
} from "./reference.js";
export { pgxQuery, PgxInputError, type PgxQueryOptions } from "./query.js";
export {
  createBatch,
  challengeAt,
  normalizeBatchParams,
  BatchParamsError,
  type Batch,
  type BatchParams,
  type BatchParamsInput,
  type Challenge,
} from "./batch.js";
export { generateBatch, generateBatchInto } from "./generator.js";
export { featureLayout, FEATURE_SCHEMA_VERSION, DECOY_VARIANTS, type FeatureLayout } from "./features.js";
export { CANARY_CATALOG, findCanaries, fingerprintLabel, type CanarySighting } from "./canary.js";
export { normalizeMix, shiftMix, rotateDrugs, UNIFORM_MIX, type PopulationMix } from "./population.js";
export { commitBatch, verifyReveal, batchDigest, drawBatchSeed, canonicalJson, type BatchReveal, type RevealCheck } from "./commitment.js";
