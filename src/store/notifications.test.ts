import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDigest, releaseDigest } from "./notification-settings.ts";
import {
  advanceNotificationCursor,
  inboxEntries,
  insertNotifications,
  markRead,
  type NotificationRow,
  notificationCursor,
  unreadCounts,
} from "./notifications.ts";
import { Store } from "./store.ts";
import { DIALECTS } from "./test-stores.ts";

const row = (scope: string, seq: number, recipient: string): NotificationRow => ({
  negotiation_id: "talks",
  scope,
  scope_seq: seq,
  recipient,
  email: `${recipient}@example.org`,
  kind: "proposal",
  target_kind: "provision",
  target_id: "art-1",
  at: `2026-12-05T10:00:${String(seq).padStart(2, "0")}.000Z`,
  created_at: "2026-12-05T10:01:00.000Z",
  read_at: null,
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`inbox rows on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await dialect.fresh();
      dispose = fresh.dispose;
      store = await Store.open(fresh.location);
    });
    afterAll(async () => {
      await store?.close();
      await dispose?.();
    });

    it("inserts each entry once: a second insert of the same events returns nothing new", async () => {
      const db = store.database;
      const first = await insertNotifications(db, [
        row("shared", 1, "a"),
        row("shared", 1, "b"),
        row("party:x", 1, "a"),
      ]);
      expect(first).toHaveLength(3);
      const again = await insertNotifications(db, [row("shared", 1, "a"), row("shared", 2, "a")]);
      expect(again.map((r) => `${r.scope}:${r.scope_seq}:${r.recipient}`)).toEqual(["shared:2:a"]);
    });

    it("reads only the scopes given, counts unread, marks read", async () => {
      const db = store.database;
      const member = { negotiationId: "talks", memberId: "a", scopes: new Set(["shared"] as const) };
      const entries = await inboxEntries(db, [member], { limit: 10, unreadOnly: false });
      expect(entries.map((e) => `${e.scope}:${e.scope_seq}`)).toEqual(["shared:2", "shared:1"]);
      expect(await unreadCounts(db, [member])).toEqual(new Map([["talks", 2]]));
      const marked = await markRead(db, [member], new Date(), [
        { negotiationId: "talks", scope: "shared", scopeSeq: 1 },
      ]);
      expect(marked).toBe(1);
      expect(await unreadCounts(db, [member])).toEqual(new Map([["talks", 1]]));
      // The party entry stays unread: it was not among the scopes read.
      expect(await markRead(db, [member], new Date())).toBe(1);
      const wider = { ...member, scopes: new Set(["shared", "party:x"] as const) };
      expect(await unreadCounts(db, [wider])).toEqual(new Map([["talks", 1]]));
    });

    it("moves the position forward only", async () => {
      const db = store.database;
      expect(await notificationCursor(db, "talks")).toBe(0);
      await advanceNotificationCursor(db, "talks", 7);
      await advanceNotificationCursor(db, "talks", 3);
      expect(await notificationCursor(db, "talks")).toBe(7);
    });

    it("claims a digest once per account and day, and gives it back", async () => {
      const db = store.database;
      const at = new Date();
      const claims = await Promise.all([1, 2, 3].map(() => claimDigest(db, "acc", "2026-12-05", at)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      await releaseDigest(db, "acc", "2026-12-05");
      expect(await claimDigest(db, "acc", "2026-12-05", at)).toBe(true);
      expect(await claimDigest(db, "acc", "2026-12-06", at)).toBe(true);
    });
  });
}
