/**
 * Blanks: the places a draft leaves to be filled ("within ____ days", "[…]", "[date]"). What a blank is
 * is decided once, in the pure text layer (`text/blanks.ts`), which the server counts with too; the views
 * carry each provision's blanks, and the app finds them itself only in what the server has not seen yet
 * (a draft being typed) or does not count (an alternative's text).
 */
import { type Blank, findBlanks } from "../../../text/blanks.ts";

export { type Blank, countBlanks } from "../../../text/blanks.ts";

/** A run of a text: plain words, or a blank to fill. */
export interface TextPiece {
  text: string;
  blank: boolean;
}

/** The text cut into plain runs and blanks, in order; joined again they give the text back. */
export function splitBlanks(text: string, blanks: readonly Blank[] = findBlanks(text)): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const blank of blanks) {
    // Offsets that do not fit this text (a view older than the text) are skipped, never cut mid-word.
    if (blank.start < from || blank.end > text.length || text.slice(blank.start, blank.end) !== blank.text)
      continue;
    if (blank.start > from) pieces.push({ text: text.slice(from, blank.start), blank: false });
    pieces.push({ text: blank.text, blank: true });
    from = blank.end;
  }
  if (from < text.length) pieces.push({ text: text.slice(from), blank: false });
  return pieces;
}

/** "1 blank", "3 blanks". */
export const blanksLabel = (count: number): string => `${count} ${count === 1 ? "blank" : "blanks"}`;
