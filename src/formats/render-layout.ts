import type { ProvisionStatus } from "../domain/entities.ts";
import type { DocumentAlternative, DocumentProvision, InstrumentDocument } from "./model.ts";

/**
 * The printed layout shared by the DOCX and the PDF writers, so the two stay the same document: a list of
 * blocks in reading order, each writer only choosing fonts and spacing for each kind of block.
 */
export type PrintedBlock<T = string> =
  | { kind: "title"; text: T }
  | { kind: "meta"; text: T }
  | { kind: "legend"; text: T }
  | { kind: "section"; text: T }
  /** The opening formula naming the parties, or the closing one leading into the articles. */
  | { kind: "formula"; formula: "opening" | "closing"; text: T }
  | { kind: "heading"; provisionId: string; label: T; title: T; note: number | null }
  | { kind: "text"; provisionId: string; label: T; text: T; depth: number; note: number | null }
  | {
      kind: "alternative";
      provisionId: string;
      proposalId: string;
      text: T;
      proposer: T;
      /** True for the provision's own text printed as one of the bracketed options ("Current text"). */
      base: boolean;
      /** Who may read it when narrower than shared ("caucus with Azerbaijan, not circulated"); empty otherwise. */
      restricted: T;
    }
  | { kind: "status"; provisionId: string; status: ProvisionStatus; text: T };

export interface PrintedNote {
  /** 1-based, in reading order. */
  index: number;
  lines: string[];
}

export interface PrintedDocument {
  /** The running header on every page: the instrument, the version and the date. */
  header: string;
  blocks: PrintedBlock[];
  notes: PrintedNote[];
}

export interface LayoutOptions {
  /** Footnotes with each provision's history (the model's `history` lines). */
  footnotes?: boolean;
}

/** What a reader is told once, under the title, so the brackets and labels read without a key. */
export const LEGEND =
  "Text in square brackets is not agreed: each alternative is followed by the side that proposed it. " +
  "Agreed provisions stay provisional: nothing is agreed until everything is agreed.";

/** The label of the provision's own text when it stands among bracketed alternatives. */
export const BASE_LABEL = "Current text";

/** The status in words; "agreed" drops the reminder the legend already gives once. */
export function statusWords(provision: DocumentProvision): string {
  return provision.status === "agreed" ? "Agreed" : provision.statusLabel;
}

/** Colours for statuses (named in words as well): hex RGB without "#". */
export const STATUS_COLOURS: Record<ProvisionStatus, string> = {
  open: "5F6368",
  bracketed: "9A5B00",
  agreed_ad_referendum: "1F5FA8",
  agreed: "2E7D32",
  reopened: "B3261E",
};

/** The version and its date, without saying the date twice ("Single negotiating text, as of 4 May 2023"). */
export function versionLine(doc: InstrumentDocument): string {
  return doc.date && !doc.versionLabel.includes(doc.date)
    ? `${doc.versionLabel}, ${doc.date}`
    : doc.versionLabel;
}

/** The running header: the instrument, the version and the date. */
export function runningHeader(doc: InstrumentDocument): string {
  return `${doc.title} · ${versionLine(doc)}`;
}

/** How an article's number is printed: "Article 3."; paragraphs print "1."; preamble paragraphs nothing. */
export function provisionLabel(provision: DocumentProvision): string {
  switch (provision.kind) {
    case "article":
    case "final":
      return `Article ${provision.number}.`;
    case "paragraph":
      return `${provision.number}.`;
    case "preamble":
      return "";
  }
}

/** Who may read a narrower-than-shared alternative, in words ("caucus with Azerbaijan, not circulated"). */
export function restrictionLabel(scope: string, parties: InstrumentDocument["parties"]): string {
  if (scope === "shared" || scope === "public") return "";
  const [kind, partyId] = scope.split(":");
  const party = parties.find((p) => p.id === partyId)?.name ?? partyId ?? "";
  if (kind === "caucus") return `caucus with ${party}, not circulated`;
  if (kind === "party") return `${party} internal, not circulated`;
  if (kind === "mediation") return "mediation only, not circulated";
  return `${scope}, not circulated`;
}

/** The text printed inside the brackets for one alternative. */
export function alternativeText(alternative: DocumentAlternative, provision: DocumentProvision): string {
  if (alternative.proposalKind === "delete") {
    const what =
      provision.kind === "preamble" ? "this paragraph" : provisionLabel(provision).replace(/\.$/, "");
    return `Delete ${what}`;
  }
  return alternative.text;
}

/** Lays out an instrument document as printed blocks, shared by the DOCX and PDF writers. */
export function printedLayout(doc: InstrumentDocument, options: LayoutOptions = {}): PrintedDocument {
  const blocks: PrintedBlock[] = [{ kind: "title", text: doc.title }];
  if (doc.negotiationTitle) blocks.push({ kind: "meta", text: doc.negotiationTitle });
  blocks.push({ kind: "meta", text: versionLine(doc) });
  if (doc.preparedFor) blocks.push({ kind: "meta", text: doc.preparedFor });
  blocks.push({ kind: "legend", text: LEGEND });

  const notes: PrintedNote[] = [];
  const noteFor = (provision: DocumentProvision): number | null => {
    if (!options.footnotes || provision.history.length === 0) return null;
    notes.push({ index: notes.length + 1, lines: provision.history });
    return notes.length;
  };

  const opening = doc.openingFormula.trim();
  const closing = doc.closingFormula.trim();
  if (opening) blocks.push({ kind: "formula", formula: "opening", text: opening });
  let finalClauses = false;
  let closed = closing === "";
  for (const provision of doc.provisions) {
    // The closing formula stands between the preamble and the first article.
    if (!closed && provision.kind !== "preamble" && provision.depth === 0) {
      blocks.push({ kind: "formula", formula: "closing", text: closing });
      closed = true;
    }
    if (provision.kind === "final" && !finalClauses) {
      finalClauses = true;
      blocks.push({ kind: "section", text: "Final clauses" });
    }
    blocks.push(...provisionBlocks(provision, doc.parties, noteFor(provision)));
  }
  if (!closed) blocks.push({ kind: "formula", formula: "closing", text: closing });
  return { header: runningHeader(doc), blocks, notes };
}

/** Maps every text field of a block, numbering the fields in a fixed order per kind (for aligning two versions). */
export function mapFields<T, U>(block: PrintedBlock<T>, f: (value: T, index: number) => U): PrintedBlock<U> {
  switch (block.kind) {
    case "title":
    case "meta":
    case "legend":
    case "section":
      return { kind: block.kind, text: f(block.text, 0) };
    case "formula":
      return { ...block, text: f(block.text, 0) };
    case "heading":
      return { ...block, label: f(block.label, 0), title: f(block.title, 1) };
    case "text":
      return { ...block, label: f(block.label, 0), text: f(block.text, 1) };
    case "alternative":
      return {
        ...block,
        text: f(block.text, 0),
        proposer: f(block.proposer, 1),
        restricted: f(block.restricted, 2),
      };
    case "status":
      return { ...block, text: f(block.text, 0) };
  }
}

/** The text fields of a block, in the order `mapFields` numbers them. */
export function fieldValues<T>(block: PrintedBlock<T>): T[] {
  const values: T[] = [];
  mapFields(block, (value) => values.push(value));
  return values;
}

/**
 * One provision: its heading (articles), its text, or, while alternatives stand, its text as the first
 * bracketed option followed by the alternatives, then its status in words.
 */
function provisionBlocks(
  provision: DocumentProvision,
  parties: InstrumentDocument["parties"],
  note: number | null,
): PrintedBlock[] {
  const blocks: PrintedBlock[] = [];
  const { id } = provision;
  const label = provisionLabel(provision);
  const titled = provision.kind === "article" || provision.kind === "final";
  const bracketed = provision.alternatives.length > 0;
  if (titled) blocks.push({ kind: "heading", provisionId: id, label, title: provision.heading, note });
  const ownText = bracketed ? "" : provision.text;
  if (ownText || (!titled && (label || note !== null || !bracketed))) {
    const depth = provision.depth;
    blocks.push({
      kind: "text",
      provisionId: id,
      label: titled ? "" : label,
      text: ownText,
      depth,
      note: titled ? null : note,
    });
  }
  if (bracketed && provision.text) {
    const base = { proposalId: "", text: provision.text, proposer: BASE_LABEL, base: true, restricted: "" };
    blocks.push({ kind: "alternative", provisionId: id, ...base });
  }
  for (const alternative of provision.alternatives) {
    blocks.push({
      kind: "alternative",
      provisionId: id,
      proposalId: alternative.proposalId,
      text: alternativeText(alternative, provision),
      proposer: alternative.proposer,
      base: false,
      restricted: restrictionLabel(alternative.scope, parties),
    });
  }
  blocks.push({
    kind: "status",
    provisionId: id,
    status: provision.status,
    text: `Status: ${statusWords(provision)}`,
  });
  return blocks;
}

/** Joins the words of a short label with no-break spaces, so it is not split across lines. */
export function noBreak(label: string): string {
  return label.length <= 32 ? label.replace(/ /g, "\u00a0") : label;
}
