import { EMPHASISED } from "./markdown-syntax.ts";

/**
 * Line-level helpers of the Markdown import: paragraphs ("blocks") built from lines, hard breaks, headings
 * and emphasis. Each is linear in its input, so no draft can make the import slow.
 */
export interface Block {
  kind: "text" | "item" | "option";
  lines: string[];
  start: number;
  label: string | null;
  /** Unclosed '[' so far: a bracketed passage goes on until they are closed. */
  depth: number;
}

/** Opened minus closed brackets in a line, escapes skipped. */
export function depth(line: string): number {
  let d = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === "\\") i++;
    else if (c === "[") d++;
    else if (c === "]") d--;
  }
  return d;
}

/**
 * Whether a line goes on the open paragraph. Alternatives stand apart: a bracketed line starts a new
 * paragraph unless it follows other alternatives, and text after alternatives starts a new one unless a
 * bracket is still open or the line before ended with '/'.
 */
export function continues(open: Block, bracketed: boolean): boolean {
  const openIsBracketed = open.kind === "text" && (open.lines[0] ?? "").startsWith("[");
  if (bracketed) return openIsBracketed;
  if (!openIsBracketed) return true;
  return open.depth > 0 || /[/|]$/.test(open.lines.at(-1) ?? "");
}

/** Joins a block's lines: a line ending in an odd number of backslashes is a hard break ("\n"). */
export function join(lines: readonly string[]): string {
  let out = "";
  lines.forEach((line, index) => {
    if (index > 0) out += hardBreak(lines[index - 1] ?? "") ? "\n" : " ";
    out += hardBreak(line) ? line.slice(0, -1) : line;
  });
  return out;
}

export function hardBreak(line: string): boolean {
  const trailing = /\\+$/.exec(line);
  return trailing !== null && trailing[0].length % 2 === 1;
}

/** A Markdown heading's level and text, or null. */
export function heading(line: string): { level: number; text: string } | null {
  const match = /^(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
  if (!match) return null;
  return { level: (match[1] ?? "").length, text: match[2] ?? "" };
}

/** The line without emphasis wrapped around all of it ("**Article 3**"). */
export function plain(line: string): string {
  const match = EMPHASISED.exec(line);
  return match?.[2]?.trim() ?? line;
}
