import { deflateRawSync } from "node:zlib";
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  Paragraph,
  TextRun,
} from "docx";
import { describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors.ts";
import { exportDocx } from "./docx.ts";
import { exportDocxRedline } from "./docx-redline.ts";
import { importDocx } from "./import-docx.ts";
import { DOCX_LIMITS } from "./import-docx-zip.ts";
import type { InstrumentDocument } from "./model.ts";
import { exportPdf } from "./pdf.ts";
import { demoDocument, runDemo } from "./render.ts";

/** What a round trip must keep: per provision, its number, heading, text and alternatives with proposers. */
function essentials(doc: InstrumentDocument) {
  return doc.provisions.map((p) => ({
    number: p.kind === "preamble" ? "" : p.number,
    heading: p.heading,
    text: p.alternatives.length > 0 || p.text ? p.text : "",
    alternatives: p.alternatives.map((a) => ({
      text: a.proposalKind === "delete" ? "" : a.text,
      proposer: a.proposer,
      scope: a.scope === "shared" ? null : a.scope,
    })),
  }));
}

describe("DOCX import", () => {
  const run = runDemo();

  it("reads back a DOCX export: the same articles, alternatives and proposers (scopes too)", async () => {
    const doc = demoDocument("blinken", run);
    const { preview } = await importDocx(await exportDocx(doc, { footnotes: true }), {
      parties: doc.parties,
    });
    expect(preview.title).toBe(doc.title);
    expect(preview.unrecognised).toEqual([]);
    const read = [...preview.preamble, ...preview.articles].map((p) => ({
      number: p.number,
      heading: p.heading,
      text: p.text,
      alternatives: p.alternatives.map((a) => ({ text: a.text, proposer: a.proposer, scope: a.scope })),
    }));
    expect(read).toEqual(essentials(doc));
    expect(preview.articles.map((a) => a.status)).toEqual(
      doc.provisions.filter((p) => p.kind !== "preamble").map((p) => p.status),
    );
    expect(preview.warnings).toEqual(["22 footnotes not imported (footnotes are not part of the text)."]);
  });

  it("reads a draft typed in Word: headings, bracketed options with labels, 'Option A:' lines", async () => {
    const draft = new Document({
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.TITLE, text: "Agreement on Transit" }),
            new Paragraph("The Parties, desiring to facilitate transit,"),
            new Paragraph({ children: [new TextRun({ text: "Article 1. Freedom of transit", bold: true })] }),
            new Paragraph(
              "[Transit shall be free.] (Armenia) / [Transit shall be free and unimpeded.] (Azerbaijan)",
            ),
            new Paragraph({ children: [new TextRun({ text: "Art. 2", bold: true })] }),
            new Paragraph("Option A: Fees shall be reasonable."),
            new Paragraph("Option B: No fees shall be charged."),
          ],
        },
      ],
    });
    const { preview } = await importDocx(await Packer.toBuffer(draft));
    expect(preview.title).toBe("Agreement on Transit");
    expect(preview.preamble.map((p) => p.text)).toEqual(["The Parties, desiring to facilitate transit,"]);
    expect(preview.articles.map((a) => [a.number, a.heading])).toEqual([
      ["1", "Freedom of transit"],
      ["2", ""],
    ]);
    expect(preview.articles[0]?.alternatives.map((a) => [a.text, a.proposer])).toEqual([
      ["Transit shall be free.", "Armenia"],
      ["Transit shall be free and unimpeded.", "Azerbaijan"],
    ]);
    expect(preview.articles[1]?.alternatives.map((a) => a.text)).toEqual([
      "Fees shall be reasonable.",
      "No fees shall be charged.",
    ]);
  });

  it("recognises the opening and closing formulas of a Word draft, not as recitals", async () => {
    const draft = new Document({
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.TITLE, text: "Treaty of Friendship" }),
            new Paragraph("The Republic of Ardenia and the Republic of Belmaria,"),
            new Paragraph("Recalling their long friendship,"),
            new Paragraph("Have agreed as follows:"),
            new Paragraph({ children: [new TextRun({ text: "Article 1. Peace", bold: true })] }),
            new Paragraph("There shall be peace from ____."),
          ],
        },
      ],
    });
    const { preview } = await importDocx(await Packer.toBuffer(draft));
    expect(preview.openingFormula).toBe("The Republic of Ardenia and the Republic of Belmaria,");
    expect(preview.preamble.map((p) => p.text)).toEqual(["Recalling their long friendship,"]);
    expect(preview.closingFormula).toBe("Have agreed as follows:");
    expect(preview.articles.map((a) => a.text)).toEqual(["There shall be peace from ____."]);
  });

  it("warns about tracked deletions, insertions and comments, which mammoth would drop silently", async () => {
    const at = "2023-05-01T10:00:00Z";
    const draft = new Document({
      comments: {
        children: [{ id: 0, author: "Adviser", children: [new Paragraph("Check with capital.")] }],
      },
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.TITLE, text: "Draft" }),
            new Paragraph({ children: [new TextRun({ text: "Article 1. Borders", bold: true })] }),
            new Paragraph({
              children: [
                new CommentRangeStart(0),
                new TextRun("The Parties shall "),
                new DeletedTextRun({ text: "promptly ", id: 1, author: "A", date: at }),
                new InsertedTextRun({ text: "jointly ", id: 2, author: "A", date: at }),
                new TextRun("delimit the border."),
                new CommentRangeEnd(0),
                new TextRun({ children: [new CommentReference(0)] }),
              ],
            }),
          ],
        },
      ],
    });
    const { preview } = await importDocx(await Packer.toBuffer(draft));
    expect(preview.articles[0]?.text).toBe("The Parties shall jointly delimit the border.");
    expect(preview.warnings.join("\n")).toMatch(/1 tracked deletion: deleted text is left out/);
    expect(preview.warnings.join("\n")).toMatch(/1 tracked insertion: inserted text is read as accepted/);
    expect(preview.warnings.join("\n")).toMatch(/1 comment: comments are not imported/);
  });

  it("warns about a redline's tracked changes", async () => {
    const before = demoDocument("blinken", runDemo("r2"), "Round 2", "21 March 2023");
    const { preview } = await importDocx(await exportDocxRedline(before, demoDocument("blinken", run)));
    expect(preview.warnings[0]).toMatch(/^The document has \d+ tracked deletions/);
  });
});

interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** The uncompressed size to declare (default: the true one). */
  declared?: number;
  flags?: number;
  deflate?: boolean;
}

/** A minimal zip writer for hostile archives (CRCs are left zero: the checks come before any CRC). */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.deflate ? deflateRawSync(entry.data) : Buffer.from(entry.data);
    const size = entry.declared ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.flags ?? 0, 6);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(entry.flags ?? 0, 8);
    dir.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(dir, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xml = (text: string) => new TextEncoder().encode(text);
const docxLike = (extra: ZipEntry[] = []) => [
  { name: "[Content_Types].xml", data: xml("<Types/>") },
  { name: "word/document.xml", data: xml("<w:document/>") },
  ...extra,
];

/** The reason a file is refused with, checking it is the one typed validation error. */
async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    await importDocx(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const domain = error as DomainError;
    expect(domain.code).toBe("validation");
    expect(domain.message.length).toBeGreaterThan(10);
    return String(domain.details.reason);
  }
  throw new Error("the file was accepted");
}

describe("DOCX import refuses bad files with a clear error, before reading anything", () => {
  const exported = exportDocx(demoDocument("blinken", runDemo()));
  const MB = 1024 * 1024;

  it("truncated: an upload cut short", async () => {
    const bytes = await exported;
    expect(await refusal(bytes.subarray(0, Math.floor(bytes.length / 2)))).toBe("truncated");
    expect(await refusal(bytes.subarray(0, bytes.length - 10))).toBe("truncated");
  });

  it("not a zip: text, or bytes of nothing in particular", async () => {
    expect(await refusal(xml("Article 1. The Parties shall…"))).toBe("not_zip");
    expect(await refusal(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toBe("not_zip");
    expect(await refusal(new Uint8Array())).toBe("empty");
  });

  it("zip bomb: too much declared, more inflated than declared, or too many entries", async () => {
    const tenMb = new Uint8Array(10 * MB);
    const many = Array.from({ length: 6 }, (_, i) => ({
      name: `word/media/${i}.bin`,
      data: tenMb,
      deflate: true,
    }));
    expect(await refusal(zip(docxLike(many)))).toBe("zip_bomb");
    const liar = { name: "word/media/x.bin", data: tenMb, deflate: true, declared: 1_000 };
    expect(await refusal(zip(docxLike([liar])))).toBe("zip_bomb");
    const crowd = Array.from({ length: DOCX_LIMITS.maxEntries + 1 }, (_, i) => ({
      name: `f${i}`,
      data: xml(""),
    }));
    expect(await refusal(zip(crowd))).toBe("zip_bomb");
  });

  it("huge: more than 20 MB", async () => {
    const huge = Buffer.alloc(DOCX_LIMITS.maxFileBytes + 1);
    huge.write("PK\x03\x04", "latin1");
    expect(await refusal(huge)).toBe("too_large");
  });

  it("wrong type: a PDF, a spreadsheet, an old .doc, a zip of something else", async () => {
    expect(await refusal(await exportPdf(demoDocument("blinken", runDemo())))).toBe("wrong_type");
    const xlsx = zip([
      { name: "[Content_Types].xml", data: xml("<Types/>") },
      { name: "xl/workbook.xml", data: xml("<x/>") },
    ]);
    expect(await refusal(xlsx)).toBe("wrong_type");
    const doc = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(doc);
    doc.write("WordDocument", 1024, "utf16le");
    expect(await refusal(doc)).toBe("wrong_type");
    expect(await refusal(zip([{ name: "notes.txt", data: xml("hello") }]))).toBe("wrong_type");
  });

  it("encrypted: a password-protected document, or encrypted zip entries", async () => {
    const protectedDocx = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(protectedDocx);
    protectedDocx.write("EncryptionInfo", 1024, "utf16le");
    protectedDocx.write("EncryptedPackage", 1200, "utf16le");
    expect(await refusal(protectedDocx)).toBe("encrypted");
    expect(await refusal(zip(docxLike([{ name: "word/secret.xml", data: xml("x"), flags: 1 }])))).toBe(
      "encrypted",
    );
  });

  it("malformed: a zip whose Word XML cannot be read", async () => {
    const broken = zip([
      { name: "[Content_Types].xml", data: xml("<Types/>") },
      { name: "word/document.xml", data: xml("<w:document><w:body><w:p>"), deflate: true },
    ]);
    expect(await refusal(broken)).toBe("malformed");
  });
});
