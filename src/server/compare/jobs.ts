import { type Block, compareDocuments, compareStatements, wordDiff } from "../../text/index.ts";

/** A comparison the server can run inline or in the worker thread; plain data both ways. */
export type CompareJob =
  | { kind: "words"; a: string; b: string; budgetMs: number }
  | { kind: "documents"; a: Block[]; b: Block[]; budgetMs: number }
  | { kind: "statements"; a: string; b: string; budgetMs: number };

/** Runs a job with its deadline (the clock comes from here: src/text never reads it). */
export function runJob(job: CompareJob): unknown {
  const deadline = { budgetMs: job.budgetMs, now: () => performance.now() };
  switch (job.kind) {
    case "words":
      return wordDiff(job.a, job.b, { deadline });
    case "documents":
      return compareDocuments(job.a, job.b, { deadline });
    case "statements":
      return compareStatements(job.a, job.b, { deadline });
  }
}

/** Characters a job compares: what decides whether it may run on the event loop. */
export function jobSize(job: CompareJob): number {
  if (job.kind === "documents") {
    let n = 0;
    for (const block of job.a) n += block.text.length;
    for (const block of job.b) n += block.text.length;
    return n;
  }
  return job.a.length + job.b.length;
}
