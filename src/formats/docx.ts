import {
  DeletedTextRun,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  InsertedTextRun,
  type IRunOptions,
  Packer,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from "docx";
import { docxHeaderFooter, docxStyles, PAGE, STYLE } from "./docx-styles.ts";
import type { InstrumentDocument } from "./model.ts";
import {
  type LayoutOptions,
  mapFields,
  noBreak,
  type PrintedBlock,
  type PrintedNote,
  printedLayout,
  STATUS_COLOURS,
  versionLine,
} from "./render-layout.ts";

export type DocxOptions = LayoutOptions;

/** Whether a stretch of text is unchanged, or inserted or deleted by a redline. */
export type Change = "equal" | "insert" | "delete";
export interface Piece {
  text: string;
  change: Change;
}
/** A field of a printed block as a sequence of pieces: one unchanged piece outside a redline. */
export type Field = readonly Piece[];

/** Who and when tracked changes are attributed to, and the next revision id (unique in the document). */
export interface Revisions {
  author: string;
  date: string;
  nextId: number;
}

/** One unchanged field. */
export function plain(text: string): Field {
  return text ? [{ text, change: "equal" }] : [];
}

function runs(field: Field, style: IRunOptions, revisions: Revisions | null): ParagraphChild[] {
  return field.map((piece) => {
    if (piece.change === "equal" || revisions === null) return new TextRun({ ...style, text: piece.text });
    const options = {
      ...style,
      text: piece.text,
      id: revisions.nextId++,
      author: revisions.author,
      date: revisions.date,
    };
    return piece.change === "insert" ? new InsertedTextRun(options) : new DeletedTextRun(options);
  });
}

/** A proposer's label is kept on one line (no-break spaces) unless it is too long to fit one. */
function unbreakable(field: Field): Field {
  return field.map((piece) => ({ ...piece, text: noBreak(piece.text) }));
}

const RESTRICTED_COLOUR = "B3261E";

// `whole` is how a redline changed the block as a whole: the fixed text (brackets, dashes) follows it.
/** One printed block as a Word paragraph, its fields as plain or tracked runs. */
export function blockParagraph(
  block: PrintedBlock<Field>,
  whole: Change,
  revisions: Revisions | null,
  keepNext = false,
): Paragraph {
  const fixed = (text: string, style: IRunOptions = {}) => runs([{ text, change: whole }], style, revisions);
  const noteRef = (note: number | null) => (note === null ? [] : [new FootnoteReferenceRun(note)]);
  switch (block.kind) {
    case "title":
      return new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(block.text, {}, revisions) });
    case "meta":
      return new Paragraph({ style: STYLE.meta.id, children: runs(block.text, {}, revisions) });
    case "legend":
      return new Paragraph({ style: STYLE.legend.id, children: runs(block.text, {}, revisions) });
    case "section":
      return new Paragraph({ style: STYLE.section.id, children: runs(block.text, {}, revisions) });
    case "formula":
      return new Paragraph({
        style: STYLE.text.id,
        // Set apart from the recitals it opens or closes, as the PDF does.
        spacing: block.formula === "opening" ? { after: 200 } : { before: 80, after: 200 },
        keepNext,
        children: runs(block.text, {}, revisions),
      });
    case "heading":
      return new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: [
          ...runs(block.label, { bold: true }, revisions),
          ...(block.title.length > 0 ? [...fixed(" "), ...runs(block.title, {}, revisions)] : []),
          ...noteRef(block.note),
        ],
      });
    case "text":
      return new Paragraph({
        style: block.label.length > 0 ? STYLE.item.id : STYLE.text.id,
        keepNext,
        indent: block.depth > 0 ? { left: 454 * block.depth } : undefined,
        children: [
          ...(block.label.length > 0 ? [...runs(block.label, { bold: true }, revisions), ...fixed(" ")] : []),
          ...runs(block.text, {}, revisions),
          ...noteRef(block.note),
        ],
      });
    case "alternative":
      return new Paragraph({
        style: STYLE.alternative.id,
        keepLines: true,
        keepNext,
        children: [
          ...fixed("["),
          ...runs(block.text, {}, revisions),
          ...fixed("]\u2002\u2014\u00a0"),
          ...runs(
            unbreakable(block.proposer),
            block.base ? { italics: true } : { smallCaps: true },
            revisions,
          ),
          ...(block.restricted.length > 0
            ? [
                ...fixed(" (", { italics: true, color: RESTRICTED_COLOUR }),
                ...runs(block.restricted, { italics: true, color: RESTRICTED_COLOUR }, revisions),
                ...fixed(")", { italics: true, color: RESTRICTED_COLOUR }),
              ]
            : []),
        ],
      });
    case "status":
      return new Paragraph({
        style: STYLE.status.id,
        children: runs(block.text, { color: STATUS_COLOURS[block.status] }, revisions),
      });
  }
}

/** A provision's last paragraph stays on the page of its status line, so no status starts a page alone. */
export function keepsWithNext(
  block: PrintedBlock<unknown>,
  next: PrintedBlock<unknown> | undefined,
): boolean {
  return next?.kind === "status" && (block.kind === "text" || block.kind === "alternative");
}

/** Footnotes for Word: one per provision with history. */
export function docxFootnotes(notes: PrintedNote[]): Record<string, { children: Paragraph[] }> {
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  for (const note of notes) {
    footnotes[String(note.index)] = {
      // One paragraph per note: a line per event would let a few histories fill the page.
      children: [new Paragraph({ style: STYLE.note.id, children: [new TextRun(note.lines.join(" "))] })],
    };
  }
  return footnotes;
}

/** Assembles the Word document around its body paragraphs: styles, page, header and footer, footnotes. */
export function docxDocument(
  doc: InstrumentDocument,
  header: string,
  children: Paragraph[],
  extra: { notes?: PrintedNote[]; trackRevisions?: boolean } = {},
): Document {
  return new Document({
    creator: "Parley",
    title: doc.title,
    description: versionLine(doc),
    styles: docxStyles(),
    footnotes: docxFootnotes(extra.notes ?? []),
    features: extra.trackRevisions ? { trackRevisions: true } : undefined,
    sections: [{ properties: { page: PAGE }, ...docxHeaderFooter(header), children }],
  });
}

/** Writes the instrument as a Word document (DOCX): the printed layout, with footnotes of history if asked. */
export async function exportDocx(doc: InstrumentDocument, options: DocxOptions = {}): Promise<Buffer> {
  const layout = printedLayout(doc, options);
  const children = layout.blocks.map((block, i) =>
    blockParagraph(mapFields(block, plain), "equal", null, keepsWithNext(block, layout.blocks[i + 1])),
  );
  return Packer.toBuffer(docxDocument(doc, layout.header, children, { notes: layout.notes }));
}
