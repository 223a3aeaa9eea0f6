/**
 * The small grammar the Markdown export writes and the Markdown import reads, kept in one place so the two
 * cannot drift apart: escapes, proposer labels, paragraph numbers and the patterns that mark structure.
 */

/** What an alternative that deletes its provision is written as: `[Delete this provision] (Azerbaijan)`. */
export const DELETE_TEXT = "Delete this provision";
/** The label of a bridging proposal by the mediation: `[…] (Mediation, bridging)`. */
export const MEDIATION_LABEL = "Mediation, bridging";
export const FINAL_SECTION = "Final clauses";
export const PREAMBLE_SECTION = "Preamble";
export const UNNUMBERED = "(unnumbered)";

/** Recognises a deletion written in brackets: "Delete", "Delete the article", "Deletion proposed". */
export const DELETE_PATTERN =
  /^(?:delete|deletion)(?: (?:this|the) (?:provision|article|paragraph|clause|preambular paragraph))?(?: proposed)?\.?$/i;

/**
 * An article heading once '#' marks and emphasis are removed: "Article 3", "Art. 3. Title", "Article 3 — Title".
 * Group 2 is the separator; a plain line without one ("Article 3 shall apply…") is text, not a heading.
 */
export const ARTICLE_LINE =
  /^(?:article|art\.?)\s+(\(unnumbered\)|[0-9]+[a-z]*(?:\.[0-9]+)*|[ivxlcdm]+\b|[a-z]\b)(?:\s*([.:—–]|-{1,2})\s*|\s+|$)(.*)$/i;
/** A numbered paragraph: "1.", "1)", "(a)", "a)", "(iv)", or a bullet. */
export const ITEM_LINE = /^(?:(\d{1,4})[.)]|(\([a-z0-9]{1,6}\))|([a-z]{1,4}\))|([-*+]))(?:\s+(.*)|$)/i;
/** "Option A: …", "Alternative 2 (Armenia): …". */
export const OPTION_LINE =
  /^(?:option|alternative|alt\.?)\s+([a-z0-9]{1,4})\s*(?:\(([^()]{1,200})\))?\s*[:.—–-]\s*(.*)$/i;
export const STATUS_LINE = /^status\s*:\s*(.*)$/i;
export const VERSION_LINE = /^(?:version|stage)\s*:\s*(.*)$/i;
export const PREAMBLE_NUMBER = /^(PP ?\d{1,4})[.:)]?[ \t]+([\s\S]*)$/;
export const SECTION_LINE = /^(preamble|final (?:clauses|provisions))[.:]?$/i;
/** Markdown that is not text: fences, tables, HTML, images, quotes, rules, setext underlines, footnotes. */
export const OTHER_MARKDOWN = /^(?:```|~~~|\||<|!\[|\[\^|>|#|(?:[-*_=]\s*){3,}$)/;

/** A line wrapped in emphasis ("**Article 3**"): the import reads what is inside. */
export const EMPHASISED = /^(\*\*|__|\*|_)(.+)\1$/;

/** True when the import would read this line (trimmed, without '#' marks) as something other than text. */
export function looksStructural(line: string): boolean {
  const article = ARTICLE_LINE.exec(line);
  if (article && (article[2] !== undefined || (article[3] ?? "") === "")) return true;
  return (
    line.startsWith("[") ||
    EMPHASISED.test(line) ||
    OTHER_MARKDOWN.test(line) ||
    [ITEM_LINE, OPTION_LINE, STATUS_LINE, VERSION_LINE, PREAMBLE_NUMBER, SECTION_LINE].some((p) =>
      p.test(line),
    )
  );
}

/** Escapes a backslash, both brackets and an '&' that would start a character reference. */
export function escapeInline(text: string): string {
  return text.replace(/[\\[\]]|&(?=#)/g, (c) => `\\${c}`);
}

/**
 * Makes one line of provision text safe to print as a paragraph line, so the import reads it back as text:
 * "1. …" becomes "1\. …", "# …" becomes "\# …", and a line that starts with a letter ("Article 3",
 * "Status: …") gets its first letter as a character reference. Markdown viewers show the text unchanged.
 */
export function escapeLine(line: string): string {
  // The import trims lines, and two trailing spaces would be a hard break: print lines trimmed.
  const out = escapeInline(line.trim());
  if (out === "" || !looksStructural(out)) return out;
  const numbered = /^(\d+)([.)])/.exec(out);
  if (numbered) return `${numbered[1]}\\${out.slice((numbered[1] ?? "").length)}`;
  const first = out.codePointAt(0) ?? 32;
  if (/^[!-/:-@[-`{-~]/.test(out)) return `\\${out}`;
  return `&#${first};${out.slice(String.fromCodePoint(first).length)}`;
}

/** Text as Markdown lines: every line escaped, line breaks kept as CommonMark hard breaks (a final '\'). */
export function textLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map(escapeLine);
  return lines.map((line, index) => (index < lines.length - 1 ? `${line}\\` : line));
}

/** Removes CommonMark backslash escapes and decodes numeric character references, left to right. */
export function unescapeMarkdown(text: string): string {
  return text.replace(
    /\\([!-/:-@[-`{-~])|&#(\d{1,7});|&#[xX]([0-9a-fA-F]{1,6});/g,
    (all: string, escaped: unknown, dec: unknown, hex: unknown) => {
      if (typeof escaped === "string") return escaped;
      const code = typeof dec === "string" ? Number.parseInt(dec, 10) : Number.parseInt(String(hex), 16);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : all;
    },
  );
}

/** How a paragraph number is printed: "1" as "1.", "(a)" and "a)" as they are, anything else in brackets. */
export function itemMarker(number: string): string {
  if (number === "") return "-";
  if (/^\d+$/.test(number)) return `${number}.`;
  if (number.endsWith(")")) return number;
  return `(${number})`;
}

/** A proposer label as printed: "Armenia", "Mediation, bridging", "Azerbaijan; not circulated: caucus:az". */
export function proposerLabel(proposer: string, scope: string): string {
  const circulated = scope === "shared" || scope === "public";
  return circulated ? proposer : `${proposer}; not circulated: ${scope}`;
}

/** Splits a printed label into the proposer's name and, when given, the narrower scope. */
export function parseProposerLabel(label: string): { proposer: string; scope: string | null } {
  const match = /^(.*?);\s*not circulated:\s*(\S+)\s*$/i.exec(label);
  if (!match) return { proposer: label.trim(), scope: null };
  return { proposer: (match[1] ?? "").trim(), scope: match[2] ?? null };
}
