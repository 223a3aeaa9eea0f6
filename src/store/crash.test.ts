import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { replay } from "../domain/decide.ts";
import type { AppliedEvent } from "../domain/events.ts";
import { allScopes } from "../domain/scope.ts";
import { MEMBERS as M, N } from "../domain/test-kit.ts";
import { Store } from "./store.ts";

const ITERATIONS = Number(process.env.PARLEY_CRASH_ITERATIONS ?? 10);
const dir = mkdtempSync(join(tmpdir(), "parley-crash-"));
const file = join(dir, "crash.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a writer process; collects the ids it acknowledged. */
function startWriter(prefix: string): { child: ChildProcess; acked: string[]; firstAck: Promise<void> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/store/crash-writer.ts", file, N, M.lead, prefix],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const acked: string[] = [];
  let buffer = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const firstAck = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("ack ")) acked.push(line.slice(4));
      if (acked.length > 0) resolve();
    });
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`writer exited early (${code}): ${stderr}`));
    });
  });
  return { child, acked, firstAck };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("crash safety (SQLite, synchronous=FULL)", () => {
  it(`every acknowledged change survives SIGKILL of its writer, ${ITERATIONS} times`, {
    timeout: 600_000,
  }, async () => {
    const setup = await Store.open({ file });
    await setup.execute(
      N,
      {
        type: "create-negotiation",
        negotiationId: N,
        title: "Crash",
        lead: { memberId: M.lead, name: "Lead", email: "lead@example.org" },
      },
      "system",
    );
    await setup.execute(N, { type: "add-party", partyId: "am", name: "Armenia" }, M.lead);
    await setup.close();

    const acknowledged: string[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      // Two writer processes at once, so cross-process serialisation is under test as well.
      const writers = [startWriter(`w${i}a`), startWriter(`w${i}b`)];
      await Promise.all(writers.map((w) => w.firstAck));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
      await Promise.all(writers.map((w) => killed(w.child)));
      for (const w of writers) acknowledged.push(...w.acked);

      const raw = new BetterSqlite3(file);
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      raw.close();
      const store = await Store.open({ file });
      const state = await store.fullState(N);
      const missing = acknowledged.filter((id) => !state.get("note", id));
      expect(missing).toEqual([]);
      const report = await store.verifyNegotiation(N);
      expect(report.ok, JSON.stringify(report.chains)).toBe(true);
      // The projection committed with the events: replaying the log gives exactly the stored state.
      const log = await store.history(N, new Set(allScopes(state.partyIds())));
      const replayed = replay(log.map((e) => ({ ...e }) as unknown as AppliedEvent));
      expect(replayed.snapshot()).toEqual(state.snapshot());
      await store.close();
    }
    expect(acknowledged.length).toBeGreaterThan(ITERATIONS * 2);
  });
});
