/**
 * The epoch kernel: the Yuma epoch in WebAssembly (wasm/kernel.ts, AssemblyScript, built at
 * install time into wasm/kernel-binary.ts), with native 64-bit integer arithmetic. One instance
 * serves every subnet size (epoch.ts keeps one); this module copies an epoch's weights, bonds and
 * per-uid inputs in, runs the stages in the chain's order (§3.1–§3.4 in JS instead when the stake
 * sum reaches 2^61 rao), and copies every output out in one buffer. epoch.ts uses it unless the
 * bond EMA rate is beyond ±2^33; `run` hands an epoch back (null) when it exceeds the kernel's
 * layout.
 */
import type { SparseRow } from "../chain.js";
import type { EpochOutput } from "./epoch.js";
import { ONE, ONE_B, expRaw, expSafeB, fdivB, fdivFloor } from "./fixed.js";
import { KERNEL_WASM_BASE64 } from "./wasm/kernel-binary.js";

/** The part of the WebAssembly JS API used here (lib ES2022 does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The kernel's exports (wasm/kernel.ts): i64 parameters cross as bigint, the rest as numbers. */
interface KernelExports {
  memory: { buffer: ArrayBuffer };
  reserve(n: number, capWin: number, capBin: number): number;
  region(id: number): number;
  buildWeights(n: number, owner: number, commitOn: number): number;
  consensus(n: number, useTotal: number, kappa: number): void;
  clipAndRank(n: number): void;
  weightsForBonds(n: number, beta: number): number;
  bondsYuma2(n: number, wb: number, alpha: number): number;
  emaYuma3Fixed(n: number, wb: number, alpha: number): void;
  setLiquidAlpha(low: bigint, high: bigint, kh: bigint, kl: bigint): void;
  emaLiquidAlpha(n: number, wb: number): void;
  finishYuma3(n: number, storeBonds: number): number;
  anyConsensus(n: number): number;
  finishEpoch(n: number, eHi: number, eLo: number): void;
  prelude(n: number, block: number, cutoff: number, owner: number, maxValidators: number, thrHi: number, thrLo: number, lastTempo: number): number;
  perUidFromJs(n: number): void;
  resultU16(n: number): number;
  resultStart(n: number): number;
  resultFlags(n: number): number;
  resultBonds(n: number): number;
  packBonds(n: number, total: number): number;
  wideQuotients: { value: number };
  fastRatePairs: { value: number };
}

/** Region ids of `region()` in wasm/kernel.ts. */
const R = {
  activeStake: 0,
  use: 1,
  lastUpdate: 2,
  bar: 3,
  commit: 4,
  permitOld: 5,
  permitNew: 6,
  masked: 7,
  stake: 8,
  result: 9,
  wPtrIn: 10,
  wColIn: 11,
  wValIn: 12,
  bPtrIn: 13,
  bColIn: 14,
  bValIn: 15,
  oCol: 16,
  oVal: 17,
  exp2Frac: 18,
  pow2: 19,
  expLoss: 20,
  stakeRaw: 21,
  stored: 22,
  active: 23,
} as const;

/** Number of liquid-alpha rates the kernel resolved with the exact exp series (diagnostics). */
let exactSigmaCalls = 0;

/** σ for an exp input y (raw) by the exact floored series: the kernel's rare fallback. */
function exactSigma(y: number): number {
  exactSigmaCalls++;
  if (Math.abs(y) <= 13 * ONE) return fdivFloor(ONE, ONE + expRaw(y));
  return Number(fdivB(ONE_B, ONE_B + expSafeB(BigInt(y))));
}

export function kernelExactSigmaCalls(): number {
  return exactSigmaCalls;
}

/** Number of kernel epochs whose §3.1–§3.4 ran in JS (stake sum ≥ 2^61 rao; diagnostics for tests). */
let perUidInJs = 0;
export function kernelPerUidInJs(): number {
  return perUidInJs;
}

/** Number of epochs whose per-entry stages ran on the kernel so far (diagnostics for tests). */
let kernelRuns = 0;
export function kernelEpochs(): number {
  return kernelRuns;
}

/** Kernel instances, for the diagnostics below. */
const instances: { wideQuotients: { value: number }; fastRatePairs: { value: number } }[] = [];

/** Quotients of a bond above 1.0 (the kernel's rare wide path) so far, over all instances. */
export function kernelWideQuotients(): number {
  return instances.reduce((sum, x) => sum + x.wideQuotients.value, 0);
}

/** Liquid-alpha rate pairs decided by the kernel's f64x2 pass so far, over all instances. */
export function kernelFastRatePairs(): number {
  return instances.reduce((sum, x) => sum + x.fastRatePairs.value, 0);
}

/**
 * What the kernel's fixed layout holds (wasm/kernel.ts MAX_N, MAX_WIN, MAX_BIN): up to 4,096 UIDs
 * and 2^20 weight and 2^20 bond entries an epoch (a subnet of 4,096 UIDs with 256 validators
 * weighting every UID). A larger epoch runs on the JS stages.
 */
export const KERNEL_MAX_ENTRIES = 1 << 20;
let entryLimit = KERNEL_MAX_ENTRIES;

/**
 * Lower the number of weight or bond entries the kernel takes (for tests, or a host short of
 * address space); larger epochs run on the JS stages. Returns the previous limit.
 */
export function setKernelEntryLimit(entries: number): number {
  const previous = entryLimit;
  entryLimit = Math.min(entries, KERNEL_MAX_ENTRIES);
  return previous;
}

/**
 * Each kernel epoch returns its outputs in one new buffer of about 60 KB (256 UIDs), freed in
 * batches by V8's scavenges: a few hundred MB/s of malloc churn at full speed. glibc returns the
 * freed top of its heap to the OS after each batch (its trim threshold starts at 128 KB), so the
 * next outputs page-fault their memory back in: measured 9.6 page faults per liquid-alpha epoch
 * and 7% of its throughput on the development machine. glibc raises its mmap threshold to the
 * size of the largest mmap-ed block it frees (up to 32 MB) and its trim threshold to twice that
 * (mallopt(3), "dynamic mmap threshold"), so one 16 MB block allocated and dropped when the
 * first kernel is made keeps freed memory in the heap (0.4 faults per epoch). Other allocators
 * are unaffected.
 */
let mallocPrimed = false;
function primeMalloc(): void {
  if (mallocPrimed) return;
  mallocPrimed = true;
  Buffer.allocUnsafeSlow(16 << 20).fill(0, 0, 1);
}

let compiled: object | null = null;

function module(): object {
  if (compiled === null) compiled = new Wasm.Module(Buffer.from(KERNEL_WASM_BASE64, "base64"));
  return compiled;
}

/** Tables for the liquid-alpha exp bracket, shared with epoch.ts (written into each instance). */
export interface ExpTables {
  exp2Frac: Float64Array;
  pow2: Float64Array;
  expLoss: Float64Array;
}

/** Per-uid inputs of one epoch's kernel stages (blocks as numbers; the stake in rao). */
export interface KernelInput {
  n: number;
  currentBlock: number;
  activityCutoff: number;
  lastUpdate: Float64Array;
  blockAtRegistration: Float64Array;
  /** Commit blocks when commit-reveal masks weights, else null. */
  commitBlock: Float64Array | null;
  stakeRao: BigUint64Array;
  stakeThreshold: bigint;
  /** `ValidatorPermit` as stored. */
  validatorPermits: Uint8Array;
  /** The owner's uid, −1 without one. */
  owner: number;
  maxAllowedValidators: number;
  lastTempo: number;
  weights: SparseRow[];
  bonds: SparseRow[];
  /** Emission E to split, rao (u64). */
  raoEmission: bigint;
  /** §3.1–§3.4 in JS, for a stake sum the kernel leaves to bigint (ΣS ≥ 2^61 rao). */
  perUid: () => PerUid;
}

/** §3.1–§3.4: normalised stake, active stake and s̃ (raws), flags, and Σs̃. */
export interface PerUid {
  stake: Float64Array;
  activeStake: Float64Array;
  use: Float64Array;
  active: Uint8Array;
  permitOld: Uint8Array;
  permitNew: Uint8Array;
  bondColMasked: Uint8Array;
  useTotal: number;
}

/** What the kernel computes: the epoch's outputs (fresh arrays, views of one new ArrayBuffer). */
export type KernelResult = Omit<EpochOutput, "bonds"> & { bonds: KernelBonds };

/**
 * How the bonds are computed this epoch (raws as bigint, as the kernel takes them): Yuma 2 or
 * Yuma 3 with the fixed rate α, or with liquid alpha (used only when some consensus is non-zero,
 * as the chain does; else the fixed rate).
 */
export interface BondMode {
  yuma3: boolean;
  /** The fixed EMA rate α (raw; |α| ≤ 2^33). */
  alpha: number;
  liquid: { low: bigint; high: bigint; kh: bigint; kl: bigint } | null;
}

/** The stored bonds: row i is [start[i], start[i+1]) of cols/vals (empty unless permit_new). */
export interface KernelBonds {
  cols: Uint16Array;
  vals: Uint16Array;
  start: Int32Array;
}

/** A kernel instance with its own memory, for subnets of any size; not re-entrant. */
export class EpochKernel {
  private readonly x: KernelExports;
  private readonly tables: ExpTables;
  private buffer: ArrayBuffer | null = null;
  /** E split at 2^32 for the kernel, kept for the last E seen. */
  private lastE = -1n;
  private eHi = 0;
  private eLo = 0;
  private f64 = new Float64Array(0);
  private u8 = new Uint8Array(0);
  private u16 = new Uint16Array(0);
  private i32 = new Int32Array(0);
  private u64 = new BigUint64Array(0);
  /** StakeThreshold split at 2^32 for the kernel, kept for the last threshold seen. */
  private lastThr = -1n;
  private thrHi = 0;
  private thrLo = 0;
  /** Byte offsets of the regions, read once per layout (region() is a call into the kernel). */
  private at: Record<keyof typeof R, number> = { ...R };
  private liquid: BondMode["liquid"] = null;

  constructor(tables: ExpTables) {
    primeMalloc();
    const instance = new Wasm.Instance(module(), {
      env: {
        exactSigma,
        abort: () => {
          throw new Error("epoch kernel aborted");
        },
      },
    });
    this.x = instance.exports as unknown as KernelExports;
    instances.push(this.x);
    this.tables = tables;
  }

  /**
   * Make sure the kernel's memory holds n uids (it grows once, to its fixed layout; entries are
   * checked while the rows are copied); false if n is beyond the layout. Views are rebuilt when
   * the memory moved.
   */
  private reserve(n: number): boolean {
    if (this.x.reserve(n, 0, 0) === 0) return false;
    const buf = this.x.memory.buffer;
    if (buf === this.buffer) return true;
    this.buffer = buf;
    this.f64 = new Float64Array(buf);
    this.u8 = new Uint8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.i32 = new Int32Array(buf);
    this.u64 = new BigUint64Array(buf);
    for (const key of Object.keys(R) as (keyof typeof R)[]) this.at[key] = this.x.region(R[key]);
    this.f64.set(this.tables.exp2Frac, this.at.exp2Frac >> 3);
    this.f64.set(this.tables.pow2, this.at.pow2 >> 3);
    this.f64.set(this.tables.expLoss, this.at.expLoss >> 3);
    return true;
  }

  /** Copy v[0..n) into the f64 region at byte offset `at`. */
  private put(v: Float64Array, n: number, at: number): void {
    this.f64.set(v.length === n ? v : v.subarray(0, n), at >> 3);
  }


  /** Copy rows into the u16 input region (i32 pointers); rows with keep[i] = 0 are left empty. */
  /**
   * Copy rows into the u16 input region (i32 pointers); rows with keep[i] = 0 are left empty.
   * Returns false, leaving the region unusable, if more than `limit` entries come.
   */
  private copyRows(rows: SparseRow[], n: number, keep: Uint8Array | null, limit: number, ptrAt: number, colAt: number, valAt: number): boolean {
    const p = ptrAt >> 2;
    const c = colAt >> 1;
    const v = valAt >> 1;
    const { i32, u16 } = this;
    let k = 0;
    for (let i = 0; i < n; i++) {
      i32[p + i] = k;
      if (keep !== null && keep[i] !== 1) continue;
      const row = rows[i]!;
      const len = row.cols.length;
      if (len === 0) continue;
      if (k + len > limit) return false;
      u16.set(row.cols, c + k);
      u16.set(row.vals, v + k);
      k += len;
    }
    i32[p + n] = k;
    return true;
  }

  /**
   * Run §3.1–§3.11 on the kernel. `kappa` and `beta` are I32F32 raws. Returns null, having done
   * nothing, when the epoch is too large for the kernel's memory (the caller runs the JS stages
   * instead).
   */
  run(inp: KernelInput, kappa: number, beta: number, mode: BondMode): KernelResult | null {
    const n = inp.n;
    if (!this.reserve(n)) return null;
    const { at } = this;
    // Rows first: an epoch with more entries than the kernel takes goes back to the caller. (Rows
    // of validators without a permit are copied too; the weights build skips them.)
    if (!this.copyRows(inp.weights, n, null, entryLimit, at.wPtrIn, at.wColIn, at.wValIn)) return null;
    if (!this.copyRows(inp.bonds, n, null, entryLimit, at.bPtrIn, at.bColIn, at.bValIn)) return null;
    kernelRuns++;
    const { f64, u8 } = this;
    this.put(inp.lastUpdate, n, at.lastUpdate);
    this.put(inp.blockAtRegistration, n, at.bar);
    if (inp.commitBlock !== null) {
      const c = at.commit >> 3;
      const cb = inp.commitBlock;
      for (let i = 0; i < n; i++) f64[c + i] = i < cb.length ? cb[i]! : Infinity;
    }
    this.u64.set(inp.stakeRao.length === n ? inp.stakeRao : inp.stakeRao.subarray(0, n), at.stakeRaw >> 3);
    u8.set(inp.validatorPermits.length === n ? inp.validatorPermits : inp.validatorPermits.subarray(0, n), at.stored);
    if (inp.stakeThreshold !== this.lastThr) {
      this.lastThr = inp.stakeThreshold;
      this.thrHi = Number(inp.stakeThreshold >> 32n);
      this.thrLo = Number(inp.stakeThreshold & 0xffffffffn);
    }
    const owner = inp.owner;
    let useTotal = this.x.prelude(n, inp.currentBlock, inp.activityCutoff, owner, inp.maxAllowedValidators, this.thrHi, this.thrLo, inp.lastTempo);
    if (useTotal < 0) {
      perUidInJs++;
      const p = inp.perUid();
      this.put(p.stake, n, at.stake);
      this.put(p.activeStake, n, at.activeStake);
      this.put(p.use, n, at.use);
      u8.set(p.active.subarray(0, n), at.active);
      u8.set(p.permitOld.subarray(0, n), at.permitOld);
      u8.set(p.permitNew.subarray(0, n), at.permitNew);
      u8.set(p.bondColMasked.subarray(0, n), at.masked);
      this.x.perUidFromJs(n);
      useTotal = p.useTotal;
    }

    const x = this.x;
    x.buildWeights(n, owner, inp.commitBlock !== null ? 1 : 0);
    x.consensus(n, useTotal, kappa);
    x.clipAndRank(n);
    const wb = x.weightsForBonds(n, beta);
    let total: number;
    if (!mode.yuma3) {
      total = x.bondsYuma2(n, wb, mode.alpha);
    } else {
      const liquid = mode.liquid;
      if (liquid !== null && x.anyConsensus(n) === 1) {
        const last = this.liquid;
        if (last === null || last.low !== liquid.low || last.high !== liquid.high || last.kh !== liquid.kh || last.kl !== liquid.kl) {
          x.setLiquidAlpha(liquid.low, liquid.high, liquid.kh, liquid.kl);
          this.liquid = liquid;
        }
        x.emaLiquidAlpha(n, wb);
        total = x.finishYuma3(n, 0);
      } else {
        x.emaYuma3Fixed(n, wb, mode.alpha);
        total = x.finishYuma3(n, 1);
      }
    }
    if (inp.raoEmission !== this.lastE) {
      this.lastE = inp.raoEmission;
      this.eHi = Number(inp.raoEmission >> 32n);
      this.eLo = Number(inp.raoEmission & 0xffffffffn);
    }
    x.finishEpoch(n, this.eHi, this.eLo);
    // The outputs are one block laid out for n (packBonds adds the flags and the stored bonds),
    // then one copy and views (an ArrayBuffer per output costs more than the copy).
    const flags = x.resultFlags(n);
    const base = at.result;
    const end = x.packBonds(n, total);
    // One uninitialised allocation (ArrayBuffer.prototype.slice zero-fills before it copies; every
    // byte here is copied over at once); not pooled, so its ArrayBuffer starts at the block.
    const out = Buffer.allocUnsafeSlow(end - base);
    out.set(this.u8.subarray(base, end));
    const block = out.buffer;
    const u = x.resultU16(n) - base;
    const b = x.resultBonds(n) - base;
    return {
      active: new Uint8Array(block, flags - base, n),
      newValidatorPermits: new Uint8Array(block, flags - base + n, n),
      stakeWeightU16: new Uint16Array(block, u, n),
      consensusU16: new Uint16Array(block, u + 2 * n, n),
      incentiveU16: new Uint16Array(block, u + 4 * n, n),
      dividendsU16: new Uint16Array(block, u + 6 * n, n),
      validatorTrustU16: new Uint16Array(block, u + 8 * n, n),
      serverEmission: new BigUint64Array(block, 0, n),
      validatorEmission: new BigUint64Array(block, 8 * n, n),
      emission: new BigUint64Array(block, 16 * n, n),
      bonds: {
        start: new Int32Array(block, x.resultStart(n) - base, n + 1),
        cols: new Uint16Array(block, b, total),
        vals: new Uint16Array(block, b + 2 * total, total),
      },
    };
  }
}
