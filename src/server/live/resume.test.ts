import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LiveMessage } from "../../client/live-client.ts";
import type { RecordedEvent } from "../../domain/envelope.ts";
import type { Scope } from "../../domain/scope.ts";
import { DIALECTS } from "../../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp, type TestRole } from "../test-app.ts";
import { liveLimits, MAX_BUFFERED } from "./room.ts";
import { command, listen, nodeClient, sequencesByScope, signInAs, Tap, waitFor } from "./test-live.ts";

/**
 * Issue 4: resume after a dropped connection loses and duplicates nothing; a slow client is told to resync
 * (never silently dropped) and, resuming, misses nothing either. What a member received is compared with
 * `store.history` for that member, per scope.
 */

const AM_SCOPES = new Set<Scope>(["public", "shared", "party:am", "caucus:am"]);
const key = (e: RecordedEvent) => `${e.scope}#${e.scopeSeq} ${e.hash}`;

/** Writers in every scope, round-robin: the am member reads some of them, not the others. */
const WRITERS: [TestRole, Scope][] = [
  ["am-head", "party:am"],
  ["az-head", "party:az"],
  ["mediation-lead", "caucus:am"],
  ["mediation-lead", "mediation"],
  ["am-head", "shared"],
  ["az-head", "caucus:az"],
];

async function writeMany(t: TestApp, count: number, label: string, size = 0, pauseMs = 0): Promise<void> {
  for (let i = 0; i < count; i++) {
    const [role, scope] = WRITERS[i % WRITERS.length] as [TestRole, Scope];
    await command(t, role, "write-note", { text: `${label} ${i} ${"x".repeat(size)}`, scope });
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** Each scope's sequence numbers received, which must be exactly 1..last of that scope's history. */
async function expectExactly(t: TestApp, received: readonly RecordedEvent[]): Promise<void> {
  const history = await t.store.history(NEGOTIATION, AM_SCOPES);
  const got = sequencesByScope(received);
  for (const [scope, seqs] of sequencesByScope(history)) expect(got.get(scope), scope).toEqual(seqs);
  expect([...got.keys()].every((s) => AM_SCOPES.has(s))).toBe(true);
}

const eventsOf = (messages: readonly LiveMessage[]) =>
  messages.flatMap((m) => (m.type === "event" ? [m.event] : []));

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`live resume on ${dialect.name}`, () => {
    let t: TestApp;
    let base = "";
    beforeAll(async () => {
      t = await startTestApp(dialect);
      base = await listen(t);
    }, 120_000);
    afterAll(async () => t?.dispose());
    afterEach(() => {
      liveLimits.maxBuffered = MAX_BUFFERED;
    });

    const historyLength = async () => (await t.store.history(NEGOTIATION, AM_SCOPES)).length;

    it("a socket killed mid-stream, reopened with the position it reached, gets exactly what it missed", async () => {
      const auth = await signInAs(t, "am-member");
      const first = await Tap.open(base, auth, "first");
      const total = await historyLength();
      await waitFor(() => first.events.length === total, 10_000, "backlog");
      const writing = writeMany(t, 60, "KILL");
      // Kill it while the stream runs: after some live events, with more being written.
      await waitFor(() => first.events.length >= total + 8, 10_000, "live events");
      first.socket.terminate();
      await waitFor(() => first.closed !== null);
      const position: Partial<Record<Scope, number>> = {};
      for (const e of first.events) position[e.scope] = e.scopeSeq;
      await writing;
      await writeMany(t, 12, "AFTER");
      const second = await Tap.open(base, auth, "second", position);
      const final = await historyLength();
      await waitFor(() => first.events.length + second.events.length >= final, 10_000, "resumed");
      await new Promise((r) => setTimeout(r, 100));
      expect(first.events.length).toBeLessThan(final);
      expect(second.events.length).toBeGreaterThan(0);
      await expectExactly(t, [...first.events, ...second.events]);
      expect([...first.events, ...second.events].map(key)).toEqual(
        (await t.store.history(NEGOTIATION, AM_SCOPES)).map(key),
      );
      second.close();
    }, 60_000);

    it("the client reconnects by itself after repeated drops, and its frames hold no gap and no repeat", async () => {
      const frames: LiveMessage[] = [];
      const delivered: RecordedEvent[] = [];
      const statuses: string[] = [];
      const { client, sockets } = nodeClient({
        baseUrl: base,
        auth: await signInAs(t, "am-member"),
        onFrame: (m) => frames.push(m),
        onEvent: (e) => delivered.push(e),
        onStatus: (s) => statuses.push(s),
      });
      client.connect();
      const start = await historyLength();
      await waitFor(() => delivered.length === start, 10_000, "backlog");
      const writing = writeMany(t, 90, "DROPS", 0, 20);
      // Three times: once the latest socket is open and has delivered a live event, kill it.
      for (let round = 0; round < 3; round++) {
        await waitFor(
          () => sockets.length === round + 1 && sockets[round]?.readyState === 1,
          15_000,
          "socket",
        );
        const before = delivered.length;
        await waitFor(() => delivered.length > before, 15_000, `a live event on socket ${round}`);
        sockets[round]?.terminate();
      }
      await writing;
      const final = await historyLength();
      await waitFor(() => delivered.length >= final, 15_000, "catch up");
      // The last drop may come after the last event was delivered: the client then reconnects after its
      // backoff, with nothing left to catch up on. Wait for that fourth socket rather than racing it.
      await waitFor(() => sockets.length === 4 && sockets[3]?.readyState === 1, 15_000, "fourth socket");
      await new Promise((r) => setTimeout(r, 100));
      expect(sockets.length).toBe(4);
      expect(statuses.filter((s) => s === "reconnecting").length).toBeGreaterThanOrEqual(3);
      // On the wire (not only after the client's own de-duplication): each event exactly once.
      await expectExactly(t, eventsOf(frames));
      expect(delivered.map(key)).toEqual((await t.store.history(NEGOTIATION, AM_SCOPES)).map(key));
      client.close();
    }, 60_000);

    it("a slow client is told to resync, then resumes and misses nothing; the others are not held up", async () => {
      liveLimits.maxBuffered = 16 * 1024;
      const frames: LiveMessage[] = [];
      const delivered: RecordedEvent[] = [];
      const { client, sockets } = nodeClient({
        baseUrl: base,
        auth: await signInAs(t, "am-head"),
        onFrame: (m) => frames.push(m),
        onEvent: (e) => delivered.push(e),
      });
      client.connect();
      const fast = await Tap.open(base, await signInAs(t, "am-member"), "fast");
      const start = await historyLength();
      await waitFor(() => delivered.length === start && fast.events.length === start, 10_000, "backlog");
      // Stop reading: the kernel's buffers fill, then the server's, past the bound.
      sockets[0]?.pause();
      // Until the server gives up on it (how much the kernel absorbs varies): it then closes, sending resync.
      const resyncing = () => [...t.app.websocketServer.clients].some((s) => s.readyState === s.CLOSING);
      for (let batch = 0; batch < 50 && !resyncing(); batch++) await writeMany(t, 12, `SLOW${batch}`, 40_000);
      expect(resyncing()).toBe(true);
      const final = await historyLength();
      await waitFor(() => fast.events.length === final, 20_000, "the fast client");
      sockets[0]?.resume();
      await waitFor(() => delivered.length === final, 30_000, "the slow client");
      expect(frames.some((m) => m.type === "resync")).toBe(true);
      expect(sockets.length).toBeGreaterThanOrEqual(2);
      expect(fast.messages.some((m) => m.type === "resync")).toBe(false);
      await expectExactly(t, eventsOf(frames));
      expect(delivered.map(key)).toEqual((await t.store.history(NEGOTIATION, AM_SCOPES)).map(key));
      client.close();
      fast.close();
    }, 120_000);
  });
}
