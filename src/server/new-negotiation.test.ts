import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem, storeSnapshot } from "./test-http.ts";

/** Issue 11: a new negotiation with its parties, created whole in one transaction, or not at all. */

const PARTIES = [
  { partyId: "ar", name: "Republic of Ardenia", shortName: "Ardenia" },
  { partyId: "be", name: "Kingdom of Belmaria", shortName: "Belmaria" },
];

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`a new negotiation on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false });
    }, 120_000);
    afterAll(async () => t?.dispose());

    const create = async (payload: Record<string, unknown>) =>
      (await t.as("mediation-lead")).request({ method: "POST", url: "/api/negotiations", payload });

    it("creates the negotiation and its parties, the creator as mediation lead, who then invites a head", async () => {
      const response = await create({
        title: "Ardenia–Belmaria",
        description: "Border talks.",
        parties: PARTIES,
      });
      expect(response.statusCode).toBe(201);
      const { negotiationId } = response.json() as { negotiationId: string };
      const lead = await t.as("mediation-lead");
      const members = await lead.request({
        method: "GET",
        url: `/api/negotiations/${negotiationId}/members`,
      });
      const body = members.json() as {
        parties: { id: string; name: string; shortName: string }[];
        members: { email: string; role: { kind: string; rank?: string } }[];
      };
      expect(body.parties.map((p) => [p.id, p.name, p.shortName])).toEqual([
        ["ar", "Republic of Ardenia", "Ardenia"],
        ["be", "Kingdom of Belmaria", "Belmaria"],
      ]);
      expect(body.members).toHaveLength(1);
      expect(body.members[0]?.role).toMatchObject({ kind: "mediation", rank: "lead" });
      const invited = await lead.request({
        method: "POST",
        url: `/api/negotiations/${negotiationId}/invitations`,
        payload: {
          email: "head@ardenia.example",
          name: "Head of Ardenia",
          role: "delegation",
          rank: "head",
          partyId: "ar",
        },
      });
      expect(invited.statusCode).toBe(201);
      expect((invited.json() as { link: string }).link).toMatch(/\/invite\/inv_/);
    });

    it("refuses a duplicate party id, a bad party id, an over-long title, and writes nothing", async () => {
      const before = await storeSnapshot(t.store);
      const duplicate = expectProblem(
        await create({ title: "Twice", parties: [PARTIES[0], { ...PARTIES[1], partyId: "ar" }] }),
        400,
        "validation",
      );
      expect(JSON.stringify(duplicate)).toContain("parties.1.partyId");
      expectProblem(
        await create({ title: "Bad id", parties: [{ partyId: "Not An Id", name: "X", shortName: "" }] }),
        400,
        "validation",
      );
      expectProblem(await create({ title: "x".repeat(301), parties: PARTIES }), 400, "validation");
      expectProblem(
        await create({ title: "No name", parties: [{ partyId: "ok", name: " " }] }),
        400,
        "validation",
      );
      expect(await storeSnapshot(t.store)).toEqual(before);
    });

    it("an account that may not host creates nothing", async () => {
      const outsider = await t.as("outsider");
      const before = await storeSnapshot(t.store);
      expectProblem(
        await outsider.request({
          method: "POST",
          url: "/api/negotiations",
          payload: { title: "T", parties: PARTIES },
        }),
        403,
        "host.not_allowed",
      );
      expect(await storeSnapshot(t.store)).toEqual(before);
    });
  });
}
