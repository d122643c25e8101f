/** One named benchmark figure, printed by `npm run bench`. */
export interface Figure {
  /** Stable key, e.g. "yuma3_epochs_per_s_256uids". */
  name: string;
  value: number;
  /** Unit as printed, e.g. "epochs/s", "s", "MB". */
  unit: string;
}

/**
 * Runs `fn` repeatedly for at least `minMs` of wall time; returns calls per second. The steady
 * state: a warm-up of a quarter of that time (at least 3 calls) runs first, so that the JIT's
 * tier-up (V8 compiles JavaScript and WebAssembly first with a quick baseline compiler) is not
 * counted.
 */
export function ratePerSecond(fn: () => void, minMs = 1000): number {
  const warmEnd = process.hrtime.bigint() + BigInt(Math.round((minMs / 4) * 1e6));
  for (let i = 0; i < 3 || process.hrtime.bigint() < warmEnd; i++) fn();
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    fn();
    calls++;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (calls * 1000) / elapsedMs;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
