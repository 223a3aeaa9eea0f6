import { afterEach, describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors.ts";
import { MEMBERS as M, N } from "../domain/test-kit.ts";
import { verifyExport } from "../record/verify-export.ts";
import { Store } from "./store.ts";
import { DIALECTS } from "./test-stores.ts";

/** A small negotiation with the test kit's cast, issued through the store. */
async function seedFromKit(store: Store): Promise<void> {
  await store.execute(
    N,
    {
      type: "create-negotiation",
      negotiationId: N,
      title: "Test talks",
      lead: { memberId: M.lead, name: "Lead", email: "lead@example.org" },
    },
    "account-1",
  );
  await store.execute(N, { type: "add-party", partyId: "am", name: "Armenia" }, M.lead);
  await store.execute(N, { type: "add-party", partyId: "az", name: "Azerbaijan" }, M.lead);
  for (const [memberId, role, rank, partyId] of [
    [M.amHead, "delegation", "head", "am"],
    [M.azHead, "delegation", "head", "az"],
    [M.observer, "observer", "member", undefined],
  ] as const) {
    await store.execute(
      N,
      {
        type: "add-member",
        memberId,
        name: memberId,
        email: `${memberId}@example.org`,
        role,
        rank,
        ...(partyId ? { partyId } : {}),
      },
      M.lead,
    );
  }
  await store.execute(N, { type: "create-instrument", title: "Agreement" }, M.lead);
  await store.execute(
    N,
    { type: "add-provision", provisionId: "art1", provisionKind: "article", number: "1", text: "Peace." },
    M.lead,
  );
  await store.execute(N, { type: "table-text" }, M.lead);
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`store on ${dialect.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    async function openFresh(): Promise<Store> {
      const { location, dispose } = await dialect.fresh();
      const store = await Store.open(location);
      cleanups.push(async () => {
        await store.close();
        await dispose();
      });
      return store;
    }

    it("appends, projects, and keeps each scope's content to its readers", async () => {
      const store = await openFresh();
      await seedFromKit(store);
      await store.execute(
        N,
        { type: "write-note", noteId: "n-am", text: "AM-SECRET", scope: "party:am" },
        M.amHead,
      );
      await store.execute(
        N,
        { type: "write-note", noteId: "n-med", text: "MED-SECRET", scope: "mediation" },
        M.lead,
      );
      const az = await store.viewAs(N, M.azHead);
      expect(az.state.get("note", "n-am")).toBeUndefined();
      expect(JSON.stringify(await store.history(N, az.scopes))).not.toContain("AM-SECRET");
      const am = await store.viewAs(N, `${M.amHead}@example.org`);
      expect(am.state.get("note", "n-am")?.text).toBe("AM-SECRET");
      expect(JSON.stringify(await store.history(N, am.scopes))).not.toContain("MED-SECRET");
      const lead = await store.viewAs(N, M.lead);
      expect(lead.state.get("note", "n-am")).toBeUndefined();
      expect(lead.state.get("note", "n-med")?.text).toBe("MED-SECRET");
    });

    it("writes nothing when a command is refused", async () => {
      const store = await openFresh();
      await seedFromKit(store);
      const before = await store.history(N, new Set(["shared"]));
      await expect(
        store.execute(
          N,
          { type: "take-position", positionId: "p", provisionId: "art1", partyId: "az", stance: "accept" },
          M.amHead,
        ),
      ).rejects.toMatchObject({ code: "position.not_own_party" });
      await expect(
        store.execute(N, { type: "add-party", partyId: "BAD ID", name: "x" }, M.lead),
      ).rejects.toBeInstanceOf(DomainError);
      expect(await store.history(N, new Set(["shared"]))).toEqual(before);
    });

    it("a fresh process sees the same state as the one that wrote it", async () => {
      const { location, dispose } = await dialect.fresh();
      const writer = await Store.open(location);
      await seedFromKit(writer);
      await writer.execute(
        N,
        {
          type: "table-proposal",
          proposalId: "p1",
          provisionId: "art1",
          proposalKind: "replace",
          text: "Lasting peace.",
        },
        M.amHead,
      );
      const expected = (await writer.fullState(N)).snapshot();
      await writer.close();
      const reader = await Store.open(location);
      expect((await reader.fullState(N)).snapshot()).toEqual(expected);
      await reader.close();
      await dispose();
    });

    it("serialises concurrent writers: no lost update, chains stay intact", async () => {
      const { location, dispose } = await dialect.fresh();
      const a = await Store.open(location);
      // better-sqlite3 is synchronous: two connections in one thread would wait on each other, so SQLite
      // shares one store here; writers in separate processes are exercised by the crash test.
      const b = dialect.name === "sqlite" ? a : await Store.open(location);
      await seedFromKit(a);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).execute(
            N,
            { type: "write-note", noteId: `c${i}`, text: `note ${i}`, scope: "shared" },
            M.lead,
          ),
        ),
      );
      const state = await b.fullState(N);
      expect(state.all("note")).toHaveLength(20);
      const report = await a.verifyNegotiation(N);
      expect(report.ok).toBe(true);
      await a.close();
      if (b !== a) await b.close();
      await dispose();
    });

    it("signs every scope's head when a round closes, and exports verify offline", async () => {
      const store = await openFresh();
      await seedFromKit(store);
      await store.execute(
        N,
        {
          type: "schedule-round",
          roundId: "r1",
          name: "Round 1",
          venue: "Arlington",
          startsOn: "2023-05-01",
          endsOn: "2023-05-04",
        },
        M.lead,
      );
      await store.execute(N, { type: "open-round", roundId: "r1" }, M.lead);
      const { receipts } = await store.execute(N, { type: "close-round", roundId: "r1" }, M.lead);
      expect(receipts.map((r) => r.scope).sort()).toEqual(
        ["caucus:am", "caucus:az", "mediation", "party:am", "party:az", "public", "shared"].sort(),
      );
      const am = await store.viewAs(N, M.amHead);
      const exported = await store.exportHistory(N, am.scopes);
      expect(exported.receipts.every((r) => am.scopes.has(r.scope))).toBe(true);
      expect(verifyExport(JSON.parse(JSON.stringify(exported))).ok).toBe(true);
    });
  });
}
