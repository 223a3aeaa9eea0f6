/** The worker thread that runs large comparisons, so the server's event loop never stalls on them. */
import { parentPort } from "node:worker_threads";
import { type CompareJob, runJob } from "./jobs.ts";

parentPort?.on("message", (message: { id: number; job: CompareJob }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: runJob(message.job) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
