import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../../domain/scope.ts";
import { Store } from "../../store/store.ts";
import { DIALECTS, type TestDialect } from "../../store/test-stores.ts";
import { buildApp } from "../app.ts";
import type { ServerContext } from "../context.ts";
import { NEGOTIATION, ROLE_EMAILS, startTestApp, type TestApp, type TestRole } from "../test-app.ts";
import { startTestSmtp, type TestSmtp } from "../testing/test-smtp.ts";

/**
 * Mail from the inbox: one per entry for "each", one digest a day for "daily", none for "none"; every mail a
 * fixed text with a link; and with two server instances on one database, each entry inserted and mailed once.
 */
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`inbox mail on ${dialect.name}`, () => {
    let smtp: TestSmtp;
    let t: TestApp;
    let title = "";

    const prefer = async (role: TestRole, email: "each" | "daily" | "none") => {
      const response = await (await t.as(role)).request({
        method: "PUT",
        url: "/api/account/notification-preferences",
        payload: { email },
      });
      expect(response.json()).toEqual({ email, mailConfigured: true });
    };
    const propose = async (role: TestRole, scope: Scope, text: string) => {
      const version = (await t.store.fullState(NEGOTIATION)).get("provision", "art-13")?.version ?? 0;
      const response = await (await t.as(role)).request({
        method: "POST",
        url: `/api/negotiations/${NEGOTIATION}/commands/table-proposal`,
        payload: { provisionId: "art-13", proposalKind: "replace", text, scope, baseVersion: version },
      });
      expect(response.statusCode).toBe(201);
    };
    const mailsTo = (role: Exclude<TestRole, "anonymous">) =>
      smtp.received.filter((m) => m.to.includes(ROLE_EMAILS[role]));

    beforeAll(async () => {
      smtp = await startTestSmtp();
      t = await startTestApp(dialect, { mail: smtp.settings });
      await t.context.notifier.settled();
      title = (await t.store.fullState(NEGOTIATION)).negotiation?.title ?? "";
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
      await smtp?.close();
    });

    it("the demo's past makes entries but no mail, not even a digest", async () => {
      const inbox = await (await t.as("az-head")).request({ method: "GET", url: "/api/inbox?unread=true" });
      expect((inbox.json() as { unread: number }).unread).toBeGreaterThan(10);
      expect(await t.context.notifier.runDigests()).toBe(0);
      expect(smtp.received).toEqual([]);
    });

    it("mails each entry to those who chose each, saying nothing of it; none to those who chose none", async () => {
      await prefer("am-member", "each");
      await prefer("mediation-member", "none");
      await propose("am-head", "caucus:am", "SECRET-CAUCUS-TEXT for the mediation and Armenia.");
      await t.context.notifier.settled();
      const [mail, ...more] = mailsTo("am-member");
      expect(more).toEqual([]);
      expect(mail?.subject).toBe("Something new for you on Parley");
      expect(mail?.text).toContain("http://localhost:4700/inbox");
      for (const word of [
        "SECRET-CAUCUS-TEXT",
        title,
        NEGOTIATION,
        "Article",
        "art-13",
        "proposal",
        "Armenia",
      ])
        expect(mail?.raw).not.toContain(word);
      expect(mailsTo("mediation-member")).toEqual([]);
      // The entry is there for both, mail or not.
      const inbox = await (await t.as("mediation-member")).request({
        method: "GET",
        url: "/api/inbox?unread=true",
      });
      expect((inbox.json() as { entries: { kind: string }[] }).entries[0]?.kind).toBe("proposal");
    });

    it("sends a daily digest once a day, only when something is unread since the last one", async () => {
      await prefer("az-head", "daily");
      await propose("az-member", "party:az", "Internal to Azerbaijan.");
      await t.context.notifier.settled();
      expect(mailsTo("az-head")).toEqual([]);
      const notifier = t.context.notifier;
      const sentBefore = smtp.received.length;
      const sent = await notifier.runDigests();
      expect(sent).toBeGreaterThanOrEqual(1);
      const digests = mailsTo("az-head");
      expect(digests.map((m) => m.subject)).toEqual(["Your Parley inbox: unread notifications"]);
      expect(digests[0]?.raw).not.toContain("Internal to Azerbaijan");
      // The same day: nothing more, whatever happens.
      await propose("az-member", "party:az", "Internal again.");
      await t.context.notifier.settled();
      expect(await notifier.runDigests()).toBe(0);
      expect(smtp.received.length).toBe(sentBefore + sent);
    });
  });
}

const postgres = DIALECTS.find((d) => d.name === "postgres") ?? DIALECTS[0];
describe.skipIf(postgres?.name !== "postgres" || !postgres.available)(
  "two server instances on one PostgreSQL database",
  () => {
    let smtp: TestSmtp;
    let t: TestApp;
    let second: { store: Store; context: ServerContext; close: () => Promise<void> };

    beforeAll(async () => {
      smtp = await startTestSmtp();
      t = await startTestApp(postgres as TestDialect, { mail: smtp.settings });
      const store = await Store.open(t.location);
      const { app, context } = await buildApp({ store, mail: smtp.settings });
      second = {
        store,
        context,
        close: async () => {
          await app.close();
          await store.close();
        },
      };
      await Promise.all([t.context.notifier.settled(), context.notifier.settled()]);
    }, 60_000);
    afterAll(async () => {
      await second?.close();
      await t?.dispose();
      await smtp?.close();
    });

    it("insert each entry once and mail it once, and send one digest between them", async () => {
      const am = await t.as("am-member");
      await am.request({
        method: "PUT",
        url: "/api/account/notification-preferences",
        payload: { email: "each" },
      });
      await am.request({ method: "POST", url: "/api/inbox/read", payload: {} });
      const az = await t.as("az-head");
      await az.request({
        method: "PUT",
        url: "/api/account/notification-preferences",
        payload: { email: "daily" },
      });
      for (let i = 0; i < 5; i += 1) {
        const version = (await t.store.fullState(NEGOTIATION)).get("provision", "art-13")?.version ?? 0;
        // Written through the second instance: both hear of it (NOTIFY), both derive the entries.
        await second.store.execute(
          NEGOTIATION,
          {
            type: "table-proposal",
            proposalId: `mi-${i}`,
            provisionId: "art-13",
            proposalKind: "replace",
            text: `Draft ${i}.`,
            scope: "shared",
            baseVersion: version,
          },
          "mirzoyan",
        );
        await second.store.execute(
          NEGOTIATION,
          {
            type: "take-position",
            provisionId: "art-13",
            proposalId: null,
            stance: "reserve",
            scope: "party:az",
            positionId: `pos-${i}`,
          },
          "mammadova",
        );
      }
      // Both instances must have caught up: each is told, and each is asked once more for good measure.
      for (const context of [t.context, second.context]) context.notifier.schedule(NEGOTIATION);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await Promise.all([t.context.notifier.settled(), second.context.notifier.settled()]);
      const inbox = await am.request({ method: "GET", url: "/api/inbox?unread=true&limit=200" });
      const ids = (inbox.json() as { entries: { id: string }[] }).entries.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(5);
      const mails = smtp.received.filter((m) => m.to.includes(ROLE_EMAILS["am-member"]));
      expect(mails.length).toBe(5);

      const digests = await Promise.all([
        t.context.notifier.runDigests(),
        second.context.notifier.runDigests(),
      ]);
      expect(smtp.received.filter((m) => m.to.includes(ROLE_EMAILS["az-head"])).length).toBe(1);
      expect(digests.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    });
  },
);
