/**
 * Worker-thread entry of the revenue Monte Carlo: runs one contiguous range of paths (and of
 * tornado paths) and posts the typed arrays back. Paths depend only on (seed, k), so the
 * numbers are the same whichever thread computes them (sim/economics/revenue.ts joins them
 * in path order).
 */
import { parentPort } from "node:worker_threads";
import { resultBuffers, runMonteCarlo, type MonteCarloResult, type RevenueModel } from "./montecarlo.js";
import { tornadoPathNpvs } from "./tornado.js";

export interface WorkerTask {
  model: RevenueModel;
  first: number;
  count: number;
  tornadoFirst: number;
  tornadoCount: number;
}

export type WorkerReply = { ok: true; mc: MonteCarloResult | null; tornado: Float64Array | null } | { ok: false; error: string };

parentPort?.on("message", (task: WorkerTask) => {
  try {
    const mc = task.count > 0 ? runMonteCarlo(task.model, task.count, task.first) : null;
    const tornado = task.tornadoCount > 0 ? tornadoPathNpvs(task.model, task.tornadoFirst, task.tornadoCount) : null;
    const transfer: ArrayBuffer[] = mc === null ? [] : resultBuffers(mc);
    if (tornado !== null) transfer.push(tornado.buffer as ArrayBuffer);
    const reply: WorkerReply = { ok: true, mc, tornado };
    parentPort!.postMessage(reply, transfer);
  } catch (err) {
    const reply: WorkerReply = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    parentPort!.postMessage(reply);
  }
});
