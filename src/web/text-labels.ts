import type { Party, Proposal, Provision, ProvisionStatus, Stance } from "../domain/entities.ts";
import type { Scope } from "../domain/scope.ts";

/** Still divided: a tabled alternative is on the table, or an agreement was reopened. */
export const isBracketed = (status: ProvisionStatus): boolean =>
  status === "bracketed" || status === "reopened";

const nameOf = (id: string, parties: readonly Party[]) => parties.find((p) => p.id === id)?.name ?? id;

/** What sits in the margin: "Article 3", "3.2", "Preamble", "Final clauses". */
export function marginLabel(provision: Pick<Provision, "provisionKind" | "number">): string {
  // Numbered final clauses are articles of the instrument too ("Article 16: Ratification and entry into force").
  if (provision.provisionKind === "article" || (provision.provisionKind === "final" && provision.number))
    return provision.number ? `Article ${provision.number}` : "Article";
  if (provision.number) return provision.number;
  return provision.provisionKind === "preamble"
    ? "Preamble"
    : provision.provisionKind === "final"
      ? "Final"
      : "¶";
}

/** Who proposed an alternative, as delegations label it in their drafts: "Armenia", "Mediation (bridging)". */
export function proposerLabel(
  proposal: Pick<Proposal, "by" | "bridging">,
  parties: readonly Party[],
): string {
  if (proposal.by === "mediation") return proposal.bridging ? "Mediation (bridging)" : "Mediation";
  return nameOf(proposal.by, parties);
}

/** Who reads a scope, in words: the "Visible to: …" line beside everything not shared with all. */
export function scopeLabel(scope: Scope, parties: readonly Party[]): string {
  const [kind, party = ""] = scope.split(":");
  switch (kind) {
    case "party":
      return `Visible to: the ${nameOf(party, parties)} delegation only`;
    case "caucus":
      return `Visible to: the ${nameOf(party, parties)} delegation and the mediation`;
    case "mediation":
      return "Visible to: the mediation team only";
    case "public":
      return "Visible to: anyone (released to the public)";
    default:
      return "Visible to: every delegation, the mediation and observers";
  }
}

const STANCES: Record<Stance, string> = {
  accept: "accepts",
  accept_ad_referendum: "accepts ad referendum",
  reserve: "reserves",
  reject: "rejects",
  counter_propose: "counter-proposes",
};

/** A position in words: "accepts ad referendum". */
export const stanceWords = (stance: Stance): string => STANCES[stance];

/** Where a position was taken, when not on the shared table: "Armenia (internal): accepts". */
export function positionLabel(party: string, scope: Scope, stance: Stance): string {
  const where = {
    shared: "",
    public: "",
    party: " (internal)",
    caucus: " (in caucus)",
    mediation: " (mediation only)",
  }[scope.split(":")[0] as "shared" | "public" | "party" | "caucus" | "mediation"];
  return `${party}${where ?? ""}: ${stanceWords(stance)}`;
}
