import { describe, expect, it } from "vitest";
import { viewerOf, viewFor } from "../domain/view.ts";
import { instrumentAkn } from "./akn.ts";
import { importCommands } from "./import-commands.ts";
import { parseMarkdownDraft } from "./import-markdown.ts";
import { emptyNegotiation, essentials, leadDocument, runPlan } from "./import-test-kit.ts";
import { instrumentMarkdown } from "./markdown.ts";
import { demoDocument, runDemo } from "./render.ts";

const TABLED =
  "The draft carries alternatives: it is tabled with them, and from then on every change is a proposal.";
const types = (plan: ReturnType<typeof importCommands>) => plan.commands.map((c) => [c.command.type, c.as]);

describe("importing into a negotiation without an instrument", () => {
  const draft = [
    "# Treaty of Friendship",
    "",
    "The Parties,",
    "",
    "Recalling the Charter,",
    "",
    "Have agreed as follows:",
    "",
    "Article 1. Peace",
    "",
    "The Parties shall live in peace.",
    "",
    "[The Parties shall live in lasting peace.] (Armenia) / [The Parties shall be at peace.] (Mediation)",
    "",
    "Article 2",
    "",
    "1. The Parties shall meet.",
    "2. [Delete this paragraph] (Azerbaijan)",
  ].join("\n");

  it("creates the instrument with its formulas, writes the text, tables it, then each alternative for its proposer", () => {
    const state = emptyNegotiation();
    const plan = importCommands(parseMarkdownDraft(draft), { negotiationState: state });
    expect(types(plan)).toEqual([
      ["create-instrument", "importer"],
      ["edit-instrument", "importer"],
      ["add-provision", "importer"],
      ["add-provision", "importer"],
      ["add-provision", "importer"],
      ["add-provision", "importer"],
      ["add-provision", "importer"],
      ["table-text", "importer"],
      ["table-proposal", "am"],
      ["table-proposal", "importer"],
      ["table-proposal", "az"],
    ]);
    expect(plan.warnings).toEqual([TABLED]);
    runPlan(state, plan);
    const doc = leadDocument(state);
    expect(doc.title).toBe("Treaty of Friendship");
    expect(state.all("instrument")[0]).toMatchObject({
      openingFormula: "The Parties,",
      closingFormula: "Have agreed as follows:",
    });
    expect(state.all("instrument")[0]?.tabledAt).not.toBeNull();
    expect(doc.provisions.map((p) => [p.kind, p.number, p.depth, p.status])).toEqual([
      ["preamble", "PP1", 0, "open"],
      ["article", "1", 0, "bracketed"],
      ["article", "2", 0, "open"],
      ["paragraph", "1", 1, "open"],
      ["paragraph", "2", 1, "bracketed"],
    ]);
    expect(doc.provisions[4]?.alternatives.map((a) => [a.proposerId, a.proposalKind])).toEqual([
      ["az", "delete"],
    ]);
  });

  it("leaves the alternatives out, and says so, for an importer who may not table the text", () => {
    const state = emptyNegotiation();
    const plan = importCommands(parseMarkdownDraft(draft), { negotiationState: state, mayTable: false });
    expect(types(plan).filter(([type]) => type === "table-text" || type === "table-proposal")).toEqual([]);
    expect(plan.warnings).toEqual([
      "The draft carries 3 alternative(s): only the mediation lead can table the text so they can be proposed; they were left out.",
    ]);
    runPlan(state, plan);
    expect(state.all("instrument")[0]?.tabledAt).toBeNull();
  });

  it("is refused to a delegation, which cannot create the instrument", () => {
    const plan = importCommands(parseMarkdownDraft(draft), {
      negotiationState: emptyNegotiation(),
      importer: "am",
    });
    expect(plan.commands).toEqual([]);
    expect(plan.warnings).toEqual(["There is no instrument yet, and only the mediation can create it."]);
  });

  it("uses the ids it is given, and never one that is taken", () => {
    let n = 0;
    const plan = importCommands(parseMarkdownDraft(draft), {
      negotiationState: emptyNegotiation(),
      newId: () => (n++ < 2 ? "same" : `id-${n}`),
    });
    const ids = plan.commands.flatMap((c) =>
      "provisionId" in c.command && c.command.type === "add-provision" ? [c.command.provisionId] : [],
    );
    expect(ids.slice(0, 2)).toEqual(["same", "same-2"]);
    expect(plan.commands.filter((c) => c.command.type === "table-text")).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("leaves out alternatives it cannot attribute or whose scope the proposer cannot write, and says so", () => {
    const plan = importCommands(
      parseMarkdownDraft(
        "T\n\nArticle 1\n\nText.\n\n[A] (Ruritania) / [B] (Armenia; not circulated: caucus:az) / [C] (Azerbaijan; not circulated: caucus:az)",
      ),
      { negotiationState: emptyNegotiation() },
    );
    expect(plan.warnings).toEqual([
      'Article 1: the proposer "Ruritania" is not a party here; left out.',
      'Article 1: the alternative\'s scope "caucus:az" cannot be kept; left out.',
      TABLED,
    ]);
    const tabled = plan.commands.filter((c) => c.command.type === "table-proposal");
    expect(tabled.map((c) => [c.as, "scope" in c.command ? c.command.scope : null])).toEqual([
      ["az", "caucus:az"],
    ]);
  });
});

describe("importing into a negotiation that has an instrument", () => {
  it("writes nothing when the draft is the instrument as the member reads it", () => {
    const run = runDemo();
    for (const member of ["blinken", "mirzoyan", "bayramov"]) {
      const view = viewFor(run.state, viewerOf(run.state, member));
      const markdown = instrumentMarkdown(demoDocument(member, run));
      const plan = importCommands(parseMarkdownDraft(markdown), {
        negotiationState: view,
        importer: member === "blinken" ? "mediation" : member === "mirzoyan" ? "am" : "az",
      });
      expect(plan.commands).toEqual([]);
      expect(plan.warnings).toEqual([
        "Statuses in the draft (agreed, reopened…) are not imported: agreement is recorded in Parley from the parties' positions.",
      ]);
    }
  });

  it("tables a changed text as the importer's proposal, adds new articles in place, and leaves agreed ones alone", () => {
    const run = runDemo();
    const markdown = instrumentMarkdown(demoDocument("blinken", run))
      .replace(
        "The Parties shall restore economic and transport links between them.\n",
        "The Parties shall restore all links.\n",
      )
      .replace(
        "## Article 9.",
        "## Article 8bis. Cross-border trade\n\nStatus: Open\n\nThe Parties shall facilitate trade.\n\n## Article 9.",
      )
      .replace("exchange ambassadors.", "exchange ambassadors without delay.");
    const view = viewFor(run.state, viewerOf(run.state, "blinken"));
    const plan = importCommands(parseMarkdownDraft(markdown), { negotiationState: view });
    expect(plan.commands.map((c) => c.command)).toEqual([
      {
        type: "table-proposal",
        proposalId: "p-art-7-mediation",
        provisionId: "art-7",
        proposalKind: "replace",
        text: "The Parties shall restore all links.",
        scope: "shared",
      },
      {
        // The text is tabled: a new article is a proposal, the mediation's own.
        type: "table-proposal",
        proposalId: "p-art-8bis",
        provisionId: "art-8bis",
        proposalKind: "new",
        text: "The Parties shall facilitate trade.",
        newProvision: {
          provisionKind: "article",
          number: "8bis",
          heading: "Cross-border trade",
          afterId: "art-8",
        },
      },
    ]);
    expect(plan.warnings).toContain("Article 5 is agreed: reopen it before importing changes to it.");
    expect(plan.warnings).toContain("Article 7: the text differs; it is tabled as your proposal.");
  });

  it("lets a delegation propose a new article, attributed to itself", () => {
    const run = runDemo();
    const markdown = `${instrumentMarkdown(demoDocument("mirzoyan", run))}\n## Article 20. Culture\n\nThe Parties shall protect cultural heritage.\n`;
    const view = viewFor(run.state, viewerOf(run.state, "mirzoyan"));
    const plan = importCommands(parseMarkdownDraft(markdown), { negotiationState: view, importer: "am" });
    expect(plan.commands).toEqual([
      {
        as: "importer",
        command: {
          type: "table-proposal",
          proposalId: "p-art-20",
          provisionId: "art-20",
          proposalKind: "new",
          text: "The Parties shall protect cultural heritage.",
          newProvision: { provisionKind: "final", number: "20", heading: "Culture", afterId: "fc-19" },
        },
      },
    ]);
  });
});

describe("importing into a draft that is not tabled yet", () => {
  const plain =
    "# Treaty\n\nThe Republic of Ardenia and the Republic of Belmaria,\n\nRecalling the Charter,\n\nAgree as follows:\n\nArticle 1\n\nPeace on [date].\n";

  it("writes a draft without alternatives as a draft: formulas set, nothing tabled", () => {
    const state = emptyNegotiation();
    const plan = importCommands(parseMarkdownDraft(plain), { negotiationState: state });
    expect(types(plan)).toEqual([
      ["create-instrument", "importer"],
      ["edit-instrument", "importer"],
      ["add-provision", "importer"],
      ["add-provision", "importer"],
    ]);
    runPlan(state, plan);
    expect(state.all("instrument")[0]).toMatchObject({
      tabledAt: null,
      openingFormula: "The Republic of Ardenia and the Republic of Belmaria,",
      closingFormula: "Agree as follows:",
    });
    expect(leadDocument(state).provisions.map((p) => p.text)).toEqual([
      "Recalling the Charter,",
      "Peace on [date].",
    ]);
  });

  it("edits the draft directly on a second import, and refuses a delegation while the mediation drafts", () => {
    const state = emptyNegotiation();
    runPlan(state, importCommands(parseMarkdownDraft(plain), { negotiationState: state }));
    const changed = plain
      .replace("Peace on [date].", "Peace on 1 May.")
      .replace("Agree as", "Have agreed as");
    const plan = importCommands(parseMarkdownDraft(changed), { negotiationState: state });
    expect(types(plan)).toEqual([
      ["edit-instrument", "importer"],
      ["edit-provision", "importer"],
    ]);
    runPlan(state, plan);
    expect(leadDocument(state).provisions.map((p) => p.text)).toEqual([
      "Recalling the Charter,",
      "Peace on 1 May.",
    ]);
    expect(state.all("instrument")[0]?.closingFormula).toBe("Have agreed as follows:");
    const party = importCommands(parseMarkdownDraft(changed), { negotiationState: state, importer: "am" });
    expect(party.commands).toEqual([]);
  });
});

describe("a provision withdrawn from the draft", () => {
  it("appears in no export, its paragraphs with it", () => {
    const state = emptyNegotiation();
    const draft =
      "# T\n\nArticle 1\n\nKept.\n\nArticle 2\n\n1. WITHDRAWN-PARAGRAPH.\n\nArticle 3\n\nWITHDRAWN-ARTICLE.\n";
    runPlan(state, importCommands(parseMarkdownDraft(draft), { negotiationState: state }));
    const article = state.all("provision").find((p) => p.text === "WITHDRAWN-ARTICLE.");
    const parent = state.all("provision").find((p) => p.number === "2" && p.provisionKind === "article");
    for (const p of [article, parent]) {
      if (!p) throw new Error("the draft's articles are missing");
      runPlan(state, {
        commands: [
          {
            command: { type: "withdraw-provision", provisionId: p.id, baseVersion: p.version },
            as: "importer",
          },
        ],
        warnings: [],
      });
    }
    const doc = leadDocument(state);
    expect(doc.provisions.map((p) => p.text)).toEqual(["Kept."]);
    for (const text of [instrumentMarkdown(doc), instrumentAkn(doc)]) expect(text).not.toContain("WITHDRAWN");
  });

  it("is as if absent when the draft is imported again: the article under its number is added anew", () => {
    const state = emptyNegotiation();
    const draft = "# T\n\nArticle 1\n\nKept.\n\nArticle 2\n\n1. Its paragraph.\n";
    runPlan(state, importCommands(parseMarkdownDraft(draft), { negotiationState: state }));
    const article = state.all("provision").find((p) => p.number === "2" && p.provisionKind === "article");
    if (!article) throw new Error("the draft's article is missing");
    const withdraw = {
      type: "withdraw-provision" as const,
      provisionId: article.id,
      baseVersion: article.version,
    };
    runPlan(state, { commands: [{ command: withdraw, as: "importer" }], warnings: [] });
    const plan = importCommands(parseMarkdownDraft(draft.replace("Its", "A new")), {
      negotiationState: state,
    });
    expect(types(plan)).toEqual([
      ["add-provision", "importer"],
      ["add-provision", "importer"],
    ]);
    expect(JSON.stringify(plan)).not.toContain(`"${article.id}"`);
    runPlan(state, plan);
    expect(leadDocument(state).provisions.map((p) => p.text)).toEqual(["Kept.", "", "A new paragraph."]);
  });
});

describe("the demo round trip through commands", () => {
  it("rebuilds the lead's instrument in an empty negotiation", () => {
    const lead = demoDocument("blinken");
    const state = emptyNegotiation();
    runPlan(state, importCommands(parseMarkdownDraft(instrumentMarkdown(lead)), { negotiationState: state }));
    expect(essentials(leadDocument(state))).toEqual(essentials(lead));
  });
});
