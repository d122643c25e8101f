/**
 * Block emission as a function of issuance, with halvings (MECHANISM.md §5.1).
 *
 *     E(I) = floor(1e9 rao / 2^k),   k = floor(log2(1 / (1 − I / 21e15)))
 *
 * and 0 once I ≥ TotalSupply (21M TAO). The same curve gives a subnet's alpha emission per
 * block from its alpha issuance (SubnetAlphaIn + SubnetAlphaOut, §4.1 step 3).
 *
 * The chain evaluates log2 in fixed point; here k is found exactly in integers as the largest k
 * with (S − I)·2^k ≤ S, which is the same inequality without rounding. Values exactly at a
 * threshold may differ from the chain's fixed-point log2 by one halving step; the vectors avoid
 * them (see test/fixtures, `derived.block_emission_halving`).
 */

/** TotalSupply: 21M TAO in rao. */
export const TOTAL_SUPPLY_RAO = 21_000_000_000_000_000n;
/** DefaultBlockEmission: 1 TAO in rao. */
export const DEFAULT_BLOCK_EMISSION_RAO = 1_000_000_000n;
/** 1 TAO (or 1 alpha) in rao. */
export const RAO_PER_TAO = 1_000_000_000n;

/** The halving index k for an issuance (k = 0 before the first halving); −1 once supply is exhausted. */
export function halvingIndex(issuanceRao: bigint): number {
  if (issuanceRao < 0n) throw new RangeError(`halvingIndex: issuance ${issuanceRao} rao, expected ≥ 0`);
  if (issuanceRao >= TOTAL_SUPPLY_RAO) return -1;
  const remaining = TOTAL_SUPPLY_RAO - issuanceRao;
  let k = 0;
  // largest k with remaining·2^(k) ≤ S; remaining ≥ 1 so k ≤ 55
  while (remaining << BigInt(k + 1) <= TOTAL_SUPPLY_RAO) k++;
  return k;
}

/** Block emission (rao) for an issuance (rao): 1e9 / 2^k, floored; 0 at or above TotalSupply. */
export function blockEmissionForIssuance(issuanceRao: bigint): bigint {
  const k = halvingIndex(issuanceRao);
  if (k < 0) return 0n;
  return DEFAULT_BLOCK_EMISSION_RAO >> BigInt(k);
}

/**
 * The smallest issuance at which the emission next changes (the next halving), or TotalSupply
 * when the current step is the last one before supply runs out.
 * From the inequality above: k grows at I ≥ S − floor(S / 2^(k+1)).
 */
export function nextHalvingIssuance(issuanceRao: bigint): bigint {
  const k = halvingIndex(issuanceRao);
  if (k < 0) return TOTAL_SUPPLY_RAO;
  const t = TOTAL_SUPPLY_RAO - (TOTAL_SUPPLY_RAO >> BigInt(k + 1));
  return t > issuanceRao ? t : TOTAL_SUPPLY_RAO;
}

/**
 * Block emission plus the distance (rao) to the next change of it, as numbers for the per-block
 * loop. The distance is exact while below 2^53 and only compared against, so a larger (far)
 * distance losing precision does not matter.
 */
export function emissionStep(issuanceRao: bigint): { emission: number; toNext: number } {
  const emission = Number(blockEmissionForIssuance(issuanceRao));
  const next = nextHalvingIssuance(issuanceRao);
  const toNext = next > issuanceRao ? Number(next - issuanceRao) : Number.POSITIVE_INFINITY;
  return { emission, toNext: emission === 0 ? Number.POSITIVE_INFINITY : toNext };
}
