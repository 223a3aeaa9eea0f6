import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAccount } from "../src/store/accounts.ts";
import type { Store } from "../src/store/store.ts";
import { browserSkipReason, launchChromium } from "./browser.ts";
import { SHOTS, seriousViolations, signIn } from "./pages.ts";
import { PASSWORD, startWebServer, type WebServer } from "./web-server.ts";

const skip = browserSkipReason();
const NEGOTIATION = "ardenia-belmaria";
const IMPORTED = "ardenia-belmaria-import";
const LEAD = { memberId: "lead", name: "Mara Lind", email: "lind@mediation.parley.test" };
const HEAD = { memberId: "ar-head", name: "Ada Roth", email: "roth@ardenia.parley.test" };
const OBSERVER = { memberId: "obs", name: "Olu Obi", email: "obi@un.parley.test" };

/** Negotiations with their parties and seats but no text: what a mediation has before it writes one. */
async function seedEmptyNegotiations(store: Store): Promise<void> {
  for (const negotiationId of [NEGOTIATION, IMPORTED]) {
    await store.execute(
      negotiationId,
      {
        type: "create-negotiation",
        negotiationId,
        title: negotiationId === NEGOTIATION ? "Ardenia–Belmaria" : "Ardenia–Belmaria (imported draft)",
        lead: { memberId: LEAD.memberId, name: LEAD.name, email: LEAD.email },
      },
      "system",
    );
    await store.execute(negotiationId, { type: "add-party", partyId: "ar", name: "Ardenia" }, LEAD.memberId);
    await store.execute(negotiationId, { type: "add-party", partyId: "be", name: "Belmaria" }, LEAD.memberId);
    for (const [seat, role, rank, partyId] of [
      [HEAD, "delegation", "head", "ar"],
      [OBSERVER, "observer", "member", undefined],
    ] as const) {
      await store.execute(
        negotiationId,
        { type: "add-member", ...seat, role, rank, ...(partyId ? { partyId } : {}) },
        LEAD.memberId,
      );
    }
  }
  for (const account of [LEAD, HEAD, OBSERVER])
    await setAccount(
      store.database,
      { email: account.email, name: account.name, password: PASSWORD },
      new Date(),
    );
}

const said = (page: Page, text: RegExp): Promise<void> =>
  page.getByRole("status").filter({ hasText: text }).first().waitFor({ timeout: 10_000 });

/** The margin labels of the draft, in the order the page shows them. */
const margins = (page: Page) => page.locator(".draft-provision > .margin").allTextContents();

const provision = (page: Page, heading: string): Locator =>
  page.locator("[data-provision-id]").filter({ has: page.getByRole("heading", { name: heading }) });

describe.skipIf(skip !== null)(
  "in the browser: the mediation writes the text from scratch, then tables it",
  () => {
    let server: WebServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const open = async () => {
      // axe-core is injected as an inline script, which the app's CSP rightly refuses: the test contexts bypass it.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (error) => {
        throw error;
      });
      return page;
    };
    const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `drafting-${name}.png`) });

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      server = await startWebServer({ seed: seedEmptyNegotiations });
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.dispose();
    });

    it("a title, a preamble, three articles with a blank, a move and a renumbering; tabled; then a proposal", async () => {
      const lead = await open();
      await signIn(lead, server.url, LEAD.email);
      await lead.goto(`${server.url}/negotiations/${NEGOTIATION}/text`);

      // The empty negotiation: start the text, or import a draft.
      await lead.getByRole("heading", { name: "Start the text" }).waitFor();
      expect(await lead.getByText("Import a draft…").isVisible()).toBe(true);
      expect(await seriousViolations(lead)).toEqual([]);
      await shot(lead, "1-empty");
      await lead
        .getByLabel("Title of the instrument")
        .fill("Agreement on Peace between Ardenia and Belmaria");
      await lead.getByRole("button", { name: "Start the text" }).click();
      await lead.getByRole("heading", { name: "Agreement on Peace between Ardenia and Belmaria" }).waitFor();

      // The formulas in place.
      await lead.getByRole("button", { name: "Edit opening formula" }).click();
      await lead
        .getByRole("textbox", { name: "Opening formula" })
        .fill("The Republic of Ardenia and the Republic of Belmaria,");
      await lead.getByRole("button", { name: "Save" }).click();
      await lead.getByText("The Republic of Ardenia and the Republic of Belmaria,").waitFor();

      // A preamble paragraph, then three articles; the second leaves a blank.
      await lead.getByRole("button", { name: "+ Add a preamble paragraph" }).click();
      await lead
        .getByLabel("Text of the preamble paragraph")
        .fill("Determined to live in peace and good neighbourliness,");
      await lead.getByRole("button", { name: "Add the preamble paragraph" }).click();
      await said(lead, /preamble paragraph is in the text/);
      await lead.getByRole("button", { name: "Edit closing formula" }).click();
      await lead.getByRole("textbox", { name: "Closing formula" }).fill("Have agreed as follows:");
      await lead.getByRole("button", { name: "Save" }).click();
      await lead.getByText("Have agreed as follows:").waitFor();

      const articles = [
        ["Borders", "The Parties recognise each other's territorial integrity."],
        [
          "Transit",
          "The Parties shall open the crossings within ____ days of the entry into force of this Agreement.",
        ],
        ["Commission", "The Parties shall establish a bilateral commission."],
      ] as const;
      for (const [heading, text] of articles) {
        await lead.getByRole("button", { name: "+ Add an article" }).click();
        const form = lead.getByRole("form", { name: "New article" });
        await form.getByLabel("Heading").fill(heading);
        await form.getByLabel("Text of the article").fill(text);
        if (heading === "Transit") await shot(lead, "2a-add-article");
        await form.getByRole("button", { name: "Add the article" }).click();
        await provision(lead, heading).waitFor();
        // The form closes (the article may show before it does); the focus is back on the button that opened
        // it, ready for the next article.
        await form.waitFor({ state: "detached" });
        await expect
          .poll(() => lead.evaluate(() => document.activeElement?.textContent))
          .toBe("+ Add an article");
      }
      expect(await margins(lead)).toEqual(["PP1", "Article 1", "Article 2", "Article 3"]);

      // A numbered paragraph inside Article 1, then moved into Article 3.
      await provision(lead, "Borders").getByRole("button", { name: "Add a paragraph" }).click();
      const paragraph = lead.getByRole("form", { name: "New paragraph in Article 1" });
      expect(await paragraph.getByLabel("Number").inputValue()).toBe("1");
      await paragraph
        .getByLabel("Text of the paragraph")
        .fill("The line of the border is described in Annex I.");
      await paragraph.getByRole("button", { name: "Add the paragraph" }).click();
      await said(lead, /paragraph is in the text/);
      expect(await lead.evaluate(() => document.activeElement?.textContent)).toBe("Add a paragraph");
      await expect.poll(() => margins(lead)).toEqual(["PP1", "Article 1", "1", "Article 2", "Article 3"]);
      const annex = lead.locator("[data-provision-id]").filter({ hasText: "Annex I" });
      await annex.locator("summary", { hasText: "Move…" }).click();
      await annex.getByRole("button", { name: "Into Article 3" }).click();
      await expect.poll(() => margins(lead)).toEqual(["PP1", "Article 1", "Article 2", "Article 3", "1"]);

      // An edit based on a version someone else changed meanwhile is refused, and shows the newer text.
      const other = await open();
      await signIn(other, server.url, LEAD.email);
      await other.goto(`${server.url}/negotiations/${NEGOTIATION}/text`);
      await provision(lead, "Borders").getByRole("button", { name: "Edit" }).click();
      const mine = lead.getByRole("form", { name: "Edit Article 1" });
      await mine
        .getByLabel("Text of the article")
        .fill("The Parties recognise each other's borders as of 1991.");
      await provision(other, "Borders").getByRole("button", { name: "Edit" }).click();
      await other
        .getByRole("form", { name: "Edit Article 1" })
        .getByLabel("Text of the article")
        .fill("The Parties recognise each other's territorial integrity and sovereignty.");
      await other.getByRole("form", { name: "Edit Article 1" }).getByRole("button", { name: "Save" }).click();
      await said(other, /Article 1 saved/);
      await mine.getByRole("button", { name: "Save" }).click();
      await mine
        .getByRole("alert")
        .filter({ hasText: "Not saved: Article 1 changed since you began." })
        .waitFor();
      expect(await mine.locator(".stale-panel").textContent()).toContain(
        "territorial integrity and sovereignty",
      );
      expect(await mine.getByLabel("Text of the article").inputValue()).toBe(
        "The Parties recognise each other's borders as of 1991.",
      );
      await shot(lead, "8-stale-edit");
      await mine.getByRole("button", { name: "Cancel" }).click();
      await other.context().close();

      // A fourth article, withdrawn: not at the first click, only once the confirmation is answered.
      await lead.getByRole("button", { name: "+ Add an article" }).click();
      await lead.getByRole("form", { name: "New article" }).getByLabel("Heading").fill("Temporary");
      await lead
        .getByRole("form", { name: "New article" })
        .getByRole("button", { name: "Add the article" })
        .click();
      const temporary = provision(lead, "Temporary");
      await temporary.waitFor();
      await temporary.getByRole("button", { name: "Withdraw…" }).click();
      const withdraw = lead.getByRole("dialog", { name: "Withdraw Article 4?" });
      await withdraw.waitFor();
      // The safe answer has the focus: Enter cancels.
      await lead.keyboard.press("Enter");
      await withdraw.waitFor({ state: "hidden" });
      expect(await temporary.count()).toBe(1);
      await temporary.getByRole("button", { name: "Withdraw…" }).click();
      await withdraw.getByRole("button", { name: "Withdraw Article 4" }).click();
      await said(lead, /Article 4 withdrawn/);
      await expect.poll(() => temporary.count()).toBe(0);

      // The blank: marked where it stands, counted on the provision and in the toolbar.
      const transit = provision(lead, "Transit");
      const blank = transit.locator("mark.blank");
      expect(await blank.getAttribute("title")).toBe("blank to fill");
      expect(await blank.textContent()).toBe("____ (blank to fill)");
      expect(await transit.locator(".blank-count").textContent()).toBe("1 blank to fill");
      expect(await lead.getByRole("region", { name: "Drafting" }).textContent()).toContain("1 blank to fill");
      await blank.hover();
      await transit.screenshot({ path: join(SHOTS, "drafting-4-blank.png") });
      expect(await seriousViolations(lead)).toEqual([]);
      await shot(lead, "2-drafting");
      await lead.setViewportSize({ width: 400, height: 860 });
      await shot(lead, "2b-drafting-narrow");
      await lead.setViewportSize({ width: 1280, height: 900 });

      // Commission moves up, before Transit: the move menu, by keyboard.
      const commission = provision(lead, "Commission");
      await commission.getByRole("button", { name: "Edit" }).focus();
      await commission.locator("summary", { hasText: "Move…" }).focus();
      await lead.keyboard.press("Enter");
      const menu = commission.getByRole("list", { name: "Where to move Article 3" });
      await menu.waitFor();
      await shot(lead, "3-move-menu");
      await menu.getByRole("button", { name: "Up" }).click();
      await said(lead, /Article 3 moved up/);
      await expect
        .poll(() => lead.locator(".draft-provision .heading").allTextContents())
        .toEqual(["Borders", "Commission", "Transit"]);
      expect(await margins(lead)).toEqual(["PP1", "Article 1", "Article 3", "1", "Article 2"]);
      // The focus stayed with the provision that moved.
      expect(
        await lead.evaluate(() => document.activeElement?.closest("[data-provision-id]")?.textContent ?? ""),
      ).toContain("Commission");

      // Renumber all: the numbers follow the order again.
      await lead.getByRole("button", { name: "Renumber all" }).click();
      await said(lead, /renumbered/);
      await expect.poll(() => margins(lead)).toEqual(["PP1", "Article 1", "Article 2", "1", "Article 3"]);
      expect(await provision(lead, "Transit").locator(".margin").textContent()).toBe("Article 3");

      // A delegation reads the draft: the banner, no control it could not use.
      const head = await open();
      await signIn(head, server.url, HEAD.email);
      await head.goto(`${server.url}/negotiations/${NEGOTIATION}/text`);
      await head.getByText("The mediation is drafting; proposals open when the text is tabled.").waitFor();
      await provision(head, "Transit").locator("mark.blank").waitFor();
      expect(await head.getByRole("button", { name: /Edit|Add|Renumber|Table|Withdraw/ }).count()).toBe(0);
      expect(await head.locator("summary", { hasText: "Move" }).count()).toBe(0);
      expect(await seriousViolations(head)).toEqual([]);
      await shot(head, "6-delegation-banner");
      // So does an observer.
      const observer = await open();
      await signIn(observer, server.url, OBSERVER.email);
      await observer.goto(`${server.url}/negotiations/${NEGOTIATION}/text`);
      await observer
        .getByText("The mediation is drafting; proposals open when the text is tabled.")
        .waitFor();
      expect(await observer.getByRole("button", { name: /Edit|Add|Renumber|Table|Withdraw/ }).count()).toBe(
        0,
      );

      // Tabling: the confirmation says what changes.
      await lead.getByRole("button", { name: "Table the text…" }).click();
      const dialog = lead.getByRole("dialog", { name: "Table the text?" });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain("the delegations can propose text and take positions");
      expect(await dialog.textContent()).toContain("direct editing ends");
      expect(await seriousViolations(lead)).toEqual([]);
      await shot(lead, "5-table-confirmation");
      await dialog.getByRole("button", { name: "Table the text" }).click();
      // Tabled, the text is the negotiating text as before: filters, no drafting tools.
      await lead.getByRole("group", { name: "Show" }).waitFor();
      expect(await lead.getByRole("button", { name: "Renumber all" }).count()).toBe(0);
      // The formulas stay where they stand: before the preamble, and between it and the articles.
      expect(await lead.locator(".document").textContent()).toMatch(
        /Belmaria,.*Determined to live.*Have agreed as follows:.*Borders/,
      );
      await shot(lead, "7-tabled");

      // The delegation's screen follows live: the banner goes, and its head proposes on Article 3.
      await head.getByRole("group", { name: "Show" }).waitFor({ timeout: 15_000 });
      expect(await head.getByText("The mediation is drafting").count()).toBe(0);
      await head.getByRole("link", { name: "Article 3" }).click();
      const propose = head.getByRole("form", { name: "Propose text" });
      await propose
        .getByLabel("Proposed text")
        .fill(
          "The Parties shall open the crossings within 30 days of the entry into force of this Agreement.",
        );
      await propose.getByRole("button", { name: "Table the proposal" }).click();
      await said(head, /Proposal tabled/);
      await head.goto(`${server.url}/negotiations/${NEGOTIATION}/text`);
      const tabled = provision(head, "Transit");
      await tabled.locator(".proposer", { hasText: "Ardenia" }).waitFor();
      expect(await tabled.locator(".status").textContent()).toBe("Bracketed");
    });

    it("an empty negotiation's text starts from an imported draft, its formulas recognised, still a draft", async () => {
      const lead = await open();
      await signIn(lead, server.url, LEAD.email);
      await lead.goto(`${server.url}/negotiations/${IMPORTED}/text`);
      await lead.getByRole("heading", { name: "Start the text" }).waitFor();
      await lead.getByText("Import a draft…").click();
      const draft = [
        "# Treaty of Friendship",
        "The Republic of Ardenia and the Republic of Belmaria,",
        "Recalling their common history,",
        "Have agreed as follows:",
        "## Article 1. Friendship",
        "The Parties shall live in friendship.",
        "## Article 2. Visas",
        "Visas shall be issued within ____ days.",
      ].join("\n\n");
      await lead.getByLabel("DOCX or Markdown file").setInputFiles({
        name: "draft.md",
        mimeType: "text/markdown",
        buffer: Buffer.from(draft),
      });
      await lead.getByRole("button", { name: "Preview" }).click();
      await lead
        .getByText(/Recognised: “Treaty of Friendship”, 1 preamble paragraph\(s\), 2 article\(s\)/)
        .waitFor();
      await lead.getByRole("button", { name: /^Import \d+ change/ }).click();

      // The draft lands as a draft: the mediation's tools, the formulas in their places, the blank counted.
      await lead.getByRole("heading", { name: "Treaty of Friendship" }).waitFor();
      await lead.getByRole("region", { name: "Drafting" }).waitFor();
      expect(await lead.locator(".in-place-openingFormula .formula").textContent()).toBe(
        "The Republic of Ardenia and the Republic of Belmaria,",
      );
      expect(await lead.locator(".in-place-closingFormula .formula").textContent()).toBe(
        "Have agreed as follows:",
      );
      expect(await lead.locator(".draft-provision .text").first().textContent()).toBe(
        "Recalling their common history,",
      );
      expect(await lead.getByRole("region", { name: "Drafting" }).textContent()).toContain("1 blank to fill");
      expect(await margins(lead)).toEqual(["PP1", "Article 1", "Article 2"]);
      expect(await provision(lead, "Visas").locator("mark.blank").count()).toBe(1);
      await shot(lead, "9-imported");
    });
  },
);
