import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { recordTraffic, SHOTS, signIn } from "./pages.ts";
import { NEGOTIATION, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();
const AXE = fileURLToPath(new URL("../node_modules/axe-core/axe.min.js", import.meta.url));
const MEDIATOR = "blinken@mediation.parley.test";
const ARMENIA = "mirzoyan@am.parley.test";
const AZERBAIJAN = "bayramov@az.parley.test";
/** Open provisions of the demo: Article 8 for the round, Article 12 for the stale edit. */
const ROUND_PROVISION = "art-8";
const STALE_PROVISION = "art-12";

async function openProvision(page: Page, base: string, provisionId: string): Promise<void> {
  await page.goto(`${base}/negotiations/${NEGOTIATION}/provisions/${provisionId}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByText("live", { exact: true }).waitFor();
}

const form = (page: Page, name: string): Locator => page.getByRole("form", { name });

/** Waits for the status line under the title, which says what every write did. */
const said = (page: Page, text: RegExp): Promise<void> =>
  page.getByRole("status").filter({ hasText: text }).first().waitFor({ timeout: 10_000 });

/** Picks the option of a select whose text matches. */
async function choose(select: Locator, text: RegExp): Promise<void> {
  const label = await select.locator("option").filter({ hasText: text }).first().textContent();
  await select.selectOption({ label: label ?? "" });
}

/** Presses Tab until the focused element's name (label, aria-label or text) matches; keyboard only. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return "";
      const labels = (el as HTMLInputElement).labels;
      const label = labels && labels.length > 0 ? (labels[0]?.textContent ?? "") : "";
      return `${el.getAttribute("aria-label") ?? ""} ${label} ${el.tagName === "BUTTON" ? el.textContent : ""}`;
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe.skipIf(skip !== null)("in the browser: a round on one provision, three delegations' screens", () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const open = async () => {
    // The app's CSP allows no inline script; axe-core is injected as one, so the test contexts bypass it.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    contexts.push(context);
    return context;
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

  it("Armenia proposes, Azerbaijan counters live, the mediator bridges, both accept, the mediator marks it agreed", async () => {
    const run = randomUUID().slice(0, 8);
    const secret = `AM-INTERNAL-${run}`;
    const mediator = await (await open()).newPage();
    const am = await (await open()).newPage();
    const az = await (await open()).newPage();
    const errors: string[] = [];
    for (const page of [mediator, am, az]) page.on("pageerror", (e) => errors.push(e.message));
    const azTraffic = recordTraffic(az);
    const mediatorTraffic = recordTraffic(mediator);
    await signIn(mediator, server.url, MEDIATOR);
    await signIn(am, server.url, ARMENIA);
    await signIn(az, server.url, AZERBAIJAN);
    for (const page of [mediator, am, az]) await openProvision(page, server.url, ROUND_PROVISION);
    await expect(am.getByText("Open", { exact: true }).count()).resolves.toBeGreaterThan(0);

    // Armenia keeps an internal note; the form says who will read it before it is sent.
    const note = form(am, "Write a note");
    await note.getByLabel("Note").fill(`${secret} we can live with a reference to the 1991 maps`);
    expect(await note.getByLabel("Visible to: the Armenia delegation only").isChecked()).toBe(true);
    await note.getByText("2 readers: Ararat Mirzoyan and Narek Hovhannisyan").waitFor();
    await note.getByRole("button", { name: "Save the note" }).click();
    await said(am, /Note written\. Visible to: the Armenia delegation only\./);
    await am.getByRole("heading", { name: "Visible to: the Armenia delegation only" }).waitFor();

    // Armenia proposes a text with the keyboard only: Tab to the field, type, Tab to the button, Enter.
    const amText = `The Parties shall open the crossing points listed in the annex (${run}-AM).`;
    await am.locator("body").focus();
    await tabTo(am, /Proposed text/);
    await am.keyboard.press("ControlOrMeta+A");
    await am.keyboard.type(amText);
    await tabTo(am, /Table the proposal/);
    await am.keyboard.press("Enter");
    await said(am, /Proposal tabled/);

    // Each sees who else is reading the provision (presence on the shared table).
    await am.getByText(/Also reading this provision: .*Jeyhun Bayramov/).waitFor({ timeout: 10_000 });

    // Azerbaijan sees it appear without reloading, and counters it.
    await az.getByText(amText).first().waitFor({ timeout: 10_000 });
    await az.getByText("Bracketed", { exact: true }).first().waitFor();
    const azText = `The Parties shall open the crossing points they agree upon (${run}-AZ).`;
    const azPosition = form(az, "Take a position");
    await choose(azPosition.getByLabel("On the alternative"), /^Armenia, /);
    await azPosition.getByLabel("Counter-propose").check();
    await azPosition.getByLabel("Your counter-proposal").fill(azText);
    await azPosition.getByRole("button", { name: "Record the position" }).click();
    await said(az, /Position recorded: Azerbaijan counter-proposes/);

    // The mediator tables a bridging text.
    await mediator.getByText(azText).first().waitFor({ timeout: 10_000 });
    const bridge = `The Parties shall open the crossing points listed in the annex, and others they agree upon (${run}-BR).`;
    const bridging = form(mediator, "Table a bridging proposal");
    await bridging.getByLabel("Proposed text").fill(bridge);
    await bridging.getByText("Visible to: every delegation, the mediation and observers").waitFor();
    await bridging.getByRole("button", { name: "Table the bridging proposal" }).click();
    await said(mediator, /Bridging proposal tabled/);
    await mediator.getByRole("heading", { name: "Compare alternatives" }).waitFor();
    // The comparison is computed after the heading appears (a refetch once the bridge is in): wait for its marks.
    await mediator.locator(".compare-text ins").first().waitFor();

    // Armenia accepts the bridging text with the mouse…
    await am.getByText(bridge).first().waitFor({ timeout: 10_000 });
    const amPosition = form(am, "Take a position");
    await choose(amPosition.getByLabel("On the alternative"), /Mediation \(bridging\)/);
    await amPosition.getByLabel("Accept", { exact: true }).check();
    await amPosition.getByRole("button", { name: "Record the position" }).click();
    await said(am, /Position recorded: Armenia accepts the mediation's bridging proposal/);

    // …and Azerbaijan with the keyboard only: the newest alternative is preselected; Space checks Accept.
    await az.getByText(bridge).first().waitFor({ timeout: 10_000 });
    expect(await form(az, "Take a position").getByLabel("On the alternative").inputValue()).toMatch(
      /^proposal-/,
    );
    await az.locator("body").focus();
    await tabTo(az, /^ *Accept *$/);
    await az.keyboard.press("Space");
    await tabTo(az, /Record the position/);
    await az.keyboard.press("Enter");

    await said(az, /Position recorded: Azerbaijan accepts the mediation's bridging proposal/);

    // The mediator sees both acceptances arrive and marks the provision agreed.
    const agree = form(mediator, "Record agreement");
    await agree
      .getByText("Every party has accepted this text on the shared table.")
      .waitFor({ timeout: 10_000 });
    await agree.getByText("Visible to: every delegation, the mediation and observers").waitFor();
    await agree.getByRole("button", { name: "Mark agreed", exact: true }).click();
    await said(mediator, /^Agreed: /);

    for (const page of [mediator, am, az]) {
      await page
        .locator(".provision-title")
        .getByText("Agreed", { exact: true })
        .waitFor({ timeout: 10_000 });
      await page
        .getByText(/Agreed: the mediation's bridging proposal/)
        .first()
        .waitFor();
    }
    await mediator.screenshot({ path: join(SHOTS, "provision-mediator.png"), fullPage: true });
    await am.screenshot({ path: join(SHOTS, "provision-armenia.png"), fullPage: true });
    await az.screenshot({ path: join(SHOTS, "provision-azerbaijan.png"), fullPage: true });

    // No serious or critical accessibility violation on the provision screen, for any of the three.
    for (const page of [mediator, am, az]) {
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } })
          .axe;
        type AxeViolation = { id: string; impact: string | null; nodes: { target: string[] }[] };
        const result = await axe.run();
        return result.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      expect(violations).toEqual([]);
    }

    // Armenia's internal note reached neither Azerbaijan nor the mediation: not in the page, not on the wire.
    await az.reload();
    await az.getByRole("heading", { level: 1 }).waitFor();
    await az.waitForTimeout(500);
    for (const page of [az, mediator]) expect(await page.content()).not.toContain(secret);
    expect(azTraffic.length).toBeGreaterThan(5);
    expect(azTraffic.filter((body) => body.includes(secret))).toEqual([]);
    expect(mediatorTraffic.filter((body) => body.includes(secret))).toEqual([]);
    await expect(am.getByText(secret).count()).resolves.toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 180_000);

  it("a stale edit from a second tab is refused, the newer text is shown and the draft kept", async () => {
    const run = randomUUID().slice(0, 8);
    const context = await open();
    const first = await context.newPage();
    await signIn(first, server.url, ARMENIA);
    const second = await context.newPage();
    await openProvision(first, server.url, STALE_PROVISION);
    await openProvision(second, server.url, STALE_PROVISION);

    // The second tab starts a draft on the version it is looking at…
    const draft = `Draft written in the second tab (${run}-OLD).`;
    await form(second, "Propose text").getByLabel("Proposed text").fill(draft);
    // …while the first tab tables a proposal.
    const newer = `Text tabled from the first tab (${run}-NEW).`;
    await form(first, "Propose text").getByLabel("Proposed text").fill(newer);
    await form(first, "Propose text").getByRole("button", { name: "Table the proposal" }).click();
    await said(first, /Proposal tabled/);

    await form(second, "Propose text").getByRole("button", { name: "Table the proposal" }).click();
    const alert = second
      .getByRole("alert")
      .filter({ hasText: "Not sent: this provision changed since you began." });
    await alert.waitFor();
    await alert.getByRole("region", { name: "The provision now" }).getByText(newer).waitFor();
    await alert.getByRole("region", { name: "Your draft" }).getByText(draft).waitFor();
    expect(await form(second, "Propose text").getByLabel("Proposed text").inputValue()).toBe(draft);
    await second.screenshot({ path: join(SHOTS, "provision-stale.png"), fullPage: true });

    // Having read it, the writer may send the draft on the newer version.
    await alert.getByRole("button", { name: /base my draft on it/ }).click();
    await form(second, "Propose text").getByRole("button", { name: "Table the proposal" }).click();
    await said(second, /Proposal tabled/);
    await second.getByText(draft).first().waitFor();
    await first.getByText(draft).first().waitFor({ timeout: 10_000 });
  }, 120_000);
});
