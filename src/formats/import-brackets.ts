import type { ImportedAlternative } from "./import-model.ts";
import { DELETE_PATTERN, parseProposerLabel, unescapeMarkdown } from "./markdown-syntax.ts";

/**
 * Bracketed alternatives as negotiators write them: `[text] (Armenia) / [text] (Azerbaijan)`, with or without
 * labels, separated by '/', '|', "or" or nothing. Brackets may nest ("[The Parties [shall] …]") and
 * backslash escapes are honoured, so the Markdown export's escaped brackets read back exactly.
 */
interface RawItem {
  text: string;
  label: string | null;
}

const SPACE = /\s/;

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && SPACE.test(text.charAt(i))) i++;
  return i;
}

/** Index just past the bracket that closes the one opened at `open`, or -1. */
function closing(text: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "\\") i++;
    else if (c === left) depth++;
    else if (c === right) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function scan(text: string): RawItem[] | null {
  const items: RawItem[] = [];
  let i = skipSpace(text, 0);
  while (i < text.length) {
    if (text.charAt(i) !== "[") return null;
    const end = closing(text, i, "[", "]");
    if (end < 0) return null;
    const item: RawItem = { text: text.slice(i + 1, end - 1), label: null };
    i = skipSpace(text, end);
    if (text.charAt(i) === "(") {
      const close = closing(text, i, "(", ")");
      if (close < 0 || close - i > 300) return null;
      item.label = text.slice(i + 1, close - 1);
      i = skipSpace(text, close);
    }
    items.push(item);
    if (text.charAt(i) === "/" || text.charAt(i) === "|") i = skipSpace(text, i + 1);
    else if (/^or\s/i.test(text.slice(i, i + 3))) i = skipSpace(text, i + 2);
    else if (/^[.;,]\s*$/.test(text.slice(i))) break;
  }
  return items.length > 0 ? items : null;
}

/** One alternative from its bracketed text and label (both still escaped). */
export function alternativeFrom(text: string, label: string | null, line: number): ImportedAlternative {
  const plain = unescapeMarkdown(text).trim();
  const parsed = label === null ? null : parseProposerLabel(unescapeMarkdown(label));
  // Tested before unescaping, so that an escaped "&#68;elete" is the text "Delete", not a deletion.
  const deletion = DELETE_PATTERN.test(text.trim());
  return {
    text: deletion ? "" : plain,
    kind: deletion ? "delete" : "replace",
    proposer: parsed && parsed.proposer !== "" ? parsed.proposer : null,
    scope: parsed?.scope ?? null,
    line,
  };
}

/** The alternatives of a paragraph made only of bracketed alternatives, or null for any other paragraph. */
export function parseBracketList(text: string, line: number): ImportedAlternative[] | null {
  const items = scan(text);
  return items ? items.map((item) => alternativeFrom(item.text, item.label, line)) : null;
}

/** True when a paragraph holds an unescaped '[' : brackets inside a sentence, which we keep as text. */
export function hasInlineBrackets(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "\\") i++;
    else if (c === "[") return true;
  }
  return false;
}
