import type { Content } from "pdfmake/interfaces.js";
import { describe, expect, it } from "vitest";
import { exportPdf, pdfDefinition } from "./pdf.ts";
import { pdfFonts } from "./pdf-fonts.ts";
import { demoDocument, runDemo } from "./render.ts";

describe("PDF export", () => {
  const run = runDemo();
  const lead = demoDocument("blinken", run);

  it("is a PDF with the instrument's title in its metadata", async () => {
    const bytes = await exportPdf(lead);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.subarray(-6).toString("latin1")).toContain("%%EOF");
    expect(pdfDefinition(lead).info?.title).toBe(lead.title);
  });

  it("names the version and date in the header and numbers pages 'Page N of M'", () => {
    const definition = pdfDefinition(lead);
    const text = (content: unknown) => JSON.stringify(content);
    const header = definition.header;
    const footer = definition.footer;
    if (typeof header !== "function" || typeof footer !== "function")
      throw new Error("header and footer are per page");
    const size = { width: 595, height: 842, orientation: "portrait" as const };
    expect(text(header(2, 5, size))).toContain(
      "Agreement on Peace and Establishment of Interstate Relations · Single negotiating text, 4 May 2023",
    );
    expect(text(footer(2, 5, size))).toContain("Page 2 of 5");
  });

  it("embeds fonts it has on disk, or the Roboto inside pdfmake, and nothing else", () => {
    const fonts = pdfFonts();
    expect(["Liberation Serif", "DejaVu Serif", "Roboto"]).toContain(fonts.faces.serif);
    expect(fonts.files.size).toBeGreaterThanOrEqual(4);
  });

  it("prints bracketed alternatives with their proposers' labels and the status in words", () => {
    const body = JSON.stringify(pdfDefinition(lead).content);
    expect(body).toContain("[The Parties shall delimit the State border between them by agreement.]");
    expect(body).toContain("Status: Bracketed");
    expect(body).toContain("caucus with Azerbaijan, not circulated");
  });

  it("never carries what the member cannot read: the Azerbaijani caucus text is absent for Armenia's head", () => {
    const marker = "on the basis of reciprocity, and shall ensure";
    const content = (doc: typeof lead): Content => pdfDefinition(doc, { footnotes: true }).content;
    expect(JSON.stringify(content(lead))).toContain(marker);
    const forArmenia = JSON.stringify(content(demoDocument("mirzoyan", run)));
    expect(forArmenia).not.toContain(marker);
    expect(forArmenia).not.toContain("caucus");
  });
});
