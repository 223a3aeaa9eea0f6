import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { NEGOTIATION, PASSWORD, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();
const PROVISION = "art-13";

/** Moves within the app as its own links do (no page load, so whatever the app keeps in memory stays). */
async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState({}, "", to);
    window.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
  }, path);
}

/** Records, from now on, whether `text` ever appears in the page, even for a moment. */
async function watchFor(page: Page, text: string): Promise<() => Promise<boolean>> {
  await page.evaluate((marker) => {
    const w = window as unknown as { __seen?: boolean };
    w.__seen = (document.body.textContent ?? "").includes(marker);
    new MutationObserver(() => {
      if ((document.body.textContent ?? "").includes(marker)) w.__seen = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, text);
  return () => page.evaluate(() => (window as unknown as { __seen?: boolean }).__seen === true);
}

async function fillSignIn(page: Page, email: string): Promise<void> {
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Your negotiations" }).waitFor();
}

describe.skipIf(skip !== null)("in one browser: an account never sees what the previous one read", () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
  });

  /** Armenia's head signs in and reads a note only Armenia's delegation may read, on the provision screen. */
  async function armeniaReadsItsNote(): Promise<{ page: Page; marker: string }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const marker = `AM-ONLY-${randomUUID()}`;
    await page.goto(`${server.url}/negotiations`);
    await fillSignIn(page, "mirzoyan@am.parley.test");
    const api = context.request;
    const { csrfToken } = (await (await api.get(`${server.url}/api/session`)).json()) as {
      csrfToken: string;
    };
    const note = await api.post(`${server.url}/api/negotiations/${NEGOTIATION}/commands/write-note`, {
      data: {
        scope: "party:am",
        text: `${marker} our fallback`,
        target: { kind: "provision", id: PROVISION },
      },
      headers: { "x-csrf-token": csrfToken },
    });
    expect(note.status()).toBe(201);
    await go(page, `/negotiations/${NEGOTIATION}/provisions/${PROVISION}`);
    await page.getByText(marker).waitFor();
    return { page, marker };
  }

  /** Azerbaijan's head opens the same provision in the same tab: the note must never show, not for a moment. */
  async function azerbaijanNeverSees(page: Page, marker: string): Promise<void> {
    const seen = await watchFor(page, marker);
    await go(page, `/negotiations/${NEGOTIATION}/provisions/${PROVISION}`);
    await page.getByRole("heading", { name: "Notes" }).first().waitFor();
    await page.waitForTimeout(1_000);
    expect(await seen()).toBe(false);
    expect(await page.content()).not.toContain(marker);
  }

  it("signing out, then in as Azerbaijan's head", async () => {
    const { page, marker } = await armeniaReadsItsNote();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await fillSignIn(page, "bayramov@az.parley.test");
    await azerbaijanNeverSees(page, marker);
  }, 120_000);

  it("signing out in another tab: this tab forgets what it showed at once", async () => {
    const { page, marker } = await armeniaReadsItsNote();
    const other = await page.context().newPage();
    await other.goto(`${server.url}/negotiations`);
    await other.getByRole("button", { name: "Sign out" }).click();
    await other.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 5_000 });
    expect(await page.content()).not.toContain(marker);
    // Azerbaijan's head signs in in the other tab: this one starts again as that account, and moved within
    // the app it shows nothing of Armenia's.
    const reloaded = page.waitForEvent("load");
    await fillSignIn(other, "bayramov@az.parley.test");
    await reloaded;
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await azerbaijanNeverSees(page, marker);
  }, 120_000);

  it("signing in as Azerbaijan's head from the public page, without signing out first", async () => {
    const { page, marker } = await armeniaReadsItsNote();
    await go(page, `/public/${NEGOTIATION}`);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await fillSignIn(page, "bayramov@az.parley.test");
    await azerbaijanNeverSees(page, marker);
  }, 120_000);
});
