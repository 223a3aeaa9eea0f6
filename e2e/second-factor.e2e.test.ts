import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { generateSync } from "otplib";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { seriousViolations, signIn } from "./pages.ts";
import { NEGOTIATION, PASSWORD, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();
const SHOTS = "/tmp/shots-h6";
const LEAD = "blinken@mediation.parley.test";
const ELEVEN_MINUTES = 11 * 60 * 1000;

interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/**
 * Issue 14 in Chromium, with the DevTools protocol's virtual authenticator (a platform passkey with user
 * verification): register a passkey, sign out, sign in with it alone; a clone replaying an old signature
 * counter is refused and reported; step-up asks for the passkey again before agreeing a provision and
 * before releasing a statement, then carries the act out. Served on localhost: WebAuthn needs a secure
 * context whose host is a domain.
 */
describe.skipIf(skip !== null)("passkeys and step-up, in the browser", () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId = "";
  let offset = 0;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startWebServer({ localhost: true, now: () => new Date(Date.now() + offset) });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.dispose();
  });

  const credentials = async () =>
    (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials as VirtualCredential[];
  const signOut = async () => {
    await page.getByRole("navigation", { name: "Account" }).getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
  };
  const passkeySignIn = async () => {
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  };

  let snapshot: VirtualCredential | undefined;

  it("registers a passkey on the account screen, shows the recovery codes once, and signs in with the passkey alone", async () => {
    await signIn(page, server.url, LEAD);
    await page.goto(`${server.url}/account`);
    const security = page.getByRole("region", { name: "Sign-in security" });
    await security.getByText("Only your password protects this account.").waitFor();
    await security.getByLabel("Name of the new passkey").fill("Test laptop");
    await security.getByRole("button", { name: "Add a passkey" }).click();
    const codes = page.getByRole("region", { name: "Your recovery codes" });
    await codes.waitFor();
    await expect.poll(() => codes.getByRole("listitem").count()).toBe(10);
    await security.getByText("Test laptop").waitFor();
    await page.screenshot({ path: join(SHOTS, "account-passkey-added.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await codes.getByRole("button", { name: "I have kept them" }).click();
    expect(await credentials()).toHaveLength(1);
    snapshot = (await credentials())[0];

    await signOut();
    await page.screenshot({ path: join(SHOTS, "sign-in.png"), fullPage: true });
    await passkeySignIn();
    await page.getByRole("heading", { name: "Your negotiations" }).waitFor();
    // A password alone no longer signs in: the second step asks for the passkey.
    await signOut();
    await page.getByLabel("E-mail address").fill(LEAD);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Confirm it is you" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "sign-in-second-step.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Use a passkey" }).click();
    await page.getByRole("heading", { name: "Your negotiations" }).waitFor();
  }, 120_000);

  it("refuses a cloned authenticator replaying an old signature counter, and tells the account's owner", async () => {
    const current = (await credentials())[0];
    expect(snapshot && current && current.signCount > snapshot.signCount).toBe(true);
    // The clone: the same key, with the counter it had when copied.
    await cdp.send("WebAuthn.removeCredential", {
      authenticatorId,
      credentialId: current?.credentialId ?? "",
    });
    await cdp.send("WebAuthn.addCredential", {
      authenticatorId,
      credential: { ...(snapshot as VirtualCredential), signCount: (current?.signCount ?? 1) - 2 },
    });
    await signOut();
    await passkeySignIn();
    await page.getByRole("alert").filter({ hasText: "This passkey was not accepted" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "sign-in-clone-refused.png"), fullPage: true });
    expect(page.url()).toContain("/sign-in");
    // The real authenticator moves on past the stored counter: it signs in again, and the owner is told.
    await cdp.send("WebAuthn.removeCredential", {
      authenticatorId,
      credentialId: current?.credentialId ?? "",
    });
    await cdp.send("WebAuthn.addCredential", {
      authenticatorId,
      credential: { ...(current as VirtualCredential), signCount: (current?.signCount ?? 0) + 5 },
    });
    await passkeySignIn();
    await page.getByRole("heading", { name: "Your negotiations" }).waitFor();
    await page.goto(`${server.url}/account`);
    const activity = page.getByRole("region", { name: "Activity on this account" });
    await activity.getByText(/may have been copied/).waitFor();
    await activity.getByRole("cell", { name: "passkey", exact: true }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, "account-activity.png"), fullPage: true });
  }, 120_000);

  it("step-up: ten minutes on, agreeing a provision and releasing a statement ask for the passkey, then go through", async () => {
    // The scene: both parties accept a bridging text on art-8, and Azerbaijan approves the joint statement.
    const run = (actor: string, command: object) => server.store.execute(NEGOTIATION, command, actor);
    await run("blinken", {
      type: "table-proposal",
      proposalId: "p-step-up",
      provisionId: "art-8",
      proposalKind: "replace",
      text: "The Parties shall settle the question by peaceful means.",
    });
    for (const head of ["mirzoyan", "bayramov"])
      await run(head, {
        type: "take-position",
        positionId: `pos-step-up-${head}`,
        provisionId: "art-8",
        proposalId: "p-step-up",
        stance: "accept",
      });
    await run("bayramov", { type: "approve-statement", statementId: "st-joint" });
    offset += ELEVEN_MINUTES;

    await page.goto(`${server.url}/negotiations/${NEGOTIATION}/provisions/art-8`);
    const agree = page.getByRole("form", { name: "Record agreement" });
    await agree
      .getByText("Every party has accepted this text on the shared table.")
      .waitFor({ timeout: 10_000 });
    await agree.getByRole("button", { name: "Mark agreed", exact: true }).click();
    const prompt = page.getByRole("dialog", { name: "Confirm it is you" });
    await prompt.waitFor();
    await page.screenshot({ path: join(SHOTS, "step-up-agree.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await prompt.getByRole("button", { name: "Use a passkey" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Agreed: / })
      .first()
      .waitFor({ timeout: 10_000 });
    await expect(prompt.isVisible()).resolves.toBe(false);

    offset += ELEVEN_MINUTES;
    await page.goto(`${server.url}/negotiations/${NEGOTIATION}/statements`);
    const card = page.getByRole("article", { name: "Joint statement on the Arlington round (draft)" });
    await card.getByRole("button", { name: "Release to the public…" }).click();
    await card.getByRole("button", { name: "Release to anyone" }).click();
    await prompt.waitFor();
    await prompt.getByRole("button", { name: "Use a passkey" }).click();
    await expect
      .poll(
        async () => (await server.store.fullState(NEGOTIATION)).get("release", "st-joint") !== undefined,
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
    await page.screenshot({ path: join(SHOTS, "step-up-released.png"), fullPage: true });
  }, 120_000);

  it("sets up an authenticator app from the typed key, keeps the recovery codes, then signs in with a code", async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const tab = await other.newPage();
      const email = "lindqvist@observer.parley.test";
      await signIn(tab, server.url, email);
      await tab.goto(`${server.url}/account`);
      const security = tab.getByRole("region", { name: "Sign-in security" });
      await security.getByRole("button", { name: "Set up an authenticator app" }).click();
      await security.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
      const key = ((await security.locator("code.key").textContent()) ?? "").replaceAll(" ", "");
      expect(key).toMatch(/^[A-Z2-7]{32}$/);
      await tab.screenshot({ path: join(SHOTS, "account-totp-setup.png"), fullPage: true });
      expect(await seriousViolations(tab)).toEqual([]);
      const code = () => generateSync({ secret: key, epoch: Math.floor((Date.now() + offset) / 1000) });
      await security.getByLabel("Then enter the code it shows").fill(code());
      await security.getByRole("button", { name: "Confirm" }).click();
      const codes = tab.getByRole("region", { name: "Your recovery codes" });
      await expect.poll(() => codes.getByRole("listitem").count()).toBe(10);
      const recovery = (await codes.getByRole("listitem").first().textContent()) ?? "";
      await codes.getByRole("button", { name: "I have kept them" }).click();
      await security.getByText("set up", { exact: true }).waitFor();

      await tab
        .getByRole("navigation", { name: "Account" })
        .getByRole("button", { name: "Sign out" })
        .click();
      await tab.getByLabel("E-mail address").fill(email);
      await tab.getByLabel("Password").fill(PASSWORD);
      await tab.getByRole("button", { name: "Sign in", exact: true }).click();
      // A recovery code works once.
      await tab.getByRole("button", { name: "Use a recovery code instead" }).click();
      await tab.getByLabel("Recovery code").fill(recovery.trim());
      await tab.getByRole("button", { name: "Continue" }).click();
      await tab.getByRole("heading", { name: "Your negotiations" }).waitFor();
      await tab
        .getByRole("navigation", { name: "Account" })
        .getByRole("button", { name: "Sign out" })
        .click();
      await tab.getByLabel("E-mail address").fill(email);
      await tab.getByLabel("Password").fill(PASSWORD);
      await tab.getByRole("button", { name: "Sign in", exact: true }).click();
      await tab.getByLabel("Code from your authenticator app").waitFor();
      await tab.screenshot({ path: join(SHOTS, "sign-in-code.png"), fullPage: true });
      // The code used to confirm the app does not count twice: wait for the next step if need be.
      offset += 30_000;
      await tab.getByLabel("Code from your authenticator app").fill(code());
      await tab.getByRole("button", { name: "Continue" }).click();
      await tab.getByRole("heading", { name: "Your negotiations" }).waitFor();
    } finally {
      await other.close();
    }
  }, 120_000);

  it("the lead requires a second factor of every member: a member without one is asked to set it up before entering", async () => {
    await page.goto(`${server.url}/negotiations/${NEGOTIATION}/members`);
    const rule = page.getByLabel("Require a second factor (passkey or authenticator app) of every member");
    await rule.click();
    await expect.poll(() => rule.isChecked()).toBe(true);
    await page.screenshot({ path: join(SHOTS, "members-require-factor.png"), fullPage: true });

    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const tab = await other.newPage();
      await signIn(tab, server.url, "mirzoyan@am.parley.test");
      await tab.goto(`${server.url}/negotiations/${NEGOTIATION}`);
      const asked = tab.getByRole("alert").filter({ hasText: "A second factor is required here." });
      await asked.waitFor();
      await tab.screenshot({ path: join(SHOTS, "member-setup-required.png"), fullPage: true });
      expect(await seriousViolations(tab)).toEqual([]);
      await asked.getByRole("link", { name: "Set up a second factor" }).click();
      await tab
        .getByRole("region", { name: "Sign-in security" })
        .getByText("A second factor is required of you")
        .waitFor();
    } finally {
      await other.close();
    }
  }, 120_000);
});
