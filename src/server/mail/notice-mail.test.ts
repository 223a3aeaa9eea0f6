import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../../store/test-stores.ts";
import { ROLE_EMAILS, startTestApp, type TestApp } from "../test-app.ts";
import { startTestSmtp, type TestSmtp } from "../testing/test-smtp.ts";

const sqlite = DIALECTS.find((d) => d.name === "sqlite") ?? DIALECTS[0];

/** A notice about an account (here: a new API token) also reaches its owner by mail, saying only where to look. */
describe.skipIf(!sqlite?.available)("account notices by mail", () => {
  let smtp: TestSmtp;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    if (sqlite) t = await startTestApp(sqlite, { mail: smtp.settings });
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
    await smtp?.close();
  });

  it("mails the owner when an API token is made, naming neither the token nor anything of a negotiation", async () => {
    const head = await t.as("am-head");
    const made = await head.request({
      method: "POST",
      url: "/api/tokens",
      payload: { name: "capital sync" },
    });
    expect(made.statusCode).toBe(201);
    const { token } = made.json() as { token: string };
    const [mail] = await smtp.waitFor(ROLE_EMAILS["am-head"]);
    expect(mail?.subject).toBe("Something changed on your Parley account");
    expect(mail?.text).toMatch(/\/account\b/);
    for (const word of [token, "capital sync", "Armenia", "Agreement"]) expect(mail?.raw).not.toContain(word);
    // Only the owner is told.
    expect(smtp.received.filter((m) => !m.to.includes(ROLE_EMAILS["am-head"]))).toEqual([]);
  });
});
