import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LARGE_ACCOUNTS,
  LARGE_NEGOTIATION,
  type LargeServer,
  provisionIds,
  shape,
  startLargeServer,
} from "../bench/web-negotiation.ts";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { SHOTS, seriousViolations } from "./pages.ts";
import { NEGOTIATION, PASSWORD } from "./web-server.ts";

const skip = browserSkipReason();
const PROVISIONS = 1_000;

/** What the large text holds, from the same shape that built it. */
const expected = (() => {
  const indexes = provisionIds(PROVISIONS).map((_, i) => i);
  const bracketed = indexes.filter((i) => shape.bracketed(i));
  const changed = indexes.filter((i) => shape.changedLater(i));
  // Armenia tables an alternative on every bracketed provision, and new ones after the round closed.
  const withArmenian = new Set([...bracketed, ...changed]).size;
  return { bracketed: withArmenian, mine: withArmenian, changed: changed.length };
})();

const focusedProvision = (page: Page) =>
  page.evaluate(() =>
    document.activeElement?.closest("[data-provision-id]")?.getAttribute("data-provision-id"),
  );

describe.skipIf(skip !== null)("in the browser: the single negotiating text at 1,000 provisions", () => {
  let server: LargeServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startLargeServer({ provisions: PROVISIONS, demo: true });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
  });

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const response = await context.request.post(`${server.url}/api/session`, {
      data: { email, password: PASSWORD },
    });
    expect(response.ok()).toBe(true);
    const page = await context.newPage();
    page.on("pageerror", (error) => {
      throw error;
    });
    return page;
  }

  const textUrl = (negotiationId: string, search = "") =>
    `${server.url}/negotiations/${negotiationId}/text${search}`;

  it("filters show their counts, change the URL, and a filtered URL opens filtered", async () => {
    const page = await signedIn(LARGE_ACCOUNTS.amHead.email);
    await page.goto(textUrl(LARGE_NEGOTIATION));
    const status = page.locator(".toolbar .showing");
    await expect.poll(() => status.textContent()).toBe(`Showing ${PROVISIONS} of ${PROVISIONS} provisions`);
    await expect.poll(() => page.locator("[data-provision-id]").count()).toBe(PROVISIONS);
    await page.screenshot({ path: join(SHOTS, "instrument-1000.png") });

    const filters = page.getByRole("group", { name: "Show" });
    await expect.poll(() => filters.getByRole("radio").count()).toBe(4);
    expect(await filters.textContent()).toContain(`All (${PROVISIONS})`);
    expect(await filters.textContent()).toContain(`Only bracketed (${expected.bracketed})`);
    expect(await filters.textContent()).toContain(`Armenia's proposals (${expected.mine})`);
    expect(await filters.textContent()).toContain(`Changed since First round (${expected.changed})`);

    await filters.getByRole("radio", { name: /Only bracketed/ }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get("only")).toBe("bracketed");
    await expect
      .poll(() => status.textContent())
      .toBe(`Showing ${expected.bracketed} of ${PROVISIONS} provisions`);
    await expect.poll(() => page.locator("[data-provision-id]").count()).toBe(expected.bracketed);
    const statuses = await page.locator("[data-provision-id] .status").allTextContents();
    expect(new Set(statuses)).toEqual(new Set(["Bracketed"]));

    await filters.getByRole("radio", { name: /Armenia's proposals/ }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get("only")).toBe("mine");
    await expect.poll(() => page.locator("[data-provision-id]").count()).toBe(expected.mine);
    expect(
      await page.locator("[data-provision-id] .proposer", { hasText: "Armenia" }).count(),
    ).toBeGreaterThanOrEqual(expected.mine);

    await page.goto(textUrl(LARGE_NEGOTIATION, "?only=changed"));
    await expect
      .poll(() => status.textContent())
      .toBe(`Showing ${expected.changed} of ${PROVISIONS} provisions`);
    expect(await filters.getByRole("radio", { name: /Changed since/ }).isChecked()).toBe(true);
    await expect.poll(() => page.locator(".changed-tag").count()).toBe(expected.changed);
    await page.screenshot({ path: join(SHOTS, "instrument-1000-changed.png") });

    await filters.getByRole("radio", { name: /All/ }).check();
    await expect.poll(() => new URL(page.url()).search).toBe("");
  });

  it("the keyboard walks the text, jumps between bracketed provisions, and Enter opens one", async () => {
    const page = await signedIn(LARGE_ACCOUNTS.amHead.email);
    await page.goto(textUrl(LARGE_NEGOTIATION));
    await page.locator('[data-provision-id="p1"]').waitFor();
    // From the top of the page, j goes to the first provision in view.
    await page.keyboard.press("j");
    expect(await focusedProvision(page)).toBe("p1");
    await page.keyboard.press("j");
    await page.keyboard.press("ArrowDown");
    expect(await focusedProvision(page)).toBe("p3");
    await page.keyboard.press("k");
    expect(await focusedProvision(page)).toBe("p2");
    // p4 (index 3) is the first bracketed provision, then every seventh.
    await page.keyboard.press("b");
    expect(await focusedProvision(page)).toBe("p4");
    await page.keyboard.press("b");
    expect(await focusedProvision(page)).toBe("p11");
    await page.keyboard.press("Shift+B");
    expect(await focusedProvision(page)).toBe("p4");
    await page.keyboard.press("End");
    expect(await focusedProvision(page)).toBe(`p${PROVISIONS}`);
    // The focus is visible: an outline on the provision.
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe("solid");
    await page.screenshot({ path: join(SHOTS, "instrument-1000-keyboard.png") });

    // The roving tabindex: only the current provision is in the Tab order.
    expect(await page.locator('[data-provision-id][tabindex="0"]').count()).toBe(1);
    expect(await page.locator(`[data-provision-id="p${PROVISIONS}"]`).getAttribute("tabindex")).toBe("0");

    await page.keyboard.press("Enter");
    await expect
      .poll(() => new URL(page.url()).pathname)
      .toBe(`/negotiations/${LARGE_NEGOTIATION}/provisions/p${PROVISIONS}`);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
  });

  it("a provision's number opens its screen inside the app, without reloading the page", async () => {
    const page = await signedIn(LARGE_ACCOUNTS.amHead.email);
    await page.goto(textUrl(LARGE_NEGOTIATION));
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    await page.locator('[data-provision-id="p5"] a[data-provision-link]').click();
    await expect
      .poll(() => new URL(page.url()).pathname)
      .toBe(`/negotiations/${LARGE_NEGOTIATION}/provisions/p5`);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  });

  it("after the last round closed, what moved during it is one choice away: changed since the round before", async () => {
    const page = await signedIn("blinken@mediation.parley.test");
    await page.goto(textUrl(NEGOTIATION, "?only=changed"));
    const changed = page.getByRole("radio", { name: /Changed since/ });
    await expect
      .poll(async () => (await changed.locator("..").textContent()) ?? "")
      .toMatch(/Round 3.*\(0\)/);
    await page.getByLabel("Since the close of").selectOption("r2");
    await expect.poll(() => new URL(page.url()).searchParams.get("since")).toBe("r2");
    await expect.poll(() => page.locator("[data-provision-id]").count()).toBeGreaterThan(0);
    const shown = await page.locator("[data-provision-id]").count();
    expect(await changed.locator("..").textContent()).toContain(`(${shown})`);
    expect(await page.locator(".changed-tag").count()).toBe(shown);
    await page.screenshot({ path: join(SHOTS, "instrument-demo-changed-r2.png") });
  });

  it("typing in a form field does not move through the text", async () => {
    const page = await signedIn(LARGE_ACCOUNTS.lead.email);
    await page.goto(textUrl(LARGE_NEGOTIATION));
    await page.locator('[data-provision-id="p1"]').waitFor();
    await page.getByRole("radio", { name: /Only bracketed/ }).focus();
    await page.keyboard.press("j");
    expect(await focusedProvision(page)).toBeUndefined();
    expect(await page.getByRole("radio", { name: /The mediation's proposals/ }).count()).toBe(1);
  });

  it("axe finds no serious or critical violation on the negotiating text and the dashboard", async () => {
    const page = await signedIn("mirzoyan@am.parley.test");
    await page.goto(textUrl(NEGOTIATION));
    await page.locator("[data-provision-id]").first().waitFor();
    await page.screenshot({ path: join(SHOTS, "instrument-demo.png") });
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(textUrl(NEGOTIATION, "?only=bracketed"));
    await page.locator("[data-provision-id]").first().waitFor();
    await page.screenshot({ path: join(SHOTS, "instrument-demo-bracketed.png") });
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${server.url}/negotiations/${NEGOTIATION}`);
    await page.getByRole("heading", { name: "Progress" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const large = await signedIn(LARGE_ACCOUNTS.amHead.email);
    // The changed provisions carry every kind of mark (changed, bracketed, proposers); axe over all 1,000
    // would take most of a minute to check the same blocks again.
    await large.goto(textUrl(LARGE_NEGOTIATION, "?only=changed"));
    await large.locator(".changed-tag").first().waitFor();
    expect(await seriousViolations(large)).toEqual([]);
  }, 120_000);
});
