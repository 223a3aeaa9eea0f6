import type { Claim, ClaimKind, Incident, KeyIssueStatus, Party } from "../../../domain/entities.ts";

export const CLAIM_KIND_WORDS: Record<ClaimKind, string> = {
  claim: "Claim",
  response: "Response",
  reaction: "Third-party reaction",
};

export const KEY_ISSUE_STATUS_WORDS: Record<KeyIssueStatus, string> = {
  open: "open",
  narrowing: "narrowing",
  resolved: "resolved",
};

/** Incidents in the order they happened (recording order breaks ties). */
export function timeline(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort(
    (x, y) => x.occurredOn.localeCompare(y.occurredOn) || x.createdAt.localeCompare(y.createdAt),
  );
}

export interface ClaimThread {
  claim: Claim;
  responses: Claim[];
}

/**
 * An incident's claims in date order, each with the responses that answer it beneath; reactions apart, as the
 * third parties' word on the incident as a whole. A response whose claim is not listed stands on its own.
 */
export function claimsOf(
  incidentId: string,
  claims: readonly Claim[],
): { threads: ClaimThread[]; reactions: Claim[] } {
  const mine = claims
    .filter((c) => c.incidentId === incidentId)
    .sort((x, y) => x.statedOn.localeCompare(y.statedOn) || x.createdAt.localeCompare(y.createdAt));
  const listed = new Set(mine.filter((c) => c.claimKind !== "reaction").map((c) => c.id));
  const threads: ClaimThread[] = [];
  for (const c of mine) {
    if (c.claimKind === "reaction") continue;
    if (c.claimKind === "response" && c.respondsTo && listed.has(c.respondsTo)) continue;
    threads.push({ claim: c, responses: [] });
  }
  const byId = new Map(threads.map((t) => [t.claim.id, t]));
  for (const c of mine) {
    if (c.claimKind !== "response" || !c.respondsTo) continue;
    const answered = byId.get(c.respondsTo) ?? threadOf(c.respondsTo, mine, byId);
    answered?.responses.push(c);
  }
  return { threads, reactions: mine.filter((c) => c.claimKind === "reaction") };
}

/** A response to a response belongs to the thread of the claim at its root. */
function threadOf(
  id: string,
  claims: readonly Claim[],
  threads: Map<string, ClaimThread>,
): ClaimThread | undefined {
  const seen = new Set<string>();
  let current = claims.find((c) => c.id === id);
  while (current && !seen.has(current.id)) {
    const thread = threads.get(current.id);
    if (thread) return thread;
    seen.add(current.id);
    const parent = current.respondsTo;
    current = parent ? claims.find((c) => c.id === parent) : undefined;
  }
  return undefined;
}

/** "Ministry of Foreign Affairs of Azerbaijan (Azerbaijan)", unless the source already names the party. */
export function sourceInWords(
  claim: Pick<Claim, "source" | "sourceParty">,
  parties: readonly Party[],
): string {
  const party = parties.find((p) => p.id === claim.sourceParty)?.name;
  if (!party || claim.source.includes(party)) return claim.source;
  return `${claim.source} (${party})`;
}
