/**
 * Visibility scopes. Every piece of content lives in exactly one scope, chosen when it is written.
 * A scope is a plain string so that it can be stored, hashed and compared without decoding.
 */
export type PartyId = string;

export type Scope = "public" | "shared" | "mediation" | `party:${PartyId}` | `caucus:${PartyId}`;

export type ScopeKind = "public" | "shared" | "mediation" | "party" | "caucus";

const PARTY_ID = /^[a-z][a-z0-9-]{0,31}$/;

/** True when `id` is a well-formed party id (lower-case slug, used inside scope names). */
export function isPartyId(id: string): boolean {
  return PARTY_ID.test(id);
}

/** Parses a scope string; returns null for anything that is not a well-formed scope. */
export function parseScope(value: string): Scope | null {
  if (value === "public" || value === "shared" || value === "mediation") return value;
  const match = /^(party|caucus):(.+)$/.exec(value);
  if (!match?.[2] || !isPartyId(match[2])) return null;
  return value as Scope;
}

/** The kind of a scope and, for party and caucus scopes, its party. */
export function scopeParts(scope: Scope): { kind: ScopeKind; party: PartyId | null } {
  const colon = scope.indexOf(":");
  if (colon < 0) return { kind: scope as ScopeKind, party: null };
  return { kind: scope.slice(0, colon) as ScopeKind, party: scope.slice(colon + 1) };
}

export const partyScope = (party: PartyId): Scope => `party:${party}`;
export const caucusScope = (party: PartyId): Scope => `caucus:${party}`;

/** Every scope a negotiation with these parties has, in a stable order. */
export function allScopes(parties: readonly PartyId[]): Scope[] {
  const sorted = [...parties].sort();
  return [
    "public",
    "shared",
    "mediation",
    ...sorted.map((p) => caucusScope(p)),
    ...sorted.map((p) => partyScope(p)),
  ];
}

/**
 * The audiences that can read a scope, as role classes. A scope A is "at least as wide" as B when every
 * audience of B is an audience of A; content in B may refer to content in A, never the other way round,
 * so that a viewer's filtered history is always self-contained.
 */
export type Audience = "anyone" | "observer" | "mediation" | `delegation:${PartyId}`;

/** The audiences that may read a scope, given the negotiation's parties. */
export function audiencesOf(scope: Scope, parties: readonly PartyId[]): Set<Audience> {
  const { kind, party } = scopeParts(scope);
  const delegations = parties.map((p): Audience => `delegation:${p}`);
  switch (kind) {
    case "public":
      return new Set<Audience>(["anyone", "observer", "mediation", ...delegations]);
    case "shared":
      return new Set<Audience>(["observer", "mediation", ...delegations]);
    case "mediation":
      return new Set<Audience>(["mediation"]);
    case "caucus":
      return new Set<Audience>(["mediation", `delegation:${party}`]);
    case "party":
      return new Set<Audience>([`delegation:${party}`]);
  }
}

/** True when everyone who can read `narrow` can also read `wide`. */
export function isAtLeastAsWide(wide: Scope, narrow: Scope, parties: readonly PartyId[]): boolean {
  const wideAudiences = audiencesOf(wide, parties);
  for (const audience of audiencesOf(narrow, parties)) {
    if (!wideAudiences.has(audience)) return false;
  }
  return true;
}
