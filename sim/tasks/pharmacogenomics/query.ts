/**
 * `pgxQuery`: the JSON-level entry to the reference simulator (the `subnet-sim pgx` command).
 * Validates untrusted input and answers with plain JSON; every rejection is a PgxInputError whose
 * message reads `<field>: got <value>; expected <what is accepted>`.
 *
 * Accepted shapes:
 * - `{ gene, diplotype }` → the gene's CPIC phenotype (phenotypeOf);
 * - `{ drug: "warfarin", profile }` → IWPC dose and class distribution (warfarinDose);
 * - `{ drug, diplotype }` for a single-gene drug, or `{ drug, profile: { diplotypes: {GENE: ...} } }`
 *   → the drug's response distribution (drugResponse);
 * - optional `noise` in [0, 0.5): the response model's label noise (default 0.05).
 */
import { DiplotypeError, exampleDiplotype } from "./diplotype.js";
import { ANCESTRIES, GENES, isAncestry, isGene, type Gene } from "./panel.js";
import { DEFAULT_NOISE, drugResponse, phenotypeOf, warfarinDose, type WarfarinProfile } from "./reference.js";
import { DRUG_GENES, DRUGS, isDrug, MAX_NOISE } from "./response.js";
import type { IwpcRace } from "./warfarin.js";

/** A rejected query; the message names the field, the value received and what is expected. */
export class PgxInputError extends Error {
  override name = "PgxInputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Options of pgxQuery (all optional; see the module comment for the accepted combinations). */
export interface PgxQueryOptions {
  gene?: string;
  diplotype?: string;
  drug?: string;
  profile?: unknown;
  noise?: number;
}

const RACES: readonly IwpcRace[] = ["white", "asian", "black", "missing_or_mixed"];
const WARFARIN_FIELDS = [
  "age_years",
  "height_cm",
  "weight_kg",
  "race",
  "ancestry",
  "vkorc1",
  "cyp2c9",
  "amiodarone",
  "enzyme_inducer",
] as const;

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof v;
  }
}

function reject(field: string, value: unknown, expected: string): never {
  throw new PgxInputError(field, `${field}: got ${show(value)}; expected ${expected}`);
}

function readGene(field: string, v: unknown): Gene {
  if (typeof v !== "string" || !isGene(v)) reject(field, v, `one of ${GENES.join(", ")}`);
  return v;
}

function readDiplotype<T>(field: string, value: unknown, gene: Gene, use: (d: string) => T): T {
  if (typeof value !== "string" || value.trim() === "") {
    reject(field, value, `a ${gene} diplotype such as "${exampleDiplotype(gene)}"`);
  }
  try {
    return use(value);
  } catch (e) {
    if (e instanceof DiplotypeError) {
      throw new PgxInputError(field, `${field}: got ${show(value)}; ${e.detail}`);
    }
    throw e;
  }
}

function readNumber(field: string, v: unknown, min: number, max: number, unit: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
    reject(field, v, `a number of ${unit} from ${min} to ${max}`);
  }
  return v;
}

function readBool(field: string, v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") reject(field, v, "true or false");
  return v;
}

function readNoise(v: unknown): number {
  if (v === undefined) return DEFAULT_NOISE;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v >= MAX_NOISE) {
    reject("noise", v, `a number from 0 up to (not including) ${MAX_NOISE}`);
  }
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readWarfarinProfile(v: unknown): WarfarinProfile {
  if (!isObject(v)) {
    reject(
      "profile",
      v,
      "a JSON object with age_years, height_cm and weight_kg, and optionally race or ancestry, vkorc1, cyp2c9, amiodarone, enzyme_inducer",
    );
  }
  for (const k of Object.keys(v)) {
    if (!(WARFARIN_FIELDS as readonly string[]).includes(k)) {
      throw new PgxInputError(`profile.${k}`, `profile.${k}: unexpected field; expected only ${WARFARIN_FIELDS.join(", ")}`);
    }
  }
  const p: WarfarinProfile = {
    age_years: readNumber("profile.age_years", v["age_years"], 0, 120, "years"),
    height_cm: readNumber("profile.height_cm", v["height_cm"], 50, 250, "centimetres"),
    weight_kg: readNumber("profile.weight_kg", v["weight_kg"], 10, 350, "kilograms"),
  };
  if (v["race"] !== undefined) {
    if (typeof v["race"] !== "string" || !(RACES as readonly string[]).includes(v["race"])) {
      reject("profile.race", v["race"], `one of ${RACES.join(", ")} (the IWPC categories)`);
    }
    p.race = v["race"] as IwpcRace;
  }
  if (v["ancestry"] !== undefined) {
    if (typeof v["ancestry"] !== "string" || !isAncestry(v["ancestry"])) {
      reject("profile.ancestry", v["ancestry"], `one of ${ANCESTRIES.join(", ")}`);
    }
    p.ancestry = v["ancestry"];
  }
  for (const [key, gene] of [
    ["vkorc1", "VKORC1"],
    ["cyp2c9", "CYP2C9"],
  ] as const) {
    const g = v[key];
    if (g === undefined || g === null) continue;
    readDiplotype(`profile.${key}`, g, gene, (d) => phenotypeOf(gene, d));
    p[key] = g as string;
  }
  const amiodarone = readBool("profile.amiodarone", v["amiodarone"]);
  if (amiodarone !== undefined) p.amiodarone = amiodarone;
  const inducer = readBool("profile.enzyme_inducer", v["enzyme_inducer"]);
  if (inducer !== undefined) p.enzyme_inducer = inducer;
  return p;
}

/** Answers a reference-simulator query with plain JSON. Throws PgxInputError on bad input. */
export function pgxQuery(opts: PgxQueryOptions): unknown {
  if (!isObject(opts)) reject("query", opts, "an object with gene and diplotype, or drug with diplotype or profile");
  const noise = readNoise(opts.noise);
  const hasGene = opts.gene !== undefined;
  const hasDrug = opts.drug !== undefined;
  if (!hasGene && !hasDrug) {
    throw new PgxInputError(
      "gene",
      "gene: got nothing; expected a gene with a diplotype (e.g. gene CYP2D6, diplotype *1/*4), or a drug with a diplotype or a profile",
    );
  }
  if (hasGene && !hasDrug) {
    const gene = readGene("gene", opts.gene);
    return readDiplotype("diplotype", opts.diplotype, gene, (d) => phenotypeOf(gene, d));
  }
  if (typeof opts.drug !== "string" || !isDrug(opts.drug)) reject("drug", opts.drug, `one of ${DRUGS.join(", ")}`);
  const drug = opts.drug;
  if (drug === "warfarin") {
    if (opts.profile === undefined) {
      reject(
        "profile",
        undefined,
        "a JSON object with age_years, height_cm and weight_kg, and optionally race or ancestry, vkorc1, cyp2c9, amiodarone, enzyme_inducer",
      );
    }
    return warfarinDose(readWarfarinProfile(opts.profile), noise);
  }
  const genes = DRUG_GENES[drug];
  const diplotypes: Partial<Record<Gene, string>> = {};
  if (hasGene) {
    const gene = readGene("gene", opts.gene);
    if (!genes.includes(gene)) reject("gene", opts.gene, `a gene that drives ${drug}: ${genes.join(" or ")}`);
    diplotypes[gene] = readDiplotype("diplotype", opts.diplotype, gene, (d) => (phenotypeOf(gene, d), d));
  } else if (opts.diplotype !== undefined) {
    const gene = genes[0]!;
    diplotypes[gene] = readDiplotype("diplotype", opts.diplotype, gene, (d) => (phenotypeOf(gene, d), d));
  } else if (opts.profile !== undefined) {
    const prof = opts.profile;
    const table = isObject(prof) && isObject(prof["diplotypes"]) ? prof["diplotypes"] : prof;
    if (!isObject(table)) {
      reject("profile", prof, `a JSON object {"diplotypes": {"${genes[0]}": "${exampleDiplotype(genes[0]!)}"}}`);
    }
    for (const gene of genes) {
      const d = table[gene];
      if (d === undefined && drug === "thiopurines" && gene === "NUDT15") continue;
      const field = table === prof ? `profile.${gene}` : `profile.diplotypes.${gene}`;
      diplotypes[gene] = readDiplotype(field, d, gene, (x) => (phenotypeOf(gene, x), x));
    }
  } else {
    reject("diplotype", undefined, `a ${genes[0]} diplotype such as "${exampleDiplotype(genes[0]!)}", or a profile`);
  }
  return drugResponse(drug, diplotypes, noise);
}
