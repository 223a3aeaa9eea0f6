import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { seriousViolations, signIn } from "./pages.ts";
import { NEGOTIATION, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();
const ARMENIA = "mirzoyan@am.parley.test";
const AZERBAIJAN = "bayramov@az.parley.test";
const PROVISION = "art-8";
/** Screenshots of the inbox, to be looked at. */
const SHOTS = process.env.PARLEY_SHOTS_INBOX ?? "/tmp/shots-h3";

/** A command sent from the page, with the session's CSRF token, as the app would send it. */
async function command(page: Page, type: string, body: Record<string, unknown>): Promise<number> {
  return page.evaluate(
    async ({ url, body }) => {
      const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: JSON.stringify(body),
      });
      return response.status;
    },
    { url: `/api/negotiations/${NEGOTIATION}/commands/${type}`, body },
  );
}

describe.skipIf(skip !== null)("in the browser: the inbox", () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const open = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  };

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

  it("follows a provision, sees the unread count rise live, reads the entry and opens it", async () => {
    const am = await open();
    const az = await open();
    const errors: string[] = [];
    for (const page of [am, az]) page.on("pageerror", (e) => errors.push(e.message));
    await signIn(am, server.url, ARMENIA);
    await signIn(az, server.url, AZERBAIJAN);

    // The inbox as it stands (the demo's history), then everything read: a clean slate.
    await az.goto(`${server.url}/inbox`);
    await az.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
    await az.getByText("Round opened:").first().waitFor();
    await az.screenshot({ path: join(SHOTS, "inbox-history.png"), fullPage: true });
    await az.getByRole("button", { name: "Mark all read" }).click();
    await az.getByRole("heading", { name: "0 unread" }).waitFor();
    await expect(az.getByRole("link", { name: "Inbox", exact: true }).count()).resolves.toBe(1);

    // Azerbaijan follows the provision from its screen.
    await az.goto(`${server.url}/negotiations/${NEGOTIATION}/provisions/${PROVISION}`);
    await az.getByText("live", { exact: true }).waitFor();
    const toggle = az.getByRole("button", { name: /^Follow(ing)?$/ });
    if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
    await az.getByRole("button", { name: "Following" }).waitFor();
    await az.screenshot({ path: join(SHOTS, "provision-follow.png") });

    // Armenia tables a shared proposal; Azerbaijan's badge says so without a reload.
    const version = await am.evaluate(
      async (url) =>
        ((await (await fetch(url)).json()) as { provision: { version: number } }).provision.version,
      `/api/negotiations/${NEGOTIATION}/provisions/${PROVISION}`,
    );
    const status = await command(am, "table-proposal", {
      provisionId: PROVISION,
      proposalKind: "replace",
      text: "The Parties shall open the crossings within thirty days.",
      scope: "shared",
      baseVersion: version,
    });
    expect(status).toBe(201);
    await az.getByRole("link", { name: /^Inbox\s*1 unread$/ }).waitFor({ timeout: 15_000 });
    await az.locator(".topbar").screenshot({ path: join(SHOTS, "frame-badge.png") });

    // The inbox lists it, unread, linking to the provision; opening it marks it read.
    await az.getByRole("link", { name: /^Inbox\s*1 unread$/ }).click();
    const entry = az.getByRole("link", { name: /^New proposal on Article 8/ });
    await entry.waitFor();
    await az.getByRole("heading", { name: "1 unread" }).waitFor();
    await az.screenshot({ path: join(SHOTS, "inbox-unread.png") });
    expect(await seriousViolations(az)).toEqual([]);
    await az.getByLabel("A daily digest").check();
    await entry.click();
    await az.waitForURL(`**/provisions/${PROVISION}`);
    await az.getByRole("link", { name: "Inbox", exact: true }).waitFor();
    await az.goto(`${server.url}/inbox`);
    await az.getByRole("heading", { name: "0 unread" }).waitFor();
    await az.screenshot({ path: join(SHOTS, "inbox-read.png") });
    expect(errors).toEqual([]);
  }, 120_000);
});
