import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { type Agent, startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem } from "./test-http.ts";

/** Writing the text from scratch through the API, in a negotiation made for the purpose (no demo). */
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`drafting the text through the API, on ${dialect.name}`, () => {
    let t: TestApp;
    let lead: Agent;
    let base = "";
    const command = (type: string, payload: Record<string, unknown>) =>
      lead.request({ method: "POST", url: `${base}/commands/${type}`, payload });
    const history = async () => (await lead.request({ method: "GET", url: `${base}/history` })).body;
    const instrument = async () =>
      (await lead.request({ method: "GET", url: `${base}/instrument` })).json() as {
        instrument: { tabledAt: string | null; openingFormula: string; closingFormula: string };
        blanks: number;
        provisions: {
          provision: { id: string; number: string; version: number };
          depth: number;
          blanks: unknown[];
        }[];
      };

    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false });
      lead = await t.as("mediation-lead");
      const created = await lead.request({
        method: "POST",
        url: "/api/negotiations",
        payload: { title: "Ardenia–Belmaria" },
      });
      base = `/api/negotiations/${(created.json() as { negotiationId: string }).negotiationId}`;
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("imports a draft into the new negotiation: the instrument, its formulas, and the text, untabled", async () => {
      const draft =
        "# Treaty of Friendship\n\nThe Republic of Ardenia and the Republic of Belmaria,\n\nRecalling their friendship,\n\nHave agreed as follows:\n\n## Article 1. Peace\n\nThere shall be peace from [date].\n\n## Article 2. Borders\n\nThe border runs along ____.\n";
      const imported = await lead.request({
        method: "POST",
        url: `${base}/import?format=md&preview=false`,
        payload: draft,
        headers: { "content-type": "text/markdown" },
      });
      expect(imported.statusCode).toBe(201);
      const text = await instrument();
      expect(text.instrument).toMatchObject({
        tabledAt: null,
        openingFormula: "The Republic of Ardenia and the Republic of Belmaria,",
        closingFormula: "Have agreed as follows:",
      });
      expect(text.provisions.map((v) => v.provision.number)).toEqual(["PP1", "1", "2"]);
      expect(text.blanks).toBe(2);
      expect(text.provisions[1]?.blanks).toEqual([
        { start: 26, end: 32, text: "[date]", kind: "placeholder" },
      ]);
    });

    it("edits, moves and renumbers directly; a stale version gets 409 and a loop 422, writing nothing", async () => {
      const [, art1, art2] = (await instrument()).provisions.map((v) => v.provision);
      if (!art1 || !art2) throw new Error("the imported articles are missing");
      const edited = await command("edit-provision", {
        provisionId: art1.id,
        text: "There shall be peace.",
        baseVersion: art1.version,
      });
      expect(edited.statusCode).toBe(201);
      const before = await history();
      expectProblem(
        await command("edit-provision", { provisionId: art1.id, text: "Stale.", baseVersion: art1.version }),
        409,
        "conflict.stale",
      );
      expectProblem(
        await command("edit-provision", { provisionId: art1.id, text: "No version." }),
        400,
        "validation",
      );
      expect(await history()).toBe(before);
      const added = await command("add-provision", {
        provisionKind: "paragraph",
        parentId: art2.id,
        text: "Paragraph.",
      });
      const paragraphId = (added.json() as { ids: { provisionId: string } }).ids.provisionId;
      const afterAdding = await history();
      expectProblem(
        await command("move-provision", {
          provisionId: art2.id,
          parentId: paragraphId,
          afterId: null,
          baseVersion: art2.version,
        }),
        422,
        "provision.move_into_itself",
      );
      expect(await history()).toBe(afterAdding);
      const moved = await command("move-provision", {
        provisionId: art2.id,
        parentId: null,
        afterId: null,
        baseVersion: art2.version,
      });
      expect(moved.statusCode).toBe(201);
      const renumbered = await command("renumber-text", {});
      expect(
        (renumbered.json() as { events: { type: string; data: { number: string } }[] }).events.map((e) => [
          e.type,
          e.data.number,
        ]),
      ).toEqual([
        ["provision.renumbered", "1"],
        ["provision.renumbered", "1"],
        ["provision.renumbered", "2"],
      ]);
      expect((await instrument()).provisions.map((v) => [v.provision.number, v.depth])).toEqual([
        ["1", 0],
        ["1", 1],
        ["PP1", 0],
        ["2", 0],
      ]);
    });

    it("tables the text once; then a direct edit is refused and writes nothing", async () => {
      expect((await command("table-text", {})).statusCode).toBe(201);
      expect((await instrument()).instrument.tabledAt).not.toBeNull();
      const before = await history();
      expectProblem(await command("table-text", {}), 422, "instrument.tabled");
      expectProblem(await command("edit-instrument", { title: "Other" }), 422, "instrument.tabled");
      expect(await history()).toBe(before);
      const progress = (await lead.request({ method: "GET", url: `${base}/progress` })).json() as {
        current: { byStatus: { open: { count: number } }; lastMile: { number: string; blanks: number }[] };
      };
      expect(progress.current.byStatus.open.count).toBe(4);
      expect(progress.current.lastMile.filter((p) => p.blanks > 0).map((p) => p.blanks)).toEqual([1]);
    });
  });
}
