import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importCommands } from "./import-commands.ts";
import { parseMarkdownDraft } from "./import-markdown.ts";
import type { ImportedProvision, ImportPreview } from "./import-model.ts";
import { emptyNegotiation, essentials, leadDocument, runPlan } from "./import-test-kit.ts";
import { instrumentMarkdown } from "./markdown.ts";
import type { DocumentProvision, InstrumentDocument } from "./model.ts";
import { demoDocument, runDemo } from "./render.ts";

const run = runDemo();
const lead = demoDocument("blinken", run);

/** Imports Markdown into an empty negotiation as its mediation lead; the instrument as the lead then reads it. */
function roundTrip(markdown: string): InstrumentDocument {
  const state = emptyNegotiation();
  const preview = parseMarkdownDraft(markdown);
  const plan = importCommands(preview, { negotiationState: state });
  runPlan(state, plan);
  return leadDocument(state);
}

describe("Markdown export", () => {
  const markdown = instrumentMarkdown(lead);

  it("starts with the title and the version line, then the preamble", () => {
    const lines = markdown.split("\n");
    expect(lines[0]).toBe("# Agreement on Peace and Establishment of Interstate Relations");
    expect(lines[2]).toBe("Version: Single negotiating text — 4 May 2023. Prepared for Antony Blinken");
    expect(lines[4]).toBe("## Preamble");
    expect(lines[6]).toMatch(/^The Republic of Armenia and the Republic of Azerbaijan/);
  });

  it("gives every article a heading with its number and title, and its status in words", () => {
    expect(markdown).toContain("## Article 3. Delimitation of the State border\n\nStatus: Bracketed\n");
    expect(markdown).toContain("## Article 4. Border commission\n\nStatus: Agreed ad referendum\n");
    expect(markdown).toContain("## Article 9. Rights and security of residents\n\nStatus: Reopened\n");
    expect(markdown).toContain("## Final clauses\n\n## Article 16. Ratification and entry into force");
  });

  it("prints bracketed alternatives in square brackets with their proposers' labels", () => {
    const line = markdown.split("\n").find((l) => l.startsWith("[The Parties shall delimit"));
    expect(line).toMatch(
      /^\[The Parties shall delimit [^\]]+\] \(Armenia\) \/ \[[^\]]+\] \(Azerbaijan\) \/ /,
    );
    expect(line).toMatch(/\] \(Mediation, bridging\)$/);
  });

  it("flags an alternative the member reads in a narrower scope as not circulated", () => {
    expect(markdown).toContain("(Azerbaijan; not circulated: caucus:az)");
    const observer = instrumentMarkdown(demoDocument("lindqvist", run));
    expect(observer).not.toContain("not circulated");
  });
});

describe("Markdown formulas", () => {
  const doc: InstrumentDocument = {
    ...lead,
    openingFormula: "The Republic of Ardenia and the Republic of Belmaria,",
    closingFormula: "Have agreed as follows:",
  };
  const markdown = instrumentMarkdown(doc);

  it("prints the opening formula first in the preamble and the closing one after it, without a status", () => {
    const lines = markdown.split("\n");
    const preamble = lines.indexOf("## Preamble");
    expect(lines[preamble + 2]).toBe("The Republic of Ardenia and the Republic of Belmaria,");
    expect(lines[preamble + 4]).toMatch(/^The Republic of Armenia and the Republic of Azerbaijan/);
    const closing = lines.indexOf("Have agreed as follows:");
    expect(lines[closing + 2]).toMatch(/^## Article 1\./);
  });

  it("reads them back as formulas, the recitals untouched", () => {
    const preview = parseMarkdownDraft(markdown);
    expect([preview.openingFormula, preview.closingFormula]).toEqual([
      doc.openingFormula,
      doc.closingFormula,
    ]);
    expect(preview.preamble.map((p) => p.text)).toEqual(
      lead.provisions.filter((p) => p.kind === "preamble").map((p) => p.text),
    );
  });
});

describe("Markdown round trip", () => {
  it("gives the demo instrument back: numbers, headings, texts, alternatives and proposers", () => {
    const back = roundTrip(instrumentMarkdown(lead));
    expect(essentials(back)).toEqual(essentials(lead));
  });

  it("gives each delegation's view back too", () => {
    for (const member of ["mirzoyan", "bayramov", "lindqvist"]) {
      const doc = demoDocument(member, run);
      expect(essentials(roundTrip(instrumentMarkdown(doc)))).toEqual(essentials(doc));
    }
  });

  it("keeps texts that look like structure, brackets, escapes and line breaks", () => {
    const tricky = [
      "1. This line reads like a numbered paragraph.",
      "Article 3. The Parties shall apply Article 3.",
      "# Not a heading",
      "Status: not a status line",
      "[Not] / [alternatives] (Armenia)",
      "Option A: not an option",
      "Back\\slash \\[ and &#65; and *emphasis*",
      "Two lines\nin one provision",
      "Preamble",
    ];
    const provisions: DocumentProvision[] = tricky.map((text, i) => ({
      id: `art-${i + 1}`,
      kind: "article",
      depth: 0,
      number: String(i + 1),
      heading: `Heading [${i + 1}]`,
      text,
      status: "bracketed",
      statusLabel: "Bracketed",
      alternatives: [
        {
          proposalId: `p-${i}`,
          proposer: "Armenia",
          proposerId: "am",
          bridging: false,
          proposalKind: "replace",
          text: `${text} [amended]`,
          scope: "shared",
        },
      ],
      history: [],
    }));
    const doc: InstrumentDocument = { ...lead, provisions };
    const back = roundTrip(instrumentMarkdown(doc));
    expect(essentials(back).provisions).toEqual(essentials(doc).provisions);
  });

  it("keeps numbered paragraphs, deletions and provisions proposed without a base text", () => {
    const base = {
      status: "bracketed" as const,
      statusLabel: "Bracketed",
      history: [],
      heading: "",
    };
    const alt = (proposerId: string, proposer: string, text: string, kind: "replace" | "delete" | "new") => ({
      proposalId: `${proposerId}-${text.length}`,
      proposer,
      proposerId,
      bridging: proposerId === "mediation",
      proposalKind: kind,
      text,
      scope: "shared",
    });
    const provisions: DocumentProvision[] = [
      { ...base, id: "pp1", kind: "preamble", depth: 0, number: "PP1", text: "Recalling", alternatives: [] },
      {
        ...base,
        id: "a1",
        kind: "article",
        depth: 0,
        number: "1",
        heading: "Scope",
        text: "",
        alternatives: [],
      },
      { ...base, id: "a1-1", kind: "paragraph", depth: 1, number: "1", text: "First.", alternatives: [] },
      {
        ...base,
        id: "a1-2",
        kind: "paragraph",
        depth: 1,
        number: "(a)",
        text: "Second.",
        alternatives: [alt("az", "Azerbaijan", "", "delete")],
      },
      {
        ...base,
        id: "a2",
        kind: "article",
        depth: 0,
        number: "2",
        heading: "Proposed",
        text: "",
        alternatives: [
          alt("am", "Armenia", "New text.", "new"),
          alt("mediation", "Mediation", "Bridge.", "replace"),
        ],
      },
    ];
    const doc: InstrumentDocument = { ...lead, provisions };
    expect(essentials(roundTrip(instrumentMarkdown(doc))).provisions).toEqual(essentials(doc).provisions);
  });
});

describe("Markdown round trip, for any instrument", () => {
  const token = fc.constantFrom(
    "Article",
    "Art.",
    " ",
    "3",
    ".",
    ":",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "&#65;",
    "&",
    "#",
    "(a)",
    "1.",
    "1)",
    "a)",
    "Status:",
    "Version:",
    "Option A:",
    "-",
    "*",
    "**",
    "_",
    "—",
    "Preamble",
    "Final clauses",
    "|",
    "`",
    "```",
    "<",
    ">",
    "!",
    "PP1",
    "x",
    "é",
    "/",
    "Delete",
    "=",
    "~",
    "Parties",
  );
  const line = fc
    .array(token, { minLength: 1, maxLength: 12 })
    .map((t) => t.join("").trim())
    .filter((s) => s !== "");
  const text = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join("\n"));
  const heading = fc.oneof(fc.constant(""), line);
  const alternative = fc.record({
    proposerId: fc.constantFrom("am", "az", "mediation"),
    proposalKind: fc.constantFrom<"replace" | "delete">("replace", "delete"),
    text,
    scope: fc.constantFrom("shared", "caucus:az"),
  });
  const provision = (kind: DocumentProvision["kind"], depth: number, number: fc.Arbitrary<string>) =>
    fc
      .record({
        number,
        heading: depth > 0 || kind === "preamble" ? fc.constant("") : heading,
        text,
        alternatives: fc.array(alternative, { maxLength: 3 }),
      })
      .map(
        (p): DocumentProvision => ({
          ...p,
          id: "id",
          kind,
          depth,
          status: "open",
          statusLabel: "Open",
          history: [],
          alternatives: p.alternatives.map((a, i) => ({
            ...a,
            text: a.proposalKind === "delete" ? "" : a.text,
            proposalId: `p${i}`,
            proposer: a.proposerId === "am" ? "Armenia" : a.proposerId === "az" ? "Azerbaijan" : "Mediation",
            bridging: a.proposerId === "mediation",
          })),
        }),
      );
  const article = fc
    .tuple(
      provision("article", 0, fc.stringMatching(/^[1-9][0-9]{0,2}[a-z]?$/)),
      fc.array(provision("paragraph", 1, fc.constantFrom("1", "2", "(a)", "(b)", "c)")), { maxLength: 3 }),
    )
    .map(([a, children]) => [a, ...children]);
  const document = fc
    .record({
      preamble: fc.array(provision("preamble", 0, fc.constant("")), { maxLength: 3 }),
      articles: fc.array(article, { maxLength: 4 }),
      title: line,
    })
    .map(
      ({ preamble, articles, title }): InstrumentDocument => ({
        ...lead,
        title,
        provisions: [...preamble, ...articles.flat()],
      }),
    );

  /** What the import must find in the Markdown of a document. */
  const expected = (doc: InstrumentDocument) => {
    const alts = (p: DocumentProvision) =>
      p.alternatives.map((a) => ({
        text: a.text,
        kind: a.proposalKind,
        proposer: a.proposerId === "mediation" ? "Mediation, bridging" : a.proposer,
        scope: a.scope === "shared" ? null : a.scope,
      }));
    const shape = (p: DocumentProvision) => ({
      number: p.number,
      heading: p.heading,
      text: p.text,
      alternatives: alts(p),
    });
    const articles: (ReturnType<typeof shape> & { children: ReturnType<typeof shape>[] })[] = [];
    for (const p of doc.provisions) {
      if (p.kind === "article") articles.push({ ...shape(p), children: [] });
      if (p.kind === "paragraph") articles.at(-1)?.children.push(shape(p));
    }
    return {
      title: doc.title,
      preamble: doc.provisions
        .filter((p) => p.kind === "preamble")
        .map((p) => ({ text: p.text, alternatives: alts(p) })),
      articles,
    };
  };
  const found = (preview: ImportPreview) => {
    const alts = (p: ImportedProvision) => p.alternatives.map(({ line: _, ...a }) => a);
    const shape = (p: ImportedProvision) => ({
      number: p.number,
      heading: p.heading,
      text: p.text,
      alternatives: alts(p),
    });
    return {
      title: preview.title,
      preamble: preview.preamble.map((p) => ({ text: p.text, alternatives: alts(p) })),
      articles: preview.articles.map((a) => ({ ...shape(a), children: a.children.map(shape) })),
    };
  };

  it("reads back what it wrote", () => {
    fc.assert(
      fc.property(document, (doc) => {
        const preview = parseMarkdownDraft(instrumentMarkdown(doc));
        expect(found(preview)).toEqual(expected(doc));
        expect(preview.unrecognised).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
