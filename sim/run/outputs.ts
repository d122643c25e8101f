/**
 * Run outputs on disk, written so that nothing half-written ever looks complete.
 *
 * - Whole files are written to `name.tmp-<pid>` and renamed into place (`writeFileAtomic`).
 * - Streamed files (metrics, events) grow as `name.partial` and are renamed when the run ends.
 * - While a run is under way its folder holds `INCOMPLETE`; a finished run removes it and writes
 *   `manifest.json` last. An interrupted run leaves `INCOMPLETE` saying so, no manifest, and its
 *   streams still named `.partial`.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Where streamed text goes: a file (StreamedFile) or nowhere (NullSink). */
export interface TextSink {
  write(text: string): void;
}

/** Drops everything: for runs whose tables nobody reads (counterfactuals, sweep points). */
export class NullSink implements TextSink {
  write(_text: string): void {}
}

/** An append-only text file with a write buffer; becomes `path` only on `finish()`. */
export class StreamedFile implements TextSink {
  readonly path: string;
  private readonly partialPath: string;
  private fd: number;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private finished = false;

  constructor(path: string) {
    this.path = path;
    this.partialPath = `${path}.partial`;
    this.fd = openSync(this.partialPath, "w");
  }

  write(text: string): void {
    this.buffer.push(text);
    this.bufferedChars += text.length;
    if (this.bufferedChars >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.bufferedChars = 0;
  }

  /** Flushes and renames into place. */
  finish(): void {
    if (this.finished) return;
    this.flush();
    closeSync(this.fd);
    renameSync(this.partialPath, this.path);
    this.finished = true;
  }

  /** Flushes and closes, leaving the file named `.partial`. */
  abandon(): void {
    if (this.finished) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.finished = true;
    }
  }
}

/** The run folder: clears stale outputs, marks itself incomplete until `complete()`. */
export class RunDir {
  readonly dir: string;
  private readonly streams: StreamedFile[] = [];

  /** Files a run writes; stale copies are removed before a new run starts in the same folder. */
  static readonly OUTPUTS = [
    "manifest.json",
    "scenario.json",
    "summary.json",
    "metrics.csv",
    "metrics.jsonl",
    "events.jsonl",
    "report.html",
  ];

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    // The manifest goes first: without it nothing in the folder claims to be a complete run.
    for (const name of RunDir.OUTPUTS) {
      rmSync(join(dir, name), { force: true });
      rmSync(join(dir, `${name}.partial`), { force: true });
    }
    writeFileAtomic(join(dir, "INCOMPLETE"), "This run has not finished: its outputs are partial or missing.\n");
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  stream(name: string): StreamedFile {
    const s = new StreamedFile(this.path(name));
    this.streams.push(s);
    return s;
  }

  write(name: string, data: string | Uint8Array): void {
    writeFileAtomic(this.path(name), data);
  }

  /** Renames every stream into place and removes the INCOMPLETE marker. Write the manifest after. */
  complete(): void {
    for (const s of this.streams) s.finish();
    rmSync(this.path("INCOMPLETE"), { force: true });
  }

  /** Leaves streams as `.partial` and records why the run stopped. */
  interrupt(reason: string): void {
    for (const s of this.streams) {
      try {
        s.abandon();
      } catch {
        // best effort: the marker below is what matters
      }
    }
    writeFileAtomic(this.path("INCOMPLETE"), `This run was interrupted: ${reason}\nIts outputs are partial (.partial) or missing; there is no manifest.\n`);
  }

  static isComplete(dir: string): boolean {
    return existsSync(join(dir, "manifest.json")) && !existsSync(join(dir, "INCOMPLETE"));
  }
}
