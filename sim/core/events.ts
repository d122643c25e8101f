/** The event log: one JSON line per notable event (epochs, registrations, detections…). */
import type { TextSink } from "../run/outputs.js";
import { canonicalJson } from "./hash.js";

export interface SimEvent {
  block: number;
  kind: string;
  [field: string]: unknown;
}

export class EventLog {
  private readonly out: TextSink;
  private count = 0;
  private readonly byKind = new Map<string, number>();

  constructor(out: TextSink) {
    this.out = out;
  }

  emit(event: SimEvent): void {
    this.out.write(`${canonicalJson(event)}\n`);
    this.count++;
    this.byKind.set(event.kind, (this.byKind.get(event.kind) ?? 0) + 1);
  }

  get total(): number {
    return this.count;
  }

  /** Event counts by kind, keys sorted. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of [...this.byKind.keys()].sort()) out[k] = this.byKind.get(k)!;
    return out;
  }
}
