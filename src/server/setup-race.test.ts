import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../store/store.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { issueSetupLink } from "./auth/one-time-links.ts";
import { startTestApp, type TestApp } from "./test-app.ts";

/**
 * Two servers on one store, starting and being set up at the same moment: the first run must still end with
 * one live setup link and one operator. PostgreSQL only: there each server has its own pool and only the setup
 * lock keeps them apart. (SQLite takes its write lock with BEGIN IMMEDIATE; two servers on one file are two
 * processes, which one process cannot stand in for: its second connection would wait on the first synchronously.)
 */
for (const dialect of DIALECTS.filter((d) => d.name === "postgres")) {
  describe.skipIf(!dialect.available)(`the first run, raced by two servers, on ${dialect.name}`, () => {
    let t: TestApp;
    let other: Store;
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false, operator: false });
      other = await Store.open(t.location);
    }, 120_000);
    afterAll(async () => {
      await other?.close();
      await t?.dispose();
    });

    const liveTokens = async () =>
      (
        await t.store.database
          .selectFrom("setup_tokens")
          .select("token_hash")
          .where("used_at", "is", null)
          .execute()
      ).length;

    it("two servers starting together leave one live link, and two set-ups at once make one operator", async () => {
      for (let round = 0; round < 5; round++) {
        await Promise.all([
          issueSetupLink(t.store, "http://one", new Date()),
          issueSetupLink(other, "http://two", new Date()),
        ]);
        expect(await liveTokens()).toBe(1);
      }
      const links = await Promise.all([
        issueSetupLink(t.store, "http://one", new Date()),
        issueSetupLink(other, "http://two", new Date()),
      ]);
      // Whichever ran last replaced the other: only one of the two links works.
      const answers = await Promise.all(
        links.map((link, i) =>
          t.app.inject({
            method: "POST",
            url: `/api/setup/${link?.slice(link.lastIndexOf("/") + 1)}`,
            payload: {
              name: `Operator ${i}`,
              email: `operator${i}@race.test`,
              password: "a long enough password",
            },
          }),
        ),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 404]);
      const operators = await t.store.database
        .selectFrom("accounts")
        .select("email")
        .where("operator", "=", 1)
        .execute();
      expect(operators).toHaveLength(1);
      expect(await issueSetupLink(other, "http://two", new Date())).toBeNull();
    });
  });
}
