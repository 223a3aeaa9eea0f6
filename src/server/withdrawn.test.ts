import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { type Agent, startTestApp, type TestApp } from "./test-app.ts";

const DRAFT =
  "# Treaty\n\nHave agreed as follows:\n\n## Article 1. Peace\n\nThere shall be peace.\n\n## Article 2. Secret\n\nThe secret clause text.\n";

/** A provision withdrawn from the draft is gone from every read and from what an import matches. */
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`a withdrawn provision, on ${dialect.name}`, () => {
    let t: TestApp;
    let lead: Agent;
    let base = "";
    let withdrawn = "";
    const command = (type: string, payload: Record<string, unknown>) =>
      lead.request({ method: "POST", url: `${base}/commands/${type}`, payload });
    const importDraft = (draft: string) =>
      lead.request({
        method: "POST",
        url: `${base}/import?format=md&preview=false`,
        payload: draft,
        headers: { "content-type": "text/markdown" },
      });
    const provisions = async () =>
      (
        (await lead.request({ method: "GET", url: `${base}/instrument` })).json() as {
          provisions: { provision: { id: string; number: string; version: number; text: string } }[];
        }
      ).provisions.map((v) => v.provision);

    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false });
      lead = await t.as("mediation-lead");
      const created = await lead.request({
        method: "POST",
        url: "/api/negotiations",
        payload: { title: "T" },
      });
      base = `/api/negotiations/${(created.json() as { negotiationId: string }).negotiationId}`;
      expect((await importDraft(DRAFT)).statusCode).toBe(201);
      const [art1, art2] = await provisions();
      if (!art1 || !art2) throw new Error("the imported articles are missing");
      const raised = await command("raise-key-issue", { title: "Secrets", provisionIds: [art1.id, art2.id] });
      expect(raised.statusCode).toBe(201);
      expect(
        (await command("withdraw-provision", { provisionId: art2.id, baseVersion: art2.version })).statusCode,
      ).toBe(201);
      withdrawn = art2.id;
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("answers every provision route exactly as for an id that never existed", async () => {
      const missing = "provision-00000000-0000-4000-8000-000000000000";
      const routes = [
        (id: string) => ({ method: "GET" as const, url: `${base}/provisions/${id}` }),
        (id: string) => ({ method: "GET" as const, url: `${base}/provisions/${id}/compare?a=base&b=base` }),
        (id: string) => ({ method: "GET" as const, url: `${base}/provisions/${id}/convergence` }),
        (id: string) => ({ method: "GET" as const, url: `${base}/provisions/${id}/follow` }),
        (id: string) => ({
          method: "POST" as const,
          url: `${base}/provisions/${id}/follow`,
          payload: { following: true },
        }),
      ];
      for (const route of routes) {
        const gone = await lead.request(route(withdrawn));
        const never = await lead.request(route(missing));
        expect([route(withdrawn).url, gone.statusCode]).toEqual([route(withdrawn).url, 404]);
        expect(gone.body.replaceAll(withdrawn, "ID")).toBe(never.body.replaceAll(missing, "ID"));
      }
    });

    it("is no longer named by the key issues that were linked to it", async () => {
      const list = (await lead.request({ method: "GET", url: `${base}/key-issues` })).json() as {
        keyIssues: { provisionIds: string[] }[];
      };
      expect(list.keyIssues.map((k) => k.provisionIds.length)).toEqual([1]);
      expect(JSON.stringify(list)).not.toContain(withdrawn);
      const [art1] = await provisions();
      const detail = await lead.request({ method: "GET", url: `${base}/provisions/${art1?.id}` });
      expect(detail.body).not.toContain(withdrawn);
    });

    it("is as if absent to an import: the draft's article under its number comes back, changed or not", async () => {
      expect((await importDraft(DRAFT)).statusCode).toBe(201);
      const again = await provisions();
      expect(again.map((p) => [p.number, p.text])).toEqual([
        ["1", "There shall be peace."],
        ["2", "The secret clause text."],
      ]);
      expect(again.map((p) => p.id)).not.toContain(withdrawn);
      const changed = await importDraft(DRAFT.replace("The secret clause text.", "A changed clause."));
      expect(changed.statusCode).toBe(201);
      expect(changed.body).not.toContain(withdrawn);
      expect((await provisions()).map((p) => p.text)).toEqual(["There shall be peace.", "A changed clause."]);
    });
  });
}
