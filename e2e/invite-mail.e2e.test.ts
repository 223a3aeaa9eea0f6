import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedSmtpPort, startTestSmtp, type TestSmtp } from "../src/server/testing/test-smtp.ts";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { seriousViolations, signIn } from "./pages.ts";
import { NEGOTIATION, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();
const MEDIATOR = "blinken@mediation.parley.test";
const SHOTS = process.env.PARLEY_SHOTS_INBOX ?? "/tmp/shots-h3";

/** Fills the members screen's invite form as the mediation lead and sends it. */
async function invite(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/negotiations/${NEGOTIATION}/members`);
  await page.getByRole("heading", { name: "Invite someone" }).waitFor();
  await page.getByLabel("Name", { exact: true }).fill("Anna Petrosyan");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await page.getByRole("heading", { name: "Invitation for Anna Petrosyan" }).waitFor();
}

describe.skipIf(skip !== null)("in the browser: invitations by e-mail", () => {
  let browser: Browser;
  let smtp: TestSmtp;
  const servers: WebServer[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    smtp = await startTestSmtp();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.dispose();
    await smtp?.close();
  });

  it("says the link was e-mailed, shows it to no one but the invitee, and the mail carries it", async () => {
    const server = await startWebServer({ mail: smtp.settings });
    servers.push(server);
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await signIn(page, server.url, MEDIATOR);
    await invite(page, server.url, "anna@am.parley.test");
    await page.getByText("E-mailed to anna@am.parley.test.").waitFor();
    // Only the invitee gets the link: the sender could otherwise accept it under the invitee's address.
    expect(await page.getByLabel("Invitation link").count()).toBe(0);
    const [mail] = await smtp.waitFor("anna@am.parley.test");
    expect(mail?.text).toMatch(/\/invite\/inv_\S+/);
    await page
      .locator("#invite-heading")
      .locator("..")
      .screenshot({ path: join(SHOTS, "invite-mailed.png") });
  }, 120_000);

  it("with the mail server down, the invitation is made, its link shown and the failure said", async () => {
    const server = await startWebServer({ mail: await closedSmtpPort() });
    servers.push(server);
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await signIn(page, server.url, MEDIATOR);
    await invite(page, server.url, "vahe@am.parley.test");
    await page.getByRole("alert").filter({ hasText: "could not be sent" }).waitFor();
    expect(await page.getByLabel("Invitation link").inputValue()).toMatch(/\/invite\/inv_/);
    await page.getByText("vahe@am.parley.test").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page
      .locator("#invite-heading")
      .locator("..")
      .screenshot({ path: join(SHOTS, "invite-mail-failed.png") });
  }, 120_000);
});
