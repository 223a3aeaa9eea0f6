import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDocx } from "./docx.ts";
import { exportPdf } from "./pdf.ts";
import {
  convertToPdf,
  demoDocument,
  missingRenderTools,
  pdfPageCount,
  pdfText,
  pdfToPngs,
  runDemo,
  writeOut,
} from "./render.ts";

/**
 * The demo instrument, exported as the mediation lead reads it, rendered as a reader would see it:
 * the DOCX through LibreOffice, the PDF as written, both to pictures with poppler. Locally the suite is
 * skipped when LibreOffice or poppler is missing; in CI it must run.
 */
const missing = missingRenderTools();
const inCi = Boolean(process.env.CI);
const skip = missing.length > 0 && !inCi;
if (skip) {
  console.warn(
    `Skipping the DOCX/PDF rendering tests: ${missing.join(", ")} not found ` +
      "(apt-get install libreoffice-writer-nogui poppler-utils fonts-dejavu fonts-liberation2).",
  );
}

describe("rendering tools", () => {
  it.runIf(inCi)("are installed in CI (LibreOffice, poppler)", () => {
    expect(missing).toEqual([]);
  });
});

/** Words of the text, with line breaks and the layout's spacing flattened. */
const flat = (text: string) => text.replace(/\s+/g, " ");

interface Rendered {
  pages: number;
  text: string;
  pngs: string[];
}

describe.skipIf(skip)("the demo instrument, rendered", () => {
  // PARLEY_RENDER_DIR keeps the files (to look at them); by default they go to a temporary folder.
  const keep = process.env.PARLEY_RENDER_DIR;
  const dir = keep ?? mkdtempSync(join(tmpdir(), "parley-render-"));
  const rendered = new Map<"docx" | "pdf", Rendered>();

  beforeAll(async () => {
    const doc = demoDocument("blinken", runDemo());
    const docxPath = writeOut(dir, "demo.docx", await exportDocx(doc, { footnotes: true }));
    const fromDocx = convertToPdf(docxPath, join(dir, "from-docx"));
    const pdfPath = writeOut(dir, "demo.pdf", await exportPdf(doc, { footnotes: true }));
    for (const [format, pdf] of [
      ["docx", fromDocx],
      ["pdf", pdfPath],
    ] as const) {
      rendered.set(format, {
        pages: pdfPageCount(pdf),
        text: flat(pdfText(pdf)),
        pngs: pdfToPngs(pdf, join(dir, "png"), format),
      });
    }
  }, 240_000);

  afterAll(() => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  });

  for (const format of ["docx", "pdf"] as const) {
    describe(format === "docx" ? "DOCX (in LibreOffice)" : "PDF", () => {
      const get = (): Rendered => {
        const r = rendered.get(format);
        if (!r) throw new Error(`${format} was not rendered`);
        return r;
      };

      it("runs to a few pages, each numbered 'Page N of M' with the right total", () => {
        const { pages, text } = get();
        expect(pages).toBeGreaterThanOrEqual(3);
        expect(pages).toBeLessThanOrEqual(8);
        for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages}`);
      });

      it("names the instrument, the version and the date in the header of every page", () => {
        const { pages, text } = get();
        const header =
          "Agreement on Peace and Establishment of Interstate Relations · Single negotiating text, 4 May 2023";
        expect(text.split(header).length - 1).toBe(pages);
      });

      it("prints every article heading in order, with the final clauses set apart", () => {
        const { text } = get();
        let from = 0;
        for (let n = 1; n <= 19; n++) {
          const at = text.indexOf(`Article ${n}.`, from);
          expect(at, `Article ${n}`).toBeGreaterThan(from - 1);
          from = at;
        }
        expect(text).toContain("Article 3. Delimitation of the State border");
        expect(text.toLowerCase()).toContain("final clauses");
      });

      it("shows bracketed alternatives each followed by its proposer, and the current text", () => {
        const { text } = get();
        expect(text).toMatch(
          /\[The Parties shall delimit the State border between them by agreement\.\] — Current text/,
        );
        expect(text).toMatch(/Demarcation shall begin once delimitation is complete\.\] — Armenia/i);
        expect(text).toMatch(/as soon as it is delimited\.\] — Azerbaijan/i);
        expect(text).toMatch(/the commission so decides\.\] — Mediation \(bridging proposal\)/i);
        expect(text).toMatch(/along them\.\] — Azerbaijan \(caucus with Azerbaijan, not circulated\)/i);
      });

      it("names each provision's status in words", () => {
        const { text } = get();
        for (const status of ["Agreed", "Bracketed", "Agreed ad referendum", "Open", "Reopened"]) {
          expect(text).toContain(`Status: ${status}`);
        }
        expect(text.split("Status: ").length - 1).toBe(22);
      });

      it("carries the history of provisions as notes", () => {
        expect(get().text).toMatch(/Provision added \(bono\)/);
      });

      it("renders every page to a picture with ink on it", () => {
        const { pages, pngs } = get();
        expect(pngs).toHaveLength(pages);
        for (const png of pngs) expect(statSync(png).size).toBeGreaterThan(4_000);
      });
    });
  }
});

describe.skipIf(skip)("a text drafted from scratch, with its formulas, rendered", () => {
  const keep = process.env.PARLEY_RENDER_DIR;
  const dir = keep ?? mkdtempSync(join(tmpdir(), "parley-render-"));
  afterAll(() => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  });

  it("prints the opening formula before the recitals and the closing one before the first article", async () => {
    const lead = demoDocument("blinken", runDemo());
    const base = { status: "open" as const, statusLabel: "Open", alternatives: [], history: [], heading: "" };
    const doc = {
      ...lead,
      title: "Treaty of Friendship",
      openingFormula: "The Republic of Ardenia and the Republic of Belmaria,",
      closingFormula: "Have agreed as follows:",
      provisions: [
        {
          ...base,
          id: "pp1",
          kind: "preamble" as const,
          depth: 0,
          number: "PP1",
          text: "Recalling their friendship,",
        },
        { ...base, id: "a1", kind: "article" as const, depth: 0, number: "1", heading: "Peace", text: "" },
        {
          ...base,
          id: "a1-1",
          kind: "paragraph" as const,
          depth: 1,
          number: "1",
          text: "Peace from [date].",
        },
      ],
    };
    const fromDocx = convertToPdf(writeOut(dir, "drafted.docx", await exportDocx(doc)), join(dir, "drafted"));
    const pdf = writeOut(dir, "drafted.pdf", await exportPdf(doc));
    for (const [name, file] of [
      ["drafted-docx", fromDocx],
      ["drafted-pdf", pdf],
    ] as const) {
      const text = flat(pdfText(file));
      const order = [
        doc.openingFormula,
        "Recalling their friendship,",
        doc.closingFormula,
        "Article 1. Peace",
      ];
      const at = order.map((s) => text.indexOf(s));
      expect(
        at.every((n) => n >= 0),
        `${name}: ${text}`,
      ).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
      expect(pdfToPngs(file, join(dir, "png"), name).length).toBe(1);
    }
  }, 120_000);
});
