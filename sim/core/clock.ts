/**
 * Simulated time. A block is 12 s (7,200 a day, ≈2.63 M a year). The engine does not loop over
 * blocks: it jumps from event to event (query rounds, weight setting, epochs, day ends), and
 * the chain catches up in between.
 */
export const BLOCK_SECONDS = 12;
export const BLOCKS_PER_DAY = (24 * 3600) / BLOCK_SECONDS;
export const BLOCKS_PER_YEAR = 365 * BLOCKS_PER_DAY;

/** A recurring event: fires at `first`, `first + every`, … ; lower `priority` runs first in a block. */
export interface Recurring {
  name: string;
  first: number;
  every: number;
  priority: number;
}

/** The next block at which something happens, with the events due then, in priority order. */
export interface Due {
  block: number;
  names: string[];
}

/** A fixed set of recurring events, stepped in block order; ties broken by priority then name. */
export class Schedule {
  private readonly items: { spec: Recurring; next: number }[] = [];
  private readonly end: number;

  /** Events at or after `end` never fire. */
  constructor(end: number) {
    this.end = end;
  }

  add(spec: Recurring): void {
    if (!(spec.every > 0) || !Number.isInteger(spec.every)) {
      throw new Error(`schedule ${spec.name}: expected a positive integer period, got ${spec.every}`);
    }
    this.items.push({ spec, next: spec.first });
    this.items.sort((a, b) => a.spec.priority - b.spec.priority || (a.spec.name < b.spec.name ? -1 : 1));
  }

  /** Pops the next due block, or null when nothing is left before the end. */
  next(): Due | null {
    let block = Infinity;
    for (const it of this.items) if (it.next < block) block = it.next;
    if (!(block < this.end)) return null;
    const names: string[] = [];
    for (const it of this.items) {
      if (it.next === block) {
        names.push(it.spec.name);
        it.next += it.spec.every;
      }
    }
    return { block, names };
  }
}
