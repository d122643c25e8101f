/**
 * Loading a scenario: read YAML or JSON, apply `--set path=value` overrides, validate against
 * the zod schema, and report every problem as `field.path: expected …, got …`.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import YAML from "yaml";
import type * as z from "zod";
import { ScenarioSchema, type Scenario } from "./schema.js";

/** One or more problems with a scenario; the CLI prints each on its own line and exits 2. */
export class ScenarioError extends Error {
  readonly problems: string[];
  constructor(problems: string[], source?: string) {
    const head = source ? `${source}: invalid scenario` : "invalid scenario";
    super(`${head}\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.problems = problems;
    this.name = "ScenarioError";
  }
}

export interface LoadedScenario {
  scenario: Scenario;
  /** Where it came from (a path, or "<inline>"). */
  source: string;
  /** The overrides applied, in order, as given. */
  overrides: string[];
}

/** Parses scenario text (YAML, of which JSON is a subset) into a plain value. */
export function parseScenarioText(text: string, source: string): unknown {
  if (extname(source).toLowerCase() === ".json") {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new ScenarioError([`JSON syntax error: ${(err as Error).message}`], source);
    }
  }
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return `line ${pos.line}, column ${pos.col}: YAML syntax error: ${e.message.split("\n")[0]}`;
      }),
      source,
    );
  }
  return doc.toJS() as unknown;
}

/** A scenario file's text. Throws `ScenarioError` naming the file when it cannot be read. */
export function readScenarioText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScenarioError([code === "ENOENT" ? "file not found" : `cannot read file (${code ?? String(err)})`], path);
  }
}

/** Reads, overrides and validates a scenario file. Throws `ScenarioError`. */
export function loadScenarioFile(path: string, overrides: string[] = []): LoadedScenario {
  return loadScenarioValue(parseScenarioText(readScenarioText(path), path), path, overrides);
}

/** Validates an already-parsed scenario value after applying overrides. Throws `ScenarioError`. */
export function loadScenarioValue(raw: unknown, source = "<inline>", overrides: string[] = []): LoadedScenario {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ScenarioError([`expected a mapping of scenario fields at the top level, got ${describe(raw)}`], source);
  }
  const value = structuredClone(raw) as Record<string, unknown>;
  const problems: string[] = [];
  for (const o of overrides) {
    try {
      applyOverride(value, o);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems, source);
  const result = ScenarioSchema.safeParse(value);
  if (!result.success) {
    throw new ScenarioError(formatIssues(result.error.issues, value), source);
  }
  return { scenario: result.data, source, overrides: [...overrides] };
}

/** Splits `a.b[2].c` (or `a.b.2.c`) into path segments. */
export function parsePath(path: string): (string | number)[] {
  if (!/^[A-Za-z_][\w-]*(\[\d+\]|\.[A-Za-z_][\w-]*|\.\d+)*$/.test(path)) {
    throw new Error(`--set ${path}: expected a field path like subnet.tempo or population.miners[0].count`);
  }
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]|\.(\d+)/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(Number(m[2] ?? m[3]));
  }
  return out;
}

/** Applies one `path=value` override in place; the value is read as YAML (numbers, lists…). */
export function applyOverride(target: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf("=");
  if (eq <= 0) throw new Error(`--set ${assignment}: expected path=value, for example horizon.days=3`);
  const pathText = assignment.slice(0, eq).trim();
  const valueText = assignment.slice(eq + 1);
  const path = parsePath(pathText);
  let value: unknown;
  try {
    value = valueText.trim() === "" ? "" : (YAML.parse(valueText) as unknown);
  } catch {
    value = valueText;
  }
  let node: unknown = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const container = node as Record<string | number, unknown>;
    if (typeof key === "number") {
      if (!Array.isArray(node) || key >= node.length) {
        throw new Error(`--set ${pathText}: ${formatPath(path.slice(0, i + 1))} does not exist in the scenario file`);
      }
    } else if (container[key] === undefined || container[key] === null) {
      container[key] = typeof path[i + 1] === "number" ? [] : {};
    }
    node = container[key];
    if (node === null || typeof node !== "object") {
      throw new Error(`--set ${pathText}: ${formatPath(path.slice(0, i + 1))} is ${describe(node)}, not a mapping or list`);
    }
  }
  const last = path[path.length - 1]!;
  if (typeof last === "number" && (!Array.isArray(node) || last > node.length)) {
    throw new Error(`--set ${pathText}: ${formatPath(path)} does not exist in the scenario file`);
  }
  (node as Record<string | number, unknown>)[last] = value;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "number") s += `[${seg}]`;
    else s += s.length === 0 ? String(seg) : `.${String(seg)}`;
  }
  return s.length === 0 ? "(top level)" : s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[seg];
  }
  return node;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `a list (${JSON.stringify(v).slice(0, 60)})`;
  if (v !== null && typeof v === "object") return `a mapping (${JSON.stringify(v).slice(0, 60)})`;
  return String(v);
}

/** The field names a strict object accepts at `path`, found by walking the schema. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = ScenarioSchema as unknown as z.core.$ZodType;
  const unwrap = (t: z.core.$ZodType | undefined): z.core.$ZodType | undefined => {
    let cur = t;
    for (let guard = 0; cur && guard < 10; guard++) {
      const def = cur._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
      if (def.innerType) cur = def.innerType;
      else if (def.type === "pipe" && def.in) cur = def.in;
      else break;
    }
    return cur;
  };
  for (const seg of path) {
    node = unwrap(node);
    if (!node) return [];
    const def = node._zod.def as unknown as {
      type: string;
      shape?: Record<string, z.core.$ZodType>;
      element?: z.core.$ZodType;
    };
    if (typeof seg === "number") node = def.type === "array" ? def.element : undefined;
    else node = def.type === "object" && def.shape ? def.shape[String(seg)] : undefined;
  }
  node = unwrap(node);
  const def = node?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** Turns zod issues into one readable line each: `path: expected …, got …`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(issue.path);
      for (const key of issue.keys) {
        const where = formatPath([...issue.path, key]);
        lines.push(`${where}: unknown field${known.length ? `, expected one of: ${known.join(", ")}` : ""}`);
      }
      continue;
    }
    const where = formatPath(issue.path);
    const got = valueAt(input, issue.path);
    const expected = expectedText(issue);
    if (got === undefined) lines.push(`${where}: missing, ${expected}`);
    else lines.push(`${where}: ${expected}, got ${describe(got)}`);
  }
  return lines;
}

function expectedText(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith("expected")) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return `expected ${issue.origin === "array" ? "at least" : issue.inclusive ? "at least" : "more than"} ${String(issue.minimum)}${issue.origin === "array" ? " items" : ""}`;
    case "too_big":
      return `expected ${issue.origin === "array" ? "at most" : issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}${issue.origin === "array" ? " items" : ""}`;
    default:
      return `expected a valid value (${issue.message})`;
  }
}
