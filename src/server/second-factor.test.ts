import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { STEP_UP_MS } from "./auth/step-up.ts";
import { startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem } from "./test-http.ts";
import {
  addSoftPasskey,
  Browser,
  enrolTotp,
  newAccount,
  totpCode,
  usePasskey,
} from "./testing/factor-kit.ts";

/** Issue 14: one-time codes, recovery codes, passkeys, the half-session, step-up; on both stores. */

const PUBLIC_URL = "http://localhost:4700";

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`second factors on ${dialect.name}`, () => {
    let t: TestApp;
    let clock = Date.parse("2026-12-05T12:00:00Z");
    const now = () => new Date(clock);
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false, now });
    }, 120_000);
    afterAll(async () => t?.dispose());

    let n = 0;
    const fresh = async () => {
      n += 1;
      const email = `factor${n}@example.org`;
      await newAccount(t.store, email);
      const browser = new Browser(t.app);
      expect((await browser.signIn(email)).statusCode).toBe(200);
      return { email, browser };
    };
    const usedSteps = async () =>
      Number(
        (
          await t.store.database
            .selectFrom("totp_used_steps")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("sets up an app: a QR code and key, a wrong first code changes nothing, the right one brings ten recovery codes", async () => {
      const { browser } = await fresh();
      const started = await browser.post("/api/account/factors/totp");
      expect(started.statusCode).toBe(201);
      const { secret, uri, qr } = started.json() as { secret: string; uri: string; qr: string };
      expect(uri).toMatch(/^otpauth:\/\/totp\/Parley:factor\d+%40example.org\?/);
      expect(uri).toContain(`secret=${secret}`);
      expect(qr).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(qr.split(",")[1] ?? "", "base64").toString()).toContain("<svg");
      const wrong = String((Number(totpCode(secret, now())) + 1) % 1_000_000).padStart(6, "0");
      expectProblem(
        await browser.post("/api/account/factors/totp/confirm", { code: wrong }),
        401,
        "second_factor.invalid",
      );
      expect((await browser.get("/api/account/factors")).json()).toMatchObject({
        totp: false,
        recoveryCodesLeft: 0,
      });
      const confirmed = await browser.post("/api/account/factors/totp/confirm", {
        code: totpCode(secret, now()),
      });
      expect(confirmed.statusCode).toBe(200);
      const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
      expect(new Set(recoveryCodes).size).toBe(10);
      expect((await browser.get("/api/account/factors")).json()).toMatchObject({
        totp: true,
        recoveryCodesLeft: 10,
      });
      // Only hashes are stored.
      const stored = await t.store.database.selectFrom("recovery_codes").select("code_hash").execute();
      for (const code of recoveryCodes) expect(stored.map((r) => r.code_hash)).not.toContain(code);
    });

    it("a password alone opens only a half-session that can do nothing but complete the second factor", async () => {
      const { email, browser } = await fresh();
      const { secret } = await enrolTotp(browser, now());
      const other = new Browser(t.app);
      const first = await other.signIn(email);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ secondFactor: "required", methods: ["totp", "recovery"] });
      expect(first.json()).not.toHaveProperty("account");
      expectProblem(await other.get("/api/session"), 401, "unauthenticated");
      expectProblem(await other.get("/api/account/factors"), 401, "unauthenticated");
      expectProblem(await other.get("/api/negotiations"), 401, "unauthenticated");
      expectProblem(await other.post("/api/tokens", { name: "x" }), 401, "unauthenticated");
      const half = other.token;
      clock += 31_000;
      const done = await other.post("/api/session/factor", { code: totpCode(secret, now()) });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ account: { email } });
      // A new token: the half-session's cookie is worth nothing now.
      expect(other.token).not.toBe(half);
      expect((await other.get("/api/session")).statusCode).toBe(200);
      const stale = new Browser(t.app);
      stale.token = half;
      expectProblem(
        await stale.post("/api/session/factor", { code: "000000" }),
        401,
        "second_factor.required",
      );
    });

    it("a wrong code and a reused code get the same answer, and change nothing", async () => {
      const { email, browser } = await fresh();
      const { secret } = await enrolTotp(browser, now());
      clock += 31_000;
      const code = totpCode(secret, now());
      const a = new Browser(t.app);
      await a.signIn(email);
      expect((await a.post("/api/session/factor", { code })).statusCode).toBe(200);
      const before = await usedSteps();
      const b = new Browser(t.app);
      await b.signIn(email);
      const replayed = await b.post("/api/session/factor", { code });
      const wrong = await b.post("/api/session/factor", {
        code: String((Number(code) + 1) % 1_000_000).padStart(6, "0"),
      });
      const problem = (r: typeof replayed) => {
        const body = expectProblem(r, 401, "second_factor.invalid");
        return { detail: body.detail, title: body.title };
      };
      expect(problem(replayed)).toEqual(problem(wrong));
      expect(await usedSteps()).toBe(before);
      expectProblem(await b.get("/api/session"), 401, "unauthenticated");
    });

    it("a recovery code completes a sign-in once; the second time it is refused like a wrong code", async () => {
      const { email, browser } = await fresh();
      const { recoveryCodes } = await enrolTotp(browser, now());
      const code = recoveryCodes[3] ?? "";
      clock += 1_000;
      const a = new Browser(t.app);
      await a.signIn(email);
      const used = await a.post("/api/session/factor", { code: code.toUpperCase() });
      expect(used.statusCode).toBe(200);
      const b = new Browser(t.app);
      await b.signIn(email);
      expectProblem(await b.post("/api/session/factor", { code }), 401, "second_factor.invalid");
      expect((await a.get("/api/account/factors")).json()).toMatchObject({ recoveryCodesLeft: 9 });
      const history = (await a.get("/api/account/activity")).json() as {
        signIns: { factor: string }[];
        notices: { kind: string; detail: string }[];
      };
      expect(history.signIns[0]?.factor).toBe("password+recovery");
      expect(history.notices.find((x) => x.kind === "recovery-code.used")?.detail).toMatch(/9 left/);
    });

    it("registers passkeys, signs in with one alone, names and removes them", async () => {
      const { email, browser } = await fresh();
      const { authenticator, response } = await addSoftPasskey(browser, PUBLIC_URL, "Laptop");
      expect(response.statusCode).toBe(201);
      expect((response.json() as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
      clock += 1_000;
      const second = await addSoftPasskey(browser, PUBLIC_URL, "Phone");
      expect(second.response.statusCode).toBe(201);
      expect((second.response.json() as { recoveryCodes: unknown }).recoveryCodes).toBeNull();
      const renamed = await browser.request({
        method: "PATCH",
        url: `/api/account/factors/passkeys/${second.authenticator.credentialId}`,
        payload: { name: "Work phone" },
      });
      expect(renamed.statusCode).toBe(204);
      const listed = (await browser.get("/api/account/factors")).json() as { passkeys: { name: string }[] };
      expect(listed.passkeys.map((p) => p.name)).toEqual(["Laptop", "Work phone"]);

      const alone = new Browser(t.app);
      const signedIn = await usePasskey(
        alone,
        authenticator,
        "/api/session/passkey/options",
        "/api/session/passkey",
      );
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json()).toMatchObject({ account: { email } });
      expect((await alone.get("/api/session")).statusCode).toBe(200);

      // After the password, a passkey completes the sign-in too.
      const after = new Browser(t.app);
      expect((await after.signIn(email)).json()).toMatchObject({ methods: ["passkey", "recovery"] });
      const completed = await usePasskey(
        after,
        second.authenticator,
        "/api/session/factor/passkey/options",
        "/api/session/factor/passkey",
      );
      expect(completed.statusCode).toBe(200);

      const removed = await browser.delete(
        `/api/account/factors/passkeys/${second.authenticator.credentialId}`,
      );
      expect(removed.statusCode).toBe(204);
      // Removing a factor ends the account's other sessions.
      expectProblem(await alone.get("/api/session"), 401, "unauthenticated");
      expectProblem(await after.get("/api/session"), 401, "unauthenticated");
      expect((await browser.get("/api/session")).statusCode).toBe(200);
    });

    it("refuses an assertion for another origin, an old challenge, and a counter that goes backwards (and tells the owner)", async () => {
      const { browser } = await fresh();
      const { authenticator } = await addSoftPasskey(browser, PUBLIC_URL);
      const stranger = new Browser(t.app);
      const phished = await usePasskey(
        stranger,
        authenticator,
        "/api/session/passkey/options",
        "/api/session/passkey",
        {
          origin: "https://parley.example.evil",
        },
      );
      expectProblem(phished, 401, "second_factor.invalid");
      // A challenge answered once cannot be answered again.
      const options = await stranger.post("/api/session/passkey/options");
      const { challengeId, options: request } = options.json() as {
        challengeId: string;
        options: { challenge: string };
      };
      const answer = authenticator.assert(request);
      expect(
        (await stranger.post("/api/session/passkey", { challengeId, response: answer })).statusCode,
      ).toBe(200);
      const again = new Browser(t.app);
      expectProblem(
        await again.post("/api/session/passkey", { challengeId, response: answer }),
        401,
        "second_factor.invalid",
      );
      // A clone replays a counter the server has already seen.
      const clone = new Browser(t.app);
      const cloned = await usePasskey(
        clone,
        authenticator,
        "/api/session/passkey/options",
        "/api/session/passkey",
        {
          counter: 1,
        },
      );
      expectProblem(cloned, 401, "second_factor.invalid");
      expectProblem(await clone.get("/api/session"), 401, "unauthenticated");
      const notices = (await browser.get("/api/account/activity")).json() as { notices: { kind: string }[] };
      expect(notices.notices.map((x) => x.kind)).toContain("passkey.cloned");
    });

    it("step-up: a sensitive act ten minutes after the last check asks for the factor again, then goes through", async () => {
      const { browser } = await fresh();
      const { secret } = await enrolTotp(browser, now());
      expect((await browser.post("/api/tokens", { name: "fresh" })).statusCode).toBe(201);
      clock += STEP_UP_MS + 1_000;
      expectProblem(await browser.post("/api/tokens", { name: "stale" }), 401, "step_up.required");
      expectProblem(
        await browser.post("/api/account/step-up", {
          code: "000000" === totpCode(secret, now()) ? "111111" : "000000",
        }),
        401,
        "second_factor.invalid",
      );
      expect((await browser.post("/api/account/step-up", { code: totpCode(secret, now()) })).statusCode).toBe(
        204,
      );
      expect((await browser.post("/api/tokens", { name: "stepped up" })).statusCode).toBe(201);
      clock += STEP_UP_MS + 1_000;
      const change = {
        currentPassword: "correct horse battery staple",
        newPassword: "another long passphrase",
      };
      expectProblem(await browser.post("/api/account/password", change), 401, "step_up.required");
    });

    it("accounts without a factor are not blocked by step-up; tokens do only the acts their owner chose", async () => {
      const { browser } = await fresh();
      const created = await browser.post("/api/tokens", { name: "script", acts: ["history-export"] });
      expect(created.statusCode).toBe(201);
      const plain = await browser.post("/api/tokens", { name: "plain" });
      const { token } = plain.json() as { token: string };
      const viaToken = await t.app.inject({
        method: "POST",
        url: "/api/tokens",
        headers: { authorization: `Bearer ${token}` },
        payload: { name: "child" },
      });
      expectProblem(viaToken, 403, "token.act_not_allowed");
      const listed = (await browser.get("/api/tokens")).json() as {
        tokens: { name: string; acts: string[] }[];
      };
      expect(listed.tokens.find((x) => x.name === "script")?.acts).toEqual(["history-export"]);
    });

    it("removing the last factor ends the other sessions; the owner is told of new factors, tokens and devices", async () => {
      const { email, browser } = await fresh();
      const { secret } = await enrolTotp(browser, now());
      clock += 31_000;
      const phone = new Browser(t.app, "Mozilla/5.0 (iPhone) Safari/17 Test");
      await phone.signIn(email);
      expect((await phone.post("/api/session/factor", { code: totpCode(secret, now()) })).statusCode).toBe(
        200,
      );
      expect((await browser.delete("/api/account/factors/totp")).statusCode).toBe(204);
      expectProblem(await phone.get("/api/session"), 401, "unauthenticated");
      expect((await browser.get("/api/account/factors")).json()).toMatchObject({
        totp: false,
        recoveryCodesLeft: 0,
      });
      // Now a password alone signs in again.
      expect((await new Browser(t.app).signIn(email)).json()).toHaveProperty("account");
      const kinds = (
        (await browser.get("/api/account/activity")).json() as { notices: { kind: string }[] }
      ).notices.map((x) => x.kind);
      expect(kinds).toEqual(expect.arrayContaining(["factor.added", "factor.removed", "sign-in.new-device"]));
    });
  });
}
