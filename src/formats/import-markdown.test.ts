import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMarkdownDraft } from "./import-markdown.ts";

const articles = (source: string) =>
  parseMarkdownDraft(source).articles.map((a) => ({
    kind: a.kind,
    number: a.number,
    heading: a.heading,
    text: a.text,
  }));

describe("reading a draft", () => {
  it.each([
    ["Article 3", "3", ""],
    ["Article 3. Delimitation", "3", "Delimitation"],
    ["Article 3: Delimitation", "3", "Delimitation"],
    ["Art. 3", "3", ""],
    ["Art. 3 — Delimitation", "3", "Delimitation"],
    ["## Article 3 — Delimitation", "3", "Delimitation"],
    ["### Article 3bis. Delimitation", "3bis", "Delimitation"],
    ["**Article 3**", "3", ""],
    ["ARTICLE III - Delimitation", "III", "Delimitation"],
  ])("recognises the article heading %j", (line, number, heading) => {
    expect(articles(`Treaty\n\n${line}\n\nThe Parties shall delimit the border.`)).toEqual([
      { kind: "article", number, heading, text: "The Parties shall delimit the border." },
    ]);
  });

  it("takes a short line after a bare article heading as its title", () => {
    expect(articles("Treaty\n\nArticle 1\nScope\nThis Agreement applies to the Parties.")).toEqual([
      { kind: "article", number: "1", heading: "Scope", text: "This Agreement applies to the Parties." },
    ]);
  });

  it("does not read a sentence that starts with 'Article 3' as a heading", () => {
    const preview = parseMarkdownDraft("Treaty\n\nArticle 1\n\nArticle 3 shall not apply to the commission.");
    expect(preview.articles.map((a) => a.text)).toEqual(["Article 3 shall not apply to the commission."]);
  });

  it("reads the title, the version line and the preamble paragraphs before the first article", () => {
    const preview = parseMarkdownDraft(
      "# Peace Treaty\n\nVersion: Draft of 4 May\n\nThe Parties,\n\nRecalling the Charter,\n\nHave agreed as follows:\n\n## Article 1\n\nText.",
    );
    expect(preview.title).toBe("Peace Treaty");
    expect(preview.version).toBe("Draft of 4 May");
    expect(preview.openingFormula).toBe("The Parties,");
    expect(preview.preamble.map((p) => p.text)).toEqual(["Recalling the Charter,"]);
    expect(preview.closingFormula).toBe("Have agreed as follows:");
    expect(preview.warnings).toEqual([]);
  });

  it("tells the formulas from recitals: the parties named alone, the lead-in to the articles", () => {
    const opening = (line: string) => parseMarkdownDraft(`# T\n\n${line}\n\nRecalling,\n\nArticle 1\n\nX.`);
    for (const line of [
      "The Republic of Ardenia and the Republic of Belmaria,",
      "The High Contracting Parties,",
      "The Parties,",
      "THE GOVERNMENT OF ARDENIA AND THE GOVERNMENT OF BELMARIA,",
      "The Republic of Armenia and the Republic of Azerbaijan, hereinafter referred to as the Parties,",
    ])
      expect(opening(line).openingFormula, line).toBe(line);
    for (const line of [
      "The Parties, desiring to facilitate transit,",
      "The Charter of the United Nations,",
      "The Parties agree.",
      "Recalling the Parties,",
    ]) {
      expect(opening(line).openingFormula, line).toBeNull();
      expect(opening(line).preamble[0]?.text, line).toBe(line);
    }
    const closing = (line: string) => parseMarkdownDraft(`# T\n\nRecalling,\n\n${line}\n\nArticle 1\n\nX.`);
    for (const line of [
      "Have agreed as follows:",
      "HAVE AGREED AS FOLLOWS:",
      "Agree as follows:",
      "Hereby agree as follows:",
    ])
      expect(closing(line).closingFormula, line).toBe(line);
    expect(closing("Have agreed on the following principles:").closingFormula).toBeNull();
    // A paragraph with a number, a status or alternatives is a recital, whatever it says.
    const numbered = parseMarkdownDraft("# T\n\nPP1 The Parties,\n\nArticle 1\n\nX.");
    expect([numbered.openingFormula, numbered.preamble.length]).toEqual([null, 1]);
    const agreed = parseMarkdownDraft(
      "# T\n\n## Preamble\n\nThe Parties,\n\nStatus: Agreed\n\nArticle 1\n\nX.",
    );
    expect([agreed.openingFormula, agreed.preamble.length]).toEqual([null, 1]);
  });

  it("reads numbered paragraphs and their alternatives", () => {
    const preview = parseMarkdownDraft(
      "T\n\nArticle 2. Commission\n\n1. The commission shall meet.\n2. It shall decide by consensus.\n   [It shall decide by majority.] (Azerbaijan)\n(a) on delimitation;\nb) on demarcation.",
    );
    const [article] = preview.articles;
    expect(article?.children.map((c) => [c.number, c.text, c.alternatives.map((a) => a.proposer)])).toEqual([
      ["1", "The commission shall meet.", []],
      ["2", "It shall decide by consensus.", ["Azerbaijan"]],
      ["(a)", "on delimitation;", []],
      ["b)", "on demarcation.", []],
    ]);
  });

  it("reads bracketed alternatives with and without labels, on one line or several", () => {
    const preview = parseMarkdownDraft(
      "T\n\nArticle 1\n\nBase.\n\n[One] (Armenia) / [Two [nested]] (Mediation, bridging) / [Three]\n\nArticle 2\n\n[A] (Azerbaijan)\n[B] (Armenia; not circulated: caucus:am)\n[Delete this article] (Azerbaijan)",
    );
    const [first, second] = preview.articles;
    expect(first?.alternatives.map((a) => [a.text, a.proposer])).toEqual([
      ["One", "Armenia"],
      ["Two [nested]", "Mediation, bridging"],
      ["Three", null],
    ]);
    expect(second?.text).toBe("");
    expect(second?.alternatives.map((a) => [a.kind, a.text, a.proposer, a.scope])).toEqual([
      ["replace", "A", "Azerbaijan", null],
      ["replace", "B", "Armenia", "caucus:am"],
      ["delete", "", "Azerbaijan", null],
    ]);
  });

  it('reads "Option A: …" lines as alternatives', () => {
    const preview = parseMarkdownDraft(
      "T\n\nArticle 7\n\nOption A: The Parties shall restore links.\nOption B (Azerbaijan): The Parties shall open routes\nwithout delay.",
    );
    expect(preview.articles[0]?.alternatives.map((a) => [a.text, a.proposer])).toEqual([
      ["The Parties shall restore links.", null],
      ["The Parties shall open routes without delay.", "Azerbaijan"],
    ]);
  });

  it("reads statuses and the final clauses section", () => {
    const preview = parseMarkdownDraft(
      "T\n\n## Article 1\n\nStatus: Agreed ad referendum\n\nText.\n\n## Final clauses\n\n## Article 2\n\nStatus: bracketed\n\nText.",
    );
    expect(preview.articles.map((a) => [a.kind, a.status])).toEqual([
      ["article", "agreed_ad_referendum"],
      ["final", "bracketed"],
    ]);
  });

  it("lists what it could not place, with line numbers, and says why", () => {
    const source = [
      "# Treaty", // 1
      "", // 2
      "## Article 1", // 3
      "", // 4
      "Text.", // 5
      "", // 6
      "| a | b |", // 7
      "", // 8
      "Status: pending signature", // 9
      "", // 10
      "```", // 11
      "code", // 12
      "```", // 13
      "", // 14
      "## Annex I", // 15
      "Maps.", // 16
      "", // 17
      "## Article 2", // 18
      "[unclosed bracket", // 19
    ].join("\n");
    const preview = parseMarkdownDraft(source);
    expect(preview.unrecognised).toEqual([
      { line: 7, text: "| a | b |" },
      { line: 9, text: "Status: pending signature" },
      { line: 11, text: "```" },
      { line: 12, text: "code" },
      { line: 13, text: "```" },
      { line: 15, text: "## Annex I" },
      { line: 16, text: "Maps." },
    ]);
    expect(preview.articles.map((a) => [a.number, a.text])).toEqual([
      ["1", "Text."],
      ["2", "[unclosed bracket"],
    ]);
    expect(preview.warnings).toEqual([
      "Line 9: this status is not one Parley knows.",
      'Line 15: the section "Annex I" is not part of an instrument; its lines were left out.',
      "Line 19: a bracketed passage could not be read as alternatives; it was kept as text.",
    ]);
  });

  it("warns about a draft without a title or articles, and about repeated numbers", () => {
    expect(parseMarkdownDraft("").warnings).toEqual(["No title was found.", "No articles were found."]);
    expect(parseMarkdownDraft("T\n\nArticle 1\n\nA.\n\nArticle 1\n\nB.").warnings).toEqual([
      "Line 7: Article 1 already appears at line 3.",
    ]);
  });

  it("accepts Windows line endings and a byte order mark", () => {
    expect(articles("\uFEFFTreaty\r\n\r\nArticle 1. Scope\r\n\r\nText.")).toEqual([
      { kind: "article", number: "1", heading: "Scope", text: "Text." },
    ]);
  });
});

describe("the parser never throws", () => {
  const pieces = fc.constantFrom(
    "# ",
    "## ",
    "Article ",
    "Art. ",
    "3",
    ". ",
    "Title",
    "\n",
    "\n\n",
    "[",
    "]",
    "(",
    ")",
    " / ",
    "\\",
    "Status: ",
    "Agreed",
    "Option A: ",
    "1. ",
    "(a) ",
    "- ",
    "```",
    "|",
    "&#65;",
    "&#xD800;",
    "Preamble",
    "Final clauses",
    "Version: ",
    "**",
    " ",
    "\r",
    "\t",
  );
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2_000 }), (source) => {
        const preview = parseMarkdownDraft(source);
        expect(Array.isArray(preview.articles)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("on text made of the grammar's own pieces", () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 200 }), (parts) => {
        const preview = parseMarkdownDraft(parts.join(""));
        for (const u of preview.unrecognised) expect(u.line).toBeGreaterThan(0);
      }),
      { numRuns: 1_000 },
    );
  });

  it("on long and deeply nested input, in linear time", () => {
    const nasty = [
      "[".repeat(50_000),
      `Article ${" ".repeat(50_000)}x`,
      `${"\\".repeat(50_001)}\n${"a".repeat(10)}`,
      `## Article 3${" ".repeat(20_000)}.`,
      "1. x\n".repeat(20_000),
    ];
    for (const source of nasty) {
      const started = performance.now();
      parseMarkdownDraft(source);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});
