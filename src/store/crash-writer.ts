/**
 * Test fixture for the crash test: appends notes to a store as fast as it can and prints "ack <id>" only
 * after each command's transaction has committed. The test kills it with SIGKILL at a random moment.
 * Run as: node --import tsx src/store/crash-writer.ts FILE NEGOTIATION ACTOR PREFIX
 */
import { writeSync } from "node:fs";
import { Store } from "./store.ts";

const [file, negotiationId, actor, prefix] = process.argv.slice(2);
if (!file || !negotiationId || !actor || !prefix)
  throw new Error("usage: crash-writer FILE NEGOTIATION ACTOR PREFIX");

const store = await Store.open({ file });
// Load the negotiation first (a read caches its state), so the first write after the word is quick.
await store.viewAs(negotiationId, null);
// Ready, then wait for the word: both writers start writing together, so neither writes alone for as long as
// the other takes to start (which made the file, and every later check of it, needlessly large).
writeSync(1, "ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
for (let i = 0; ; i++) {
  const noteId = `${prefix}-${i}`;
  const scope = i % 3 === 0 ? "mediation" : "shared";
  await store.execute(
    negotiationId,
    { type: "write-note", noteId, text: `crash test note ${noteId}`, scope },
    actor,
  );
  // Synchronous write: the line is out of the process before the next command starts.
  writeSync(1, `ack ${noteId}\n`);
}
