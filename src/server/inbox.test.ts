import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../domain/scope.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp, type TestRole } from "./test-app.ts";

/**
 * The inbox by role: who gets an entry for what, computed from events each reader may read. A party's internal
 * proposal never reaches the other party or the mediation; a caucus one never the other party.
 */

const MEMBERS = [
  "mediation-lead",
  "mediation-member",
  "am-head",
  "am-member",
  "az-head",
  "az-member",
  "observer",
] as const satisfies readonly TestRole[];
type Member = (typeof MEMBERS)[number];

interface Entry {
  id: string;
  negotiationId: string;
  kind: string;
  target: { kind: string; id: string };
  text: string;
  read: boolean;
}
interface Inbox {
  entries: Entry[];
  unread: number;
  negotiations: { negotiationId: string; unread: number }[];
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`the inbox on ${dialect.name}`, () => {
    let t: TestApp;
    const inbox = async (role: TestRole, query = "unread=true"): Promise<Inbox> => {
      const response = await (await t.as(role)).request({ method: "GET", url: `/api/inbox?${query}` });
      expect(response.statusCode).toBe(role === "anonymous" ? 401 : 200);
      return response.json() as Inbox;
    };
    const run = async (role: TestRole, type: string, body: Record<string, unknown>) => {
      const response = await (await t.as(role)).request({
        method: "POST",
        url: `/api/negotiations/${NEGOTIATION}/commands/${type}`,
        payload: body,
      });
      if (response.statusCode !== 201) throw new Error(`${role} ${type}: ${response.body}`);
      return (response.json() as { ids: Record<string, string> }).ids;
    };
    const version = async (provisionId: string) =>
      (await t.store.fullState(NEGOTIATION)).get("provision", provisionId)?.version ?? 0;
    const propose = (role: TestRole, scope: Scope, provisionId = "art-13") =>
      version(provisionId).then((baseVersion) =>
        run(role, "table-proposal", {
          provisionId,
          proposalKind: "replace",
          text: `By ${role}.`,
          scope,
          baseVersion,
        }),
      );
    /** Who got a new unread entry of this kind on this target since everyone last read everything. */
    const recipients = async (kind: string, targetId: string): Promise<Member[]> => {
      const out: Member[] = [];
      for (const role of MEMBERS) {
        const { entries } = await inbox(role);
        if (entries.some((e) => e.kind === kind && e.target.id === targetId)) out.push(role);
      }
      return out;
    };
    const readAll = async () => {
      for (const role of MEMBERS) {
        const response = await (await t.as(role)).request({
          method: "POST",
          url: "/api/inbox/read",
          payload: {},
        });
        expect(response.statusCode).toBe(200);
        expect((response.json() as { unread: number }).unread).toBe(0);
      }
    };

    beforeAll(async () => {
      t = await startTestApp(dialect);
      await t.context.notifier.settled();
    }, 60_000);
    afterAll(async () => t?.dispose());

    it("a party's internal proposal reaches its own delegation only", async () => {
      await readAll();
      await propose("am-head", "party:am");
      expect(await recipients("proposal", "art-13")).toEqual(["am-member"]);
    });

    it("a caucus proposal reaches its delegation and the mediation, never the other party", async () => {
      await readAll();
      await propose("am-member", "caucus:am");
      expect(await recipients("proposal", "art-13")).toEqual([
        "mediation-lead",
        "mediation-member",
        "am-head",
      ]);
    });

    it("a mediation proposal reaches the mediation only; a party's internal one on the other side its own", async () => {
      await readAll();
      await propose("mediation-lead", "mediation");
      expect(await recipients("proposal", "art-13")).toEqual(["mediation-member"]);
      await readAll();
      await propose("az-member", "party:az");
      expect(await recipients("proposal", "art-13")).toEqual(["az-head"]);
    });

    it("a shared proposal reaches those who follow the provision; an observer who follows it, until unfollowing", async () => {
      await readAll();
      const observer = await t.as("observer");
      const follow = (following: boolean) =>
        observer.request({
          method: "POST",
          url: `/api/negotiations/${NEGOTIATION}/provisions/art-13/follow`,
          payload: { following },
        });
      expect((await follow(true)).json()).toEqual({ following: true, byRole: false, choice: true });
      await propose("am-head", "shared");
      // The mediation and every delegation follow every provision; the observer only by choice.
      expect(await recipients("proposal", "art-13")).toEqual([
        "mediation-lead",
        "mediation-member",
        "am-member",
        "az-head",
        "az-member",
        "observer",
      ]);
      await readAll();
      expect((await follow(false)).json()).toEqual({ following: false, byRole: false, choice: false });
      await propose("am-head", "shared");
      expect(await recipients("proposal", "art-13")).not.toContain("observer");
    });

    it("a provision no one took part in still reaches every delegation (each is party to the whole text); unfollowing stops it", async () => {
      const full = await t.store.fullState(NEGOTIATION);
      const untouched = full
        .all("provision")
        .find(
          (p) =>
            p.status === "open" &&
            p.provisionKind === "article" &&
            !full.all("proposal").some((x) => x.provisionId === p.id && x.by !== "mediation") &&
            !full.all("position").some((x) => x.provisionId === p.id),
        );
      const id = untouched?.id ?? "";
      await readAll();
      await propose("mediation-lead", "shared", id);
      expect(await recipients("proposal", id)).toEqual([
        "mediation-member",
        "am-head",
        "am-member",
        "az-head",
        "az-member",
      ]);
      const am = await t.as("am-member");
      const url = `/api/negotiations/${NEGOTIATION}/provisions/${id}/follow`;
      expect((await am.request({ method: "GET", url })).json()).toEqual({
        following: true,
        byRole: true,
        choice: null,
      });
      expect((await am.request({ method: "POST", url, payload: { following: false } })).json()).toEqual({
        following: false,
        byRole: true,
        choice: false,
      });
      await readAll();
      await propose("mediation-lead", "shared", id);
      expect(await recipients("proposal", id)).not.toContain("am-member");
      expect(await recipients("proposal", id)).toContain("am-head");
    });

    it("a round scheduled and opened reaches every other member", async () => {
      await readAll();
      const { roundId = "" } = await run("mediation-member", "schedule-round", {
        name: "Round 4",
        venue: "Vienna",
        startsOn: "2023-06-01",
        endsOn: "2023-06-02",
      });
      const others = MEMBERS.filter((r) => r !== "mediation-member");
      expect(await recipients("round.scheduled", roundId)).toEqual(others);
      await run("mediation-member", "open-round", { roundId });
      expect(await recipients("round.opened", roundId)).toEqual(others);
      const entry = (await inbox("am-head")).entries.find((e) => e.kind === "round.opened");
      expect(entry?.text).toBe("Round opened: Round 4");
    });

    it("a joint statement awaits the approval of each head whose party has not approved", async () => {
      await readAll();
      const { statementId = "" } = await run("mediation-lead", "draft-statement", {
        statementKind: "joint",
        title: "Joint readout",
        text: "The parties met.",
      });
      expect(await recipients("statement.approval", statementId)).toEqual(["am-head", "az-head"]);
      await run("am-head", "approve-statement", { statementId });
      await readAll();
      await run("mediation-lead", "revise-statement", { statementId, text: "The parties met again." });
      // A revision asks every party again (approvals are of a revision).
      expect(await recipients("statement.approval", statementId)).toEqual(["am-head", "az-head"]);
    });

    it("an accepted invitation reaches the inviter", async () => {
      await readAll();
      const invited = await (await t.as("am-head")).request({
        method: "POST",
        url: `/api/negotiations/${NEGOTIATION}/invitations`,
        payload: {
          email: "new@am.parley.test",
          name: "Narek",
          role: "delegation",
          rank: "member",
          partyId: "am",
        },
      });
      const token = (invited.json() as { link: string }).link.split("/invite/")[1] ?? "";
      const accepted = await t.app.inject({
        method: "POST",
        url: `/api/invitations/${token}/accept`,
        payload: { password: "a long enough password" },
      });
      const { memberId } = accepted.json() as { memberId: string };
      expect(await recipients("invitation.accepted", memberId)).toEqual(["am-head"]);
      expect((await inbox("am-head")).entries[0]?.text).toBe("Narek accepted your invitation");
    });

    it("counts unread entries, per negotiation too, and marks them read one by one", async () => {
      await readAll();
      await propose("am-member", "shared");
      const before = await inbox("az-head");
      expect(before.unread).toBe(1);
      expect(before.negotiations).toEqual([
        expect.objectContaining({ negotiationId: NEGOTIATION, unread: 1 }),
      ]);
      const [entry] = before.entries;
      const marked = await (await t.as("az-head")).request({
        method: "POST",
        url: "/api/inbox/read",
        payload: { entries: [{ negotiationId: NEGOTIATION, id: entry?.id ?? "" }] },
      });
      expect(marked.json()).toEqual({ marked: 1, unread: 0 });
      const all = await inbox("az-head", "unread=false&limit=5");
      expect(all.entries[0]).toMatchObject({ id: entry?.id, read: true });
      // Another negotiation's id, real or not, filters to nothing.
      expect((await inbox("az-head", "negotiationId=no-such-talks")).entries).toEqual([]);
    });

    it("outsiders, operators and the anonymous get nothing; a member removed no longer sees the entries", async () => {
      for (const role of ["outsider", "operator"] as const) {
        expect(await inbox(role, "unread=false")).toEqual({ entries: [], unread: 0, negotiations: [] });
      }
      await inbox("anonymous");
      await readAll();
      await propose("am-head", "party:am");
      expect((await inbox("am-member")).unread).toBe(1);
      await run("am-head", "remove-member", { memberId: "hovhannisyan" });
      expect(await inbox("am-member", "unread=false")).toEqual({ entries: [], unread: 0, negotiations: [] });
    });
  });
}
