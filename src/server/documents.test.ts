import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp } from "./test-app.ts";

const base = `/api/negotiations/${NEGOTIATION}`;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`documents through the API, on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("exports each format as the member sees it: Azerbaijan's caucus text never reaches Armenia", async () => {
      const az = await t.as("az-head");
      const marker = "EXPORT-MARKER-caucus-az";
      const tabled = await az.request({
        method: "POST",
        url: `${base}/commands/table-proposal`,
        payload: {
          provisionId: "art-8",
          proposalKind: "replace",
          text: `Crossing points ${marker}.`,
          scope: "caucus:az",
          baseVersion: 0,
        },
      });
      expect([201, 409]).toContain(tabled.statusCode);
      if (tabled.statusCode === 409) {
        const current = (tabled.json() as { currentVersion: number }).currentVersion;
        const retry = await az.request({
          method: "POST",
          url: `${base}/commands/table-proposal`,
          payload: {
            provisionId: "art-8",
            proposalKind: "replace",
            text: `Crossing points ${marker}.`,
            scope: "caucus:az",
            baseVersion: current,
          },
        });
        expect(retry.statusCode).toBe(201);
      }
      const am = await t.as("am-head");
      for (const format of ["md", "akn"] as const) {
        const mine = await am.request({ method: "GET", url: `${base}/export?format=${format}` });
        expect(mine.statusCode).toBe(200);
        expect(mine.body).toContain("Agreement on Peace and Establishment of Interstate Relations");
        expect(mine.body).not.toContain(marker);
        const theirs = await az.request({ method: "GET", url: `${base}/export?format=${format}` });
        expect(theirs.body).toContain(marker);
      }
      for (const format of ["docx", "pdf"] as const) {
        const file = await am.request({ method: "GET", url: `${base}/export?format=${format}` });
        expect(file.statusCode).toBe(200);
        expect(file.headers["content-disposition"]).toContain(`.${format}`);
        expect(file.rawPayload.length).toBeGreaterThan(5_000);
      }
    });

    it("exports the text as it stood at a round's close", async () => {
      const lead = await t.as("mediation-lead");
      const r1 = await lead.request({ method: "GET", url: `${base}/export?format=md&at=r1` });
      const now = await lead.request({ method: "GET", url: `${base}/export?format=md` });
      expect(r1.statusCode).toBe(200);
      expect(r1.body).toContain("as at the close of Round 1");
      expect(r1.body).not.toBe(now.body);
      expect(
        (await lead.request({ method: "GET", url: `${base}/export?format=md&at=no-such-round` })).statusCode,
      ).toBe(404);
    });

    it("previews a Markdown draft without writing, then imports it in one transaction", async () => {
      const lead = await t.as("mediation-lead");
      const before = (await lead.request({ method: "GET", url: `${base}/history` })).body;
      const draft =
        "# Agreement\n\n## Article 30. Cultural heritage\n\nThe Parties shall protect cultural heritage.\n";
      const preview = await lead.request({
        method: "POST",
        url: `${base}/import?format=md`,
        payload: draft,
        headers: { "content-type": "text/markdown" },
      });
      expect(preview.statusCode).toBe(200);
      const body = preview.json() as {
        preview: { articles: { number: string }[] };
        plan: { commands: unknown[] };
      };
      expect(body.preview.articles.map((a) => a.number)).toEqual(["30"]);
      expect(body.plan.commands.length).toBeGreaterThan(0);
      expect((await lead.request({ method: "GET", url: `${base}/history` })).body).toBe(before);
      const imported = await lead.request({
        method: "POST",
        url: `${base}/import?format=md&preview=false`,
        payload: draft,
        headers: { "content-type": "text/markdown" },
      });
      expect(imported.statusCode).toBe(201);
      const text = (await lead.request({ method: "GET", url: `${base}/instrument` })).body;
      expect(text).toContain("The Parties shall protect cultural heritage.");
    });

    it("refuses a file that is not a DOCX with a clear error, and writes nothing", async () => {
      const lead = await t.as("mediation-lead");
      const before = (await lead.request({ method: "GET", url: `${base}/history` })).body;
      const response = await lead.request({
        method: "POST",
        url: `${base}/import?format=docx&preview=false`,
        payload: Buffer.from("this is not a zip file at all"),
        headers: { "content-type": "application/octet-stream" },
      });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect((await lead.request({ method: "GET", url: `${base}/history` })).body).toBe(before);
    });
  });
}
