/** The public reference vectors (test/fixtures/yuma-public.json), looked up by case id. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const data = JSON.parse(readFileSync(join(here, "..", "fixtures", "yuma-public.json"), "utf8")) as {
  cases: Array<{ id: string } & Record<string, unknown>>;
};

export function fixtureCase(id: string): Record<string, unknown> {
  const c = data.cases.find((x) => x.id === id);
  if (!c) throw new Error(`fixture case ${id} not found`);
  return c;
}
