/** What the provision screen derives from the API's answers: names, alternatives, the latest positions. */
import type { Member, Party, Position, Proposal } from "../../../domain/entities.ts";
import type { Scope } from "../../../domain/scope.ts";
import type { ProvisionDetail } from "../../api/provision.ts";
import type { Audience, NegotiationSummary } from "../../api/types.ts";
import { proposerLabel, scopeLabel } from "../../text-labels.ts";

/** Everything a part of the provision screen needs to know about where it is and who is looking. */
export interface ProvisionScreenData {
  negotiationId: string;
  detail: ProvisionDetail;
  summary: NegotiationSummary;
}

/** "base" stands for the provision's own text, as the compare route names it. */
export const BASE = "base";
export type AlternativeKey = string;

export const keyOf = (proposalId: string | null): AlternativeKey => proposalId ?? BASE;
export const proposalIdOf = (key: AlternativeKey): string | null => (key === BASE ? null : key);

export const partyName = (parties: readonly Party[], id: string): string =>
  parties.find((p) => p.id === id)?.name ?? id;

export const memberName = (members: readonly Member[], id: string): string =>
  id === "system" ? "Parley" : (members.find((m) => m.id === id)?.name ?? "a former member");

/** An instant as a date: "17 Jan 2023". */
export const formatDay = (iso: string): string =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** The live alternatives, oldest first: those still on the table. */
export const liveProposals = (detail: ProvisionDetail): Proposal[] =>
  detail.proposals.filter((p) => p.state === "live").sort((a, b) => a.createdAt.localeCompare(b.createdAt));

/** An alternative by name, as delegations refer to them: "Armenia, 17 Jan 2023", "Base text". */
export function alternativeName(
  key: AlternativeKey,
  detail: ProvisionDetail,
  parties: readonly Party[],
): string {
  if (key === BASE) return "Base text";
  const proposal = detail.proposals.find((p) => p.id === key);
  if (!proposal) return "An alternative you cannot read";
  return `${proposerLabel(proposal, parties)}, ${formatDay(proposal.createdAt)}`;
}

/** An alternative inside a sentence: "Armenia's proposal of 17 Jan 2023", "the base text". */
export function alternativePhrase(
  key: AlternativeKey,
  detail: ProvisionDetail,
  parties: readonly Party[],
): string {
  if (key === BASE) return "the base text";
  const proposal = detail.proposals.find((p) => p.id === key);
  if (!proposal) return "an alternative you cannot read";
  const day = formatDay(proposal.createdAt);
  if (proposal.by === "mediation")
    return `the mediation's ${proposal.bridging ? "bridging proposal" : "proposal"} of ${day}`;
  return `${partyName(parties, proposal.by)}'s proposal of ${day}`;
}

/** What an alternative would make of the provision, in words fit to read aloud. */
export const alternativeText = (proposal: Proposal): string =>
  proposal.proposalKind === "delete" ? "Delete this provision." : proposal.text;

/** The latest position of each party on an alternative in the current epoch, per scope: shared ones count. */
export function latestPositions(detail: ProvisionDetail, key: AlternativeKey): Position[] {
  const proposalId = proposalIdOf(key);
  const latest = new Map<string, Position>();
  const ordered = [...detail.positions].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const position of ordered) {
    if (position.proposalId !== proposalId || position.epoch !== detail.provision.epoch) continue;
    latest.set(`${position.party}|${position.scope}`, position);
  }
  return [...latest.values()];
}

/** Parties whose latest shared position on an alternative is not among `accepted`: what still stands in the way. */
export function partiesNotAccepting(
  detail: ProvisionDetail,
  parties: readonly Party[],
  key: AlternativeKey,
  accepted: readonly string[],
): Party[] {
  const shared = latestPositions(detail, key).filter((p) => p.scope === "shared");
  return parties.filter((party) => {
    const stance = shared.find((p) => p.party === party.id)?.stance;
    return !stance || !accepted.includes(stance);
  });
}

/** The audience of a scope from the ability map, or a plain label when the member may not write there. */
export function audienceFor(summary: NegotiationSummary, scope: Scope): Audience {
  return (
    summary.you.writableScopes.find((a) => a.scope === scope) ?? {
      scope,
      label: scopeLabel(scope, summary.parties),
      readers: [],
    }
  );
}
