/**
 * A stand-in epoch for LocalChain tests until sim/chain/local/epoch.ts lands: stake-weighted
 * incentive from permitted, active validators' normalised weights, dividends ∝ active stake ×
 * agreement with incentive, §3.11's split and zero-weights fallback. Not Yuma: no consensus
 * clipping and no bonds. It only has to be a plausible, deterministic epoch of the right shape.
 */
import type { SparseRow } from "../../sim/chain/chain.js";
import type { SubnetEpochFn } from "../../sim/chain/local/subnet-epoch.js";

const EMPTY: SparseRow = { cols: new Uint16Array(0), vals: new Uint16Array(0) };

function normalize(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  if (s > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / s;
  return v;
}

const u16 = (x: number) => Math.floor(x * 65535);

export const toyEpoch: SubnetEpochFn = (inp) => {
  const n = inp.n;
  const stake = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = Number(inp.stakeRao[i]!);
    stake[i] = i !== inp.ownerUid && s < Number(inp.stakeThresholdRao) ? 0 : s;
  }
  normalize(stake);
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) active[i] = inp.lastUpdate[i]! + inp.activityCutoff < inp.currentBlock ? 0 : 1;
  const permitOld = inp.validatorPermits.slice();
  if (inp.ownerUid >= 0) permitOld[inp.ownerUid] = 1;
  // new permits: top-k nonzero stake, ties to the higher uid
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => stake[a]! - stake[b]! || a - b);
  const permitNew = new Uint8Array(n);
  for (let i = 0; i < n; i++) permitNew[i] = stake[i]! > 0 ? 1 : 0;
  if (n >= inp.maxAllowedValidators) for (let k = 0; k < n - inp.maxAllowedValidators; k++) permitNew[order[k]!] = 0;
  if (inp.ownerUid >= 0) permitNew[inp.ownerUid] = 1;
  const activeStake = new Float64Array(n);
  for (let i = 0; i < n; i++) activeStake[i] = active[i] && permitOld[i] ? stake[i]! : 0;
  normalize(activeStake);
  // weights, masked and row-normalised
  const W: Array<Map<number, number>> = [];
  for (let i = 0; i < n; i++) {
    const row = new Map<number, number>();
    const r = inp.weights[i] ?? EMPTY;
    if (permitOld[i]) {
      for (let k = 0; k < r.cols.length; k++) {
        const j = r.cols[k]!;
        if (j >= n) continue;
        if (j === i && i !== inp.ownerUid) continue;
        if (inp.lastUpdate[i]! <= inp.blockAtRegistration[j]!) continue;
        if (inp.commitReveal && inp.commitBlock[i]! < inp.blockAtRegistration[j]!) continue;
        row.set(j, r.vals[k]!);
      }
    }
    let s = 0;
    for (const v of row.values()) s += v;
    if (s > 0) for (const [j, v] of row) row.set(j, v / s);
    W.push(row);
  }
  const incentive = new Float64Array(n);
  for (let i = 0; i < n; i++) for (const [j, w] of W[i]!) incentive[j] = incentive[j]! + activeStake[i]! * w;
  normalize(incentive);
  const dividends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let agree = 0;
    for (const [j, w] of W[i]!) agree += w * incentive[j]!;
    dividends[i] = activeStake[i]! * agree;
  }
  normalize(dividends);
  let sumI = 0;
  let sumD = 0;
  for (let i = 0; i < n; i++) {
    sumI += incentive[i]!;
    sumD += dividends[i]!;
  }
  const sigma = sumI + sumD;
  const E = Number(inp.raoEmission);
  const server = new BigUint64Array(n);
  const validator = new BigUint64Array(n);
  const emission = new BigUint64Array(n);
  let v = dividends;
  let m = incentive;
  let denom = sigma;
  if (sigma === 0) {
    let sa = 0;
    for (const x of activeStake) sa += x;
    v = sa > 0 ? activeStake : stake;
    m = new Float64Array(n);
    denom = 1;
  }
  for (let i = 0; i < n; i++) {
    server[i] = BigInt(Math.floor((m[i]! / denom) * E));
    validator[i] = BigInt(Math.floor((v[i]! / denom) * E));
    emission[i] = server[i]! + validator[i]!;
  }
  return {
    active,
    newValidatorPermits: permitNew,
    stakeWeightU16: Uint16Array.from(stake, u16),
    consensusU16: new Uint16Array(n),
    incentiveU16: Uint16Array.from(incentive, u16),
    dividendsU16: Uint16Array.from(dividends, u16),
    validatorTrustU16: new Uint16Array(n),
    serverEmissionRao: server,
    validatorEmissionRao: validator,
    emissionRao: emission,
    bonds: Array.from({ length: n }, () => EMPTY),
  };
};
