import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { parseCommand } from "../domain/commands.ts";
import { execute } from "../domain/decide.ts";
import { viewerOf, viewFor } from "../domain/view.ts";
import { instrumentAkn, provisionEId } from "./akn.ts";
import { validateAkn } from "./akn-schema.ts";
import type { DocumentProvision, InstrumentDocument } from "./model.ts";
import { statementDocuments } from "./model.ts";
import { demoDocument, runDemo } from "./render.ts";
import { statementAkn } from "./statement-akn.ts";

const run = runDemo();
const lead = demoDocument("blinken", run);

type Element = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: false,
  isArray: (name) =>
    [
      "article",
      "recital",
      "p",
      "step",
      "TLCOrganization",
      "TLCConcept",
      "parley:provision",
      "paragraph",
    ].includes(name),
});

/** Every element of a given name anywhere in a parsed tree. */
function all(tree: unknown, name: string): Element[] {
  const out: Element[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === name)
          out.push(
            ...(Array.isArray(value) ? value : [value]).filter((v): v is Element => typeof v === "object"),
          );
        walk(value);
      }
    }
  };
  walk(tree);
  return out;
}

const attr = (element: Element, name: string) => String(element[`@${name}`] ?? "");

describe("Akoma Ntoso export of the instrument", () => {
  const viewers = [null, ...run.state.all("member").map((m) => m.id)];

  it("is valid against the official schema for every member and the public", async () => {
    const documents = viewers.map((member) =>
      instrumentAkn(demoDocument(member ?? "nobody@nowhere.test", run)),
    );
    const result = await validateAkn(documents);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("is a bill with FRBR metadata whose work URI stays the same from version to version", () => {
    const earlier = parser.parse(instrumentAkn(demoDocument("blinken", runDemo("r2"), "Text", "2023-03-24")));
    const now = parser.parse(instrumentAkn(lead));
    const work = (tree: unknown) => attr(all(all(tree, "FRBRWork")[0], "FRBRthis")[0] ?? {}, "value");
    const expression = (tree: unknown) =>
      attr(all(all(tree, "FRBRExpression")[0], "FRBRthis")[0] ?? {}, "value");
    expect(work(now)).toBe("/akn/int/bill/2023-01-10/armenia-azerbaijan-2023/!main");
    expect(work(earlier)).toBe(work(now));
    expect(expression(now)).toBe("/akn/int/bill/2023-01-10/armenia-azerbaijan-2023/eng@2023-05-04/!main");
    expect(expression(earlier)).toContain("eng@2023-03-24");
    expect(all(now, "bill")[0]?.["@name"]).toBe("treaty");
  });

  it("has a TLCOrganization for the mediation and each party", () => {
    const orgs = all(parser.parse(instrumentAkn(lead)), "TLCOrganization").map((o) => [
      attr(o, "eId"),
      attr(o, "showAs"),
    ]);
    expect(orgs).toEqual([
      ["mediation", "Mediation"],
      ["am", "Armenia"],
      ["az", "Azerbaijan"],
    ]);
  });

  it("derives eIds from provision ids, so they survive new versions and renumbering", () => {
    const eIds = (doc: InstrumentDocument) =>
      new Map(all(parser.parse(instrumentAkn(doc)), "article").map((a) => [attr(a, "eId"), a.num]));
    const before = eIds(demoDocument("blinken", runDemo("r2")));
    const later = runDemo();
    execute(later.state, parseCommand({ type: "renumber-provision", provisionId: "art-8", number: "8bis" }), {
      negotiationId: "armenia-azerbaijan-2023",
      actor: "blinken",
      at: "2023-05-05T10:00:00Z",
    });
    const after = eIds(demoDocument("blinken", later));
    expect([...before.keys()]).toEqual([...after.keys()]);
    expect(after.get("art_art-8")).toBe("Article 8bis");
    expect(provisionEId({ id: "art-8", kind: "article" })).toBe("art_art-8");
    expect(provisionEId({ id: "p2", kind: "paragraph" }, "art_art-8")).toBe("art_art-8__para_p2");
  });

  it("links each alternative to the base text, names its proposer and dates it in the workflow", () => {
    const tree = parser.parse(instrumentAkn(lead));
    const article = all(tree, "article").find((a) => attr(a, "eId") === "art_art-3");
    const paragraphs = all(article, "p");
    expect(paragraphs.map((p) => [attr(p, "eId"), attr(p, "alternativeTo"), attr(p, "refersTo")])).toEqual([
      ["art_art-3__text", "", ""],
      ["art_art-3__alt_p-art3-am", "art_art-3__text", "#am"],
      ["art_art-3__alt_p-art3-az", "art_art-3__text", "#az"],
      ["art_art-3__alt_p-art3-bridge", "art_art-3__text", "#mediation"],
    ]);
    const steps = all(tree, "step").filter((s) => attr(s, "href").startsWith("#art_art-3__"));
    expect(steps.map((s) => [attr(s, "by"), attr(s, "href")])).toEqual([
      ["#am", "#art_art-3__alt_p-art3-am"],
      ["#az", "#art_art-3__alt_p-art3-az"],
      ["#mediation", "#art_art-3__alt_p-art3-bridge"],
    ]);
  });

  it("keeps each provision's status as a reference to a status concept and in proprietary metadata", () => {
    const tree = parser.parse(instrumentAkn(lead));
    const concepts = new Set(all(tree, "TLCConcept").map((c) => `#${attr(c, "eId")}`));
    const byEId = new Map(all(tree, "parley:provision").map((p) => [attr(p, "href"), attr(p, "status")]));
    const articles = all(tree, "article");
    expect(articles).toHaveLength(lead.provisions.filter((p) => p.kind !== "preamble").length);
    for (const provision of lead.provisions) {
      const eId = provisionEId(provision);
      const element = [...articles, ...all(tree, "recital")].find((a) => attr(a, "eId") === eId);
      expect(attr(element ?? {}, "refersTo")).toBe(`#status-${provision.status.replaceAll("_", "-")}`);
      expect(concepts.has(attr(element ?? {}, "refersTo"))).toBe(true);
      expect(byEId.get(`#${eId}`)).toBe(provision.status);
    }
  });
});

describe("Akoma Ntoso export of unusual instruments", () => {
  const line = fc.string({ maxLength: 40 });
  const alternative = fc.record({
    proposalId: fc.stringMatching(/^[a-z0-9-]{1,10}$/),
    proposerId: fc.constantFrom("am", "az", "mediation"),
    proposer: line,
    bridging: fc.boolean(),
    proposalKind: fc.constantFrom<"new" | "replace" | "delete">("new", "replace", "delete"),
    text: fc.string({ maxLength: 80 }),
    scope: fc.constantFrom("shared", "caucus:am", "mediation"),
    tabledAt: fc.constantFrom(undefined, "2023-05-01T10:00:00Z", "not a date"),
  });
  const provision = fc.record({
    kind: fc.constantFrom<DocumentProvision["kind"]>("preamble", "article", "paragraph", "final"),
    depth: fc.nat({ max: 2 }),
    number: line,
    heading: line,
    text: fc.string({ maxLength: 80 }),
    status: fc.constantFrom<DocumentProvision["status"]>(
      "open",
      "bracketed",
      "agreed",
      "reopened",
      "agreed_ad_referendum",
    ),
    alternatives: fc.uniqueArray(alternative, { maxLength: 3, selector: (a) => a.proposalId }),
    history: fc.array(line, { maxLength: 2 }),
  });
  const documents = fc.record({
    title: line,
    openingFormula: fc.constantFrom("", "The Parties,", " ", "Ardenia & <Belmaria>,\u0001"),
    closingFormula: fc.constantFrom("", "Have agreed as follows:", "\t"),
    date: fc.constantFrom("4 May 2023", "2023-05-04", "", "someday"),
    provisions: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,8}$/), provision), {
      maxLength: 8,
      selector: ([id]) => id,
    }),
  });

  afterEach(() => {
    delete process.env.PARLEY_AKN_SCHEMA;
  });

  it("stays valid: nesting, empty bodies, deletions, control characters, odd dates", async () => {
    const samples = fc
      .sample(documents, { numRuns: 60, seed: 7 })
      .map(({ title, date, openingFormula, closingFormula, provisions }): InstrumentDocument => {
        // Depths as the model gives them: a child is at most one level below the provision before it.
        let previous = -1;
        return {
          ...lead,
          title,
          date,
          openingFormula,
          closingFormula,
          provisions: provisions.map(([id, p]) => {
            const depth = Math.min(p.depth, previous + 1);
            previous = depth;
            return { ...p, id, depth, statusLabel: p.status };
          }),
        };
      });
    const result = await validateAkn(samples.map(instrumentAkn));
    expect(result.errors).toEqual([]);
  });

  it("puts the formulas in the preamble, around the recitals, valid against the schema", async () => {
    const doc: InstrumentDocument = {
      ...lead,
      openingFormula: "The Republic of Ardenia and the Republic of Belmaria,",
      closingFormula: "Have agreed as follows:",
    };
    const xml = instrumentAkn(doc);
    expect((await validateAkn(xml)).errors).toEqual([]);
    const preamble = /<preamble>([\s\S]*?)<\/preamble>/.exec(xml)?.[1] ?? "";
    expect(preamble.indexOf('<formula eId="formula_1" name="openingFormula">')).toBeLessThan(
      preamble.indexOf("<recitals"),
    );
    expect(preamble.indexOf('<formula eId="formula_2" name="enactingFormula">')).toBeGreaterThan(
      preamble.indexOf("</recitals>"),
    );
    expect(preamble).toContain("<p>The Republic of Ardenia and the Republic of Belmaria,</p>");
    expect(preamble).toContain("<p>Have agreed as follows:</p>");
    // Formulas alone, without recitals, still make a valid preamble.
    const bare = instrumentAkn({ ...doc, provisions: doc.provisions.filter((p) => p.kind !== "preamble") });
    expect((await validateAkn(bare)).errors).toEqual([]);
    expect(bare).toContain('name="enactingFormula"');
  });

  it("keeps text exactly, markup characters and entity look-alikes included", () => {
    const text = "Tom & Jerry &amp; &foo; &#65; <b>bold</b> \"quoted\" 'single'\u0001";
    const doc: InstrumentDocument = {
      ...lead,
      provisions: [{ ...(lead.provisions[3] as DocumentProvision), text, heading: text }],
    };
    const xml = instrumentAkn(doc);
    const decode = (s: string) =>
      s.replace(
        /&(lt|gt|quot|apos|amp);/g,
        (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name] ?? "",
      );
    const kept = text.replace("\u0001", "");
    expect(decode(/<heading>(.*?)<\/heading>/.exec(xml)?.[1] ?? "")).toBe(kept);
    expect(decode(/<p eId="art_art-1__text">(.*?)<\/p>/.exec(xml)?.[1] ?? "")).toBe(kept);
  });

  it("says clearly where it looked when the schema is missing", async () => {
    process.env.PARLEY_AKN_SCHEMA = "/nonexistent/akomantoso30.xsd";
    await expect(validateAkn(instrumentAkn(lead))).rejects.toThrow(/not at \/nonexistent\/akomantoso30\.xsd/);
  });
});

describe("Akoma Ntoso export of statements", () => {
  it("is a valid <statement> for every statement every member and the public can read", async () => {
    const viewers = [null, ...run.state.all("member").map((m) => m.id)];
    const statements = viewers.flatMap((member) =>
      statementDocuments(viewFor(run.state, viewerOf(run.state, member))),
    );
    expect(new Set(statements.map((s) => s.id))).toEqual(
      new Set(["st-joint", "st-mediator", "st-am", "st-az"]),
    );
    const xml = statements.map((s) => statementAkn(s));
    expect((await validateAkn(xml)).errors).toEqual([]);
    const joint = parser.parse(xml[statements.findIndex((s) => s.id === "st-joint")] ?? "");
    expect(all(joint, "statement")[0]?.["@name"]).toBe("joint-statement");
    expect(all(joint, "docProponent").map((p) => attr(p, "refersTo"))).toEqual(["#am", "#az"]);
  });
});
