import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { PASSWORD, ROLE_EMAILS, startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem, signIn, storeSnapshot } from "./test-http.ts";
import { closedSmtpPort, startTestSmtp, type TestSmtp } from "./testing/test-smtp.ts";

/**
 * Issue 11, the operator's "New account": the account has no password anyone knows until its owner chooses
 * one with the link made for it in the same write.
 */

const FIRST_PASSWORD = "mia's very own first password";

interface Created {
  id: string;
  email: string;
  link?: string;
  expiresAt: string;
  mail: "sent" | "off" | "failed";
  mailError?: string;
}

const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`an operator creates an account on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false });
    }, 120_000);
    afterAll(async () => t?.dispose());

    const create = async (payload: Record<string, unknown>) =>
      (await t.as("operator")).request({ method: "POST", url: "/api/accounts", payload });
    const resets = async () =>
      Number(
        (
          await t.store.database
            .selectFrom("password_resets")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("makes the account with no usable password and a link; the owner signs in only once it is used", async () => {
      const response = await create({ email: "Mia@Mediation.example", name: "Mia Mediator", mayHost: true });
      expect(response.statusCode).toBe(201);
      const body = response.json() as Created;
      // No mail configured: the link is the operator's to pass on, shown this once.
      expect(body).toMatchObject({ email: "mia@mediation.example", mail: "off" });
      expect(body.link).toMatch(/^http:\/\/localhost:4700\/reset\/reset_[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
      const token = tokenOf(body.link ?? "");

      const list = (
        await (await t.as("operator")).request({ method: "GET", url: "/api/accounts" })
      ).json() as {
        accounts: { id: string; email: string; mayHost: boolean; operator: boolean; disabled: boolean }[];
      };
      expect(list.accounts.find((a) => a.id === body.id)).toMatchObject({
        email: "mia@mediation.example",
        mayHost: true,
        operator: false,
        disabled: false,
      });
      const stored = await t.store.database
        .selectFrom("accounts")
        .select("password_hash")
        .where("id", "=", body.id)
        .executeTakeFirstOrThrow();
      expect(stored.password_hash).toMatch(/^\$argon2id\$/);
      // Neither an empty password nor anything the operator saw signs in.
      for (const guess of ["", token, body.link ?? "", PASSWORD])
        expect((await signIn(t.app, "mia@mediation.example", guess)).response.statusCode).not.toBe(200);

      const offered = await t.app.inject({ method: "GET", url: `/api/password-resets/${token}` });
      expect(offered.json()).toMatchObject({ email: "mia@mediation.example", firstPassword: true });
      const used = await t.app.inject({
        method: "POST",
        url: `/api/password-resets/${token}`,
        payload: { password: FIRST_PASSWORD },
      });
      expect(used.statusCode).toBe(204);
      expect((await signIn(t.app, "mia@mediation.example", FIRST_PASSWORD)).response.statusCode).toBe(200);
      // Once it has signed in, a later link is a reset, not a first password.
      const again = (
        await (await t.as("operator")).request({ method: "POST", url: `/api/accounts/${body.id}/reset-link` })
      ).json() as { link: string };
      const later = await t.app.inject({ method: "GET", url: `/api/password-resets/${tokenOf(again.link)}` });
      expect(later.json()).toMatchObject({ firstPassword: false });
    });

    it("may make an operator; an account that exists keeps everything, and nothing is written", async () => {
      const made = await create({ email: "otto@ops.example", name: "Otto", operator: true });
      expect(made.statusCode).toBe(201);
      const before = await storeSnapshot(t.store);
      const links = await resets();
      for (const email of ["otto@ops.example", ROLE_EMAILS.outsider, ROLE_EMAILS.outsider.toUpperCase()])
        expectProblem(await create({ email, name: "Someone else" }), 409, "account.exists");
      expect(await storeSnapshot(t.store)).toEqual(before);
      expect(await resets()).toBe(links);
      // The outsider's password still works: an existing account is never silently reset.
      expect((await signIn(t.app, ROLE_EMAILS.outsider, PASSWORD)).response.statusCode).toBe(200);
    });

    it("refuses bad input, and anyone but an operator, writing nothing", async () => {
      const roles = ["mediation-lead", "am-head", "outsider"] as const;
      // Signed in before the snapshot: a first sign-in writes a session.
      for (const role of roles) await t.as(role);
      const before = await storeSnapshot(t.store);
      const links = await resets();
      for (const payload of [
        { email: "not an address", name: "X" },
        { email: "x@example.org", name: "   " },
        { email: "x@example.org", name: "X\u0000" },
        { email: "x@example.org", name: "x".repeat(301) },
        { email: "x@example.org" },
        { email: "x@example.org", name: "X", mayHost: "yes" },
        { email: "x@example.org", name: "X", password: "chosen by the operator" },
      ])
        expectProblem(await create(payload), 400, "validation");
      const valid = { email: "x@example.org", name: "X" };
      for (const role of roles)
        expectProblem(
          await (await t.as(role)).request({ method: "POST", url: "/api/accounts", payload: valid }),
          403,
          "forbidden",
        );
      expectProblem(
        await t.app.inject({ method: "POST", url: "/api/accounts", payload: valid }),
        401,
        "unauthenticated",
      );
      expect(await storeSnapshot(t.store)).toEqual(before);
      expect(await resets()).toBe(links);
    });
  });

  describe.skipIf(!dialect.available)(`a new account's link by mail on ${dialect.name}`, () => {
    let smtp: TestSmtp;
    let t: TestApp;
    beforeAll(async () => {
      smtp = await startTestSmtp();
      t = await startTestApp(dialect, { demo: false, mail: smtp.settings });
    }, 120_000);
    afterAll(async () => {
      await t?.dispose();
      await smtp?.close();
    });

    it("mails the link to the new account's owner alone, and the answer carries none", async () => {
      const response = await (await t.as("operator")).request({
        method: "POST",
        url: "/api/accounts",
        payload: { email: "nina@example.org", name: "Nina" },
      });
      expect(response.statusCode).toBe(201);
      const body = response.json() as Created;
      expect(body.mail).toBe("sent");
      expect(body.link).toBeUndefined();
      const [mail] = await smtp.waitFor("nina@example.org");
      expect(mail?.subject).toBe("Your Parley account: choose a password");
      expect(mail?.raw).not.toContain("Nina");
      const token = /\/reset\/(\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
      const used = await t.app.inject({
        method: "POST",
        url: `/api/password-resets/${token}`,
        payload: { password: FIRST_PASSWORD },
      });
      expect(used.statusCode).toBe(204);
      expect((await signIn(t.app, "nina@example.org", FIRST_PASSWORD)).response.statusCode).toBe(200);
    });
  });

  describe.skipIf(!dialect.available)(`a new account with the mail server down on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false, mail: await closedSmtpPort() });
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("still makes the account and its link, shows the link and says the mail failed", async () => {
      const response = await (await t.as("operator")).request({
        method: "POST",
        url: "/api/accounts",
        payload: { email: "olaf@example.org", name: "Olaf" },
      });
      expect(response.statusCode).toBe(201);
      const body = response.json() as Created;
      expect(body.mail).toBe("failed");
      expect(body.mailError).toMatch(/could not be sent/);
      const offered = await t.app.inject({
        method: "GET",
        url: `/api/password-resets/${tokenOf(body.link ?? "")}`,
      });
      expect(offered.statusCode).toBe(200);
    });
  });
}
