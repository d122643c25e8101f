/**
 * JSON face of the epoch: the test-vector schema (test/fixtures/yuma-public.json, `input` objects
 * in snake_case) in, the vectors' `computed_by_reference_implementation` shape (minus `float`)
 * out. `subnet-sim epoch <file|->` calls `runEpochJson`.
 *
 * Two optional keys extend the vector schema for commit-reveal (MECHANISM.md §3.5 step 4):
 * `commit_reveal` (boolean) and `commit_block` (per uid: block of the earliest non-expired commit,
 * or null for none).
 *
 * u64 fields (stake_rao, stake_threshold, rao_emission) accept a JSON integer up to 2^53 − 1 or a
 * decimal string for larger values; output rao amounts are JSON integers, or decimal strings when
 * above 2^53 − 1 (a JSON number could not hold them exactly).
 */
import type { SparseRow } from "../chain.js";
import { runEpoch, type EpochInput, type EpochOutput } from "./epoch.js";

/** A malformed epoch input; the message names the field path, what was expected and what was found. */
export class EpochInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EpochInputError";
  }
}

/** The output object: exactly the vector keys, in the vector order. */
export interface EpochOutputJson {
  active: boolean[];
  new_validator_permits: boolean[];
  stake_weight_u16: number[];
  consensus_u16: number[];
  incentive_u16: number[];
  dividends_u16: number[];
  validator_trust_u16: number[];
  server_emission: (number | string)[];
  validator_emission: (number | string)[];
  emission: (number | string)[];
  bonds_u16: [number, number][][];
}

const U64_MAX = (1n << 64n) - 1n;

const INPUT_KEYS = [
  "n",
  "current_block",
  "activity_cutoff",
  "last_update",
  "block_at_registration",
  "stake_rao",
  "validator_permits",
  "weights",
  "bonds",
  "last_tempo",
  "stake_threshold",
  "owner_uid",
  "max_allowed_validators",
  "kappa_u16",
  "bonds_penalty_u16",
  "bonds_moving_average",
  "liquid_alpha",
  "alpha_low_u16",
  "alpha_high_u16",
  "alpha_sigmoid_steepness",
  "yuma3",
  "rao_emission",
  "commit_reveal",
  "commit_block",
] as const;
const OPTIONAL_KEYS = new Set<string>(["commit_reveal", "commit_block"]);

/** A short rendering of a JSON value for error messages: `[9, 100]`, `"x"`, `an object`. */
function show(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "bigint") return `${v}`;
  if (Array.isArray(v)) {
    const head = v.slice(0, 6).map(show).join(", ");
    return v.length > 6 ? `[${head}, … (${v.length} items)]` : `[${head}]`;
  }
  if (v !== null && typeof v === "object") return "an object";
  return JSON.stringify(v);
}

function fail(path: string, expected: string, got: unknown): never {
  throw new EpochInputError(`${path}: expected ${expected}, got ${show(got)}`);
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

function intIn(v: unknown, path: string, lo: number, hi: number, what: string): number {
  if (!isInt(v) || v < lo || v > hi) fail(path, what, v);
  return v;
}

const block = (v: unknown, path: string): number =>
  intIn(v, path, 0, Number.MAX_SAFE_INTEGER, "a block number (integer ≥ 0)");
const u16 = (v: unknown, path: string): number => intIn(v, path, 0, 65535, "a u16 (integer 0..65535)");

function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") fail(path, "true or false", v);
  return v;
}

function u64(v: unknown, path: string): bigint {
  const what = "a u64 (integer 0..2^64−1, as a JSON integer or a decimal string)";
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (isInt(v)) b = BigInt(v);
  else if (typeof v === "string" && /^\d{1,20}$/.test(v)) b = BigInt(v);
  else fail(path, what, v);
  if (b < 0n || b > U64_MAX) fail(path, what, v);
  return b;
}

function arrayOfN(v: unknown, path: string, n: number, what: string): unknown[] {
  if (!Array.isArray(v)) fail(path, `an array of n=${n} ${what}`, v);
  if (v.length !== n) {
    throw new EpochInputError(`${path}: expected an array of n=${n} ${what}, got an array of ${v.length}`);
  }
  return v;
}

function sparseRows(v: unknown, path: string, n: number): SparseRow[] {
  const rows = arrayOfN(v, path, n, "sparse rows");
  return rows.map((row, i) => {
    const rp = `${path}[${i}]`;
    if (!Array.isArray(row)) fail(rp, "a sparse row: an array of [uid, u16] pairs", row);
    const cols = new Uint16Array(row.length);
    const vals = new Uint16Array(row.length);
    row.forEach((e: unknown, k) => {
      const ep = `${rp}[${k}]`;
      const ok =
        Array.isArray(e) && e.length === 2 && isInt(e[0]) && e[0] >= 0 && e[0] < n && isInt(e[1]) && e[1] >= 0 && e[1] <= 65535;
      if (!ok) fail(ep, `[uid, u16] with uid < n=${n}`, e);
      const [j, x] = e as [number, number];
      if (k > 0 && j <= cols[k - 1]!) fail(ep, `uid > ${cols[k - 1]} (columns strictly ascending)`, e);
      cols[k] = j;
      vals[k] = x;
    });
    return { cols, vals };
  });
}

/** Parse one vector-schema `input` object. `at` prefixes error paths (e.g. `[2].`). */
export function parseEpochInput(value: unknown, at = ""): EpochInput {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail(at === "" ? "input" : at.replace(/\.$/, ""), "an epoch input object", value);
  }
  const o = value as Record<string, unknown>;
  const p = (k: string): string => `${at}${k}`;
  for (const k of Object.keys(o)) {
    if (!(INPUT_KEYS as readonly string[]).includes(k)) {
      throw new EpochInputError(`${p(k)}: unknown field; expected one of ${INPUT_KEYS.join(", ")}`);
    }
  }
  for (const k of INPUT_KEYS) {
    if (!OPTIONAL_KEYS.has(k) && !(k in o)) throw new EpochInputError(`${p(k)}: missing; every input field is required`);
  }
  const n = intIn(o.n, p("n"), 0, 65535, "the number of uids (integer 0..65535)");
  const blocks = (k: string): Float64Array =>
    Float64Array.from(arrayOfN(o[k], p(k), n, "block numbers"), (v, i) => block(v, `${p(k)}[${i}]`));
  const stakeRao = new BigUint64Array(n);
  arrayOfN(o.stake_rao, p("stake_rao"), n, "u64 stakes").forEach((v, i) => {
    stakeRao[i] = u64(v, `${p("stake_rao")}[${i}]`);
  });
  const permits = Uint8Array.from(arrayOfN(o.validator_permits, p("validator_permits"), n, "booleans"), (v, i) =>
    bool(v, `${p("validator_permits")}[${i}]`) ? 1 : 0,
  );
  const owner = o.owner_uid === null ? null : intIn(o.owner_uid, p("owner_uid"), 0, n - 1, `null or a uid < n=${n}`);
  const input: EpochInput = {
    n,
    currentBlock: block(o.current_block, p("current_block")),
    activityCutoff: block(o.activity_cutoff, p("activity_cutoff")),
    lastUpdate: blocks("last_update"),
    blockAtRegistration: blocks("block_at_registration"),
    stakeRao,
    validatorPermits: permits,
    weights: sparseRows(o.weights, p("weights"), n),
    bonds: sparseRows(o.bonds, p("bonds"), n),
    lastTempo: block(o.last_tempo, p("last_tempo")),
    stakeThreshold: u64(o.stake_threshold, p("stake_threshold")),
    ownerUid: owner,
    maxAllowedValidators: u16(o.max_allowed_validators, p("max_allowed_validators")),
    kappaU16: u16(o.kappa_u16, p("kappa_u16")),
    bondsPenaltyU16: u16(o.bonds_penalty_u16, p("bonds_penalty_u16")),
    bondsMovingAverage: intIn(
      o.bonds_moving_average,
      p("bonds_moving_average"),
      0,
      Number.MAX_SAFE_INTEGER,
      "millionths (integer ≥ 0)",
    ),
    liquidAlpha: bool(o.liquid_alpha, p("liquid_alpha")),
    alphaLowU16: u16(o.alpha_low_u16, p("alpha_low_u16")),
    alphaHighU16: u16(o.alpha_high_u16, p("alpha_high_u16")),
    alphaSigmoidSteepness: intIn(o.alpha_sigmoid_steepness, p("alpha_sigmoid_steepness"), -32768, 32767, "an i16"),
    yuma3: bool(o.yuma3, p("yuma3")),
    raoEmission: u64(o.rao_emission, p("rao_emission")),
  };
  if (o.commit_reveal !== undefined) input.commitReveal = bool(o.commit_reveal, p("commit_reveal"));
  if (o.commit_block !== undefined) {
    input.commitBlock = Float64Array.from(arrayOfN(o.commit_block, p("commit_block"), n, "blocks or nulls"), (v, i) =>
      v === null ? Infinity : block(v, `${p("commit_block")}[${i}]`),
    );
  }
  return input;
}

const raoJson = (v: bigint): number | string => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());

/** Format an epoch output with exactly the vector keys (snake_case, plain JSON values). */
export function formatEpochOutput(out: EpochOutput): EpochOutputJson {
  return {
    active: Array.from(out.active, (x) => x === 1),
    new_validator_permits: Array.from(out.newValidatorPermits, (x) => x === 1),
    stake_weight_u16: Array.from(out.stakeWeightU16),
    consensus_u16: Array.from(out.consensusU16),
    incentive_u16: Array.from(out.incentiveU16),
    dividends_u16: Array.from(out.dividendsU16),
    validator_trust_u16: Array.from(out.validatorTrustU16),
    server_emission: Array.from(out.serverEmission, raoJson),
    validator_emission: Array.from(out.validatorEmission, raoJson),
    emission: Array.from(out.emission, raoJson),
    bonds_u16: out.bonds.map((r) => Array.from(r.cols, (j, k): [number, number] => [j, r.vals[k]!])),
  };
}

/**
 * Run the epoch on one vector-schema input object (→ one output object) or an array of them
 * (→ an array, same order). Every input is validated before any runs; throws EpochInputError.
 */
export function runEpochJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    const inputs = value.map((v, i) => parseEpochInput(v, `[${i}].`));
    return inputs.map((inp) => formatEpochOutput(runEpoch(inp)));
  }
  return formatEpochOutput(runEpoch(parseEpochInput(value)));
}
