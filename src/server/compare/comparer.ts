import { Worker } from "node:worker_threads";
import { type CompareJob, jobSize, runJob } from "./jobs.ts";

/** Jobs below this many characters run inline: they finish in a few milliseconds. */
const INLINE_LIMIT = 20_000;

/**
 * Runs comparisons: small ones inline, large ones in one lazily started worker thread (a queue of one
 * worker is enough: the point is to keep the event loop free, not to use both cores for one user).
 */
export class Comparer {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  /** The comparison's result (the text layer's own result types). */
  async run(job: CompareJob): Promise<unknown> {
    if (jobSize(job) <= INLINE_LIMIT) return runJob(job);
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // Compiled, the worker is plain JavaScript beside this file; run from source (tests, development) it is
    // TypeScript, and its entry registers tsx first, since worker threads do not inherit the parent's loader.
    const compiled = import.meta.url.endsWith(".js");
    const worker = new Worker(
      new URL(compiled ? "./compare-worker.js" : "./compare-worker-entry.mjs", import.meta.url),
    );
    worker.unref();
    worker.on("message", (message: { id: number; result?: unknown; error?: string }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiting) return;
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
    worker.on("error", (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.worker = null;
    });
    this.worker = worker;
    return worker;
  }
}
