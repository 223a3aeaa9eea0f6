import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { BoundedCache } from "./bounded-cache.ts";
import { membershipsOf } from "./memberships.ts";
import { Store } from "./store.ts";
import { DIALECTS } from "./test-stores.ts";

/** Issue 17, item 4: many negotiations on one server, memory bounded, "my negotiations" read by an index. */
const lead = (n: number) => `lead-${n}`;

async function negotiation(store: Store, id: string, n: number, guests: readonly string[]): Promise<void> {
  await store.execute(
    id,
    {
      type: "create-negotiation",
      negotiationId: id,
      title: `Talks ${n}`,
      lead: { memberId: lead(n), name: "Lead", email: `lead${n}@example.org` },
    },
    "account",
  );
  for (const [i, email] of guests.entries())
    await store.execute(
      id,
      { type: "add-member", memberId: `guest-${i}`, name: email, email, role: "observer", rank: "member" },
      lead(n),
    );
}

describe("BoundedCache", () => {
  it("keeps the most recently used entries, at most its limit", () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recently used
    cache.set("c", 3);
    expect([cache.has("a"), cache.has("b"), cache.has("c"), cache.size]).toEqual([true, false, true, 2]);
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`many negotiations (${dialect.name})`, () => {
    it("holds at most maxCachedStates states, and a dropped one reads back the same", async () => {
      const { location, dispose } = await dialect.fresh();
      const store = await Store.open(location, { maxCachedStates: 3 });
      try {
        for (let n = 0; n < 6; n++) await negotiation(store, `n-${n}`, n, ["guest@example.org"]);
        const before = await store.viewAs("n-0", "guest@example.org");
        for (let n = 0; n < 6; n++) await store.viewAs(`n-${n}`, "guest@example.org");
        expect(store.cachedStates).toBe(3);
        const after = await store.viewAs("n-0", "guest@example.org");
        expect(after.state).not.toBe(before.state); // read again from the projection…
        expect(after.state.all("member")).toEqual(before.state.all("member")); // …and the same
        expect(after.viewer).toEqual(before.viewer);
      } finally {
        await store.close();
        await dispose();
      }
    });

    it("lists an address's negotiations from the index exactly as reading every state would, also on a store made before the index", async () => {
      const { location, dispose } = await dialect.fresh();
      let store = await Store.open(location);
      /** The list as it was built before the index: every negotiation's state asked. */
      const byStates = async (email: string) => {
        const mine = [];
        for (const id of await store.negotiationIds()) {
          const { viewer, state } = await store.viewAs(id, email);
          if (viewer.kind === "member")
            mine.push({
              negotiationId: id,
              title: state.negotiation?.title ?? id,
              memberId: viewer.member.id,
              role: viewer.member.role,
            });
        }
        return mine;
      };
      const ids = async (email: string) =>
        (await membershipsOf(store.database, email)).map((m) => m.negotiationId);
      const addresses = [
        "mia@example.org",
        "MIA@example.org",
        "other@example.org",
        "nobody@example.org",
        "lead1@example.org",
      ];
      try {
        await negotiation(store, "a", 1, ["Mia@Example.org", "other@example.org"]);
        await negotiation(store, "b", 2, ["other@example.org"]);
        await negotiation(store, "c", 3, ["mia@example.org"]);
        expect(await ids("MIA@example.org")).toEqual(["a", "c"]);
        expect(await ids("nobody@example.org")).toEqual([]);
        expect((await membershipsOf(store.database, "mia@example.org"))[0]).toEqual({
          negotiationId: "a",
          title: "Talks 1",
          memberId: "guest-0",
          role: { kind: "observer" },
        });
        for (const email of addresses)
          expect(await membershipsOf(store.database, email), email).toEqual(await byStates(email));
        // Removed: no longer listed, exactly as the state says.
        await store.execute("c", { type: "remove-member", memberId: "guest-0" }, lead(3));
        expect(await ids("mia@example.org")).toEqual(["a"]);
        for (const email of addresses)
          expect(await membershipsOf(store.database, email), email).toEqual(await byStates(email));

        // As a store made by the release before the index: the migration builds it from the projection.
        await sql`drop table member_emails`.execute(store.database);
        await sql`delete from kysely_migration where name = ${"2026-12-05T11-member-emails"}`.execute(
          store.database,
        );
        await store.close();
        store = await Store.open(location);
        expect(await ids("mia@example.org")).toEqual(["a"]);
        expect(await ids("other@example.org")).toEqual(["a", "b"]);
        expect(await ids("lead2@example.org")).toEqual(["b"]);
        for (const email of addresses)
          expect(await membershipsOf(store.database, email), email).toEqual(await byStates(email));
      } finally {
        await store.close();
        await dispose();
      }
    });
  });
}
