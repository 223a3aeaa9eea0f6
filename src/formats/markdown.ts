import {
  DELETE_PATTERN,
  DELETE_TEXT,
  escapeInline,
  escapeLine,
  FINAL_SECTION,
  itemMarker,
  MEDIATION_LABEL,
  PREAMBLE_SECTION,
  proposerLabel,
  textLines,
  UNNUMBERED,
} from "./markdown-syntax.ts";
import type { DocumentAlternative, DocumentProvision, InstrumentDocument } from "./model.ts";

/**
 * Markdown export: plain and readable, and read back by the Markdown import into the same instrument.
 *
 *     # Title
 *     Version: Single negotiating text, as of 4 May 2023 — 2023-05-04. Prepared for …
 *     ## Preamble
 *     The Republic of Armenia and …,
 *     Status: Agreed
 *     ## Article 3. Delimitation of the State border
 *     Status: Bracketed
 *     The Parties shall delimit …
 *     [The Parties shall …] (Armenia) / […] (Azerbaijan) / […] (Mediation, bridging)
 *     1. A numbered paragraph
 *     ## Final clauses
 *     ## Article 16. Ratification and entry into force
 */

/** A heading line whose text ends in '#': escaped, or Markdown reads it as the heading's closing sequence. */
const closedHeading = (line: string) => line.replace(/(\s)(#+)$/, "$1\\$2");

/** A replacement that reads like a deletion ("Delete") gets its first letter as a character reference. */
const notDeletion = (text: string) =>
  DELETE_PATTERN.test(text) ? `&#${text.codePointAt(0) ?? 68};${text.slice(1)}` : text;

/** One alternative as `[text] (Proposer)`. */
function alternative(a: DocumentAlternative): string {
  // Line breaks inside an alternative become hard breaks ('\' at the end of the line), as in paragraphs.
  const text =
    a.proposalKind === "delete"
      ? DELETE_TEXT
      : a.text
          .trim()
          .split(/\r?\n/)
          .map((line, index) => (index === 0 ? escapeInline(line.trim()) : escapeLine(line)))
          .map((line, index, all) => (index === 0 && all.length === 1 ? notDeletion(line) : line))
          .join("\\\n");
  const proposer = a.proposerId === "mediation" ? MEDIATION_LABEL : a.proposer;
  return `[${text}] (${escapeInline(proposerLabel(proposer, a.scope).replace(/\s+/g, " "))})`;
}

/** The bracketed alternatives of a provision on one line, or nothing. */
function alternatives(provision: DocumentProvision): string[] {
  if (provision.alternatives.length === 0) return [];
  return [provision.alternatives.map(alternative).join(" / ")];
}

const status = (provision: DocumentProvision) => `Status: ${provision.statusLabel}`;

/** A paragraph provision as a list item: continuation lines indented so they stay in the item. */
function item(provision: DocumentProvision, indent: string): string[] {
  const [first = "", ...rest] = textLines(provision.text);
  const inner = `${indent}   `;
  return [
    `${indent}${itemMarker(provision.number)} ${first}`.trimEnd(),
    ...rest.map((line) => `${inner}${line}`),
    "",
    `${inner}${status(provision)}`,
    ...alternatives(provision).flatMap((line) => ["", `${inner}${line}`]),
    "",
  ];
}

function article(provision: DocumentProvision): string[] {
  const number = provision.number === "" ? UNNUMBERED : provision.number;
  const title = escapeInline(provision.heading.replace(/[\r\n]+/g, " ").trim());
  const heading = title === "" ? "" : `. ${title}`;
  const text = provision.text === "" ? [] : [...textLines(provision.text), ""];
  const alts = alternatives(provision);
  return [
    closedHeading(`## Article ${escapeInline(number)}${heading}`),
    "",
    status(provision),
    "",
    ...text,
    ...(alts.length > 0 ? [...alts, ""] : []),
  ];
}

/** The instrument as Markdown. */
export function instrumentMarkdown(doc: InstrumentDocument): string {
  const out: string[] = [closedHeading(`# ${escapeLine(doc.title.replace(/[\r\n]+/g, " "))}`), ""];
  const version = [doc.versionLabel, doc.date].filter((s) => s.trim() !== "").join(" — ");
  const about = [version, doc.preparedFor].filter((s) => s.trim() !== "").join(". ");
  if (about !== "") out.push(`Version: ${escapeInline(about.replace(/\s+/g, " "))}`, "");
  if (doc.stage !== "negotiating") out.push(`Stage: ${escapeInline(doc.stage)}`, "");
  const preamble = new Set(
    doc.provisions.filter((p, i) => p.kind === "preamble" || (p.depth > 0 && isInPreamble(doc, i))),
  );
  // The formulas stand without a status line: that is how the import tells them from recitals.
  const opening = doc.openingFormula.replace(/\s+/g, " ").trim();
  const closing = doc.closingFormula.replace(/\s+/g, " ").trim();
  if (preamble.size > 0 || opening !== "" || closing !== "") {
    out.push(`## ${PREAMBLE_SECTION}`, "");
    if (opening !== "") out.push(escapeLine(opening), "");
    for (const p of preamble) {
      out.push(...textLines(p.text), "", status(p), "");
      for (const line of alternatives(p)) out.push(line, "");
    }
    if (closing !== "") out.push(escapeLine(closing), "");
  }
  let inFinal = false;
  for (const p of doc.provisions) {
    if (preamble.has(p)) continue;
    if (p.depth === 0 && p.kind === "final" && !inFinal) {
      out.push(`## ${FINAL_SECTION}`, "");
      inFinal = true;
    }
    if (p.kind === "paragraph" && p.depth > 0) out.push(...item(p, "   ".repeat(p.depth - 1)));
    else out.push(...article(p));
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

/** True for provisions nested under a preamble paragraph: printed as preamble paragraphs. */
function isInPreamble(doc: InstrumentDocument, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const before = doc.provisions[i];
    if (before && before.depth === 0) return before.kind === "preamble";
  }
  return false;
}
