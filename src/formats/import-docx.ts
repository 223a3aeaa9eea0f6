import mammoth from "mammoth";
import { blocksToMarkdown, PARLEY_STYLE_MAP, readHtml } from "./import-docx-html.ts";
import { openDocx, rejectDocx } from "./import-docx-zip.ts";
import { parseMarkdownDraft } from "./import-markdown.ts";
import type { ImportPreview } from "./import-model.ts";

/**
 * DOCX import: the file is checked and unpacked defensively (`openDocx`), what mammoth would drop without a
 * word is counted from the XML itself, mammoth reads the text, and the Markdown draft parser recognises the
 * structure. Nothing is written here: the caller shows the preview, then imports it as events.
 */

export interface DocxImportOptions {
  /** The negotiation's parties, to read printed restrictions ("caucus with Azerbaijan") back as scopes. */
  parties?: readonly { id: string; name: string }[];
}

export interface DocxImport {
  preview: ImportPreview;
  /** The draft as the Markdown the parser read (for the preview's line numbers). */
  markdown: string;
}

const count = (xml: string, pattern: RegExp) => (xml.match(pattern) ?? []).length;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the DOCX holds that the import cannot carry and mammoth would leave out silently, as warnings. */
export function droppedContent(parts: ReadonlyMap<string, Buffer>): string[] {
  const document = parts.get("word/document.xml")?.toString("utf8") ?? "";
  const comments = parts.get("word/comments.xml")?.toString("utf8") ?? "";
  const warnings: string[] = [];
  const deletions = count(document, /<w:del[\s>]/g) + count(document, /<w:moveFrom[\s>]/g);
  if (deletions > 0) {
    warnings.push(
      `The document has ${plural(deletions, "tracked deletion")}: deleted text is left out, as if accepted. ` +
        "Accept or reject the changes in Word first if that is not what you mean.",
    );
  }
  const insertions = count(document, /<w:ins[\s>]/g) + count(document, /<w:moveTo[\s>]/g);
  if (insertions > 0) {
    warnings.push(
      `The document has ${plural(insertions, "tracked insertion")}: inserted text is read as accepted.`,
    );
  }
  const commentCount = Math.max(
    count(comments, /<w:comment[\s>]/g),
    count(document, /<w:commentReference[\s>]/g),
  );
  if (commentCount > 0)
    warnings.push(`The document has ${plural(commentCount, "comment")}: comments are not imported.`);
  return warnings;
}

/** Reads a DOCX draft into an import preview, with warnings for everything that could not be carried. */
export async function importDocx(bytes: Uint8Array, options: DocxImportOptions = {}): Promise<DocxImport> {
  const parts = openDocx(bytes);
  const warnings = droppedContent(parts);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { styleMap: PARLEY_STYLE_MAP, convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    );
    html = result.value;
  } catch (error) {
    throw rejectDocx("malformed", "The Word document cannot be read: its contents are damaged.", {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  const reading = readHtml(html);
  if (reading.footnotes > 0) {
    warnings.push(
      `${plural(reading.footnotes, "footnote")} not imported (footnotes are not part of the text).`,
    );
  }
  if (reading.tables > 0) warnings.push(`${plural(reading.tables, "table")} read as plain paragraphs.`);
  if (reading.images > 0) warnings.push(`${plural(reading.images, "image")} left out.`);
  const markdown = blocksToMarkdown(reading, options.parties);
  const preview = parseMarkdownDraft(markdown);
  preview.warnings.unshift(...warnings);
  return { preview, markdown };
}
