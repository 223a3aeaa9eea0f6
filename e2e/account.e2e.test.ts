import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { SHOTS, seriousViolations, signIn } from "./pages.ts";
import { NEGOTIATION, PASSWORD, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();
const EMAIL = "lindqvist@observer.parley.test";
const NEW_PASSWORD = "a brand new passphrase for the observer";

/**
 * Issue 11, item 7, in Chromium: the account screen. One account signed in in two browsers; changing the
 * password in one signs the other out at once; an API token is shown once; signing out everywhere ends all.
 */
describe.skipIf(skip !== null)("my account, in the browser", () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startWebServer();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    return context.newPage();
  }

  const alert = (page: Page) => page.getByRole("alert");

  it("changing the password here signs the other browser out; a token is shown once", async () => {
    const here = await newPage();
    const there = await newPage();
    await signIn(here, server.url, EMAIL);
    await signIn(there, server.url, EMAIL);
    // The other browser sits on the negotiation's dashboard, its live stream open.
    await there.goto(`${server.url}/negotiations/${NEGOTIATION}`);
    await there.getByText("live", { exact: true }).waitFor();

    await here.getByRole("link", { name: "Account" }).click();
    await here.getByRole("heading", { name: "My account" }).waitFor();
    const sessions = here.getByRole("region", { name: "Where I am signed in" }).getByRole("listitem");
    await expect.poll(() => sessions.count()).toBe(2);
    await here.getByText("this browser").waitFor();
    await here.screenshot({ path: join(SHOTS, "account.png"), fullPage: true });
    expect(await seriousViolations(here)).toEqual([]);

    const form = here.getByRole("region", { name: "Change my password" });
    const fill = async (current: string, next: string, again: string) => {
      await form.getByLabel("Current password").fill(current);
      await form.getByLabel("New password", { exact: false }).first().fill(next);
      await form.getByLabel("The new password again").fill(again);
      await form.getByRole("button", { name: "Change password" }).click();
    };
    await fill(PASSWORD, "short", "short");
    await expect.poll(() => alert(here).textContent()).toContain("too short");
    await fill(PASSWORD, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    await expect.poll(() => alert(here).textContent()).toContain("differ");
    await fill("not my password at all", NEW_PASSWORD, NEW_PASSWORD);
    await expect.poll(() => alert(here).textContent()).toContain("current password is wrong");
    await here.screenshot({ path: join(SHOTS, "account-wrong-password.png"), fullPage: true });
    // Nothing changed: the other browser is still signed in.
    await there.getByText("live", { exact: true }).waitFor();

    await fill(PASSWORD, NEW_PASSWORD, NEW_PASSWORD);
    await here.getByText("Your password is changed").waitFor();
    // The other browser is signed out at once, without touching it.
    await there.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 5_000 });
    await there.getByText("Your session ended").waitFor();
    await there.screenshot({ path: join(SHOTS, "account-other-browser-signed-out.png") });
    await expect.poll(() => sessions.count()).toBe(1);

    // A token: its value shown once, with a warning and a copy button.
    const tokens = here.getByRole("region", { name: "API tokens" });
    await tokens.getByLabel("Name of a new token", { exact: false }).fill("laptop CLI");
    await tokens.getByRole("button", { name: "Make a token" }).click();
    const value = tokens.getByLabel("Token value");
    await value.waitFor();
    const token = await value.inputValue();
    expect(token).toMatch(/^pt_[A-Za-z0-9_-]{43}$/);
    await tokens.getByText("it will not be shown again").waitFor();
    await tokens.getByRole("button", { name: "Copy token" }).click();
    await tokens.getByRole("button", { name: "Copied" }).waitFor();
    expect(await here.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await here.screenshot({ path: join(SHOTS, "account-token-shown-once.png"), fullPage: true });
    const works = await here.request.get(`${server.url}/api/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(works.status()).toBe(200);
    // Once the page is left, the value is gone for good: only the name is listed.
    await here.reload();
    await tokens.getByRole("listitem").getByText("laptop CLI", { exact: true }).waitFor();
    expect(await here.content()).not.toContain(token);
    expect(await tokens.getByLabel("Token value").count()).toBe(0);

    // The other browser signs in with the new password, then this one signs out everywhere, tokens too.
    await there.getByLabel("E-mail address").fill(EMAIL);
    await there.getByLabel("Password").fill(NEW_PASSWORD);
    await there.getByRole("button", { name: "Sign in", exact: true }).click();
    // Back where it was when it was signed out.
    await there.getByText("live", { exact: true }).waitFor();
    await here.reload();
    await expect.poll(() => sessions.count()).toBe(2);
    await here.getByLabel("Also revoke all my API tokens", { exact: false }).check();
    await here.getByRole("button", { name: "Sign out everywhere" }).click();
    await here.getByRole("heading", { name: "Sign in" }).waitFor();
    await there.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 5_000 });
    const revoked = await here.request.get(`${server.url}/api/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.status()).toBe(401);
  }, 120_000);
});
