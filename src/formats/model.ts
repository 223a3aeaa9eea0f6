import type { ProvisionKind, ProvisionStatus, StatementKind } from "../domain/entities.ts";
import type { NegotiationState } from "../domain/state.ts";
import { instrumentOutline } from "../domain/view.ts";

/**
 * The instrument as one member sees it, ready to be written in any format. Built only from the member's
 * filtered state, so no writer can put into a document anything the member may not read.
 */
export interface DocumentAlternative {
  proposalId: string;
  /** Who proposed it, as printed: "Armenia", "Azerbaijan", "Mediation (bridging proposal)". */
  proposer: string;
  proposerId: string;
  bridging: boolean;
  proposalKind: "new" | "replace" | "delete";
  text: string;
  /** Scope when narrower than shared, e.g. "caucus:am": writers flag such text as not circulated. */
  scope: string;
  /** When it was tabled (ISO instant), for formats that date each step. */
  tabledAt?: string;
}

export interface DocumentProvision {
  id: string;
  kind: ProvisionKind;
  depth: number;
  number: string;
  heading: string;
  text: string;
  status: ProvisionStatus;
  /** Status in words, e.g. "Agreed ad referendum". */
  statusLabel: string;
  alternatives: DocumentAlternative[];
  /** One line per event of this provision's history the member may read (for footnotes), when asked. */
  history: string[];
}

export interface InstrumentDocument {
  negotiationId: string;
  negotiationTitle: string;
  title: string;
  /** e.g. "Single negotiating text, as of 4 May 2023" or "as at the close of Round 2". */
  versionLabel: string;
  date: string;
  stage: string;
  /** Whom the document was made for, e.g. "Prepared for Ararat Mirzoyan (Armenia delegation)". */
  preparedFor: string;
  parties: { id: string; name: string }[];
  /** The words before the preamble naming the parties ("The Republic of … and …,"); "" when none. */
  openingFormula: string;
  provisions: DocumentProvision[];
  /** The words that lead from the preamble into the articles ("Have agreed as follows:"); "" when none. */
  closingFormula: string;
  /** The day the instrument was created: Akoma Ntoso dates the work by it, so its URI is the same in every version. */
  createdOn?: string;
}

export interface DocumentStatement {
  id: string;
  kind: StatementKind;
  issuedBy: string;
  title: string;
  text: string;
  released: boolean;
  /** The issuing sides (party ids, or "mediation"), with their names. */
  issuers?: { id: string; name: string }[];
  negotiationId?: string;
  /** The day of the text as read (its last revision, or its release). */
  date?: string;
}

export const STATUS_LABELS: Record<ProvisionStatus, string> = {
  open: "Open",
  bracketed: "Bracketed",
  agreed_ad_referendum: "Agreed ad referendum",
  agreed: "Agreed (provisional until the whole is agreed)",
  reopened: "Reopened",
};

/** Builds the document model from a member's filtered state. */
export function instrumentDocument(
  view: NegotiationState,
  options: { versionLabel: string; date: string; preparedFor: string; history?: Map<string, string[]> },
): InstrumentDocument {
  const parties = view.all("party").map((p) => ({ id: p.id, name: p.name }));
  const names = new Map(parties.map((p) => [p.id, p.name]));
  const instrument = view.all("instrument")[0];
  const provisions = instrumentOutline(view)
    .filter(({ provision }) => !provision.deleted)
    .map(
      ({ provision, depth, alternatives }): DocumentProvision => ({
        id: provision.id,
        kind: provision.provisionKind,
        depth,
        number: provision.number,
        heading: provision.heading,
        text: provision.text,
        status: provision.status,
        statusLabel: STATUS_LABELS[provision.status],
        alternatives: alternatives.map((a) => ({
          proposalId: a.id,
          proposer: a.by === "mediation" ? "Mediation (bridging proposal)" : (names.get(a.by) ?? a.by),
          proposerId: a.by,
          bridging: a.bridging,
          proposalKind: a.proposalKind,
          text: a.text,
          scope: a.scope,
          tabledAt: a.createdAt,
        })),
        history: options.history?.get(provision.id) ?? [],
      }),
    );
  return {
    negotiationId: view.negotiation?.id ?? "",
    negotiationTitle: view.negotiation?.title ?? "",
    title: instrument?.title ?? "(no instrument)",
    versionLabel: options.versionLabel,
    date: options.date,
    stage: instrument?.stage ?? "negotiating",
    preparedFor: options.preparedFor,
    parties,
    openingFormula: instrument?.openingFormula ?? "",
    provisions,
    closingFormula: instrument?.closingFormula ?? "",
    createdOn: instrument?.createdAt.slice(0, 10) ?? options.date,
  };
}

const MEDIATION_ISSUER = { id: "mediation", name: "Mediation" };

/** The statements a viewer may read, as documents: drafts of their scopes and copies released to the public. */
export function statementDocuments(view: NegotiationState): DocumentStatement[] {
  const parties = view.all("party").map((p) => ({ id: p.id, name: p.name }));
  const issuers = (kind: StatementKind, party: string | null, fallback: string) =>
    kind === "mediator"
      ? [MEDIATION_ISSUER]
      : kind === "joint"
        ? parties.length > 0
          ? parties
          : [{ id: "parties", name: fallback }]
        : [{ id: party ?? "party", name: parties.find((p) => p.id === party)?.name ?? fallback }];
  const released = new Map(view.all("release").map((r) => [r.statementId, r]));
  const negotiationId = view.negotiation?.id ?? "";
  const drafts = view.all("statement").map((s): DocumentStatement => {
    const by = issuers(s.statementKind, s.party, s.party ?? "");
    return {
      id: s.id,
      kind: s.statementKind,
      issuedBy: by.map((i) => i.name).join(" and "),
      title: s.title,
      text: s.text,
      released: released.has(s.id),
      issuers: by,
      negotiationId,
      date: s.updatedAt.slice(0, 10),
    };
  });
  const seen = new Set(drafts.map((d) => d.id));
  const copies = [...released.values()]
    .filter((r) => !seen.has(r.statementId))
    .map(
      (r): DocumentStatement => ({
        id: r.statementId,
        kind: r.statementKind,
        issuedBy: r.issuedBy,
        title: r.title,
        text: r.text,
        released: true,
        issuers: issuers(r.statementKind, r.party, r.issuedBy),
        negotiationId,
        date: r.createdAt.slice(0, 10),
      }),
    );
  return [...drafts, ...copies];
}
