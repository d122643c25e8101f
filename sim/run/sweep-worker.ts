/**
 * A worker thread of `subnet-sim sweep`: receives jobs (a scenario with its seed), runs each with
 * discarding sinks and posts back its metric row. One job at a time; the main thread orders
 * the rows by (point, seed) and ends the worker when the sweep is done.
 */
import { parentPort } from "node:worker_threads";
import { runSweepJob, type SweepJobMessage, type SweepReply } from "./sweep.js";

if (parentPort === null) throw new Error("sweep-worker.js runs only as a worker thread of `subnet-sim sweep`");
const port = parentPort;

port.on("message", (job: SweepJobMessage) => {
  runSweepJob(job.scenario).then(
    (metrics) => {
      const reply: SweepReply =
        metrics === null ? { kind: "error", run: job.run, message: "the run stopped early" } : { kind: "done", run: job.run, metrics };
      port.postMessage(reply);
    },
    (err: unknown) => {
      const reply: SweepReply = { kind: "error", run: job.run, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      port.postMessage(reply);
    },
  );
});
