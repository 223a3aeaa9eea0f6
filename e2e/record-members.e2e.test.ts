import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyReceipt } from "../src/record/checkpoint.ts";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { SHOTS, seriousViolations, signIn } from "./pages.ts";
import { NEGOTIATION, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();

describe.skipIf(skip !== null)("in the browser: the record, members and invitations, rounds", () => {
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
  const at = (screen: string) => `${server.url}/negotiations/${NEGOTIATION}/${screen}`;

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

  it("a head of delegation verifies every chain it reads in the browser and downloads the signed receipts", async () => {
    const page = await open();
    await signIn(page, server.url, "mirzoyan@am.parley.test");
    await page.goto(at("record"));
    await page.getByRole("heading", { name: "The record", level: 1 }).waitFor();
    const verdict = page.getByText(/All \d+ chains you can read verified in your browser/);
    await verdict.waitFor({ timeout: 20_000 });
    expect(await verdict.textContent()).toMatch(/All 4 chains .* signed receipts checked/);
    // Armenia reads the shared, public, its caucus and its own chains; each row says so in words.
    // The verdict can show a moment before the table renders its rows: wait for them.
    const rows = page.locator(".chain-table tbody tr");
    await expect.poll(() => rows.count()).toBe(4);
    await expect.poll(() => page.locator(".chain-table .verdict-ok").count()).toBe(4);
    for (const words of [
      "Armenia delegation only",
      "Caucus: the Armenia delegation and the mediation",
      "Shared:",
    ])
      await page.getByRole("rowheader", { name: new RegExp(words) }).waitFor();
    expect(await page.getByText("Azerbaijan delegation only").count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "record.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download signed receipts (JSON)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(
      /^parley-receipts-armenia-azerbaijan-2023-\d{4}-\d{2}-\d{2}\.json$/,
    );
    const path = await file.path();
    const kept = JSON.parse(readFileSync(path, "utf8")) as {
      publicKeyPem: string;
      receipts: { scope: string }[];
    };
    expect(kept.receipts.length).toBeGreaterThan(0);
    // What was kept is real: every receipt verifies against the server's key, offline, and none is another party's.
    expect(kept.receipts.every((r) => verifyReceipt(kept.publicKeyPem, r))).toBe(true);
    expect(kept.receipts.some((r) => r.scope.endsWith(":az"))).toBe(false);
    await page.getByText(/signed receipts saved as/).waitFor();
  });

  it("a history changed on its way to the browser is caught, at the first bad event of that chain", async () => {
    const page = await open();
    await signIn(page, server.url, "mirzoyan@am.parley.test");
    // As if the server (or anyone between) rewrote one of Armenia's internal events after the fact.
    await page.route("**/history-export", async (route) => {
      const response = await route.fetch();
      const doc = (await response.json()) as { events: { scope: string; scopeSeq: number; data: unknown }[] };
      const target = doc.events.find((e) => e.scope === "party:am" && e.scopeSeq === 2);
      if (target) target.data = { ...(target.data as object), text: "A rewritten line." };
      await route.fulfill({ response, json: doc });
    });
    await page.goto(at("record"));
    await page
      .getByText(/The record does not verify: 1 broken chain, 2 receipts that do not hold/)
      .waitFor({ timeout: 20_000 });
    const row = page.getByRole("row", { name: /Armenia delegation only/ });
    expect(await row.textContent()).toContain("Broken at event 2: it was changed after it was recorded");
    await expect.poll(() => page.locator(".chain-table .verdict-ok").count()).toBe(3);
    await page.screenshot({ path: join(SHOTS, "record-tampered.png"), fullPage: true });
  });

  it("the lead mediator invites someone to a delegation; a signed-out browser accepts and lands in that delegation's view", async () => {
    const lead = await open();
    await signIn(lead, server.url, "blinken@mediation.parley.test");
    await lead.goto(at("members"));
    await lead.getByRole("heading", { name: "At the table", level: 1 }).waitFor();
    await lead.getByRole("heading", { name: "Armenia delegation" }).waitFor();
    await lead.screenshot({ path: join(SHOTS, "members.png"), fullPage: true });
    expect(await seriousViolations(lead)).toEqual([]);

    await lead
      .getByLabel("Where they will sit")
      .selectOption({ label: "The Armenia delegation, as a member" });
    await lead.getByLabel("Name", { exact: true }).fill("Anna Petrosyan");
    await lead.getByLabel("E-mail address").fill("petrosyan@am.parley.test");
    await lead.getByLabel(/^Title/).fill("Legal adviser (invented for the test)");
    await lead.getByRole("button", { name: "Invite", exact: true }).click();
    const linkBox = lead.getByLabel("Invitation link");
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    await lead.getByText(/The link works once and until/).waitFor();
    const waiting = lead.locator("section", {
      has: lead.getByRole("heading", { name: "Waiting for an answer" }),
    });
    await waiting.getByText("Anna Petrosyan").waitFor();
    expect(await waiting.textContent()).not.toContain("inv_");
    await lead.screenshot({ path: join(SHOTS, "members-invited.png"), fullPage: true });
    const token = new URL(link).pathname.split("/").at(-1) ?? "";
    expect(token).toMatch(/^inv_/);

    const invitee = await open();
    await invitee.goto(`${server.url}/invite/${token}`);
    await invitee.getByRole("heading", { name: /Join Armenia–Azerbaijan/ }).waitFor();
    await invitee.getByText("a member of the Armenia delegation").waitFor();
    await invitee.screenshot({ path: join(SHOTS, "accept-invitation.png"), fullPage: true });
    expect(await seriousViolations(invitee)).toEqual([]);
    await invitee.getByLabel("New password").fill("a long enough passphrase");
    await invitee.getByLabel("The same password again").fill("a long enough passphrase");
    await invitee.getByRole("button", { name: "Join as Anna Petrosyan" }).click();
    await invitee.getByRole("heading", { name: "Progress" }).waitFor();
    expect(invitee.url()).toBe(`${server.url}/negotiations/${NEGOTIATION}`);
    await invitee.getByText("Member of the Armenia delegation").first().waitFor();

    // The newcomer reads what the Armenia delegation reads: its own record, never Azerbaijan's.
    await invitee.goto(at("record"));
    await invitee.getByText(/All 4 chains you can read verified/).waitFor({ timeout: 20_000 });
    await invitee.getByRole("rowheader", { name: /Armenia delegation only/ }).waitFor();

    // The link was single-use.
    const again = await open();
    await again.goto(`${server.url}/invite/${token}`);
    await again.getByRole("heading", { name: "This invitation cannot be used" }).waitFor();

    // And the lead sees the new member at the table, live, and no longer waits for an answer.
    await lead.locator(".member-group").getByText("Anna Petrosyan").waitFor();
    await waiting.getByText("No invitation is waiting.").waitFor();

    // The lead removes her again, after a confirmation; she leaves the table at once and reads nothing more.
    const row = lead.locator(".member-row", { hasText: "Anna Petrosyan" });
    await row.getByRole("button", { name: "Remove…" }).click();
    // The confirmation takes the focus on its safe choice.
    expect(await lead.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await lead.screenshot({ path: join(SHOTS, "members-remove-confirm.png"), fullPage: true });
    await row.getByRole("button", { name: "Remove Anna Petrosyan" }).click();
    await row.waitFor({ state: "detached" });
    await invitee.goto(`${server.url}/negotiations/${NEGOTIATION}`);
    await invitee.getByText(/Could not load the negotiation/).waitFor();
  });

  it("the rounds screen shows the demo's three rounds with their sessions and what moved", async () => {
    const page = await open();
    await signIn(page, server.url, "blinken@mediation.parley.test");
    await page.goto(at("rounds"));
    await page.getByRole("heading", { name: "Rounds", level: 1 }).waitFor();
    const rounds = page.locator("section.round");
    await rounds.first().waitFor();
    await expect.poll(() => rounds.count()).toBe(3);
    await expect.poll(() => page.locator(".round-closed").count()).toBe(3);
    await page
      .getByText(/Arlington/)
      .first()
      .waitFor();
    await expect.poll(() => page.locator(".round-moves li").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "rounds.png"), fullPage: true });
    await page.screenshot({ path: join(SHOTS, "rounds-top.png") });
    await page.getByRole("heading", { name: /Round 3: Arlington/ }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "rounds-arlington.png") });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("heading", { name: "Schedule a round" }).waitFor();

    // A delegation sees the rounds, but none of the mediator's controls and no other party's caucus.
    const am = await open();
    await signIn(am, server.url, "mirzoyan@am.parley.test");
    await am.goto(at("rounds"));
    await am.locator("section.round").first().waitFor();
    expect(await am.getByRole("heading", { name: "Schedule a round" }).count()).toBe(0);
    expect(await am.getByText(/with the Azerbaijan delegation/).count()).toBe(0);
    await am.screenshot({ path: join(SHOTS, "rounds-armenia.png"), fullPage: true });
  });

  it("the lead mediator schedules a round, opens it, holds a caucus, records it and closes the round", async () => {
    const page = await open();
    await signIn(page, server.url, "blinken@mediation.parley.test");
    await page.goto(at("rounds"));
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Schedule a round" }) });
    await form.getByLabel("Name").fill("Round 4");
    await form.getByLabel("Venue").fill("Brussels (illustrative)");
    await form.getByLabel("First day").fill("2023-06-01");
    await form.getByLabel("Last day").fill("2023-06-02");
    await form.getByRole("button", { name: "Schedule the round" }).click();
    const round = page.locator("section.round", { has: page.getByRole("heading", { name: /Round 4/ }) });
    await round.getByText("Scheduled").waitFor();
    await form.getByRole("status").getByText("Round 4 scheduled.").waitFor();
    await round.getByRole("button", { name: "Open Round 4" }).click();
    await round.getByText("In session").waitFor();
    // The note was news of the scheduling: once the user has moved on, it no longer sits under the form.
    expect(await form.getByRole("status").textContent()).toBe("");

    await round.getByRole("button", { name: "Schedule a session…" }).click();
    await round.getByLabel("Kind").selectOption("caucus");
    await round.getByLabel("With").selectOption({ label: "The Azerbaijan delegation" });
    await round.getByLabel("Title").fill("Caucus on the border commission");
    // Before it is sent, the form says who will read the session: Azerbaijan and the mediation, by name.
    await round.getByText("Visible to: the Azerbaijan delegation and the mediation").waitFor();
    expect(await round.locator(".fixed-audience").textContent()).not.toContain("Mirzoyan");
    await page.screenshot({ path: join(SHOTS, "rounds-schedule-caucus.png"), fullPage: true });
    await round.getByRole("button", { name: "Schedule the session" }).click();
    const session = round.locator(".session", { hasText: "Caucus on the border commission" });
    await session.waitFor();

    await session.getByRole("button", { name: "Record attendance and outcome…" }).click();
    await session.getByLabel("Jeyhun Bayramov").check();
    await session.getByLabel("Antony Blinken").check();
    await session.getByLabel("Outcome", { exact: true }).fill("Azerbaijan open to a joint commission.");
    await session.getByRole("button", { name: "Save attendance and outcome" }).click();
    // The recorded outcome (not the form's textarea, which may still hold it while the form closes).
    await session
      .getByRole("definition")
      .filter({ hasText: "Azerbaijan open to a joint commission." })
      .waitFor();
    await session
      .getByText("Antony Blinken, Jeyhun Bayramov")
      .or(session.getByText("Jeyhun Bayramov, Antony Blinken"))
      .waitFor();

    await round.getByRole("button", { name: "Close Round 4…" }).click();
    await round.getByLabel("Summary of the round").fill("A short round on the border commission.");
    await round.getByRole("button", { name: "Close the round" }).click();
    await round.getByText("Closed", { exact: true }).waitFor();
    await round.getByText("A short round on the border commission.").waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Armenia sees the round, not Azerbaijan's caucus in it.
    const am = await open();
    await signIn(am, server.url, "mirzoyan@am.parley.test");
    await am.goto(at("rounds"));
    await am.getByRole("heading", { name: /Round 4/ }).waitFor();
    expect(await am.getByText("Caucus on the border commission").count()).toBe(0);
  });

  it("the dashboard shows who is here", async () => {
    const a = await open();
    await signIn(a, server.url, "blinken@mediation.parley.test");
    await a.goto(`${server.url}/negotiations/${NEGOTIATION}`);
    const b = await open();
    await signIn(b, server.url, "bayramov@az.parley.test");
    await b.goto(`${server.url}/negotiations/${NEGOTIATION}`);
    const here = a.locator(".presence");
    await here.getByText("Jeyhun Bayramov").waitFor();
    await here.getByText("Antony Blinken (you)").waitFor();
    await a.screenshot({ path: join(SHOTS, "dashboard-presence.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
