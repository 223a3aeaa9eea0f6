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

interface Writer {
  child: ChildProcess;
  acked: string[];
  /** The writer has opened the store and waits for `go`. */
  ready: Promise<void>;
  firstAck: Promise<void>;
  go(): void;
}

/** Starts a writer process; collects the ids it acknowledged. */
function startWriter(negotiationId: string, prefix: string): Writer {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/store/crash-writer.ts", file, negotiationId, M.lead, prefix],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  const acked: string[] = [];
  let buffer = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const early = new Promise<never>((_, reject) => {
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`writer exited early (${code}): ${stderr}`));
    });
  });
  let isReady: () => void = () => undefined;
  let acking: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    isReady = resolve;
  });
  const firstAck = new Promise<void>((resolve) => {
    acking = resolve;
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "ready") isReady();
      else if (line.startsWith("ack ")) acked.push(line.slice(4));
    }
    if (acked.length > 0) acking();
  });
  return {
    child,
    acked,
    ready: Promise.race([ready, early]),
    firstAck: Promise.race([firstAck, early]),
    go: () => child.stdin?.write("go\n"),
  };
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
    const acknowledged: string[] = [];
    const rounds = new Map<string, string[]>();
    for (let i = 0; i < ITERATIONS; i++) {
      // A negotiation per round of kills, in the one file: each round's checks read what that round wrote,
      // so the test does not slow down as the file grows (the file-wide integrity check still covers all).
      const negotiationId = `${N}-${i}`;
      const setup = await Store.open({ file });
      await setup.execute(
        negotiationId,
        {
          type: "create-negotiation",
          negotiationId,
          title: "Crash",
          lead: { memberId: M.lead, name: "Lead", email: "lead@example.org" },
        },
        "system",
      );
      await setup.execute(negotiationId, { type: "add-party", partyId: "am", name: "Armenia" }, M.lead);
      await setup.close();
      const acked: string[] = [];
      // Two writer processes at once, so cross-process serialisation is under test as well.
      const writers = [startWriter(negotiationId, `w${i}a`), startWriter(negotiationId, `w${i}b`)];
      await Promise.all(writers.map((w) => w.ready));
      for (const w of writers) w.go();
      await Promise.all(writers.map((w) => w.firstAck));
      // Killed at a random moment while both write flat out (a few hundred commits in): mid-write, every time.
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 60));
      await Promise.all(writers.map((w) => killed(w.child)));
      for (const w of writers) acked.push(...w.acked);
      acknowledged.push(...acked);
      rounds.set(negotiationId, acked);

      const raw = new BetterSqlite3(file);
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      raw.close();
      const store = await Store.open({ file });
      const state = await store.fullState(negotiationId);
      const missing = acked.filter((id) => !state.get("note", id));
      expect(missing).toEqual([]);
      const report = await store.verifyNegotiation(negotiationId);
      expect(report.ok, JSON.stringify(report.chains)).toBe(true);
      // The projection committed with the events: replaying the log gives exactly the stored state.
      const log = await store.history(negotiationId, new Set(allScopes(state.partyIds())));
      const replayed = replay(log.map((e) => ({ ...e }) as unknown as AppliedEvent));
      expect(replayed.snapshot()).toEqual(state.snapshot());
      await store.close();
    }
    expect(acknowledged.length).toBeGreaterThan(ITERATIONS * 2);
    // Later rounds' crashes lost nothing of the earlier ones either.
    const store = await Store.open({ file });
    for (const [negotiationId, acked] of rounds) {
      const state = await store.fullState(negotiationId);
      expect(acked.filter((id) => !state.get("note", id))).toEqual([]);
      expect((await store.verifyNegotiation(negotiationId)).ok).toBe(true);
    }
    await store.close();
  });
});
