/**
 * Blanks: the places a draft leaves to be filled ("within ____ days", "signed at […]", "on [date]"). A
 * provision with a blank is not finished, however agreed its wording: progress counts it as open and the last
 * mile lists it, until a proposal fills it in.
 */
export type BlankKind = "underscores" | "ellipsis" | "placeholder";

export interface Blank {
  /** Offsets in the text, end exclusive (UTF-16 code units, as JavaScript strings count). */
  readonly start: number;
  readonly end: number;
  /** The blank as written. */
  readonly text: string;
  readonly kind: BlankKind;
}

/**
 * The words a lower-case placeholder may name. Brackets around lower-case words are also how a negotiating
 * text marks disputed wording ("the Parties [shall] [may]"), so only a placeholder's vocabulary counts.
 */
const NOUNS = [
  "name",
  "names",
  "date",
  "dates",
  "number",
  "place",
  "title",
  "amount",
  "sum",
  "figure",
  "percentage",
  "year",
  "month",
  "day",
  "time",
  "period",
  "duration",
  "city",
  "country",
  "address",
  "venue",
  "party",
].join("|");
const WORDS = "[a-z][a-z-]{0,20}(?: [a-z][a-z-]{0,20}){0,5}";
const PLACEHOLDER = `\\[(?:insert ${WORDS}|(?:${NOUNS})(?: of ${WORDS})?|x{1,3}|tbd|to be (?:determined|agreed|confirmed))\\]`;
const ELLIPSIS = "\\[[ \\t]*(?:…|\\.{3}|_{3,})[ \\t]*\\]";
const UNDERSCORES = "_{3,}";
/** Alternatives in this order: a bracketed blank is one blank, not brackets around a run of underscores. */
const BLANK = new RegExp(`(${ELLIPSIS})|(${PLACEHOLDER})|(${UNDERSCORES})`, "g");

/** Every blank in a text, in order, never overlapping. Never throws. */
export function findBlanks(text: string): Blank[] {
  const out: Blank[] = [];
  for (const match of text.matchAll(BLANK)) {
    const start = match.index;
    const kind: BlankKind = match[1] ? "ellipsis" : match[2] ? "placeholder" : "underscores";
    out.push({ start, end: start + match[0].length, text: match[0], kind });
  }
  return out;
}

/** How many blanks a text has. */
export function countBlanks(text: string): number {
  return findBlanks(text).length;
}
