import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../store/store.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { buildApp } from "./app.ts";
import { secretHash } from "./auth/secrets.ts";
import { NEGOTIATION, ROLE_EMAILS, startTestApp, type TestApp } from "./test-app.ts";

/**
 * Sessions are served from a cache of recent reads; these tests hold it to the promise that withdrawing
 * access applies at once, on the instance that withdrew it and on every other instance sharing the store.
 */
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`cached credentials on ${dialect.name}`, () => {
    const open: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const close of open.splice(0).reverse()) await close();
    });

    async function twoServers(): Promise<{ t: TestApp; other: FastifyInstance }> {
      const t = await startTestApp(dialect);
      open.push(t.dispose);
      // A second server on the same database, as a second `parley serve` would be.
      const store = await Store.open(t.location);
      const { app } = await buildApp({ store });
      open.push(async () => {
        await app.close();
        await store.close();
      });
      return { t, other: app };
    }

    const read = (app: FastifyInstance, cookie: string) =>
      app.inject({ method: "GET", url: `/api/negotiations/${NEGOTIATION}`, headers: { cookie } });

    async function signIn(t: TestApp, role: keyof typeof ROLE_EMAILS) {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/session",
        payload: { email: ROLE_EMAILS[role], password: "correct horse battery staple" },
      });
      const value = response.cookies.find((c) => c.name === "parley_session")?.value ?? "";
      return {
        cookie: `parley_session=${value}`,
        csrf: (response.json() as { csrfToken: string }).csrfToken,
      };
    }

    if (dialect.name === "postgres")
      it("sign-out on one server ends the session on the other, whose cache had it", async () => {
        const { t, other } = await twoServers();
        const { cookie, csrf } = await signIn(t, "am-head");
        // Both servers have now read (and cached) the session.
        expect((await read(t.app, cookie)).statusCode).toBe(200);
        expect((await read(other, cookie)).statusCode).toBe(200);
        const out = await t.app.inject({
          method: "DELETE",
          url: "/api/session",
          headers: { cookie, "x-csrf-token": csrf },
        });
        expect(out.statusCode).toBe(204);
        expect((await read(t.app, cookie)).statusCode).toBe(401);
        // The other server hears of it through the store's notification channel, within moments.
        await expect
          .poll(async () => (await read(other, cookie)).statusCode, { timeout: 2_000, interval: 20 })
          .toBe(401);
      });

    if (dialect.name === "postgres")
      it("disabling an account on one server ends its sessions on the other", async () => {
        const { t, other } = await twoServers();
        const { cookie } = await signIn(t, "az-member");
        expect((await read(other, cookie)).statusCode).toBe(200);
        const operator = await t.as("operator");
        const accounts = (await operator.request({ method: "GET", url: "/api/accounts" })).json() as {
          accounts: { id: string; email: string }[];
        };
        const id = accounts.accounts.find((a) => a.email === ROLE_EMAILS["az-member"])?.id;
        const disabled = await operator.request({ method: "POST", url: `/api/accounts/${id}/disable` });
        expect(disabled.statusCode).toBeLessThan(300);
        expect((await read(t.app, cookie)).statusCode).toBe(401);
        await expect
          .poll(async () => (await read(other, cookie)).statusCode, { timeout: 2_000, interval: 20 })
          .toBe(401);
      });

    if (dialect.name === "postgres")
      it("revoking an API token on one server ends it on the other, whose cache had it", async () => {
        const { t, other } = await twoServers();
        const { cookie, csrf } = await signIn(t, "az-head");
        const created = await t.app.inject({
          method: "POST",
          url: "/api/tokens",
          headers: { cookie, "x-csrf-token": csrf },
          payload: { name: "cli" },
        });
        const { id, token } = created.json() as { id: string; token: string };
        const byToken = (app: FastifyInstance) =>
          app.inject({
            method: "GET",
            url: `/api/negotiations/${NEGOTIATION}`,
            headers: { authorization: `Bearer ${token}` },
          });
        expect((await byToken(t.app)).statusCode).toBe(200);
        expect((await byToken(other)).statusCode).toBe(200);
        const revoked = await t.app.inject({
          method: "DELETE",
          url: `/api/tokens/${id}`,
          headers: { cookie, "x-csrf-token": csrf },
        });
        expect(revoked.statusCode).toBe(204);
        expect((await byToken(t.app)).statusCode).toBe(401);
        await expect
          .poll(async () => (await byToken(other)).statusCode, { timeout: 2_000, interval: 20 })
          .toBe(401);
      });

    it("a planted session ended by signing in stops working at once, though it was cached", async () => {
      const t = await startTestApp(dialect);
      open.push(t.dispose);
      const planted = await signIn(t, "am-member");
      expect((await read(t.app, planted.cookie)).statusCode).toBe(200);
      // The victim signs in with the planted cookie in their browser: that session is ended, a new one made.
      const renewed = await t.app.inject({
        method: "POST",
        url: "/api/session",
        headers: { cookie: planted.cookie },
        payload: { email: ROLE_EMAILS["am-member"], password: "correct horse battery staple" },
      });
      expect(renewed.statusCode).toBe(200);
      expect((await read(t.app, planted.cookie)).statusCode).toBe(401);
    });

    it("a session past its expiry is refused even while cached", async () => {
      let clock = Date.now();
      const t = await startTestApp(dialect, { now: () => new Date(clock) });
      open.push(t.dispose);
      const { cookie } = await signIn(t, "am-head");
      expect((await read(t.app, cookie)).statusCode).toBe(200);
      const row = await t.store.database
        .selectFrom("sessions")
        .select("expires_at")
        .where("token_hash", "=", secretHash(cookie.split("=")[1] ?? ""))
        .executeTakeFirstOrThrow();
      clock = new Date(row.expires_at).getTime();
      expect((await read(t.app, cookie)).statusCode).toBe(401);
    });
  });
}
