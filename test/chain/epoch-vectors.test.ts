/**
 * The shared reference vectors (test/fixtures/yuma-public.json): every epoch case must reproduce
 * `computed_by_reference_implementation` exactly (u16 and rao), plus what the subtensor tests
 * assert, the trace comments, and the listed Yuma3 bond targets; the math.rs weighted-median and
 * mat_ema_alpha_sparse vectors. (The halving and coinbase vectors belong to other modules.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { columnConsensus, liquidBondUpdate, runEpoch } from "../../sim/chain/local/epoch.js";
import { formatEpochOutput, parseEpochInput, runEpochJson, type EpochOutputJson } from "../../sim/chain/local/epoch-json.js";
import { epochReference } from "./epoch-reference.js";

interface EpochCase {
  input: Record<string, unknown>;
  label: string;
  computed_by_reference_implementation: Record<string, unknown>;
  asserted_in_source?: Record<string, unknown>;
  [other: string]: unknown;
}
interface Fixture {
  cases: { id: string; epochs?: EpochCase[]; vectors?: Record<string, unknown>[] }[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/yuma-public.json", import.meta.url), "utf8")) as Fixture;
const epochCases = fixture.cases.filter((c) => c.epochs !== undefined);
const vectorsOf = (id: string): Record<string, unknown>[] => fixture.cases.find((c) => c.id === id)!.vectors!;

/** `a..b` (end exclusive), `k` or `all` → indices into a vector of length n. */
function indices(spec: string, n: number): number[] {
  if (spec === "all") return Array.from({ length: n }, (_, i) => i);
  const m = /^(\d+)\.\.(\d+)$/.exec(spec);
  if (m) return Array.from({ length: Number(m[2]) - Number(m[1]) }, (_, k) => Number(m[1]) + k);
  return [Number(spec)];
}

const bondAt = (out: EpochOutputJson, row: number, col: number): number =>
  out.bonds_u16[row]!.find((e) => e[0] === col)?.[1] ?? 0;

/** Check one provenance entry such as `bonds[0..4][4]`, `emission[0]`, `dividends_u16[0..2]` or `consensus_u16`. */
function checkKey(out: EpochOutputJson, key: string, want: unknown): void {
  const n = out.active.length;
  const bonds = /^(?:bonds|B_in_next_epoch)\[([^\]]+)\]\[([^\]]+)\]$/.exec(key);
  if (bonds) {
    const pick = (spec: string, f: (k: number) => unknown): unknown =>
      spec.includes("..") ? indices(spec, n).map(f) : f(Number(spec));
    const got = pick(bonds[1]!, (r) => pick(bonds[2]!, (c) => bondAt(out, r, c)));
    expect(got, key).toEqual(want);
    return;
  }
  if (key.startsWith("dividends (u16/65535, tolerance 1e-3)")) {
    (want as number[]).forEach((x, i) => expect(Math.abs(out.dividends_u16[i]! / 65535 - x), `${key}[${i}]`).toBeLessThanOrEqual(1e-3));
    return;
  }
  const vec = /^([a-z_0-9]+)(?:\[([^\]]+)\])?$/i.exec(key);
  if (!vec) throw new Error(`unknown provenance key ${key}`);
  const name = vec[1] === "E" ? "emission" : vec[1]!;
  const full = out[name as keyof EpochOutputJson] as unknown[];
  if (vec[2] === undefined) {
    expect(full, key).toEqual(want);
    return;
  }
  const idx = indices(vec[2], n);
  expect(vec[2].includes("..") || vec[2] === "all" ? idx.map((i) => full[i]) : full[idx[0]!], key).toEqual(want);
}

describe("epoch vectors (subtensor epoch.rs cases)", () => {
  for (const c of epochCases) {
    describe(c.id, () => {
      c.epochs!.forEach((e, k) => {
        it(`epoch ${k}: ${e.label}`, () => {
          const out = runEpochJson(e.input) as EpochOutputJson;
          const want = { ...e.computed_by_reference_implementation };
          delete want.float;
          expect(Object.keys(out)).toEqual(Object.keys(want));
          expect(out).toEqual(want);
          // The bigint reference agrees as well.
          expect(formatEpochOutput(epochReference(parseEpochInput(e.input)))).toEqual(want);
          for (const [key, v] of Object.entries(e.asserted_in_source ?? {})) checkKey(out, key, v);
          for (const [prov, entries] of Object.entries(e)) {
            if (prov.startsWith("trace_comment_in_source")) {
              for (const [key, v] of Object.entries(entries as Record<string, unknown>)) checkKey(out, key, v);
            }
            if (prov === "listed_but_NOT_asserted_in_source") {
              // Bond proportions for validators 0..2 at the listed server columns, within 1e-4
              // (rows with an extra leading entry are aligned on their last entries).
              for (const [key, rows] of Object.entries(entries as Record<string, number[][]>)) {
                const cols = JSON.parse(/columns (\[[^\]]*\])/.exec(key)![1]!) as number[];
                rows.forEach((row, r) => {
                  row.slice(row.length - cols.length).forEach((x, k2) => {
                    expect(Math.abs(bondAt(out, r, cols[k2]!) / 65535 - x), `${key} row ${r}`).toBeLessThanOrEqual(1e-4);
                  });
                });
              }
            }
          }
        });
      });
    });
  }

  it("the worked example of MECHANISM.md §3.12 (test_active_stake, block 5002)", () => {
    const c = epochCases.find((x) => x.id === "subtensor.epoch.test_active_stake")!;
    const e = c.epochs!.find((x) => x.label.startsWith("block 5002"))!;
    const out = runEpoch(parseEpochInput(e.input));
    expect(Array.from(out.stakeWeightU16)).toEqual([16383, 16383, 16383, 16383]);
    expect(Array.from(out.consensusU16)).toEqual([0, 0, 32767, 32767]);
    expect(Array.from(out.validatorTrustU16)).toEqual([65535, 65535, 0, 0]);
    expect(Array.from(out.dividendsU16.subarray(0, 2))).toEqual([36044, 29490]);
    expect(Array.from(out.emission)).toEqual([274_999_999n, 224_999_999n, 250_000_000n, 250_000_000n]);
    expect(Array.from(out.bonds[1]!.vals)).toEqual([53619, 53619]);
  });
});

/** I32F32::from_num of an f32 literal: the f32 value, rounded to the nearest raw. */
const fromF32 = (x: number): number => Math.round(Math.fround(x) * 2 ** 32);

describe("math.rs vectors", () => {
  it("weighted_median_col: consensus of each column", () => {
    for (const v of vectorsOf("subtensor.math.weighted_median_col")) {
      const stake = Float64Array.from(v.stake as number[], fromF32);
      const kappa = fromF32(v.kappa as number);
      if (v.weights !== undefined) {
        const w = v.weights as number[][]; // rows = validators
        const got = (v.expected_consensus as number[]).map((_, j) =>
          columnConsensus(stake, Float64Array.from(w, (row) => fromF32(row[j]!)), kappa),
        );
        expect(got).toEqual((v.expected_consensus as number[]).map(fromF32));
      } else {
        const score = Float64Array.from(v.score_single_column as number[], fromF32);
        expect(columnConsensus(stake, score, kappa)).toBe(fromF32(v.expected as number));
      }
    }
  });

  it("mat_ema_alpha_sparse: entries present in `new` only, capped at 1", () => {
    for (const v of vectorsOf("subtensor.math.mat_ema_alpha_sparse")) {
      const old = (v.old as number[]).map(fromF32);
      const next = (v.new as number[]).map(fromF32);
      const a = fromF32(v.alpha as number);
      const got = next.map((w, k) => (w === 0 ? 0 : liquidBondUpdate(old[k]!, w, a)) / 2 ** 32);
      (v.expected as number[]).forEach((x, k) => expect(Math.abs(got[k]! - x), `entry ${k}`).toBeLessThanOrEqual(v.tolerance as number));
    }
  });
});
