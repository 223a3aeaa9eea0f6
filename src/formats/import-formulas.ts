import type { Instrument } from "../domain/entities.ts";
import type { ImportedProvision, ImportPreview } from "./import-model.ts";

/**
 * The formulas around a preamble: the opening one names the parties ("The Republic of Ardenia and the
 * Republic of Belmaria,", "The High Contracting Parties,") and the closing one leads into the articles
 * ("Have agreed as follows:"). A draft writes them as preamble paragraphs; they are not recitals.
 */

/**
 * "The …," naming the parties and nothing else: no full stop, colon or semicolon, and no comma before the last
 * but the one of "hereinafter referred to as …" ("The Parties, desiring …," is a recital with its subject).
 */
const OPENING = /^The\s+[^.;:,]{1,300}(?:,\s*hereinafter\s[^.;:,]{1,200})?,$/i;
const NAMES_PARTIES = /\s(?:and|und|et)\s|\bpart(?:y|ies)\b|\bgovernments?\b|\bstates\b/i;
const CLOSING = /^(?:(?:have|has)\s+agreed|(?:hereby\s+)?agrees?|have\s+resolved)\s+as\s+follows\s*:?$/i;

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** True when the text reads as an opening formula. */
export function isOpeningFormula(text: string): boolean {
  const line = oneLine(text);
  return OPENING.test(line) && NAMES_PARTIES.test(line);
}

/** True when the text reads as a closing formula. */
export function isClosingFormula(text: string): boolean {
  return CLOSING.test(oneLine(text));
}

/** A preamble paragraph that is only text: no number, no status, no alternatives (a recital carries them). */
const bare = (p: ImportedProvision | undefined): p is ImportedProvision =>
  p !== undefined && p.number === "" && p.status === null && p.alternatives.length === 0;

/** Moves the formulas out of the preview's preamble: the first paragraph may open it, the last close it. */
export function takeFormulas(preview: ImportPreview): void {
  const first = preview.preamble[0];
  if (bare(first) && isOpeningFormula(first.text)) {
    preview.openingFormula = oneLine(first.text);
    preview.preamble.shift();
  }
  const last = preview.preamble.at(-1);
  if (bare(last) && isClosingFormula(last.text)) {
    preview.closingFormula = oneLine(last.text);
    preview.preamble.pop();
  }
}

/** The formulas a draft would change on the instrument (none for an instrument not created yet), or null. */
export function formulaChange(
  preview: ImportPreview,
  instrument: Instrument | undefined,
): { openingFormula?: string; closingFormula?: string } | null {
  const change: { openingFormula?: string; closingFormula?: string } = {};
  for (const key of ["openingFormula", "closingFormula"] as const) {
    const value = preview[key];
    if (value !== null && value !== instrument?.[key]) change[key] = value.slice(0, 2_000);
  }
  return Object.keys(change).length > 0 ? change : null;
}
