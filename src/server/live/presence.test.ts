import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PresenceEntry } from "../../client/live-client.ts";
import type { Scope } from "../../domain/scope.ts";
import { Store } from "../../store/store.ts";
import { DIALECTS } from "../../store/test-stores.ts";
import { buildApp } from "../app.ts";
import { NEGOTIATION, startTestApp, type TestApp, type TestRole } from "../test-app.ts";
import { LiveHub } from "./hub.ts";
import { PAYLOAD_LIMIT, PresenceExchange, type PresenceTimings, presencePayloads } from "./presence.ts";
import { command, listen, signInAs, Tap, until, waitFor } from "./test-live.ts";

/**
 * Presence across server instances sharing one database: members on different servers see each other, an
 * entry reaches only the readers of its scope wherever they are connected, and a server that closes or goes
 * quiet leaves no one behind. Timings are shortened per server so the tests take seconds.
 */

const crowd = (count: number): PresenceEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    memberId: `member-${i}`,
    // Armenian letters: two bytes each in UTF-8, so the limit is counted in bytes, not characters.
    name: `${"Հայաստան".repeat(10)} ${i}`,
    provisionId: `art-${i % 30}`,
    scope: (i % 2 ? "caucus:am" : "shared") as Scope,
    since: new Date(Date.UTC(2023, 4, 1, 9, 0, i % 60)).toISOString(),
  }));

describe("presence payloads", () => {
  it("splits a crowded room into NOTIFY payloads under 8000 bytes that together carry every entry", () => {
    const entries = crowd(300);
    const payloads = presencePayloads({ instance: "i", negotiationId: NEGOTIATION, seq: 7 }, entries);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    const parsed = payloads.map((p) => JSON.parse(p) as { part: number; parts: number; entries: unknown[] });
    expect(parsed.map((p) => p.part)).toEqual(payloads.map((_, i) => i));
    expect(new Set(parsed.map((p) => p.parts))).toEqual(new Set([payloads.length]));
    expect(parsed.flatMap((p) => p.entries)).toEqual(entries);
  });

  it("announces an empty room as one payload, so the others forget its members", () => {
    const payloads = presencePayloads({ instance: "i", negotiationId: NEGOTIATION, seq: 1 }, []);
    expect(payloads.map((p) => JSON.parse(p) as unknown)).toEqual([
      { kind: "presence", instance: "i", negotiationId: NEGOTIATION, seq: 1, part: 0, parts: 1, entries: [] },
    ]);
  });
});

type MemberRole = Exclude<TestRole, "anonymous" | "operator" | "outsider">;

const FAST: PresenceTimings = { refreshMs: 100, expiryMs: 600 };

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`presence across servers on ${dialect.name}`, () => {
    let t: TestApp;
    const open: (() => Promise<void>)[] = [];
    beforeAll(async () => {
      t = await startTestApp(dialect);
    }, 120_000);
    afterEach(async () => {
      for (const close of open.splice(0).reverse()) await close();
    });
    afterAll(async () => t?.dispose());

    /** Another `parley serve` on the same database, listening on a free port. */
    async function server(
      presence: PresenceTimings,
    ): Promise<{ app: FastifyInstance; base: string; close: () => Promise<void> }> {
      const store = await Store.open(t.location);
      const { app } = await buildApp({ store, presence });
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        await app.close();
        await store.close();
      };
      open.push(close);
      const base = await listen({ ...t, app, store });
      return { app, base, close };
    }

    const tapOn = async (base: string, role: MemberRole) =>
      Tap.open(base, await signInAs(t, role), `${role} at ${base}`);
    const memberId = (tap: Tap) => {
      const hello = tap.messages[0];
      return hello?.type === "hello" ? hello.memberId : "";
    };
    const presenceFrames = (tap: Tap) => tap.messages.filter((m) => m.type === "presence");
    /** What the tap was last told is here: "member scope provision". */
    const seen = (tap: Tap) => {
      const last = presenceFrames(tap).at(-1);
      return last?.type === "presence"
        ? last.present.map((p) => `${p.memberId} ${p.scope} ${p.provisionId}`).sort()
        : [];
    };
    const say = (tap: Tap, provisionId: string | null, scope: Scope) =>
      tap.socket.send(JSON.stringify({ type: "presence", provisionId, scope }));
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it("repeating a server's own presence sends no frame to anyone", async () => {
      const one = await server(FAST);
      const head = await tapOn(one.base, "am-head");
      const colleague = await tapOn(one.base, "am-member");
      await waitFor(() => head.messages.length >= 2 && colleague.messages.length >= 2, 5_000, "hello");
      say(head, "art-3", "party:am");
      await waitFor(() => seen(colleague).length === 1, 5_000, "colleague sees the head");
      const frames = [head.frames.length, colleague.frames.length];
      // Several refreshes (and on PostgreSQL their echo from the database) later, nothing more was sent.
      await sleep(FAST.expiryMs * 2);
      expect([head.frames.length, colleague.frames.length]).toEqual(frames);
      expect(seen(colleague)).toEqual([`${memberId(head)} party:am art-3`]);
      head.close();
      colleague.close();
    }, 30_000);

    // Two servers share a store only on PostgreSQL (on SQLite one process serves).
    if (dialect.name === "postgres")
      describe("two servers", () => {
        it("members on different servers see each other and the provision each reads, and stay", async () => {
          const [one, two] = [await server(FAST), await server(FAST)];
          const armenia = await tapOn(one.base, "am-head");
          const azerbaijan = await tapOn(two.base, "az-head");
          await waitFor(() => presenceFrames(armenia).length + presenceFrames(azerbaijan).length === 2);
          say(armenia, "art-3", "shared");
          say(azerbaijan, "art-9", "shared");
          const both = [`${memberId(armenia)} shared art-3`, `${memberId(azerbaijan)} shared art-9`].sort();
          await waitFor(() => seen(armenia).join() === both.join(), 5_000, "Armenia sees both");
          await waitFor(() => seen(azerbaijan).join() === both.join(), 5_000, "Azerbaijan sees both");
          // Refreshed in time, remote entries outlive the expiry many times over, and refreshes send nothing.
          const frames = [armenia.frames.length, azerbaijan.frames.length];
          await sleep(FAST.expiryMs * 3);
          expect([armenia.frames.length, azerbaijan.frames.length]).toEqual(frames);
          expect(seen(armenia)).toEqual(both);
          // Moving to another provision shows on the other server too.
          say(azerbaijan, "art-10", "shared");
          await waitFor(
            () => seen(armenia).includes(`${memberId(azerbaijan)} shared art-10`),
            5_000,
            "the move",
          );
          armenia.close();
          azerbaijan.close();
        }, 30_000);

        it("a party or caucus entry on one server reaches only its readers on the other: frames checked", async () => {
          const [one, two] = [await server(FAST), await server(FAST)];
          const amHead = await tapOn(one.base, "am-head");
          const roles: MemberRole[] = ["am-member", "mediation-lead", "az-head", "az-member", "observer"];
          const taps = new Map<MemberRole, Tap>();
          for (const role of roles) taps.set(role, await tapOn(two.base, role));
          const tap = (role: MemberRole) => taps.get(role) as Tap;
          await waitFor(() => roles.every((r) => presenceFrames(tap(r)).length === 1), 5_000, "first lists");
          const armenian = memberId(amHead);
          const barrier = async (text: string) => {
            // Written through server 1: on server 2 it arrives after every earlier notification.
            await command(t, "mediation-lead", "write-note", { text, scope: "shared" });
            for (const role of roles) await until(tap(role), text);
          };
          // Every frame but the events (whose history names the Armenian head too): hello, lists, anything else.
          const leaks = (role: MemberRole, ...words: string[]) =>
            tap(role)
              .frames.filter((f) => !f.startsWith('{"type":"event"'))
              .filter((f) => words.some((w) => f.includes(w)));

          say(amHead, "art-3", "party:am");
          await waitFor(
            () => seen(tap("am-member")).includes(`${armenian} party:am art-3`),
            5_000,
            "Armenia's member on server 2 sees the party entry",
          );
          await barrier("BARRIER-PARTY");
          for (const role of ["mediation-lead", "az-head", "az-member", "observer"] as const) {
            expect(presenceFrames(tap(role)), role).toHaveLength(1);
            expect(leaks(role, armenian, "party:am"), role).toEqual([]);
          }

          say(amHead, "art-4", "caucus:am");
          await waitFor(
            () => seen(tap("mediation-lead")).includes(`${armenian} caucus:am art-4`),
            5_000,
            "the mediation on server 2 sees the caucus entry",
          );
          await waitFor(
            () => seen(tap("am-member")).join() === `${armenian} caucus:am art-4`,
            5_000,
            "Armenia's member sees the move",
          );
          await barrier("BARRIER-CAUCUS");
          for (const role of ["az-head", "az-member", "observer"] as const) {
            expect(presenceFrames(tap(role)), role).toHaveLength(1);
            expect(leaks(role, armenian, "party:am", "caucus:am", "art-3", "art-4"), role).toEqual([]);
          }
          // And the mediation never saw the party entry, only the caucus one.
          expect(leaks("mediation-lead", "party:am")).toEqual([]);
          amHead.close();
          for (const t of taps.values()) t.close();
        }, 60_000);

        it("a server that closes takes its members with it at once", async () => {
          const slow: PresenceTimings = { refreshMs: 100, expiryMs: 60_000 };
          const [one, two] = [await server(slow), await server(slow)];
          const here = await tapOn(one.base, "am-member");
          const there = await tapOn(two.base, "am-head");
          await waitFor(() => presenceFrames(here).length === 1 && presenceFrames(there).length === 1);
          say(there, "art-3", "party:am");
          await waitFor(() => seen(here).length === 1, 5_000, "the head on server 2");
          const closing = Date.now();
          await two.close();
          await waitFor(() => seen(here).length === 0, 5_000, "the head gone");
          // Well before the expiry: the closing server said so.
          expect(Date.now() - closing).toBeLessThan(5_000);
          expect(here.closed).toBeNull();
          here.close();
        }, 30_000);

        it("a server that goes quiet leaves no ghost: its members expire", async () => {
          const one = await server({ refreshMs: 100, expiryMs: 700 });
          // Server 2 announces changes but never repeats them, as if it had hung after the first.
          const two = await server({ refreshMs: 3_600_000, expiryMs: 60_000 });
          const here = await tapOn(one.base, "mediation-member");
          const there = await tapOn(two.base, "az-member");
          await waitFor(() => presenceFrames(here).length === 1 && presenceFrames(there).length === 1);
          say(there, "art-9", "caucus:az");
          await waitFor(() => seen(here).length === 1, 5_000, "the member on server 2");
          const appeared = Date.now();
          expect(seen(here)).toEqual([`${memberId(there)} caucus:az art-9`]);
          await waitFor(() => seen(here).length === 0, 5_000, "the ghost gone");
          const gone = Date.now() - appeared;
          expect(gone).toBeGreaterThanOrEqual(500);
          expect(gone).toBeLessThan(700 + 1_500);
          // The member is still connected to server 2, which still shows them to its own connections.
          expect(there.closed).toBeNull();
          here.close();
          there.close();
        }, 30_000);

        it("a server whose listener comes back announces its presence again and asks for the others'", async () => {
          // No refresh during the test: whatever is announced after the kill comes from the reconnection.
          const still: PresenceTimings = { refreshMs: 3_600_000, expiryMs: 60_000 };
          const [one, two] = [await server(still), await server(still)];
          const here = await tapOn(one.base, "am-head");
          const there = await tapOn(two.base, "az-head");
          await waitFor(() => presenceFrames(here).length === 1 && presenceFrames(there).length === 1);
          say(here, "art-3", "shared");
          say(there, "art-9", "shared");
          await waitFor(() => seen(here).length === 2 && seen(there).length === 2, 5_000, "both");
          const raw = t.store.raw;
          if (raw.kind !== "postgres") throw new Error("expected PostgreSQL");
          const heard: { kind: string; instance: string; entries?: unknown[] }[] = [];
          const spy = await raw.pool.connect();
          open.push(async () => spy.release(true));
          spy.on("notification", (m) => heard.push(JSON.parse(m.payload ?? "{}")));
          await spy.query(`LISTEN "${t.store.channel("parley_presence")}"`);
          // Every listener of this test's schema (the fixture's server, one and two), as a failover would.
          const killed = await raw.pool.query(
            "select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()",
            [`LISTEN "${t.store.channel("parley_revocations")}"`],
          );
          expect(killed.rowCount).toBe(3);
          await waitFor(
            () => new Set(heard.filter((m) => m.kind === "sync").map((m) => m.instance)).size === 3,
            10_000,
            "each server asks for the others' presence",
          );
          await waitFor(
            () => new Set(heard.filter((m) => m.entries?.length === 1).map((m) => m.instance)).size === 2,
            10_000,
            "both servers announce their member again",
          );
          expect(seen(here)).toHaveLength(2);
          expect(seen(there)).toHaveLength(2);
          here.close();
          there.close();
        }, 30_000);

        it("a room too crowded for one notification arrives whole, and leaves whole", async () => {
          const stores = [await Store.open(t.location), await Store.open(t.location)] as const;
          const hubs = [await LiveHub.start(stores[0]), await LiveHub.start(stores[1])] as const;
          const entries = crowd(400);
          const changes: string[] = [];
          const quiet = () => undefined;
          const sender = new PresenceExchange(hubs[0], FAST, () => [[NEGOTIATION, entries]], quiet, quiet);
          const receiver = new PresenceExchange(
            hubs[1],
            FAST,
            () => [],
            (id) => changes.push(id),
            quiet,
          );
          open.push(async () => {
            await sender.close();
            await receiver.close();
            for (const hub of hubs) await hub.close();
            for (const store of stores) await store.close();
          });
          sender.changed(NEGOTIATION, entries);
          await waitFor(() => receiver.remote(NEGOTIATION).length > 0, 5_000, "the crowd");
          // Never a part of the list: the parts of one announcement replace the last one together.
          expect(receiver.remote(NEGOTIATION)).toEqual(entries);
          expect(changes).toEqual([NEGOTIATION]);
          await sender.close();
          await waitFor(() => receiver.remote(NEGOTIATION).length === 0, 5_000, "the crowd gone");
        }, 30_000);
      });
  });
}
