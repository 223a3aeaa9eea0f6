import { escapeInline, escapeLine } from "./markdown-syntax.ts";
import { BASE_LABEL } from "./render-layout.ts";

/**
 * Turns the HTML mammoth makes of a DOCX into the Markdown the draft parser reads. Paragraphs in Parley's
 * own export styles are read as what they are (the provision text escaped, alternatives as
 * `[text] (Proposer)`, the legend dropped); any other paragraph passes through as written, so the
 * parser recognises the structure of a draft typed in Word ("Article 3", "[…] / […]", "Option A: …").
 */

/** Mammoth's style map: Parley's export styles become paragraph classes. */
export const PARLEY_STYLE_MAP = [
  "Meta",
  "Legend",
  "Section",
  "Text",
  "Item",
  "Alternative",
  "Status",
  "Note",
].map((name) => `p[style-name='Parley ${name}'] => p.parley-${name.toLowerCase()}:fresh`);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decode(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X"))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? all;
    })
    .replace(/\u00a0/g, " ");
}

interface HtmlBlock {
  tag: string;
  cls: string;
  text: string;
  /** Marker of a list item ("1." or "-") and its nesting depth. */
  marker: string;
  depth: number;
}

export interface HtmlReading {
  blocks: HtmlBlock[];
  footnotes: number;
  tables: number;
  images: number;
}

/** Reads mammoth's HTML into blocks, leaving out footnote marks and the footnotes themselves (counted). */
export function readHtml(html: string): HtmlReading {
  const noteList = html.search(/<ol><li id="(?:footnote|endnote)-/);
  const notes = noteList < 0 ? "" : html.slice(noteList);
  const body = (noteList < 0 ? html : html.slice(0, noteList)).replace(
    /<sup><a href="#(?:footnote|endnote)-[^"]*" id="(?:footnote|endnote)-ref-[^"]*">\[\d+\]<\/a><\/sup>/g,
    "",
  );
  const blocks: HtmlBlock[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let open: HtmlBlock | null = null;
  const flush = () => {
    if (open) blocks.push({ ...open, text: decode(open.text).replace(/\s+/g, " ").trim() });
    open = null;
  };
  for (const token of body.matchAll(/<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/gi)) {
    const [, closing, rawTag, attributes = "", text] = token;
    if (text !== undefined) {
      if (open) open.text += text;
      continue;
    }
    const tag = (rawTag ?? "").toLowerCase();
    if (tag === "br" && open) open.text += " ";
    else if (tag === "ol" || tag === "ul") {
      flush();
      if (closing) lists.pop();
      else lists.push({ ordered: tag === "ol", n: 0 });
    } else if (tag === "li" && !closing) {
      flush();
      const list = lists.at(-1);
      const marker = list?.ordered ? `${++list.n}.` : "-";
      open = { tag, cls: "", text: "", marker, depth: Math.max(0, lists.length - 1) };
    } else if (/^(p|h[1-6])$/.test(tag) && !closing) {
      if (open?.tag === "li" && open.text.trim() === "") continue;
      flush();
      const cls = /class="([^"]*)"/.exec(attributes)?.[1] ?? "";
      open = { tag, cls, text: "", marker: "", depth: 0 };
    } else if (closing && /^(p|h[1-6]|li)$/.test(tag)) flush();
  }
  flush();
  return {
    blocks,
    footnotes: (notes.match(/<li id="(?:footnote|endnote)-/g) ?? []).length,
    tables: (html.match(/<table/g) ?? []).length,
    images: (html.match(/<img/g) ?? []).length,
  };
}

/** "[text] — Armenia (caucus with Azerbaijan, not circulated)" as printed by the DOCX export. */
const PRINTED_ALTERNATIVE = /^\[(.*)\]\s*[—–]\s*(.+?)(?:\s*\(([^()]*not circulated[^()]*)\))?$/;

/** A printed restriction back as a scope: "caucus with Azerbaijan, not circulated" → "caucus:az". */
function scopeOf(restriction: string, parties: readonly { id: string; name: string }[]): string {
  const match = /^(caucus with|(.+) internal|mediation only)/i.exec(restriction.trim());
  const named = (name: string) =>
    parties.find((p) => p.name.toLowerCase() === name.trim().toLowerCase())?.id ?? name;
  if (!match) return restriction;
  if (/^mediation/i.test(match[0])) return "mediation";
  if (match[2] !== undefined) return `party:${named(match[2])}`;
  return `caucus:${named(restriction.replace(/^caucus with\s+/i, "").replace(/,\s*not circulated.*$/i, ""))}`;
}

/** One block as Markdown lines (none for the export's legend and notes). */
function blockLines(block: HtmlBlock, parties: readonly { id: string; name: string }[]): string[] {
  const text = block.text;
  if (block.tag === "h1") return [`# ${text}`];
  if (/^h[2-6]$/.test(block.tag)) return [`## ${text}`];
  if (block.tag === "li") return [`${"   ".repeat(block.depth)}${block.marker} ${text}`];
  switch (block.cls) {
    case "parley-legend":
    case "parley-note":
    case "parley-meta":
      return [];
    case "parley-section":
      return [`## ${text}`];
    case "parley-status":
      return [text];
    case "parley-text":
      return [escapeLine(text)];
    case "parley-item": {
      const [, label = "", rest = ""] = /^(\S+)\s*(.*)$/.exec(text) ?? [];
      return [`${label} ${escapeInline(rest)}`];
    }
    case "parley-alternative": {
      const printed = PRINTED_ALTERNATIVE.exec(text);
      if (!printed) return [text];
      const [, inner = "", proposer = "", restricted] = printed;
      if (proposer === BASE_LABEL) return [escapeLine(inner)];
      const label = restricted ? `${proposer}; not circulated: ${scopeOf(restricted, parties)}` : proposer;
      return [`[${escapeInline(inner)}] (${escapeInline(label)})`];
    }
    default:
      return [text];
  }
}

// Consecutive bracketed alternatives stay together, a line each: the parser reads them as one list.
/** The blocks as Markdown for the draft parser, a paragraph per block. */
export function blocksToMarkdown(
  reading: HtmlReading,
  parties: readonly { id: string; name: string }[] = [],
): string {
  const out: string[] = [];
  let versions: string[] = [];
  let previousWasAlternative = false;
  for (const block of reading.blocks) {
    if (block.text === "") continue;
    if (block.cls === "parley-meta") {
      versions.push(block.text);
      continue;
    }
    const lines = blockLines(block, parties);
    if (versions.length > 0) {
      if (out.length > 0) out.push("");
      out.push(`Version: ${escapeInline(versions.join(". "))}`);
      versions = [];
    }
    const isAlternative = (lines[0] ?? "").startsWith("[");
    if (lines.length === 0) continue;
    if (!(isAlternative && previousWasAlternative) && out.length > 0) out.push("");
    out.push(...lines);
    previousWasAlternative = isAlternative;
  }
  return `${out.join("\n").trim()}\n`;
}
