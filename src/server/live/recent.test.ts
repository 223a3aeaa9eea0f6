import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../../domain/scope.ts";
import { DIALECTS } from "../../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp } from "../test-app.ts";
import { command, listen, signInAs, Tap, until, waitFor } from "./test-live.ts";

/**
 * `recent=N`: a stream that starts now shows only the last N events the member may read (never the whole
 * history, which a large negotiation makes long), then everything after, and says where it resumes from.
 */
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`live streams that start now, on ${dialect.name}`, () => {
    let t: TestApp;
    let base = "";
    beforeAll(async () => {
      t = await startTestApp(dialect);
      base = await listen(t);
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("sends the last N readable events, then the live tail, and resumes after where it said", async () => {
      // The latest event is Azerbaijan's own: Armenia's recent events must not count or show it.
      await command(t, "az-head", "write-note", { text: "AZ-ONLY-LATEST", scope: "party:az" });
      const session = await signInAs(t, "am-head");
      const tap = await Tap.open(base, session, "recent", undefined, "recent=3");
      await waitFor(() => tap.messages.some((m) => m.type === "hello"), 5_000, "hello");
      const hello = tap.messages.find((m) => m.type === "hello") as {
        resume: Partial<Record<Scope, number>>;
      };
      const first = tap.events;
      expect(first).toHaveLength(3);
      expect(tap.has("AZ-ONLY-LATEST")).toBe(false);
      // They are Armenia's latest readable events, in order, and the resume point is each chain's head.
      const all = await t.store.history(NEGOTIATION, new Set(["shared", "public", "party:am", "caucus:am"]));
      expect(first.map((e) => e.hash)).toEqual(all.slice(-3).map((e) => e.hash));
      for (const scope of ["shared", "party:am", "caucus:am", "public"] as Scope[]) {
        const top = Math.max(0, ...all.filter((e) => e.scope === scope).map((e) => e.scopeSeq));
        expect(hello.resume[scope] ?? 0).toBe(top);
      }
      await command(t, "am-member", "write-note", { text: "AM-LIVE-AFTER", scope: "party:am" });
      await until(tap, "AM-LIVE-AFTER");
      expect(tap.events).toHaveLength(4);
      tap.close();

      // Reconnecting from where it said gives nothing again: no gap, no repeat.
      const again = await Tap.open(base, session, "again", {
        ...hello.resume,
        "party:am": tap.events.at(-1)?.scopeSeq,
      });
      await waitFor(() => again.messages.some((m) => m.type === "hello"), 5_000, "hello again");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(again.events).toHaveLength(0);
      again.close();
    });

    it("recent=0 sends no history at all; an observer's recent events are shared or public only", async () => {
      const none = await Tap.open(base, await signInAs(t, "az-member"), "none", undefined, "recent=0");
      await waitFor(() => none.messages.some((m) => m.type === "hello"), 5_000, "hello");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(none.events).toHaveLength(0);
      none.close();
      const observer = await Tap.open(
        base,
        await signInAs(t, "observer"),
        "observer",
        undefined,
        "recent=50",
      );
      await waitFor(() => observer.messages.some((m) => m.type === "hello"), 5_000, "hello");
      expect(observer.events.length).toBeGreaterThan(0);
      expect(observer.events.every((e) => e.scope === "shared" || e.scope === "public")).toBe(true);
      observer.close();
    });
  });
}
