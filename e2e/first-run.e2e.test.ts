import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { seriousViolations } from "./pages.ts";
import { startWebServer, type WebServer } from "./web-server.ts";

/**
 * Issue 11 from an empty store, no demo: the setup link → the first operator → the operator makes a mediator's
 * account that may host → she chooses her password with its link, creates "Ardenia–Belmaria" with two
 * parties and invites a head of delegation.
 */

const skip = browserSkipReason();
const SHOTS = process.env.PARLEY_SHOTS_FIRST_RUN ?? "/tmp/shots-h1";
const OPERATOR = {
  name: "Olga Operator",
  email: "olga@ops.example.org",
  password: "the long passphrase of ops",
};
const MEDIATOR = { name: "Mia Mediator", email: "mia@mediation.example.org" };
const NEW_PASSWORD = "mia's brand new password";

describe.skipIf(skip !== null)("in the browser: from an empty server to a first invitation", () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const open = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startWebServer({ empty: true });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
  });

  it("setup → operator → may-host → new negotiation → an invitation for a head of delegation", {
    timeout: 120_000,
  }, async () => {
    expect(server.setupLink).toMatch(/\/setup\/setup_[A-Za-z0-9_-]{43}$/);
    const operator = await open();
    await operator.goto(server.setupLink ?? "");
    await operator.getByRole("heading", { name: "The first operator" }).waitFor();
    expect(await seriousViolations(operator)).toEqual([]);
    await operator.getByLabel("Your name").fill(OPERATOR.name);
    await operator.getByLabel("E-mail address").fill(OPERATOR.email);
    await operator.getByLabel("New password", { exact: true }).fill(OPERATOR.password);
    await operator.getByLabel("The same password again").fill(OPERATOR.password);
    await shot(operator, "setup");
    await operator.getByRole("button", { name: "Create the operator account" }).click();
    await operator.getByRole("heading", { name: "Accounts", level: 1 }).waitFor();

    // The link is spent: opened again, it is a page that does not exist.
    const again = await open();
    const dead = await again.goto(server.setupLink ?? "");
    expect(dead?.status()).toBe(404);

    // The mediator's account, made on the operator screen and allowed to host. No mail is configured: the
    // link with which she chooses her password is the operator's to pass on, shown once.
    const newAccount = operator.getByRole("region", { name: "New account" });
    await newAccount.getByLabel("Name", { exact: true }).fill(MEDIATOR.name);
    await newAccount.getByLabel("E-mail address").fill(MEDIATOR.email);
    await newAccount.getByLabel("May host negotiations").check();
    await shot(operator, "new-account-form");
    await newAccount.getByRole("button", { name: "Create the account" }).click();
    const firstBox = newAccount.getByRole("textbox", { name: "Link to choose a password" });
    await firstBox.waitFor();
    const firstLink = await firstBox.inputValue();
    expect(firstLink.startsWith(`${server.url}/reset/reset_`)).toBe(true);
    await newAccount.getByRole("heading", { name: `Account created for ${MEDIATOR.name}` }).waitFor();
    const mayHost = operator.getByLabel(`${MEDIATOR.name} may host negotiations`);
    await expect.poll(() => mayHost.isChecked()).toBe(true);
    await shot(operator, "new-account-link");
    expect(await seriousViolations(operator)).toEqual([]);
    // The same address again is refused, and says why.
    await newAccount.getByLabel("Name", { exact: true }).fill("Mia Again");
    await newAccount.getByLabel("E-mail address").fill(MEDIATOR.email.toUpperCase());
    await newAccount.getByRole("button", { name: "Create the account" }).click();
    await newAccount.getByText(`An account with ${MEDIATOR.email} exists already.`).waitFor();
    await shot(operator, "new-account-taken");

    // The box shows what the server holds: it turns once the server has changed it.
    await mayHost.click();
    await expect.poll(() => mayHost.isChecked()).toBe(false);
    await mayHost.click();
    await expect.poll(() => mayHost.isChecked()).toBe(true);
    // A fresh link replaces the first, which dies unused.
    await operator.getByRole("button", { name: `Make a password-reset link for ${MEDIATOR.name}` }).click();
    const linkBox = operator.getByRole("textbox", { name: "Reset link" });
    await linkBox.waitFor();
    const resetLink = await linkBox.inputValue();
    expect(resetLink.startsWith(`${server.url}/reset/reset_`)).toBe(true);
    expect(resetLink).not.toBe(firstLink);
    await shot(operator, "operator");
    expect(await seriousViolations(operator)).toEqual([]);
    // An operator reads no negotiation it is not a member of.
    await operator.goto(`${server.url}/negotiations`);
    await operator.getByText("You are not a member of any negotiation yet").waitFor();
    expect(await operator.getByRole("link", { name: "New negotiation" }).count()).toBe(0);

    // The first link is dead; with the second the mediator chooses her first password and is signed in.
    const mediator = await open();
    await mediator.goto(firstLink);
    await mediator.getByRole("heading", { name: "This link cannot be used" }).waitFor();
    await mediator.goto(resetLink);
    await mediator.getByRole("heading", { name: "Choose your password" }).waitFor();
    await mediator.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await mediator.getByLabel("The same password again").fill(NEW_PASSWORD);
    await shot(mediator, "reset");
    expect(await seriousViolations(mediator)).toEqual([]);
    await mediator.getByRole("button", { name: "Save the password and sign in" }).click();
    await mediator.getByRole("heading", { name: "Your negotiations" }).waitFor();

    // Signing in afresh with the new password, the mediator may host.
    const fresh = await open();
    await fresh.goto(`${server.url}/sign-in`);
    await fresh.getByLabel("E-mail address").fill(MEDIATOR.email);
    await fresh.getByLabel("Password").fill(NEW_PASSWORD);
    await fresh.getByRole("button", { name: "Sign in", exact: true }).click();
    await fresh.getByRole("heading", { name: "Your negotiations" }).waitFor();
    await fresh.getByRole("link", { name: "New negotiation" }).click();
    await fresh.getByRole("heading", { name: "New negotiation", level: 1 }).waitFor();
    await fresh.getByLabel("Title").fill("Ardenia–Belmaria");
    await fresh.getByLabel(/Description/).fill("Talks on the border between Ardenia and Belmaria.");
    const rows = fresh.locator(".party-row");
    await rows.nth(0).getByLabel("Name", { exact: true }).fill("Republic of Ardenia");
    await rows.nth(0).getByLabel("Short name").fill("Ardenia");
    await rows.nth(1).getByLabel("Name", { exact: true }).fill("Kingdom of Belmaria");
    await rows.nth(1).getByLabel("Party id").fill("ardenia");
    await fresh.getByRole("button", { name: "Create the negotiation" }).click();
    await fresh.getByText("Party 2: the id ardenia is already used.").waitFor();
    await rows.nth(1).getByLabel("Party id").fill("belmaria");
    await rows.nth(1).getByLabel("Short name").fill("Belmaria");
    expect(await rows.nth(0).getByLabel("Party id").inputValue()).toBe("ardenia");
    await shot(fresh, "new-negotiation");
    expect(await seriousViolations(fresh)).toEqual([]);
    await fresh.getByRole("button", { name: "Create the negotiation" }).click();

    // On the members screen of the new negotiation: invite the head of the Ardenian delegation.
    await fresh.getByRole("heading", { name: "At the table" }).waitFor();
    expect(fresh.url()).toMatch(/\/negotiations\/negotiation-[0-9a-f-]+\/members$/);
    await fresh
      .getByLabel("Where they will sit")
      .selectOption({ label: "The Republic of Ardenia delegation, as its head" });
    const invite = fresh
      .getByRole("region", { name: "Invite someone" })
      .or(fresh.locator("section", { has: fresh.getByRole("heading", { name: "Invite someone" }) }));
    await invite.getByLabel("Name", { exact: true }).fill("Arden Head");
    await invite.getByLabel("E-mail address").fill("head@ardenia.example");
    await fresh.getByRole("button", { name: "Invite", exact: true }).click();
    await fresh.getByRole("heading", { name: "Invitation for Arden Head" }).waitFor();
    expect(await fresh.getByLabel("Invitation link").inputValue()).toMatch(
      /\/invite\/inv_[A-Za-z0-9_-]{43}$/,
    );
    await shot(fresh, "members-invited");

    // The dashboard of the new negotiation says what comes next.
    await fresh.getByRole("link", { name: "Ardenia–Belmaria" }).first().click();
    await fresh.getByRole("heading", { name: "Next steps" }).waitFor();
    await fresh.getByText("No one yet for Ardenia, Belmaria.", { exact: false }).waitFor();
    await shot(fresh, "dashboard-new");
    expect(await seriousViolations(fresh)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
