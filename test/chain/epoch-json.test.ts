/**
 * The JSON face of the epoch (`subnet-sim epoch`): the vector schema round-trips, arrays map in
 * order, and malformed inputs fail with messages that name the field path, the expectation and
 * the value found.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EpochInputError, formatEpochOutput, parseEpochInput, runEpochJson } from "../../sim/chain/local/epoch-json.js";
import { runEpoch } from "../../sim/chain/local/epoch.js";

interface Fixture {
  cases: { epochs?: { input: Record<string, unknown>; computed_by_reference_implementation: Record<string, unknown> }[] }[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/yuma-public.json", import.meta.url), "utf8")) as Fixture;
const epochs = fixture.cases.flatMap((c) => c.epochs ?? []);
const expected = (e: (typeof epochs)[number]): Record<string, unknown> => {
  const { float: _float, ...rest } = e.computed_by_reference_implementation;
  return rest;
};
/** A valid input to break, deep-copied. */
const base = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(epochs.find((e) => (e.input.weights as unknown[][]).some((r) => r.length > 0))!.input)) as Record<string, unknown>;

function errorOf(value: unknown): string {
  try {
    runEpochJson(value);
  } catch (e) {
    expect(e).toBeInstanceOf(EpochInputError);
    return (e as Error).message;
  }
  throw new Error("expected an EpochInputError");
}

describe("runEpochJson", () => {
  it("maps every fixture input to exactly its vector output (object → object)", () => {
    for (const e of epochs) {
      const out = runEpochJson(e.input);
      expect(out).toEqual(expected(e));
      // Plain JSON: survives a stringify/parse round trip unchanged.
      expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    }
  });

  it("maps an array of inputs to an array of outputs in the same order", () => {
    const out = runEpochJson(epochs.map((e) => e.input)) as unknown[];
    expect(out).toHaveLength(epochs.length);
    out.forEach((o, i) => expect(o).toEqual(expected(epochs[i]!)));
  });

  it("parse → run → format equals the typed path, and the parsed input is typed arrays", () => {
    const inp = parseEpochInput(base());
    expect(inp.stakeRao).toBeInstanceOf(BigUint64Array);
    expect(inp.weights[0]!.cols).toBeInstanceOf(Uint16Array);
    expect(formatEpochOutput(runEpoch(inp))).toEqual(runEpochJson(base()));
  });

  it("accepts u64 values as decimal strings and prints rao above 2^53 as strings", () => {
    const v = base();
    v.rao_emission = "18446744073709551615";
    v.stake_rao = (v.stake_rao as number[]).map(String);
    const out = runEpochJson(v) as { emission: (number | string)[] };
    const total = out.emission.reduce<bigint>((a, x) => a + BigInt(x), 0n);
    expect(total <= 18446744073709551615n).toBe(true);
    expect(out.emission.some((x) => typeof x === "string")).toBe(true);
  });

  it("accepts the commit-reveal extension keys", () => {
    const v = base();
    const n = v.n as number;
    v.commit_reveal = true;
    v.commit_block = Array.from({ length: n }, () => 0); // every commit predates registration
    const out = runEpochJson(v) as { incentive_u16: number[] };
    expect(out.incentive_u16.every((x) => x === 0)).toBe(true); // all weights masked
    v.commit_block = Array.from({ length: n }, () => null); // no live commit: nothing masked
    expect(runEpochJson(v)).toEqual(runEpochJson(base()));
  });
});

describe("runEpochJson: bad inputs name the field, the expectation and the value", () => {
  it("a weight entry pointing past n", () => {
    const v = base();
    (v.weights as unknown[][])[3] = [[4, 1], [9, 100]];
    expect(errorOf(v)).toBe("weights[3][1]: expected [uid, u16] with uid < n=8, got [9, 100]");
  });

  it("a weight value that is not a u16", () => {
    const v = base();
    (v.weights as unknown[][])[0] = [[4, 70000]];
    expect(errorOf(v)).toBe("weights[0][0]: expected [uid, u16] with uid < n=8, got [4, 70000]");
  });

  it("bond columns out of order", () => {
    const v = base();
    (v.bonds as unknown[][])[2] = [[5, 10], [5, 11]];
    expect(errorOf(v)).toBe("bonds[2][1]: expected uid > 5 (columns strictly ascending), got [5, 11]");
  });

  it("a per-uid array of the wrong length", () => {
    const v = base();
    v.last_update = [0, 0, 0];
    expect(errorOf(v)).toBe("last_update: expected an array of n=8 block numbers, got an array of 3");
  });

  it("a stake that is not a u64", () => {
    const v = base();
    (v.stake_rao as unknown[])[1] = -5;
    expect(errorOf(v)).toBe("stake_rao[1]: expected a u64 (integer 0..2^64−1, as a JSON integer or a decimal string), got -5");
  });

  it("a missing field, an unknown field, a wrong type", () => {
    const v = base();
    delete v.kappa_u16;
    expect(errorOf(v)).toBe("kappa_u16: missing; every input field is required");
    const w = { ...base(), yuma_3: true };
    expect(errorOf(w)).toMatch(/^yuma_3: unknown field; expected one of n, current_block, /);
    const x = { ...base(), yuma3: "yes" };
    expect(errorOf(x)).toBe('yuma3: expected true or false, got "yes"');
  });

  it("an owner uid outside the subnet, and a non-object input", () => {
    expect(errorOf({ ...base(), owner_uid: 8 })).toBe("owner_uid: expected null or a uid < n=8, got 8");
    expect(errorOf(42)).toBe("input: expected an epoch input object, got 42");
  });

  it("in an array, the path starts with the element index", () => {
    const bad = base();
    bad.kappa_u16 = 65536;
    expect(errorOf([base(), bad])).toBe("[1].kappa_u16: expected a u16 (integer 0..65535), got 65536");
  });
});
