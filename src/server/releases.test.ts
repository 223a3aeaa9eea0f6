import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Release } from "../domain/entities.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp } from "./test-app.ts";

/**
 * A release is a self-contained public copy: it must say nothing of the drafts behind it. A party drafts and
 * revises its readout inside its delegation (the mediator's, inside the mediation), so how often it was
 * revised is theirs; only a joint statement's revision is shared (the parties approve a revision).
 */
const dialect = DIALECTS[0];

describe.skipIf(!dialect)("what a release tells of its drafts", () => {
  let t: TestApp;
  beforeAll(async () => {
    if (!dialect) return;
    t = await startTestApp(dialect);
  }, 60_000);
  afterAll(async () => t?.dispose());

  it("the public and the other party learn nothing of how often a party or the mediation revised a released text", async () => {
    // The demo's Armenian readout was revised once inside the delegation before its release.
    const full = await t.store.fullState(NEGOTIATION);
    expect(full.get("statement", "st-am")?.revision).toBe(2);

    const publicly = await (await t.as("anonymous")).request({
      method: "GET",
      url: `/api/public/negotiations/${NEGOTIATION}/releases`,
    });
    const byAzerbaijan = await (await t.as("az-head")).request({
      method: "GET",
      url: `/api/negotiations/${NEGOTIATION}/statements`,
    });
    for (const response of [publicly, byAzerbaijan]) {
      const { releases } = response.json() as { releases: Release[] };
      const am = releases.find((r) => r.statementId === "st-am");
      expect(am?.text).toContain("From 1 to 4 May 2023");
      for (const release of releases.filter((r) => r.statementKind !== "joint"))
        expect(release.revision, release.statementId).toBeNull();
    }
  });

  it("a joint statement's release names the revision the parties approved", async () => {
    const run = async (role: "mediation-lead" | "am-head" | "az-head", type: string, body: object) => {
      const response = await (await t.as(role)).request({
        method: "POST",
        url: `/api/negotiations/${NEGOTIATION}/commands/${type}`,
        payload: body,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { ids: Record<string, string> };
    };
    const drafted = await run("mediation-lead", "draft-statement", {
      statementKind: "joint",
      title: "Joint readout",
      text: "First wording.",
    });
    const statementId = Object.values(drafted.ids)[0] ?? "";
    await run("mediation-lead", "revise-statement", { statementId, text: "Second wording." });
    await run("am-head", "approve-statement", { statementId });
    await run("az-head", "approve-statement", { statementId });
    await run("mediation-lead", "release-statement", { statementId });
    const publicly = await (await t.as("anonymous")).request({
      method: "GET",
      url: `/api/public/negotiations/${NEGOTIATION}/releases`,
    });
    const { releases } = publicly.json() as { releases: Release[] };
    expect(releases.find((r) => r.statementId === statementId)?.revision).toBe(2);
  });
});
