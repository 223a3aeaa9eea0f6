import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAccount } from "../store/accounts.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { secretHash } from "./auth/secrets.ts";
import { listen, Tap, waitFor } from "./live/test-live.ts";
import { PASSWORD, ROLE_EMAILS, startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem, signIn, storeSnapshot, withBearer, withSession } from "./test-http.ts";

/** Issue 11, item 7: account self-service (change my password, my sessions, sign out everywhere), on both stores. */

const REVOKED = 4403;
const NEW_PASSWORD = "a different, longer passphrase";

interface Session {
  token: string;
  csrf: string;
  /** The Cookie header, as the live stream's Tap wants it. */
  cookie: string;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`account self-service on ${dialect.name}`, () => {
    let t: TestApp;
    let base = "";
    beforeAll(async () => {
      t = await startTestApp(dialect);
      base = await listen(t);
    }, 120_000);
    afterAll(async () => t?.dispose());

    const open = async (email: string, password = PASSWORD, userAgent?: string): Promise<Session> => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/session",
        payload: { email, password },
        headers: userAgent ? { "user-agent": userAgent } : {},
      });
      expect(response.statusCode).toBe(200);
      const token = response.cookies.find((c) => c.name === "parley_session")?.value ?? "";
      const csrf = (response.json() as { csrfToken: string }).csrfToken;
      return { token, csrf, cookie: `parley_session=${token}` };
    };
    const as = (s: Session, method: "GET" | "POST" | "DELETE", url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: withSession(s.token, s.csrf),
        ...(payload ? { payload } : {}),
      });
    const alive = async (s: Session) =>
      (await t.app.inject({ method: "GET", url: "/api/session", headers: withSession(s.token) })).statusCode;
    const sessionsOf = async (s: Session) =>
      ((await as(s, "GET", "/api/account/sessions")).json() as { sessions: OwnSession[] }).sessions;
    const passwordHashOf = async (email: string) =>
      (
        await t.store.database
          .selectFrom("accounts")
          .select("password_hash")
          .where("email", "=", email)
          .executeTakeFirstOrThrow()
      ).password_hash;
    const freshAccount = async () => {
      const email = `self-${randomUUID()}@elsewhere.parley.test`;
      await setAccount(t.store.database, { email, name: "Self", password: PASSWORD }, new Date());
      return email;
    };
    const makeToken = async (s: Session) =>
      ((await as(s, "POST", "/api/tokens", { name: "cli" })).json() as { token: string }).token;

    describe("change my password", () => {
      it("a wrong current password is 403 password.wrong and writes nothing; a short, common or context-word new one is 400", async () => {
        const email = ROLE_EMAILS["am-member"];
        const mine = await open(email);
        const other = await open(email);
        const hashBefore = await passwordHashOf(email);
        const before = await storeSnapshot(t.store);
        const wrong = await as(mine, "POST", "/api/account/password", {
          currentPassword: "not the password",
          newPassword: NEW_PASSWORD,
        });
        const problem = expectProblem(wrong, 403, "password.wrong");
        expect(String(problem.detail)).not.toMatch(/argon|hash/i);
        expectProblem(
          await as(mine, "POST", "/api/account/password", {
            currentPassword: PASSWORD,
            newPassword: "too short",
          }),
          400,
          "validation",
        );
        // Long enough but on the common list (any case), or holding a context-specific word: refused too.
        for (const [newPassword, code] of [
          ["QwErTy123456", "password.common"],
          ["my parley password", "password.context"],
        ] as const)
          expectProblem(
            await as(mine, "POST", "/api/account/password", { currentPassword: PASSWORD, newPassword }),
            400,
            code,
          );
        expect(await storeSnapshot(t.store)).toEqual(before);
        expect(await passwordHashOf(email)).toBe(hashBefore);
        for (const s of [mine, other]) expect(await alive(s)).toBe(200);
        expect((await signIn(t.app, email, PASSWORD)).response.statusCode).toBe(200);
      });

      it("ends every other session at once (their live streams close) and revokes the API tokens; keeps this one", async () => {
        const email = ROLE_EMAILS.observer;
        const mine = await open(email);
        const other = await open(email);
        const apiToken = await makeToken(mine);
        const otherStream = await Tap.open(base, { cookie: other.cookie }, "other session");
        const myStream = await Tap.open(base, { cookie: mine.cookie }, "this session");
        const bystander = await open(ROLE_EMAILS["az-member"]);

        const changed = await as(mine, "POST", "/api/account/password", {
          currentPassword: PASSWORD,
          newPassword: NEW_PASSWORD,
        });
        expect(changed.statusCode).toBe(204);
        await waitFor(() => otherStream.closed !== null, 1_000, "the other session's stream to close");
        expect(otherStream.closed?.code).toBe(REVOKED);
        expect(otherStream.messages.at(-1)?.type).toBe("revoked");
        expect(myStream.closed).toBeNull();

        expect(await alive(other)).toBe(401);
        expect(await alive(mine)).toBe(200);
        expect(await alive(bystander)).toBe(200);
        // A token minted from a stolen session must not outlive the change meant to lock the thief out.
        expect(
          (await t.app.inject({ method: "GET", url: "/api/session", headers: withBearer(apiToken) }))
            .statusCode,
        ).toBe(401);
        expectProblem((await signIn(t.app, email, PASSWORD)).response, 401, "unauthenticated");
        expect((await signIn(t.app, email, NEW_PASSWORD)).response.statusCode).toBe(200);
        myStream.close();
      });

      it("wrong current passwords are counted by the sign-in limits, so they cannot be used to guess", async () => {
        const limited = await startTestApp(dialect, {
          demo: false,
          limits: { perAccount: 3, perAddress: 100, windowSeconds: 60, blockSeconds: 60 },
        });
        try {
          const email = ROLE_EMAILS.outsider;
          const { token, csrf } = await signIn(limited.app, email, PASSWORD);
          const attempt = (currentPassword: string) =>
            limited.app.inject({
              method: "POST",
              url: "/api/account/password",
              headers: withSession(token, csrf),
              payload: { currentPassword, newPassword: NEW_PASSWORD },
            });
          for (let i = 0; i < 3; i++) expectProblem(await attempt(`guess ${i}`), 403, "password.wrong");
          // Even the right password is refused now, and nothing changes.
          const blocked = await attempt(PASSWORD);
          expectProblem(blocked, 429, "rate_limited");
          expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
          expectProblem((await signIn(limited.app, email, PASSWORD)).response, 429, "rate_limited");
        } finally {
          await limited.dispose();
        }
      });
    });

    describe("my sessions", () => {
      it("lists my live sessions only, by an opaque id, with where they were opened and which one is this", async () => {
        const email = await freshAccount();
        const laptop = await open(email, PASSWORD, "Laptop browser/1.0");
        const phone = await open(email, PASSWORD, "Phone browser/2.0");
        const ended = await open(email, PASSWORD, "Ended browser/3.0");
        expect((await as(ended, "DELETE", "/api/session")).statusCode).toBe(204);
        await open(ROLE_EMAILS["az-member"], PASSWORD, "Someone else's browser");

        const response = await as(laptop, "GET", "/api/account/sessions");
        expect(response.statusCode).toBe(200);
        const sessions = (response.json() as { sessions: OwnSession[] }).sessions;
        expect(sessions.map((s) => s.userAgent).sort()).toEqual(["Laptop browser/1.0", "Phone browser/2.0"]);
        expect(sessions.filter((s) => s.current).map((s) => s.userAgent)).toEqual(["Laptop browser/1.0"]);
        for (const s of sessions) {
          expect(s.address).toBe("127.0.0.1");
          expect(Date.parse(s.expiresAt)).toBeGreaterThan(Date.parse(s.createdAt));
          expect(s.lastSeenAt).toEqual(expect.any(String));
        }
        // Neither the tokens nor their hashes leave the server.
        for (const secret of [laptop.token, phone.token, secretHash(laptop.token), secretHash(phone.token)])
          expect(response.body.includes(secret)).toBe(false);
        const fromPhone = await sessionsOf(phone);
        expect(fromPhone.filter((s) => s.current).map((s) => s.userAgent)).toEqual(["Phone browser/2.0"]);
      });

      it("records when a session was last seen, coarsely", async () => {
        const email = await freshAccount();
        const s = await open(email);
        // Older than the 5-minute granularity, within the 30 minutes of inactivity that end a session.
        const old = new Date(Date.now() - 10 * 60 * 1000).toISOString();
        await t.store.database
          .updateTable("sessions")
          .set({ last_seen_at: old })
          .where("token_hash", "=", secretHash(s.token))
          .execute();
        const [listed] = await sessionsOf(s);
        expect(Date.parse(listed?.lastSeenAt ?? old)).toBeGreaterThan(Date.now() - 60_000);
      });

      it("ends one of my sessions (its live stream closes); another account's id answers exactly like a missing one", async () => {
        const email = ROLE_EMAILS["am-member"];
        const mine = await open(email);
        const target = await open(email);
        const stream = await Tap.open(base, { cookie: target.cookie }, "target session");
        const stranger = await open(ROLE_EMAILS["az-member"]);
        const ids = (await sessionsOf(mine)).map((s) => s.id);
        const theirId = (await sessionsOf(target)).find((s) => s.current)?.id ?? "";
        expect(ids).toContain(theirId);

        const before = await storeSnapshot(t.store);
        const theirs = await as(stranger, "DELETE", `/api/account/sessions/${theirId}`);
        const ghost = randomUUID();
        const missing = await as(stranger, "DELETE", `/api/account/sessions/${ghost}`);
        expectProblem(theirs, 404, "not_found");
        expect(sameAnswer(theirs, theirId, missing, ghost)).toBe(true);
        expect(await storeSnapshot(t.store)).toEqual(before);
        expect(await alive(target)).toBe(200);
        expect(stream.closed).toBeNull();
        expectProblem(await as(stranger, "DELETE", "/api/account/sessions/not%20an%20id"), 400, "validation");

        const ended = await as(mine, "DELETE", `/api/account/sessions/${theirId}`);
        expect(ended.statusCode).toBe(204);
        expect(ended.cookies.find((c) => c.name === "parley_session")).toBeUndefined();
        await waitFor(() => stream.closed !== null, 1_000, "the ended session's stream to close");
        expect(stream.closed?.code).toBe(REVOKED);
        expect(await alive(target)).toBe(401);
        expect(await alive(mine)).toBe(200);
        expect((await sessionsOf(mine)).map((s) => s.id)).not.toContain(theirId);
        expectProblem(await as(mine, "DELETE", `/api/account/sessions/${theirId}`), 404, "not_found");

        // Ending this very session signs out: the cookie is cleared too.
        const myId = (await sessionsOf(mine)).find((s) => s.current)?.id;
        const self = await as(mine, "DELETE", `/api/account/sessions/${myId}`);
        expect(self.statusCode).toBe(204);
        expect(self.cookies.find((c) => c.name === "parley_session")?.value).toBe("");
        expect(await alive(mine)).toBe(401);
      });
    });

    describe("sign out everywhere", () => {
      it("ends every session, this one included (live streams close); API tokens live on unless asked", async () => {
        const email = ROLE_EMAILS["az-member"];
        const mine = await open(email);
        const other = await open(email);
        const apiToken = await makeToken(mine);
        const byCookie = await Tap.open(base, { cookie: other.cookie }, "other session");
        const mineStream = await Tap.open(base, { cookie: mine.cookie }, "this session");
        const byToken = await Tap.open(base, { token: apiToken }, "API token");
        const bystander = await open(ROLE_EMAILS["am-head"]);

        const response = await as(mine, "POST", "/api/account/sign-out-everywhere", {});
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ tokensRevoked: 0 });
        expect((response.json() as { sessionsEnded: number }).sessionsEnded).toBeGreaterThanOrEqual(2);
        expect(response.cookies.find((c) => c.name === "parley_session")?.value).toBe("");
        await waitFor(
          () => byCookie.closed !== null && mineStream.closed !== null,
          1_000,
          "the session streams to close",
        );
        expect([byCookie.closed?.code, mineStream.closed?.code]).toEqual([REVOKED, REVOKED]);
        for (const s of [mine, other]) expect(await alive(s)).toBe(401);
        expectProblem(
          await t.app.inject({
            method: "GET",
            url: "/api/account/sessions",
            headers: withSession(mine.token),
          }),
          401,
          "unauthenticated",
        );
        expect(byToken.closed).toBeNull();
        expect(
          (await t.app.inject({ method: "GET", url: "/api/session", headers: withBearer(apiToken) }))
            .statusCode,
        ).toBe(200);
        expect(await alive(bystander)).toBe(200);

        // With revokeTokens: the API tokens go too, and streams opened with them close.
        const again = await open(email);
        const everything = await as(again, "POST", "/api/account/sign-out-everywhere", {
          revokeTokens: true,
        });
        expect(everything.json()).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
        await waitFor(() => byToken.closed !== null, 1_000, "the token's stream to close");
        expect(byToken.closed?.code).toBe(REVOKED);
        expectProblem(
          await t.app.inject({ method: "GET", url: "/api/session", headers: withBearer(apiToken) }),
          401,
          "unauthenticated",
        );
        expect(await alive(again)).toBe(401);
        expect(await alive(bystander)).toBe(200);
        // Signing in again works: only credentials ended, not the account.
        expect(await alive(await open(email))).toBe(200);
      });

      it("works with an API token as well, and refuses unknown fields", async () => {
        const email = await freshAccount();
        const s = await open(email);
        const apiToken = await makeToken(s);
        expectProblem(
          await as(s, "POST", "/api/account/sign-out-everywhere", { revokeTokens: true, extra: 1 }),
          400,
          "validation",
        );
        expect(await alive(s)).toBe(200);
        const response = await t.app.inject({
          method: "POST",
          url: "/api/account/sign-out-everywhere",
          headers: withBearer(apiToken),
          payload: { revokeTokens: true },
        });
        expect(response.json()).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
        expect(await alive(s)).toBe(401);
      });
    });
  });
}

interface OwnSession {
  id: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string | null;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

/** Two answers are the same once each names its own id: status, headers that matter, and body. */
function sameAnswer(a: LightMyRequestResponse, aId: string, b: LightMyRequestResponse, bId: string): boolean {
  const shape = (r: LightMyRequestResponse, id: string) =>
    JSON.stringify({
      status: r.statusCode,
      type: r.headers["content-type"],
      body: r.body.replaceAll(id, "ID"),
    });
  return shape(a, aId) === shape(b, bId);
}
