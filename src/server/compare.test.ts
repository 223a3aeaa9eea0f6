import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { applyWordOps, type WordOp } from "../text/index.ts";
import { Comparer } from "./compare/comparer.ts";
import { NEGOTIATION, startTestApp, type TestApp } from "./test-app.ts";

const base = `/api/negotiations/${NEGOTIATION}`;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`how close the deal is, on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("shows the share agreed growing round by round, and the last mile worst first", async () => {
      const am = await t.as("am-head");
      const response = await am.request({ method: "GET", url: `${base}/progress` });
      expect(response.statusCode).toBe(200);
      const body = response.json() as {
        rounds: { roundId: string; progress: { byStatus: { agreed: { count: number } } } }[];
        current: { index: number; lastMile: { convergence: number; keyIssues: string[] }[] };
      };
      expect(body.rounds.map((r) => r.roundId)).toEqual(["r1", "r2", "r3"]);
      const agreed = body.rounds.map((r) => r.progress.byStatus.agreed.count);
      expect(agreed[0]).toBeLessThan(agreed[1] ?? 0);
      expect(agreed[1]).toBeLessThanOrEqual(agreed[2] ?? 0);
      const lastMile = body.current.lastMile.map((x) => x.convergence);
      expect(lastMile).toEqual([...lastMile].sort((x, y) => x - y));
      expect(body.current.lastMile.some((x) => x.keyIssues.length > 0)).toBe(true);
    });

    it("finds the two party readouts near-identical, as the seed reports", async () => {
      const observer = await t.as("observer");
      const response = await observer.request({
        method: "GET",
        url: `${base}/statements/compare?a=st-am&b=st-az`,
      });
      expect(response.statusCode).toBe(200);
      const { comparison } = response.json() as { comparison: { verdict: string; similarity: number } };
      expect(comparison.verdict).toBe("near-identical");
      expect(comparison.similarity).toBeGreaterThan(0.8);
    });

    it("diffs two alternatives word by word; the script turns one into the other", async () => {
      const az = await t.as("az-head");
      const response = await az.request({
        method: "GET",
        url: `${base}/provisions/art-3/compare?a=p-art3-am&b=p-art3-bridge`,
      });
      expect(response.statusCode).toBe(200);
      const instrument = (await az.request({ method: "GET", url: `${base}/provisions/art-3` })).json() as {
        proposals: { id: string; text: string }[];
      };
      const text = (id: string) => instrument.proposals.find((p) => p.id === id)?.text ?? "";
      const { ops } = response.json() as { ops: WordOp[] };
      expect(applyWordOps(text("p-art3-am"), ops)).toBe(text("p-art3-bridge"));
    });

    it("keeps a party's caucus text out of the other party's comparisons", async () => {
      const am = await t.as("am-head");
      const hidden = await am.request({
        method: "GET",
        url: `${base}/provisions/art-7/compare?a=base&b=p-art7-az-caucus`,
      });
      const missing = await am.request({
        method: "GET",
        url: `${base}/provisions/art-7/compare?a=base&b=p-no-such-thing`,
      });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body.replaceAll("p-art7-az-caucus", "X")).toBe(
        missing.body.replaceAll("p-no-such-thing", "X"),
      );
      const az = await t.as("az-head");
      expect(
        (
          await az.request({
            method: "GET",
            url: `${base}/provisions/art-7/compare?a=base&b=p-art7-az-caucus`,
          })
        ).statusCode,
      ).toBe(200);
    });

    it("compares the instrument at a round's close with today", async () => {
      const lead = await t.as("mediation-lead");
      const response = await lead.request({
        method: "GET",
        url: `${base}/instrument/compare?from=r1&to=current`,
      });
      expect(response.statusCode).toBe(200);
      const { comparison } = response.json() as {
        comparison: { summary: { changed: number; equal: number }; similarity: number };
      };
      expect(comparison.summary.changed + comparison.summary.equal).toBeGreaterThan(0);
      expect(comparison.similarity).toBeGreaterThan(0);
      expect(comparison.similarity).toBeLessThan(1);
    });
  });
}

describe("large comparisons", () => {
  it("run off the event loop: the server keeps answering while one is computed", async () => {
    const comparer = new Comparer();
    const words = (seed: number) =>
      Array.from({ length: 60_000 }, (_, i) => `w${(i * seed) % 5_000}`).join(" ");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const result = (await comparer.run({ kind: "words", a: words(7), b: words(11), budgetMs: 3_000 })) as {
      ops: unknown[];
    };
    clearInterval(timer);
    await comparer.close();
    expect(result.ops.length).toBeGreaterThan(0);
    // Had the comparison run on this thread, no timer could have fired until it finished.
    expect(ticks).toBeGreaterThan(0);
  });
});
