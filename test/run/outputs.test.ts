import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RunDir, StreamedFile, writeFileAtomic } from "../../sim/run/outputs.js";

const fresh = () => mkdtempSync(join(tmpdir(), "subnet-sim-out-"));

describe("atomic outputs", () => {
  it("writeFileAtomic leaves either the old file or the new one, never a temporary", () => {
    const dir = fresh();
    const p = join(dir, "summary.json");
    writeFileAtomic(p, "old");
    writeFileAtomic(p, "new");
    expect(readFileSync(p, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["summary.json"]);
  });

  it("writeFileAtomic into a missing folder fails without leaving a file", () => {
    const dir = fresh();
    expect(() => writeFileAtomic(join(dir, "nope", "x.json"), "data")).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a streamed file is named .partial until finished", () => {
    const dir = fresh();
    const s = new StreamedFile(join(dir, "metrics.csv"));
    for (let i = 0; i < 10000; i++) s.write(`${i},row\n`);
    expect(existsSync(join(dir, "metrics.csv"))).toBe(false);
    expect(existsSync(join(dir, "metrics.csv.partial"))).toBe(true);
    s.finish();
    expect(existsSync(join(dir, "metrics.csv.partial"))).toBe(false);
    expect(readFileSync(join(dir, "metrics.csv"), "utf8").split("\n")).toHaveLength(10001);
  });

  it("a run folder is marked INCOMPLETE until complete, and says so when interrupted", () => {
    const dir = fresh();
    const a = new RunDir(dir);
    expect(RunDir.isComplete(dir)).toBe(false);
    a.stream("metrics.csv").write("x\n");
    a.complete();
    writeFileAtomic(join(dir, "manifest.json"), "{}");
    expect(RunDir.isComplete(dir)).toBe(true);

    // A second run in the same folder removes the old manifest first, then is interrupted.
    const b = new RunDir(dir);
    expect(existsSync(join(dir, "manifest.json"))).toBe(false);
    expect(existsSync(join(dir, "metrics.csv"))).toBe(false);
    b.stream("metrics.csv").write("y\n");
    b.interrupt("received SIGINT");
    expect(RunDir.isComplete(dir)).toBe(false);
    expect(readFileSync(join(dir, "INCOMPLETE"), "utf8")).toMatch(/interrupted: received SIGINT/);
    expect(existsSync(join(dir, "metrics.csv"))).toBe(false);
    expect(readFileSync(join(dir, "metrics.csv.partial"), "utf8")).toBe("y\n");
  });

  it("keeps unrelated files in the folder", () => {
    const dir = fresh();
    writeFileSync(join(dir, "notes.txt"), "mine");
    new RunDir(dir).complete();
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });
});
