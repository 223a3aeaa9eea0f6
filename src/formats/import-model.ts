import type { ProvisionKind, ProvisionStatus, Side } from "../domain/entities.ts";
import type { NegotiationState } from "../domain/state.ts";
import { STATUS_LABELS } from "./model.ts";

/**
 * What an import recognised in a draft, before anything is written: the preview a member checks. Every
 * importer (Markdown, plain text, DOCX) produces this; `importCommands` turns it into domain commands.
 */
export interface ImportedAlternative {
  text: string;
  /** "delete" for a bracketed deletion ("[Delete this provision]"). */
  kind: "replace" | "delete";
  /** The proposer's label as written, e.g. "Armenia" or "Mediation, bridging"; null when unlabelled. */
  proposer: string | null;
  /** A narrower scope given in the label ("not circulated: caucus:az"), else null (shared). */
  scope: string | null;
  line: number;
}

export interface ImportedProvision {
  kind: ProvisionKind;
  number: string;
  heading: string;
  text: string;
  /** The status the draft states ("Status: Bracketed"), when it states a known one. */
  status: ProvisionStatus | null;
  alternatives: ImportedAlternative[];
  /** Numbered paragraphs of an article. */
  children: ImportedProvision[];
  /** 1-based line where the provision starts. */
  line: number;
}

export interface UnrecognisedLine {
  line: number;
  text: string;
}

export interface ImportPreview {
  title: string | null;
  /** The version line, e.g. "Single negotiating text, as of 4 May 2023". */
  version: string | null;
  /** The words before the preamble that name the parties ("The Republic of … and …,"), if the draft has them. */
  openingFormula: string | null;
  preamble: ImportedProvision[];
  /** The words that lead into the articles ("Have agreed as follows:"), if the draft has them. */
  closingFormula: string | null;
  /** Articles and final clauses, in order. */
  articles: ImportedProvision[];
  /** Lines kept aside because they could not be placed (tables, annexes, stray lines…). */
  unrecognised: UnrecognisedLine[];
  warnings: string[];
}

/** An empty preview. */
export function emptyPreview(): ImportPreview {
  return {
    title: null,
    version: null,
    openingFormula: null,
    preamble: [],
    closingFormula: null,
    articles: [],
    unrecognised: [],
    warnings: [],
  };
}

// Longest labels first, so "Agreed ad referendum" is not read as "Agreed".
const LABELS = (Object.entries(STATUS_LABELS) as [ProvisionStatus, string][])
  .flatMap(([status, label]): [ProvisionStatus, string][] => [
    [status, label.toLowerCase()],
    [status, status.replaceAll("_", " ")],
  ])
  .sort((a, b) => b[1].length - a[1].length);

/** The status a label names ("Agreed ad referendum", "bracketed", "agreed_ad_referendum"), or null. */
export function statusFromLabel(label: string): ProvisionStatus | null {
  const text = label
    .trim()
    .toLowerCase()
    .replace(/^[*_]+|[*_.]+$/g, "")
    .trim();
  for (const [status, known] of LABELS) {
    if (text === known || text === status || text.startsWith(`${known} `) || text.startsWith(`${known} (`)) {
      return status;
    }
  }
  return null;
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * The usual reading of proposer labels for a negotiation: a party's id, name or short name (any case,
 * accents ignored, optionally "proposed by …"), and "Mediation", "Mediator", "bridging" for the mediation.
 */
export function proposerMap(state: NegotiationState): (label: string) => Side | null {
  const names = new Map<string, Side>();
  for (const party of state.all("party")) {
    for (const name of [party.id, party.name, party.shortName]) {
      if (name.trim() !== "") names.set(normalise(name), party.id);
    }
  }
  return (label) => {
    const text = normalise(label)
      .replace(/^(?:proposed by|proposal by|proposal of|by)\s+/, "")
      .replace(/\s+(?:proposal|text|draft)$/, "");
    const exact = names.get(text);
    if (exact) return exact;
    if (/^(?:the )?(?:mediation|mediator|mediators|bridging)\b/.test(text) || text.includes("bridging")) {
      return "mediation";
    }
    // "Armenia, revised" or "Armenia (2nd)": the first words that name a party.
    const words = text.split(" ");
    for (let n = words.length - 1; n > 0; n--) {
      const party = names.get(words.slice(0, n).join(" "));
      if (party) return party;
    }
    return null;
  };
}
