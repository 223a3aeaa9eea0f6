import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, hashPassword } from "../store/accounts.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { issueSetupLink } from "./auth/one-time-links.ts";
import { startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem, signIn, storeSnapshot } from "./test-http.ts";
import { fingerprint } from "./test-leak.ts";
import { fakeWebDir } from "./testing/fake-web-dir.ts";

/** Issue 11, first run: the one-time setup link creates the first operator; any other answers as nothing. */

const DAY = 24 * 60 * 60 * 1000;
const OPERATOR = {
  name: "First Operator",
  email: "First@Ops.example.org",
  password: "a long and careful passphrase",
};

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`first run on ${dialect.name}`, () => {
    let t: TestApp;
    let clock = Date.now();
    const web = fakeWebDir();
    beforeAll(async () => {
      process.env.PARLEY_WEB_DIR = web.dir;
      t = await startTestApp(dialect, { demo: false, operator: false, now: () => new Date(clock) });
      delete process.env.PARLEY_WEB_DIR;
    }, 120_000);
    afterAll(async () => {
      await t?.dispose();
      web.dispose();
    });

    const issue = async () => {
      const link = await issueSetupLink(t.store, "http://localhost:4700", new Date(clock));
      if (!link) throw new Error("no setup link");
      return link.slice(link.lastIndexOf("/") + 1);
    };
    const send = (options: InjectOptions) => t.app.inject(options);
    /**
     * The answer about `token` must be byte for byte that of a route that does not exist: the same request
     * to a path of the same length under a prefix nothing is registered at.
     */
    const answersMissing = async (token: string) => {
      // Every kind of request, each answered as a missing route answers it: 404, or the 400 a missing route
      // gives a body that is not JSON (it parses bodies too), or the 401 of a bad bearer token.
      const variants: [(url: string) => InjectOptions, number][] = [
        [(url) => ({ method: "GET", url }), 404],
        [(url) => ({ method: "HEAD", url }), 404],
        [(url) => ({ method: "OPTIONS", url }), 404],
        [(url) => ({ method: "PUT", url, payload: OPERATOR }), 404],
        [(url) => ({ method: "POST", url, payload: OPERATOR }), 404],
        [
          (url) => ({
            method: "POST",
            url,
            payload: "{not json",
            headers: { "content-type": "application/json" },
          }),
          400,
        ],
        [(url) => ({ method: "POST", url, payload: "x", headers: { "content-type": "text/plain" } }), 404],
        // A type nothing parses: a missing route never reads the body, so a setup route must not refuse it (415).
        [
          (url) => ({ method: "POST", url, payload: "x", headers: { "content-type": "application/x-foo" } }),
          404,
        ],
        [
          (url) => ({
            method: "POST",
            url,
            payload: "x".repeat(2_000_000),
            headers: { "content-type": "application/x-foo" },
          }),
          404,
        ],
        [
          (url) => ({ method: "POST", url, payload: OPERATOR, headers: { authorization: "Bearer nope" } }),
          401,
        ],
      ];
      for (const [live, dead] of [
        [`/api/setup/${token}`, `/api/xetup/${token}`],
        [`/setup/${token}`, `/xetup/${token}`],
      ] as const) {
        for (const [variant, status] of variants) {
          const one: LightMyRequestResponse = await send(variant(live));
          const other: LightMyRequestResponse = await send(variant(dead));
          expect([variant(live).method, variant(live).headers, one.statusCode]).toEqual([
            variant(live).method,
            variant(live).headers,
            status,
          ]);
          expect(fingerprint(one, [live])).toBe(fingerprint(other, [dead]));
        }
      }
    };

    it("a setup link is 256 bits kept only as a hash; a new start replaces the unused one", async () => {
      const first = await issue();
      expect(first).toMatch(/^setup_[A-Za-z0-9_-]{43}$/);
      const rows = await t.store.database.selectFrom("setup_tokens").selectAll().execute();
      expect(JSON.stringify(rows).includes(first)).toBe(false);
      expect((await send({ method: "GET", url: `/api/setup/${first}` })).json()).toEqual({ ready: true });
      const page = await send({ method: "GET", url: `/setup/${first}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toBe(web.page);

      const second = await issue();
      await answersMissing(first);
      expect((await send({ method: "GET", url: `/api/setup/${second}` })).statusCode).toBe(200);
    });

    it("bad input writes nothing and leaves the link usable", async () => {
      const token = await issue();
      const before = await storeSnapshot(t.store);
      const short = await send({
        method: "POST",
        url: `/api/setup/${token}`,
        payload: { ...OPERATOR, password: "short" },
      });
      expectProblem(short, 400, "validation");
      for (const [password, code] of [
        ["123qweasdzxc", "password.common"],
        [`${OPERATOR.name.split(" ")[0]} is the operator`, "password.context"],
      ] as const) {
        const weak = await send({
          method: "POST",
          url: `/api/setup/${token}`,
          payload: { ...OPERATOR, password },
        });
        expectProblem(weak, 400, code);
      }
      // An address an account already has is refused, not taken over.
      const taken = await send({
        method: "POST",
        url: `/api/setup/${token}`,
        payload: { ...OPERATOR, email: "outsider@elsewhere.parley.test" },
      });
      expectProblem(taken, 409, "account.exists");
      // A body of a type nothing parses is left unread: to a live link, no body at all.
      const foreign = await send({
        method: "POST",
        url: `/api/setup/${token}`,
        payload: JSON.stringify(OPERATOR),
        headers: { "content-type": "application/x-foo" },
      });
      expectProblem(foreign, 400, "validation");
      expect(await storeSnapshot(t.store)).toEqual(before);
      expect((await send({ method: "GET", url: `/api/setup/${token}` })).statusCode).toBe(200);
    });

    it("an expired link answers as nothing", async () => {
      const token = await issue();
      clock += DAY + 1;
      await answersMissing(token);
    });

    it("creates the first operator, who signs in; then the link and any new one are dead", async () => {
      const token = await issue();
      const before = await storeSnapshot(t.store);
      const created = await send({ method: "POST", url: `/api/setup/${token}`, payload: OPERATOR });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toEqual({ email: "first@ops.example.org" });
      expect((await storeSnapshot(t.store)).accounts).toBe(before.accounts + 1);
      const session = await signIn(t.app, "first@ops.example.org", OPERATOR.password);
      expect(session.response.statusCode).toBe(200);
      expect(session.response.json()).toMatchObject({
        account: { name: "First Operator", operator: true, mayHost: false },
      });
      await answersMissing(token);
      // Once an operator exists no new link is made, and none made before works.
      expect(await issueSetupLink(t.store, "http://localhost:4700", new Date(clock))).toBeNull();
    });
  });

  describe.skipIf(!dialect.available)(`setup links after an operator on ${dialect.name}`, () => {
    it("a link issued before an operator was created (by the CLI) answers as nothing", async () => {
      const t = await startTestApp(dialect, { demo: false, operator: false });
      try {
        const link = await issueSetupLink(t.store, "http://localhost:4700", new Date());
        const token = (link ?? "").slice((link ?? "").lastIndexOf("/") + 1);
        expect((await t.app.inject({ method: "GET", url: `/api/setup/${token}` })).statusCode).toBe(200);
        await createAccount(
          t.store.database,
          { email: "ops@example.org", name: "Ops", passwordHash: await hashPassword("x"), operator: true },
          new Date(),
        );
        const dead = await t.app.inject({ method: "GET", url: `/api/setup/${token}` });
        const none = await t.app.inject({ method: "GET", url: `/api/xetup/${token}` });
        expect(fingerprint(dead, [`/api/setup/${token}`])).toBe(fingerprint(none, [`/api/xetup/${token}`]));
      } finally {
        await t.dispose();
      }
    });
  });
}
