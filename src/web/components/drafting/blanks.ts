/**
 * Blanks: the places a draft leaves to be filled ("within ____ days", "[…]", "[date]"). The server counts
 * them too (`blanks` on the instrument and provision views); the app finds them in the text to mark them
 * where they stand, so both must agree on what a blank is.
 */

/** Three or more underscores, an ellipsis or nothing in brackets, or a bracketed "date". */
const BLANK = /_{3,}|\[\s*(?:…|\.{3})?\s*\]|\[\s*date\s*\]/giu;

/** A run of a text: plain words, or a blank to fill. */
export interface TextPiece {
  text: string;
  blank: boolean;
}

/** The text cut into plain runs and blanks, in order; joined again they give the text back. */
export function splitBlanks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const match of text.matchAll(BLANK)) {
    const at = match.index;
    if (at > from) pieces.push({ text: text.slice(from, at), blank: false });
    pieces.push({ text: match[0], blank: true });
    from = at + match[0].length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from), blank: false });
  return pieces;
}

/** How many blanks a text leaves to fill. */
export function countBlanks(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(BLANK)) count += 1;
  return count;
}

/** "1 blank", "3 blanks". */
export const blanksLabel = (count: number): string => `${count} ${count === 1 ? "blank" : "blanks"}`;
