import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../../store/test-stores.ts";
import { ROLE_EMAILS, startTestApp, type TestApp } from "../test-app.ts";
import { closedSmtpPort, startTestSmtp, type TestSmtp } from "../testing/test-smtp.ts";

/** The operator's id for an account, read from the operator's own list. */
async function accountId(t: TestApp, email: string): Promise<string> {
  const operator = await t.as("operator");
  const { accounts } = (await operator.request({ method: "GET", url: "/api/accounts" })).json() as {
    accounts: { id: string; email: string }[];
  };
  return accounts.find((a) => a.email === email)?.id ?? "";
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`password-reset links by mail on ${dialect.name}`, () => {
    let smtp: TestSmtp;
    let t: TestApp;
    beforeAll(async () => {
      smtp = await startTestSmtp();
      t = await startTestApp(dialect, { mail: smtp.settings });
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
      await smtp?.close();
    });

    it("mails the link to the account's owner, naming nothing of any negotiation, and the link works", async () => {
      const email = ROLE_EMAILS["am-member"];
      const operator = await t.as("operator");
      const response = await operator.request({
        method: "POST",
        url: `/api/accounts/${await accountId(t, email)}/reset-link`,
      });
      expect(response.statusCode).toBe(201);
      const body = response.json() as { link?: string; mail: string };
      expect(body.mail).toBe("sent");
      // A mailed link goes to the owner alone: the operator, who reads no negotiation, cannot sign in as them.
      expect(body.link).toBeUndefined();
      const [mail] = await smtp.waitFor(email);
      expect(mail?.subject).toBe("Set a new password for Parley");
      for (const word of ["Armenia", "Azerbaijan", "Agreement", "Hovhannisyan"])
        expect(mail?.raw).not.toContain(word);
      const token = /\/reset\/(\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
      const reset = await t.app.inject({
        method: "POST",
        url: `/api/password-resets/${token}`,
        payload: { password: "a new password, long enough" },
      });
      expect(reset.statusCode).toBe(204);
    });
  });

  describe.skipIf(!dialect.available)(
    `password-reset links with the mail server down on ${dialect.name}`,
    () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await startTestApp(dialect, { mail: await closedSmtpPort() });
      }, 60_000);
      afterAll(async () => t?.dispose());

      it("still makes the link, shows it and says the mail failed", async () => {
        const email = ROLE_EMAILS["az-member"];
        const operator = await t.as("operator");
        const response = await operator.request({
          method: "POST",
          url: `/api/accounts/${await accountId(t, email)}/reset-link`,
        });
        expect(response.statusCode).toBe(201);
        const body = response.json() as { link: string; mail: string; mailError?: string };
        expect(body.mail).toBe("failed");
        expect(body.mailError).toMatch(/could not be sent/);
        const token = body.link.split("/reset/")[1] ?? "";
        const offered = await t.app.inject({ method: "GET", url: `/api/password-resets/${token}` });
        expect(offered.statusCode).toBe(200);
      });
    },
  );
}
