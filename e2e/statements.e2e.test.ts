import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { SHOTS, seriousViolations, signIn } from "./pages.ts";
import { NEGOTIATION, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();

describe.skipIf(skip !== null)("in the browser: statements, the public page and incidents", () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  // axe-core is injected as an inline script, which the app's content security policy rightly refuses.
  const open = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  };
  const statementsUrl = () => `${server.url}/negotiations/${NEGOTIATION}/statements`;

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

  it("the mediator compares the two near-identical party readouts and sees near-identical passages", async () => {
    const page = await open();
    await signIn(page, server.url, "blinken@mediation.parley.test");
    await page.goto(statementsUrl());
    await page.getByRole("heading", { name: "Statements", level: 1 }).waitFor();
    // The joint draft only Armenia approved: release is offered to the lead mediator, but disabled with why.
    const release = page
      .getByRole("article", { name: "Joint statement on the Arlington round (draft)" })
      .getByRole("button", { name: "Release to the public…" });
    await expect(release.isDisabled()).resolves.toBe(true);
    await page.getByText("Azerbaijan has not approved yet.").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, "statements-mediator.png"), fullPage: true });

    await page.getByLabel("First statement").selectOption("st-am");
    await page.getByLabel("Second statement").selectOption("st-az");
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    const result = page.getByRole("heading", { name: /Comparison: Near-identical, \d+% similar/ });
    await result.waitFor();
    // The keyboard lands on the result, not at the top of the page.
    await expect(result.evaluate((h) => h === document.activeElement)).resolves.toBe(true);
    const near = page.getByRole("rowheader", { name: /Near-identical, \d+% alike/ });
    await expect(near.count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.getByRole("rowheader", { name: "Identical" }).count()).resolves.toBeGreaterThanOrEqual(
      1,
    );
    // The changed words are marked on each side.
    await expect(page.locator(".compare-table del").count()).resolves.toBeGreaterThan(0);
    await expect(page.locator(".compare-table ins").count()).resolves.toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, "statements-compare.png"), fullPage: true });
  }, 120_000);

  it("a joint statement can be released once the last party approves, and the mediator sees it live", async () => {
    const joint = "Joint statement on the Arlington round (draft)";
    const mediator = await open();
    await signIn(mediator, server.url, "blinken@mediation.parley.test");
    await mediator.goto(statementsUrl());
    const card = mediator.getByRole("article", { name: joint });
    await card.getByText("Azerbaijan: not yet approved").waitFor();
    await expect(card.getByRole("button", { name: "Release to the public…" }).isDisabled()).resolves.toBe(
      true,
    );

    const az = await open();
    await signIn(az, server.url, "bayramov@az.parley.test");
    await az.goto(statementsUrl());
    const azCard = az.getByRole("article", { name: joint });
    // A party never releases a joint statement; it approves it.
    await expect(azCard.getByRole("button", { name: "Release to the public…" }).count()).resolves.toBe(0);
    await azCard.getByRole("button", { name: "Approve for Azerbaijan" }).click();
    await azCard.getByText("Azerbaijan: approved").waitFor();

    // The mediator's open screen refreshes from the live stream: no reload.
    await card.getByText("approved by every party, ready to release").waitFor();
    await expect(card.getByRole("button", { name: "Release to the public…" }).isDisabled()).resolves.toBe(
      false,
    );
    await mediator.screenshot({ path: join(SHOTS, "statements-joint-approved.png"), fullPage: true });
  }, 120_000);

  it("a draft never reaches the public page; a released statement does, and nothing else is shown", async () => {
    const draftMarker = `DRAFT${randomUUID().replaceAll("-", "")}`;
    const releasedMarker = `RELEASED${randomUUID().replaceAll("-", "")}`;
    const am = await open();
    await signIn(am, server.url, "mirzoyan@am.parley.test");
    await am.goto(statementsUrl());
    const form = am.getByRole("region", { name: "Draft a statement" });
    await form.getByText("Visible to: the Armenia delegation only").waitFor();

    for (const marker of [draftMarker, releasedMarker]) {
      await form.getByLabel("Title").fill(`Readout ${marker}`);
      await form.getByLabel("Text").fill(`The delegation of Armenia notes ${marker}.\n\nTalks continue.`);
      await form.getByRole("button", { name: "Save the draft" }).click();
      await am.getByRole("heading", { name: `Readout ${marker}` }).waitFor();
    }
    const drafted = am.getByRole("article", { name: `Readout ${draftMarker}` });
    await drafted.getByText("Draft, revision 1").waitFor();
    await drafted.getByText("Visible to: the Armenia delegation only").waitFor();
    await drafted.getByRole("button", { name: "Revise" }).click();
    await drafted.getByLabel("Text").fill(`The delegation of Armenia notes ${draftMarker}, revised.`);
    await drafted.getByRole("button", { name: "Save revision 2" }).click();
    await drafted.getByText("Draft, revision 2").waitFor();
    await drafted.getByText(`${draftMarker}, revised.`).waitFor();

    const toRelease = am.getByRole("article", { name: `Readout ${releasedMarker}` });
    await toRelease.getByRole("button", { name: "Release to the public…" }).click();
    await toRelease.getByText("Once released, this statement becomes public to anyone,").waitFor();
    await am.screenshot({ path: join(SHOTS, "statements-release-confirm.png"), fullPage: true });
    await toRelease.getByRole("button", { name: "Release to anyone" }).click();
    await toRelease.getByText("Released to the public", { exact: true }).waitFor();
    expect(await seriousViolations(am)).toEqual([]);
    await am.screenshot({ path: join(SHOTS, "statements-armenia.png"), fullPage: true });

    // Signed out: a fresh context with no session reads the public page.
    const visitor = await open();
    const api = await visitor
      .context()
      .request.get(`${server.url}/api/public/negotiations/${NEGOTIATION}/releases`);
    const { releases } = (await api.json()) as { releases: { title: string }[] };
    await visitor.goto(`${server.url}/public/${NEGOTIATION}`);
    await visitor.getByRole("heading", { name: `Readout ${releasedMarker}` }).waitFor();
    const html = await visitor.content();
    expect(html).toContain(releasedMarker);
    expect(html).not.toContain(draftMarker);
    // Only released statements: one article per release, and no unreleased draft of the demo either.
    await expect(visitor.getByRole("article").count()).resolves.toBe(releases.length);
    expect(releases.map((r) => r.title)).toContain(`Readout ${releasedMarker}`);
    expect(html).not.toContain("Joint statement on the Arlington round");
    await expect(visitor.getByRole("button", { name: "Sign out" }).count()).resolves.toBe(0);
    expect(await seriousViolations(visitor)).toEqual([]);
    await visitor.screenshot({ path: join(SHOTS, "public.png"), fullPage: true });
  }, 120_000);

  it("the incidents timeline attributes each claim, response and reaction, and records one in a chosen scope", async () => {
    const marker = `REACTION${randomUUID().replaceAll("-", "")}`;
    const page = await open();
    await signIn(page, server.url, "bono@mediation.parley.test");
    await page.goto(`${server.url}/negotiations/${NEGOTIATION}/incidents`);
    const incident = page.getByRole("article", { name: "Border checkpoint on the Lachin corridor" });
    await incident.getByText("Ministry of Foreign Affairs of Azerbaijan").first().waitFor();
    await incident.getByText("Government of Armenia (Yerevan)").waitFor();
    await incident.getByText("United States (Washington)").waitFor();
    await incident.getByText("Transport links (connectivity)").waitFor();
    await expect(incident.getByText("Response", { exact: true }).count()).resolves.toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, "incidents.png"), fullPage: true });

    await incident.getByText("Record a claim, response or reaction").click();
    await incident.getByLabel("Third-party reaction").check();
    await incident.getByLabel("Source (who said it)").fill("European Union");
    await incident.getByLabel("What was said").fill(`The EU urged restraint ${marker}.`);
    await incident.getByLabel("Visible to: the mediation team only").check();
    await incident
      .getByText(/5 readers: .*Louis Bono/)
      .first()
      .waitFor();
    await incident.getByRole("button", { name: "Record the third-party reaction" }).click();
    await incident.getByText(marker).waitFor();
    await incident
      .locator(".claim", { hasText: marker })
      .getByText("Visible to: the mediation team only")
      .waitFor();

    // A new incident, in the Armenia caucus, weighing on a key issue: it takes its place on the timeline.
    const title = `Shelling reported ${marker}`;
    const form = page.getByRole("region", { name: "Record an incident" });
    await form.getByText("Record an event on the ground that weighs on the talks").click();
    await form.getByLabel("What happened (title)").fill(title);
    await form.getByLabel("Occurred on").fill("2023-04-28");
    await form.getByLabel("Delimitation of the border").check();
    await form.getByLabel("Visible to: the Armenia delegation and the mediation").check();
    await form.getByRole("button", { name: "Record the incident" }).click();
    const recorded = page.getByRole("article", { name: title });
    await recorded
      .locator(".scope-line", { hasText: "Visible to: the Armenia delegation and the mediation" })
      .waitFor();
    await recorded.getByText("Delimitation of the border").waitFor();
    const order = await page.locator(".timeline > li h2").allTextContents();
    expect(order).toEqual(["Border checkpoint on the Lachin corridor", title]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, "incidents-recorded.png"), fullPage: true });
    expect(errors).toEqual([]);
    console.info(`Screenshots in ${SHOTS}`);
  }, 120_000);
});
