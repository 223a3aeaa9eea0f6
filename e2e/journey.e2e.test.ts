import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtp, type TestSmtp } from "../src/server/testing/test-smtp.ts";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { recordTraffic, seriousViolations } from "./pages.ts";
import { startWebServer, type WebServer } from "./web-server.ts";

/**
 * Issue 11's journey, in one go, as the people would live it: an empty server (no demo) that mails through a real
 * SMTP server; the setup link → the first operator → a mediator allowed to host → "Ardenia–Belmaria" with two
 * parties → both heads invited by mail and joined → the text written from scratch, tabled → a round opened → one
 * head proposes, the other sees it live and in the inbox; one head's internal note reaches no one else.
 */

const skip = browserSkipReason();
const SHOTS = process.env.PARLEY_SHOTS_JOURNEY ?? "/tmp/shots-journey";
const OPERATOR = {
  name: "Olga Operator",
  email: "olga@ops.example.org",
  password: "the long passphrase of ops",
};
const MEDIATOR = {
  name: "Mia Mediator",
  email: "mia@mediation.example.org",
  password: "mia chose this herself",
};
const ARDENIA = {
  name: "Arden Head",
  email: "head@ardenia.example",
  password: "the first delegation passphrase",
};
const BELMARIA = {
  name: "Bel Head",
  email: "head@belmaria.example",
  password: "the second delegation passphrase",
};
/** Generous for CI on two cores; every wait is on something the page shows, never a sleep. */
const WAIT = 20_000;

/** The one link of a kind in the mail the SMTP server received for an address. */
async function linkFromMail(smtp: TestSmtp, to: string, kind: "invite" | "reset"): Promise<string> {
  const mails = await smtp.waitFor(to);
  const match = mails.map((m) => m.text.match(new RegExp(`https?://\\S+/${kind}/\\S+`))).find(Boolean);
  if (!match) throw new Error(`no ${kind} link in the mail to ${to}: ${JSON.stringify(mails)}`);
  return match[0];
}

const said = (page: Page, text: RegExp): Promise<void> =>
  page.getByRole("status").filter({ hasText: text }).first().waitFor({ timeout: WAIT });

const margins = (page: Page) => page.locator(".draft-provision > .margin").allTextContents();

const provision = (page: Page, heading: string): Locator =>
  page.locator("[data-provision-id]").filter({ has: page.getByRole("heading", { name: heading }) });

const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(skip !== null)(
  "in the browser: issue 11's journey, from an empty server to a live proposal",
  () => {
    let server: WebServer;
    let smtp: TestSmtp;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const errors: string[] = [];
    const open = async () => {
      // axe-core is injected as an inline script, which the app's CSP rightly refuses: the test contexts bypass it.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT);
      page.on("pageerror", (e) => errors.push(e.message));
      return page;
    };
    let step = 0;
    /** A screenshot of the whole page, numbered in the order of the journey, and the page checked with axe. */
    const look = async (page: Page, name: string) => {
      step += 1;
      await page.screenshot({
        path: join(SHOTS, `${String(step).padStart(2, "0")}-${name}.png`),
        fullPage: true,
      });
      expect(await seriousViolations(page), name).toEqual([]);
    };

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      smtp = await startTestSmtp();
      server = await startWebServer({ empty: true, mail: smtp.settings });
      browser = await launchChromium();
    }, 300_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.dispose();
      await smtp?.close();
    });

    it("setup → operator → may-host → negotiation → mailed invitations → the text → a round → a live proposal", {
      timeout: 180_000,
    }, async () => {
      const marker = `AR-INTERNAL-${randomUUID().slice(0, 8)}`;

      // 1. The setup link the server made for its empty store: the first operator.
      expect(server.setupLink).toMatch(/\/setup\/setup_[A-Za-z0-9_-]{43}$/);
      const operator = await open();
      await operator.goto(server.setupLink ?? "");
      await operator.getByRole("heading", { name: "The first operator" }).waitFor();
      await operator.getByLabel("Your name").fill(OPERATOR.name);
      await operator.getByLabel("E-mail address").fill(OPERATOR.email);
      await operator.getByLabel("New password", { exact: true }).fill(OPERATOR.password);
      await operator.getByLabel("The same password again").fill(OPERATOR.password);
      await look(operator, "setup");
      await operator.getByRole("button", { name: "Create the operator account" }).click();
      await operator.getByRole("heading", { name: "Accounts", level: 1 }).waitFor();
      await look(operator, "operator-alone");

      // 2. The operator makes the mediator's account on the operator screen, allowed to host; the link with
      // which she chooses her password goes to her by mail, and to her alone.
      const newAccount = operator.getByRole("region", { name: "New account" });
      await newAccount.getByLabel("Name", { exact: true }).fill(MEDIATOR.name);
      await newAccount.getByLabel("E-mail address").fill(MEDIATOR.email);
      await newAccount.getByLabel("May host negotiations").check();
      await newAccount.getByRole("button", { name: "Create the account" }).click();
      await operator.getByText(/e-mailed to mia@mediation\.example\.org/i).waitFor({ timeout: WAIT });
      expect(await newAccount.getByRole("textbox").count()).toBe(2);
      const mayHost = operator.getByLabel(`${MEDIATOR.name} may host negotiations`);
      await expect.poll(() => mayHost.isChecked(), { timeout: WAIT }).toBe(true);
      await look(operator, "operator-new-account-mailed");

      // 3. The mediator opens the link from her mail, chooses her password, and is signed in.
      const mediator = await open();
      const mediatorTraffic = recordTraffic(mediator);
      await mediator.goto(await linkFromMail(smtp, MEDIATOR.email, "reset"));
      await mediator.getByRole("heading", { name: "Choose your password" }).waitFor();
      await mediator.getByLabel("New password", { exact: true }).fill(MEDIATOR.password);
      await mediator.getByLabel("The same password again").fill(MEDIATOR.password);
      await look(mediator, "mediator-reset");
      await mediator.getByRole("button", { name: "Save the password and sign in" }).click();
      await mediator.getByRole("heading", { name: "Your negotiations" }).waitFor();
      await look(mediator, "mediator-no-negotiations");

      // 4. A new negotiation with two parties; the mediator leads it.
      await mediator.getByRole("link", { name: "New negotiation" }).click();
      await mediator.getByRole("heading", { name: "New negotiation", level: 1 }).waitFor();
      await mediator.getByLabel("Title").fill("Ardenia–Belmaria");
      await mediator.getByLabel(/Description/).fill("Talks on the border between Ardenia and Belmaria.");
      const rows = mediator.locator(".party-row");
      await rows.nth(0).getByLabel("Name", { exact: true }).fill("Republic of Ardenia");
      await rows.nth(0).getByLabel("Short name").fill("Ardenia");
      await rows.nth(1).getByLabel("Name", { exact: true }).fill("Kingdom of Belmaria");
      await rows.nth(1).getByLabel("Short name").fill("Belmaria");
      await look(mediator, "new-negotiation");
      await mediator.getByRole("button", { name: "Create the negotiation" }).click();

      // 5. On the members screen: both heads invited; the links go out by mail.
      await mediator.getByRole("heading", { name: "At the table" }).waitFor();
      const negotiationUrl = mediator.url().replace(/\/members$/, "");
      expect(negotiationUrl).toMatch(/\/negotiations\/negotiation-[0-9a-f-]+$/);
      for (const [head, party] of [
        [ARDENIA, "Republic of Ardenia"],
        [BELMARIA, "Kingdom of Belmaria"],
      ] as const) {
        const invite = mediator.locator("section", {
          has: mediator.getByRole("heading", { name: "Invite someone" }),
        });
        await invite
          .getByLabel("Where they will sit")
          .selectOption({ label: `The ${party} delegation, as its head` });
        await invite.getByLabel("Name", { exact: true }).fill(head.name);
        await invite.getByLabel("E-mail address").fill(head.email);
        await invite.getByRole("button", { name: "Invite", exact: true }).click();
        await mediator.getByRole("heading", { name: `Invitation for ${head.name}` }).waitFor();
        await mediator.getByText(`E-mailed to ${head.email}.`).waitFor();
      }
      await look(mediator, "members-invited");

      // 6. Each head accepts from the mail, in a browser of their own.
      const ar = await open();
      const be = await open();
      const beTraffic = recordTraffic(be);
      const arTraffic = recordTraffic(ar);
      for (const [page, head] of [
        [ar, ARDENIA],
        [be, BELMARIA],
      ] as const) {
        await page.goto(await linkFromMail(smtp, head.email, "invite"));
        await page.getByRole("heading", { name: "Join Ardenia–Belmaria" }).waitFor();
        await page.getByLabel("New password", { exact: true }).fill(head.password);
        await page.getByLabel("The same password again").fill(head.password);
        if (page === ar) await look(page, "accept-invitation");
        await page.getByRole("button", { name: `Join as ${head.name}` }).click();
        await page.waitForURL(negotiationUrl);
        await page.getByRole("heading", { name: "Ardenia–Belmaria", level: 1 }).waitFor();
      }
      // The shared record so far (parties added, members joined) is the head's to read: it shows as activity
      // as soon as the stream is live, never an empty "Nothing yet" meanwhile.
      const activity = be.getByRole("region", { name: /Recent activity/ });
      await activity.locator(".live-dot.live-live").waitFor();
      expect(await activity.getByText("Member added").count()).toBeGreaterThan(0);
      await look(be, "head-dashboard");
      // The mediator sees both at the table.
      await mediator.reload();
      await mediator.getByText(BELMARIA.name).first().waitFor();
      await look(mediator, "members-joined");

      // 7. The mediator writes the text from scratch.
      await mediator.goto(`${negotiationUrl}/text`);
      await mediator.getByRole("heading", { name: "Start the text" }).waitFor();
      await look(mediator, "text-empty");
      await mediator
        .getByLabel("Title of the instrument")
        .fill("Agreement on Peace between Ardenia and Belmaria");
      await mediator.getByRole("button", { name: "Start the text" }).click();
      await mediator
        .getByRole("heading", { name: "Agreement on Peace between Ardenia and Belmaria" })
        .waitFor();
      await mediator.getByRole("button", { name: "+ Add a preamble paragraph" }).click();
      await mediator
        .getByLabel("Text of the preamble paragraph")
        .fill("Determined to live in peace and good neighbourliness,");
      await mediator.getByRole("button", { name: "Add the preamble paragraph" }).click();
      await said(mediator, /preamble paragraph is in the text/);
      for (const [heading, text] of [
        ["Borders", "The Parties recognise each other's territorial integrity."],
        [
          "Transit",
          "The Parties shall open the crossings within ____ days of the entry into force of this Agreement.",
        ],
        ["Commission", "The Parties shall establish a bilateral commission."],
      ] as const) {
        await mediator.getByRole("button", { name: "+ Add an article" }).click();
        const form = mediator.getByRole("form", { name: "New article" });
        await form.getByLabel("Heading").fill(heading);
        await form.getByLabel("Text of the article").fill(text);
        await form.getByRole("button", { name: "Add the article" }).click();
        await provision(mediator, heading).waitFor();
      }
      expect(await margins(mediator)).toEqual(["PP1", "Article 1", "Article 2", "Article 3"]);
      // The blank is marked and counted.
      expect(await provision(mediator, "Transit").locator(".blank-count").textContent()).toBe(
        "1 blank to fill",
      );
      expect(await mediator.getByRole("region", { name: "Drafting" }).textContent()).toContain(
        "1 blank to fill",
      );
      await look(mediator, "text-drafted");

      // Commission moves up before Transit, then the articles are renumbered in their new order.
      const commission = provision(mediator, "Commission");
      await commission.locator("summary", { hasText: "Move…" }).click();
      await commission
        .getByRole("list", { name: "Where to move Article 3" })
        .getByRole("button", { name: "Up" })
        .click();
      await said(mediator, /Article 3 moved up/);
      await expect
        .poll(() => mediator.locator(".draft-provision .heading").allTextContents(), { timeout: WAIT })
        .toEqual(["Borders", "Commission", "Transit"]);
      expect(await margins(mediator)).toEqual(["PP1", "Article 1", "Article 3", "Article 2"]);
      await look(mediator, "text-moved");
      await mediator.getByRole("button", { name: "Renumber all" }).click();
      await said(mediator, /renumbered/);
      await expect
        .poll(() => margins(mediator), { timeout: WAIT })
        .toEqual(["PP1", "Article 1", "Article 2", "Article 3"]);
      expect(await provision(mediator, "Transit").locator(".margin").textContent()).toBe("Article 3");
      await look(mediator, "text-renumbered");

      // Tabled: from now on every change is a proposal.
      await mediator.getByRole("button", { name: "Table the text…" }).click();
      const dialog = mediator.getByRole("dialog", { name: "Table the text?" });
      await dialog.waitFor();
      await look(mediator, "table-confirmation");
      await dialog.getByRole("button", { name: "Table the text" }).click();
      await mediator.getByRole("group", { name: "Show" }).waitFor();
      await look(mediator, "text-tabled");

      // 8. The rounds screen: a round scheduled, then opened.
      await mediator.goto(`${negotiationUrl}/rounds`);
      await mediator.getByRole("heading", { name: "Rounds", level: 1 }).waitFor();
      await mediator.getByText("No rounds scheduled yet.").waitFor();
      expect(await mediator.getByLabel("Name").getAttribute("placeholder")).toBe("Round 1");
      const schedule = mediator.locator("form", {
        has: mediator.getByRole("heading", { name: "Schedule a round" }),
      });
      await schedule.getByLabel("Name").fill("Round 1");
      await schedule.getByLabel("Venue").fill("Geneva");
      await schedule.getByLabel("First day").fill(isoDay(0));
      await schedule.getByLabel("Last day").fill(isoDay(2));
      await look(mediator, "rounds-schedule");
      await schedule.getByRole("button", { name: "Schedule the round" }).click();
      await said(mediator, /Round 1 scheduled/);
      await mediator.getByRole("button", { name: "Open Round 1" }).click();
      await mediator.getByRole("button", { name: "Close Round 1…" }).waitFor();
      await mediator.getByText("4 provisions were added to the text and are still open.").waitFor();
      await look(mediator, "rounds-open");

      // 9. Belmaria starts from a clean inbox (the round's entries read), and opens Article 3 (followed by default).
      await be.goto(`${server.url}/inbox`);
      await be
        .getByText(/Round opened/)
        .first()
        .waitFor();
      await look(be, "inbox-round");
      await be.getByRole("button", { name: "Mark all read" }).click();
      await be.getByRole("heading", { name: "0 unread" }).waitFor();
      // And wants a mail for each new entry (the default is a daily digest).
      const each = be.getByLabel("For each new entry");
      await each.click();
      await expect
        .poll(async () => (await each.isChecked()) && (await each.isEnabled()), { timeout: WAIT })
        .toBe(true);
      await be.goto(`${negotiationUrl}/text`);
      await be.getByRole("link", { name: "Article 3" }).click();
      await be.getByText("live", { exact: true }).waitFor();
      // A delegation follows every provision of the text by default: no click needed.
      await be.getByRole("button", { name: "Following" }).waitFor();
      await be.getByText("Your delegation follows every provision").waitFor();
      await look(be, "provision-follow");
      // The mediator reads it too (live, as the mediation follows every provision).
      await mediator.goto(be.url());
      await mediator.getByText("live", { exact: true }).waitFor();

      // 10. Ardenia keeps an internal note on it, then proposes an alternative.
      await ar.goto(be.url());
      await ar.getByText("live", { exact: true }).waitFor();
      const note = ar.getByRole("form", { name: "Write a note" });
      await note.getByLabel("Note").fill(`${marker} we could live with 45 days`);
      expect(await note.getByLabel(/Visible to: the .*Ardenia delegation only/).isChecked()).toBe(true);
      await note.getByRole("button", { name: "Save the note" }).click();
      await said(ar, /Note written/);
      const proposed =
        "The Parties shall open the crossings within 30 days of the entry into force of this Agreement.";
      const propose = ar.getByRole("form", { name: "Propose text" });
      await propose.getByLabel("Proposed text").fill(proposed);
      await look(ar, "provision-propose");
      await propose.getByRole("button", { name: "Table the proposal" }).click();
      await said(ar, /Proposal tabled/);

      // 11. Belmaria sees it on the open page without a reload, and the badge counts it; the inbox lists it.
      await be.getByText(proposed).first().waitFor();
      await be.getByRole("link", { name: /^Inbox\s*1 unread$/ }).waitFor();
      await look(be, "provision-live");
      await be.getByRole("link", { name: /^Inbox\s*1 unread$/ }).click();
      await be.getByRole("link", { name: /^New proposal on Article 3/ }).waitFor();
      await be.getByRole("heading", { name: "1 unread" }).waitFor();
      await look(be, "inbox-proposal");
      // The mail it sent says only that something is new, with a link: no title, no text, no party.
      const [, notice] = await smtp.waitFor(BELMARIA.email, 2);
      expect(notice?.subject).toBe("Something new for you on Parley");
      expect(notice?.text).toContain(`${server.url}/inbox`);
      for (const mail of smtp.received)
        for (const secret of ["Ardenia–Belmaria", "Transit", "30 days", "Ardenia delegation"])
          expect(`${mail.subject}\n${mail.text}`, `mail to ${mail.to.join(", ")}`).not.toContain(secret);
      await mediator.getByText(proposed).first().waitFor();
      await mediator.goto(`${server.url}/inbox`);
      await mediator.getByRole("link", { name: /^New proposal on Article 3/ }).waitFor();
      await look(mediator, "mediator-inbox");

      // 12. Ardenia's internal note reached neither Belmaria nor the mediation, on screen, by wire or by mail.
      expect(await be.getByText(marker).count()).toBe(0);
      expect(beTraffic.filter((t) => t.includes(marker))).toEqual([]);
      expect(mediatorTraffic.filter((t) => t.includes(marker))).toEqual([]);
      expect(smtp.received.filter((m) => m.raw.includes(marker))).toEqual([]);
      // The check can fail: the recordings hold what each did read, and Ardenia's holds its note.
      await ar.getByText(marker).first().waitFor();
      expect(arTraffic.some((t) => t.includes(marker))).toBe(true);
      expect(beTraffic.some((t) => t.includes(proposed))).toBe(true);
      expect(mediatorTraffic.some((t) => t.includes(proposed))).toBe(true);
      expect(errors).toEqual([]);
    });
  },
);
