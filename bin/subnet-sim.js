#!/usr/bin/env node
// Entry point for the `subnet-sim` command: runs the compiled CLI (built by `npm run build`).
import { main } from "../dist/sim/cli.js";

// A reader that stops early (`subnet-sim schema | head`) is not an error: exit quietly, as Unix
// tools do, instead of crashing on the broken pipe.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`subnet-sim: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
