import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAccount } from "../store/accounts.ts";
import { Store } from "../store/store.ts";
import { DIALECTS, type TestDialect } from "../store/test-stores.ts";
import { buildApp } from "./app.ts";
import { secretHash } from "./auth/secrets.ts";
import { NEGOTIATION, PASSWORD, ROLE_EMAILS, startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem, signIn, storeSnapshot, withBearer, withSession } from "./test-http.ts";

const MINUTE = 60 * 1000;

/** Accounts and sessions against OWASP ASVS 5.0 V6–V8 (level 2), on both stores. */

const NOTE_URL = `/api/negotiations/${NEGOTIATION}/commands/write-note`;
const note = (text: string) => ({ text, scope: "party:am" });
const BASE64URL_256_BITS = /^[A-Za-z0-9_-]{43}$/;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`accounts and sessions on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    }, 120_000);
    afterAll(async () => t?.dispose());

    const am = ROLE_EMAILS["am-head"];
    const session = (token: string) =>
      t.app.inject({ method: "GET", url: "/api/session", headers: withSession(token) });
    const newAccount = async (email: string) => {
      await setAccount(
        t.store.database,
        { email, name: email.split("@")[0] ?? email, password: PASSWORD },
        new Date(),
      );
    };

    describe("session tokens (V7.2)", () => {
      it("sign-in sets an HttpOnly, SameSite=Strict cookie for the whole site holding a 256-bit token", async () => {
        const { response, token } = await signIn(t.app, am, PASSWORD);
        expect(response.statusCode).toBe(200);
        const cookie = response.cookies.find((c) => c.name === "parley_session");
        expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
        expect(token).toMatch(BASE64URL_256_BITS);
        const header = String(response.headers["set-cookie"]);
        expect(header).toMatch(/;\s*HttpOnly/i);
        expect(header).toMatch(/;\s*SameSite=Strict/i);
        expect(header).toMatch(/;\s*Path=\/(;|$)/);
        expect((await session(token)).json()).toMatchObject({ account: { email: am } });
      });

      // Tokens come from the same generator whatever the store, and each sign-in costs an argon2 check: the full
      // thousand on SQLite, a hundred on PostgreSQL for what the store keeps.
      const signIns = dialect.name === "sqlite" ? 1000 : 100;
      it(`${signIns} sign-ins give ${signIns} distinct tokens, and the database keeps only their hashes`, async () => {
        const tokens: string[] = [];
        for (let batch = 0; batch < signIns / 50; batch++) {
          const signedIn = await Promise.all(
            Array.from({ length: 50 }, () => signIn(t.app, ROLE_EMAILS.outsider, PASSWORD)),
          );
          for (const s of signedIn) {
            expect(s.response.statusCode).toBe(200);
            expect(s.token).toMatch(BASE64URL_256_BITS);
            expect(s.csrf).toMatch(BASE64URL_256_BITS);
            tokens.push(s.token);
          }
        }
        expect(new Set(tokens).size).toBe(signIns);
        const rows = await t.store.database.selectFrom("sessions").selectAll().execute();
        const table = JSON.stringify(rows);
        const hashes = new Set(rows.map((r) => r.token_hash));
        for (const token of tokens) {
          expect(table.includes(token)).toBe(false);
          expect(hashes.has(secretHash(token))).toBe(true);
        }
      }, 120_000);

      it("a cookie planted before sign-in never becomes a session: sign-in issues a new token", async () => {
        const planted = "A".repeat(43);
        expectProblem(await session(planted), 401, "unauthenticated");
        const { response, token } = await signIn(t.app, am, PASSWORD, { cookie: planted });
        expect(response.statusCode).toBe(200);
        expect(token).not.toBe(planted);
        expectProblem(await session(planted), 401, "unauthenticated");
        expect((await session(token)).statusCode).toBe(200);
      });

      it("signing in over a live session ends the old session, even without its CSRF token", async () => {
        // An attacker's own live session planted in the victim's browser must not survive the victim's sign-in.
        const attacker = await signIn(t.app, ROLE_EMAILS.outsider, PASSWORD);
        const victim = await signIn(t.app, am, PASSWORD, { cookie: attacker.token });
        expect(victim.response.statusCode).toBe(200);
        expect(victim.token).not.toBe(attacker.token);
        expectProblem(await session(attacker.token), 401, "unauthenticated");
        expect((await session(victim.token)).json()).toMatchObject({ account: { email: am } });
        // With the CSRF token too: the same.
        const again = await signIn(t.app, am, PASSWORD, { cookie: victim.token, csrf: victim.csrf });
        expect(again.response.statusCode).toBe(200);
        expectProblem(await session(victim.token), 401, "unauthenticated");
        expect((await session(again.token)).statusCode).toBe(200);
      });

      it("a wrong password sets no cookie and says only that the e-mail or password is wrong", async () => {
        const wrong = await signIn(t.app, am, "not the password");
        const unknown = await signIn(t.app, "nobody@nowhere.parley.test", PASSWORD);
        for (const { response, token } of [wrong, unknown]) {
          expectProblem(response, 401, "unauthenticated");
          expect(token).toBe("");
        }
        expect(wrong.response.json().detail).toBe(unknown.response.json().detail);
      });
    });

    describe("ending sessions (V7.4)", () => {
      it("sign-out ends the session on the server: the old cookie no longer works", async () => {
        const { token, csrf } = await signIn(t.app, am, PASSWORD);
        const out = await t.app.inject({
          method: "DELETE",
          url: "/api/session",
          headers: withSession(token, csrf),
        });
        expect(out.statusCode).toBe(204);
        const cleared = out.cookies.find((c) => c.name === "parley_session");
        expect(cleared?.value).toBe("");
        expectProblem(await session(token), 401, "unauthenticated");
        const before = await storeSnapshot(t.store);
        const write = await t.app.inject({
          method: "POST",
          url: NOTE_URL,
          headers: withSession(token, csrf),
          payload: note("after sign-out"),
        });
        expectProblem(write, 401, "unauthenticated");
        expect(await storeSnapshot(t.store)).toEqual(before);
      });

      it("disabling an account ends its open sessions and API tokens at once, for good", async () => {
        const email = "to-disable@elsewhere.parley.test";
        await newAccount(email);
        const first = await signIn(t.app, email, PASSWORD);
        const second = await signIn(t.app, email, PASSWORD);
        const created = await t.app.inject({
          method: "POST",
          url: "/api/tokens",
          headers: withSession(first.token, first.csrf),
          payload: { name: "cli" },
        });
        const apiToken = (created.json() as { token: string }).token;
        expect(
          (await t.app.inject({ method: "GET", url: "/api/tokens", headers: withBearer(apiToken) }))
            .statusCode,
        ).toBe(200);

        const operator = await t.as("operator");
        const list = await operator.request({ method: "GET", url: "/api/accounts" });
        const accounts = (list.json() as { accounts: { id: string; email: string; disabled: boolean }[] })
          .accounts;
        const target = accounts.find((a) => a.email === email);
        expect(target?.disabled).toBe(false);
        const disabled = await operator.request({
          method: "POST",
          url: `/api/accounts/${target?.id}/disable`,
        });
        expect(disabled.statusCode).toBe(204);

        for (const s of [first, second]) expectProblem(await session(s.token), 401, "unauthenticated");
        const byToken = await t.app.inject({
          method: "GET",
          url: "/api/tokens",
          headers: withBearer(apiToken),
        });
        expectProblem(byToken, 401, "unauthenticated");
        expectProblem((await signIn(t.app, email, PASSWORD)).response, 401, "unauthenticated");
        const listed = (await operator.request({ method: "GET", url: "/api/accounts" })).json() as {
          accounts: { email: string; disabled: boolean }[];
        };
        expect(listed.accounts.find((a) => a.email === email)?.disabled).toBe(true);

        // Enabling the account again lets its owner sign in anew; what was ended stays ended.
        const enabled = await operator.request({ method: "POST", url: `/api/accounts/${target?.id}/enable` });
        expect(enabled.statusCode).toBe(204);
        for (const s of [first, second]) expectProblem(await session(s.token), 401, "unauthenticated");
        expectProblem(
          await t.app.inject({ method: "GET", url: "/api/tokens", headers: withBearer(apiToken) }),
          401,
          "unauthenticated",
        );
        expect((await signIn(t.app, email, PASSWORD)).response.statusCode).toBe(200);
      });

      it("a removed member gets 404 on the negotiation at once, while their session stays valid", async () => {
        const azMember = await t.as("az-member");
        const url = `/api/negotiations/${NEGOTIATION}`;
        expect((await azMember.request({ method: "GET", url })).statusCode).toBe(200);
        const lead = await t.as("mediation-lead");
        const removed = await lead.request({
          method: "POST",
          url: `${url}/commands/remove-member`,
          payload: { memberId: "mammadova" },
        });
        expect(removed.statusCode).toBe(201);

        const missing = expectProblem(
          await azMember.request({ method: "GET", url: "/api/negotiations/no-such-negotiation" }),
          404,
          "not_found",
        );
        for (const path of ["", "/instrument", "/history", "/members", "/provisions/art-8"]) {
          const response = await azMember.request({ method: "GET", url: `${url}${path}` });
          const problem = expectProblem(response, 404, "not_found");
          // Exactly what a negotiation that does not exist answers.
          expect(Object.keys(problem).sort()).toEqual(Object.keys(missing).sort());
        }
        const before = await storeSnapshot(t.store);
        expectProblem(
          await azMember.request({
            method: "POST",
            url: `${url}/commands/write-note`,
            payload: { text: "x", scope: "party:az" },
          }),
          404,
          "not_found",
        );
        expect(await storeSnapshot(t.store)).toEqual(before);
        expect((await azMember.request({ method: "GET", url: "/api/session" })).statusCode).toBe(200);
        const mine = (await azMember.request({ method: "GET", url: "/api/negotiations" })).json() as {
          negotiations: unknown[];
        };
        expect(mine.negotiations).toEqual([]);
      });
    });

    describe("CSRF (V3.5 / V7)", () => {
      it("a cookie-authenticated write without, or with a wrong, x-csrf-token gets 403 csrf and writes nothing", async () => {
        const { token, csrf } = await signIn(t.app, am, PASSWORD);
        const other = await signIn(t.app, am, PASSWORD);
        const before = await storeSnapshot(t.store);
        for (const headers of [
          withSession(token),
          withSession(token, ""),
          withSession(token, "wrong"),
          withSession(token, `${csrf.slice(0, -1)}x`),
          // The CSRF token of another session of the same account is not this session's.
          withSession(token, other.csrf),
        ]) {
          const response = await t.app.inject({
            method: "POST",
            url: NOTE_URL,
            headers,
            payload: note("csrf?"),
          });
          expectProblem(response, 403, "csrf");
        }
        for (const [method, url] of [
          ["DELETE", "/api/session"],
          ["POST", "/api/tokens"],
        ] as const) {
          const response = await t.app.inject({
            method,
            url,
            headers: withSession(token),
            payload: { name: "x" },
          });
          expectProblem(response, 403, "csrf");
        }
        expect(await storeSnapshot(t.store)).toEqual(before);
        expect((await session(token)).statusCode).toBe(200);
        const right = await t.app.inject({
          method: "POST",
          url: NOTE_URL,
          headers: withSession(token, csrf),
          payload: note("with the token"),
        });
        expect(right.statusCode).toBe(201);
      });

      it("a write with a bearer API token needs no CSRF token", async () => {
        const amHead = await t.as("am-head");
        const created = await amHead.request({ method: "POST", url: "/api/tokens", payload: { name: "ci" } });
        const { token } = created.json() as { token: string };
        const response = await t.app.inject({
          method: "POST",
          url: NOTE_URL,
          headers: withBearer(token),
          payload: note("from the CLI"),
        });
        expect(response.statusCode).toBe(201);
      });
    });

    describe("personal API tokens", () => {
      it("are shown once, work as Bearer, are listed without values, and stop working once revoked", async () => {
        const amHead = await t.as("am-head");
        const created = await amHead.request({
          method: "POST",
          url: "/api/tokens",
          payload: { name: "laptop" },
        });
        expect(created.statusCode).toBe(201);
        const { id, name, token } = created.json() as { id: string; name: string; token: string };
        expect(name).toBe("laptop");
        expect(token).toMatch(/^pt_[A-Za-z0-9_-]{43}$/);

        const read = await t.app.inject({
          method: "GET",
          url: `/api/negotiations/${NEGOTIATION}`,
          headers: withBearer(token),
        });
        expect(read.statusCode).toBe(200);
        expect(read.json()).toMatchObject({ you: { role: "delegation-head", party: "am" } });

        const list = await amHead.request({ method: "GET", url: "/api/tokens" });
        expect(list.body.includes(token)).toBe(false);
        expect((list.json() as { tokens: { id: string; name: string }[] }).tokens).toContainEqual(
          expect.objectContaining({ id, name: "laptop", revokedAt: null }),
        );
        const rows = await t.store.database.selectFrom("api_tokens").selectAll().execute();
        expect(JSON.stringify(rows).includes(token)).toBe(false);
        expect(rows.find((r) => r.id === id)?.token_hash).toBe(secretHash(token));

        // Someone else cannot revoke it: it is not theirs.
        const stranger = await t.as("az-head");
        expectProblem(
          await stranger.request({ method: "DELETE", url: `/api/tokens/${id}` }),
          404,
          "not_found",
        );
        expect(
          (await t.app.inject({ method: "GET", url: "/api/session", headers: withBearer(token) })).statusCode,
        ).toBe(200);

        expect((await amHead.request({ method: "DELETE", url: `/api/tokens/${id}` })).statusCode).toBe(204);
        const after = await t.app.inject({
          method: "GET",
          url: `/api/negotiations/${NEGOTIATION}`,
          headers: withBearer(token),
        });
        expectProblem(after, 401, "unauthenticated");
        expect(after.headers["www-authenticate"]).toMatch(/^Bearer/);
        expectProblem(await amHead.request({ method: "DELETE", url: `/api/tokens/${id}` }), 404, "not_found");
        const listed = (await amHead.request({ method: "GET", url: "/api/tokens" })).json() as {
          tokens: { id: string; revokedAt: string | null }[];
        };
        expect(listed.tokens.find((x) => x.id === id)?.revokedAt).toEqual(expect.any(String));
      });

      it("a malformed or unknown bearer token gets 401 problem+json with WWW-Authenticate, even beside a live cookie", async () => {
        const { token } = await signIn(t.app, am, PASSWORD);
        for (const authorization of [
          "Bearer",
          "Bearer ",
          "Bearer a b",
          "bearer pt_x",
          "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
          `Bearer pt_${"A".repeat(43)}`,
          `Bearer ${token}`, // a session token is not an API token
          `Bearer ${"x".repeat(5000)}`,
        ]) {
          for (const url of [
            "/api/session",
            `/api/negotiations/${NEGOTIATION}`,
            "/api/public/negotiations/x/releases",
          ]) {
            const response = await t.app.inject({
              method: "GET",
              url,
              headers: { authorization, ...withSession(token) },
            });
            expectProblem(response, 401, "unauthenticated");
            expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
          }
        }
      });
    });

    it("input a PostgreSQL column cannot hold (NUL) is refused as invalid, not a server error", async () => {
      const amHead = await t.as("am-head");
      const operator = await t.as("operator");
      const before = await storeSnapshot(t.store);
      expectProblem((await signIn(t.app, "nul\u0000@am.parley.test", PASSWORD)).response, 400, "validation");
      expectProblem(
        await amHead.request({ method: "POST", url: "/api/tokens", payload: { name: "a\u0000b" } }),
        400,
        "validation",
      );
      expectProblem(await amHead.request({ method: "DELETE", url: "/api/tokens/%00" }), 400, "validation");
      expectProblem(
        await operator.request({ method: "POST", url: "/api/accounts/%00/disable" }),
        400,
        "validation",
      );
      expect(await storeSnapshot(t.store)).toEqual(before);
    });

    describe("operators (V8)", () => {
      it("an operator lists accounts (without password hashes) but reads no negotiation they are not in", async () => {
        const operator = await t.as("operator");
        const list = await operator.request({ method: "GET", url: "/api/accounts" });
        expect(list.statusCode).toBe(200);
        const emails = (list.json() as { accounts: { email: string }[] }).accounts.map((a) => a.email);
        expect(emails).toEqual(expect.arrayContaining(Object.values(ROLE_EMAILS)));
        expect(list.body).not.toMatch(/argon2|password/i);
        for (const path of ["", "/instrument", "/history", "/members"]) {
          expectProblem(
            await operator.request({ method: "GET", url: `/api/negotiations/${NEGOTIATION}${path}` }),
            404,
            "not_found",
          );
        }
        const mine = (await operator.request({ method: "GET", url: "/api/negotiations" })).json() as {
          negotiations: unknown[];
        };
        expect(mine.negotiations).toEqual([]);
        expectProblem(
          await operator.request({ method: "POST", url: "/api/accounts/no-such-account/disable" }),
          404,
          "not_found",
        );
      });

      it("members, even the mediation lead, get 403 on the account routes; anonymous callers 401", async () => {
        const operatorId = (
          (await (await t.as("operator")).request({ method: "GET", url: "/api/accounts" })).json() as {
            accounts: { id: string; email: string }[];
          }
        ).accounts.find((a) => a.email === ROLE_EMAILS.operator)?.id;
        const roles = ["mediation-lead", "am-head", "observer", "outsider"] as const;
        const agents = await Promise.all(roles.map((role) => t.as(role)));
        const before = await storeSnapshot(t.store);
        for (const agent of agents) {
          expectProblem(await agent.request({ method: "GET", url: "/api/accounts" }), 403, "forbidden");
          expectProblem(
            await agent.request({ method: "POST", url: `/api/accounts/${operatorId}/disable` }),
            403,
            "forbidden",
          );
        }
        const anonymous = await t.as("anonymous");
        expectProblem(
          await anonymous.request({ method: "GET", url: "/api/accounts" }),
          401,
          "unauthenticated",
        );
        expect(await storeSnapshot(t.store)).toEqual(before);
      });
    });

    it("a session expires after 12 hours, however busy", async () => {
      let clock = new Date("2030-01-01T00:00:00Z").getTime();
      const timed = await buildApp({ store: t.store, now: () => new Date(clock) });
      try {
        const { token } = await signIn(timed.app, am, PASSWORD);
        const get = () =>
          timed.app.inject({ method: "GET", url: "/api/session", headers: withSession(token) });
        // A request every 20 minutes keeps it from going idle, up to 11 h 40 min.
        for (let i = 0; i < 35; i++) {
          clock += 20 * MINUTE;
          expect((await get()).statusCode).toBe(200);
        }
        clock += 21 * MINUTE;
        expectProblem(await get(), 401, "unauthenticated");
      } finally {
        await timed.app.close();
      }
    });

    it("a session with no request for 30 minutes has ended (measured from last seen, kept every 5 minutes)", async () => {
      let clock = new Date("2030-02-01T00:00:00Z").getTime();
      const timed = await buildApp({ store: t.store, now: () => new Date(clock) });
      try {
        const open = async () => (await signIn(timed.app, am, PASSWORD)).token;
        const get = (token: string, url = "/api/session") =>
          timed.app.inject({ method: "GET", url, headers: withSession(token) });
        const idle = await open();
        const busy = await open();
        // Just under the limit twice over: each request counts as activity.
        clock += 29 * MINUTE;
        for (const token of [idle, busy]) expect((await get(token)).statusCode).toBe(200);
        const listed = async () =>
          ((await get(busy, "/api/account/sessions")).json() as { sessions: unknown[] }).sessions.length;
        clock += 20 * MINUTE;
        expect(await listed()).toBe(2);
        clock += 11 * MINUTE;
        // 31 minutes since the idle one's last request: gone from its owner's list before its cookie is
        // ever tried again, and refused when it is.
        expect(await listed()).toBe(1);
        expectProblem(await get(idle), 401, "unauthenticated");
        expect((await get(busy)).statusCode).toBe(200);

        // "Last seen" is recorded at most every 5 minutes, so a request 4 minutes after the last record does
        // not move it: the session ends 30 minutes after the record, 26 after that request (never later).
        const coarse = await open();
        clock += 4 * MINUTE;
        expect((await get(coarse)).statusCode).toBe(200);
        clock += 26 * MINUTE + 1000;
        expectProblem(await get(coarse), 401, "unauthenticated");
      } finally {
        await timed.app.close();
      }
    });
  });

  describe.skipIf(!dialect.available)(`sign-in limits on ${dialect.name} (V6.3)`, () => {
    const LIMITS = { perAccount: 3, perAddress: 6, windowSeconds: 600, blockSeconds: 900 };
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false, limits: LIMITS });
    }, 120_000);
    afterAll(async () => t?.dispose());

    const expectLimited = (response: Awaited<ReturnType<typeof signIn>>["response"]) => {
      expectProblem(response, 429, "rate_limited");
      const retryAfter = Number(response.headers["retry-after"]);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LIMITS.blockSeconds);
      expect(response.cookies).toEqual([]);
    };

    it("repeated failures for one account block it, even with the right password from another address", async () => {
      const email = ROLE_EMAILS["am-head"];
      for (let i = 0; i < LIMITS.perAccount; i++) {
        const { response } = await signIn(t.app, email, `wrong ${i}`, { remoteAddress: "10.0.0.1" });
        expectProblem(response, 401, "unauthenticated");
      }
      expectLimited((await signIn(t.app, email, PASSWORD, { remoteAddress: "10.0.0.2" })).response);
      expectLimited(
        (await signIn(t.app, email.toUpperCase(), PASSWORD, { remoteAddress: "10.0.0.3" })).response,
      );
      // Other accounts, from the same addresses, are not affected.
      expect(
        (await signIn(t.app, ROLE_EMAILS["az-head"], PASSWORD, { remoteAddress: "10.0.0.2" })).response
          .statusCode,
      ).toBe(200);
    });

    it("a successful sign-in clears the account's failures", async () => {
      const email = ROLE_EMAILS["mediation-member"];
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < LIMITS.perAccount - 1; i++) {
          await signIn(t.app, email, "wrong", { remoteAddress: `10.1.0.${round * 10 + i}` });
        }
        expect(
          (await signIn(t.app, email, PASSWORD, { remoteAddress: "10.1.1.1" })).response.statusCode,
        ).toBe(200);
      }
    });

    it("one address guessing many accounts is blocked, for every account, while other addresses are not", async () => {
      const address = "10.2.0.1";
      for (let i = 0; i < LIMITS.perAddress; i++) {
        const { response } = await signIn(t.app, `guess-${i}@nowhere.parley.test`, "wrong", {
          remoteAddress: address,
        });
        expectProblem(response, 401, "unauthenticated");
      }
      expectLimited(
        (await signIn(t.app, ROLE_EMAILS.observer, PASSWORD, { remoteAddress: address })).response,
      );
      expect(
        (await signIn(t.app, ROLE_EMAILS.observer, PASSWORD, { remoteAddress: "10.2.0.2" })).response
          .statusCode,
      ).toBe(200);
    });

    it("a burst of parallel guesses gets no more tries than the limit", async () => {
      const email = ROLE_EMAILS["az-member"];
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          signIn(t.app, email, `guess ${i}`, { remoteAddress: `10.3.0.${i}` }),
        ),
      );
      const statuses = responses.map((r) => r.response.statusCode);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LIMITS.perAccount);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20 - LIMITS.perAccount);
      expectLimited((await signIn(t.app, email, PASSWORD, { remoteAddress: "10.3.1.1" })).response);
    });
  });

  describe.skipIf(!dialect.available)(`sign-in limits shared by server instances on ${dialect.name}`, () => {
    it("failures counted by one instance block the account on another", async () => {
      await withTwoInstances(dialect, async (first, second, email) => {
        for (let i = 0; i < 3; i++) {
          expectProblem(
            (await signIn(first, email, "wrong", { remoteAddress: `10.4.0.${i}` })).response,
            401,
            "unauthenticated",
          );
        }
        const blocked = (await signIn(second, email, PASSWORD, { remoteAddress: "10.4.1.1" })).response;
        expectProblem(blocked, 429, "rate_limited");
        expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
      });
    }, 60_000);
  });
}

/**
 * Two server instances on one database: for SQLite two apps on one store (they share the `.limits` file beside
 * it); for PostgreSQL two stores, as two processes would have, on one schema.
 */
async function withTwoInstances(
  dialect: TestDialect,
  run: (
    first: Awaited<ReturnType<typeof buildApp>>["app"],
    second: Awaited<ReturnType<typeof buildApp>>["app"],
    email: string,
  ) => Promise<void>,
): Promise<void> {
  const { location, dispose } = await dialect.fresh();
  const stores = [await Store.open(location)];
  if (dialect.name === "postgres") stores.push(await Store.open(location));
  const [one, two = one] = stores as [Store, ...Store[]];
  const limits = { perAccount: 3, perAddress: 100, windowSeconds: 600, blockSeconds: 600 };
  const email = "shared@elsewhere.parley.test";
  await setAccount(one.database, { email, name: "Shared", password: PASSWORD }, new Date());
  const first = await buildApp({ store: one, limits });
  const second = await buildApp({ store: two, limits });
  try {
    await run(first.app, second.app, email);
  } finally {
    await first.app.close();
    await second.app.close();
    for (const s of stores) await s.close();
    await dispose();
  }
}
