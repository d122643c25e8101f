#!/usr/bin/env node
// Entry point for the `subnet-sim` command: runs the compiled CLI (built by `npm run build`).
import { main } from "../dist/sim/cli.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`subnet-sim: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
