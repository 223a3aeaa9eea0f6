import pdfmake from "pdfmake";
import type { Content, ContentText, TDocumentDefinitions } from "pdfmake/interfaces.js";
import type { InstrumentDocument } from "./model.ts";
import { pdfFonts } from "./pdf-fonts.ts";
import {
  type LayoutOptions,
  noBreak,
  type PrintedBlock,
  type PrintedNote,
  printedLayout,
  STATUS_COLOURS,
  versionLine,
} from "./render-layout.ts";

export type PdfOptions = LayoutOptions;

const MUTED = "#5F6368";
const RULE = "#BDBDBD";
const RESTRICTED = "#B3261E";
const MM = 72 / 25.4;
/** The same page as the DOCX: A4, 28 mm at the sides, 25 mm top and bottom. */
const MARGINS: [number, number, number, number] = [28 * MM, 25 * MM, 28 * MM, 25 * MM];

/** Small capitals, which pdfmake lacks: capitals at full size, the other letters as smaller capitals. */
function smallCaps(text: string, size: number): ContentText[] {
  return [...text.matchAll(/(\p{Lu}+|[^\p{Lu}]+)/gu)].map(([part]) =>
    /\p{Lu}/u.test(part)
      ? { text: part, fontSize: size }
      : { text: part.toUpperCase(), fontSize: size * 0.78 },
  );
}

const noteMark = (note: number | null): ContentText[] =>
  note === null ? [] : [{ text: String(note), sup: true }];

/** One printed block as pdfmake content, styled as its DOCX paragraph is. */
function blockContent(block: PrintedBlock): Content {
  switch (block.kind) {
    case "title":
      return { text: block.text, fontSize: 15, bold: true, alignment: "center", margin: [0, 0, 0, 8] };
    case "meta":
      return { text: block.text, fontSize: 11, italics: true, alignment: "center", margin: [0, 0, 0, 3] };
    case "legend":
      return {
        margin: [0, 12, 0, 18],
        table: {
          widths: ["*"],
          body: [[{ text: block.text, font: "Sans", fontSize: 8.5, color: MUTED, alignment: "center" }]],
        },
        layout: {
          hLineWidth: () => 0.5,
          vLineWidth: () => 0,
          hLineColor: () => RULE,
          paddingTop: () => 5,
          paddingBottom: () => 5,
        },
      };
    case "section":
      return { text: smallCaps(block.text, 12), bold: true, alignment: "center", margin: [0, 24, 0, 6] };
    case "formula":
      return { text: block.text, margin: [0, block.formula === "opening" ? 6 : 4, 0, 10] };
    case "heading":
      return {
        text: [
          { text: block.label, bold: true },
          block.title ? ` ${block.title}` : "",
          ...noteMark(block.note),
        ],
        margin: [0, 15, 0, 5],
      };
    case "text":
      return {
        text: [
          block.label ? { text: `${block.label} `, bold: true } : "",
          block.text,
          ...noteMark(block.note),
        ],
        margin: [16 * block.depth, 0, 0, 5],
      };
    case "alternative":
      return {
        text: [
          `[${block.text}]\u2002\u2014\u00a0`,
          ...(block.base
            ? [{ text: noBreak(block.proposer), italics: true }]
            : smallCaps(noBreak(block.proposer), 12)),
          ...(block.restricted ? [{ text: ` (${block.restricted})`, italics: true, color: RESTRICTED }] : []),
        ],
        margin: [8 * MM, 0, 0, 5],
      };
    case "status":
      return {
        text: block.text,
        font: "Sans",
        fontSize: 8.5,
        color: `#${STATUS_COLOURS[block.status]}`,
        margin: [0, 1, 0, 8],
      };
  }
}

/**
 * Keeps a heading with the text after it and a status with the text before it, as the DOCX does with
 * "keep with next"; a short provision stays whole. Longer ones may break between their alternatives.
 */
function keptTogether(contents: Content[]): Content[] {
  if (contents.length <= 3) return [{ stack: contents, unbreakable: true }];
  const n = contents.length;
  return [
    { stack: contents.slice(0, 2), unbreakable: true },
    ...contents.slice(2, n - 2),
    { stack: contents.slice(n - 2), unbreakable: true },
  ];
}

function grouped(blocks: PrintedBlock[]): Content[] {
  const out: Content[] = [];
  let group: Content[] = [];
  let current: string | null = null;
  for (const block of blocks) {
    const provisionId = "provisionId" in block ? block.provisionId : null;
    if (provisionId !== current && group.length > 0) {
      out.push(...keptTogether(group));
      group = [];
    }
    current = provisionId;
    if (provisionId === null) out.push(blockContent(block));
    else group.push(blockContent(block));
  }
  if (group.length > 0) out.push(...keptTogether(group));
  return out;
}

function notesContent(notes: PrintedNote[]): Content[] {
  if (notes.length === 0) return [];
  return [
    { text: smallCaps("Notes", 12), bold: true, alignment: "center", margin: [0, 24, 0, 6] },
    ...notes.map(
      (note): Content => ({
        text: [{ text: String(note.index), sup: true }, ` ${note.lines.join(" ")}`],
        fontSize: 9,
        margin: [0, 0, 0, 3],
      }),
    ),
  ];
}

/** The pdfmake definition of the printed layout: header naming version and date, "Page N of M" footer. */
export function pdfDefinition(doc: InstrumentDocument, options: PdfOptions = {}): TDocumentDefinitions {
  const layout = printedLayout(doc, options);
  return {
    info: { title: doc.title, subject: versionLine(doc), creator: "Parley", producer: "Parley" },
    pageSize: "A4",
    pageMargins: MARGINS,
    defaultStyle: { font: "Serif", fontSize: 12, lineHeight: 1.15 },
    header: () => ({
      margin: [MARGINS[0], 12 * MM, MARGINS[2], 0],
      stack: [
        { text: layout.header, font: "Sans", fontSize: 8.5, color: MUTED, alignment: "right" },
        {
          canvas: [
            {
              type: "line",
              x1: 0,
              y1: 3,
              x2: 595.28 - MARGINS[0] - MARGINS[2],
              y2: 3,
              lineWidth: 0.5,
              lineColor: RULE,
            },
          ],
        },
      ],
    }),
    footer: (currentPage: number, pageCount: number) => ({
      text: `Page ${currentPage} of ${pageCount}`,
      font: "Sans",
      fontSize: 8.5,
      color: MUTED,
      alignment: "center",
      margin: [0, 10 * MM, 0, 0],
    }),
    content: [...grouped(layout.blocks), ...notesContent(layout.notes)],
  };
}

/** Writes the instrument as a PDF for circulation, laid out as the DOCX is. */
export async function exportPdf(doc: InstrumentDocument, options: PdfOptions = {}): Promise<Buffer> {
  const fonts = pdfFonts();
  // pdfmake is one shared instance: set everything it reads before each document, and let it fetch nothing.
  pdfmake.setFonts(fonts.dictionary);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => fonts.files.has(path));
  return pdfmake.createPdf(pdfDefinition(doc, options)).getBuffer();
}
