import type { RecordedEvent } from "../domain/envelope.ts";
import type { Scope } from "../domain/scope.ts";
import { appendToChain, type ChainHead, genesisHead, headOf } from "./chain.ts";

/** Test factories for the record: small histories built through the real chain functions. */

export const NEGOTIATION = "neg-7f3a";
const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface Entry {
  scope: Scope;
  type?: string;
  data?: unknown;
}

/** Builds a history of sealed events, one per entry, a second apart, each appended to its scope's chain. */
export function makeHistory(entries: readonly Entry[], negotiationId = NEGOTIATION): RecordedEvent[] {
  const heads = new Map<Scope, ChainHead>();
  return entries.map((entry, index) => {
    const head = heads.get(entry.scope) ?? genesisHead(negotiationId, entry.scope);
    const appended = appendToChain(head, {
      negotiationId,
      type: entry.type ?? "note.added",
      actor: "member-1",
      at: new Date(START + index * 1000).toISOString(),
      data: entry.data ?? { n: index },
    });
    heads.set(entry.scope, appended.head);
    return appended.event;
  });
}

/** The current head of each of `scopes` in `events` (genesis for scopes without events). */
export function headsOf(
  events: readonly RecordedEvent[],
  scopes: readonly Scope[],
  negotiationId = NEGOTIATION,
): ChainHead[] {
  return scopes.map((scope): ChainHead => {
    const last = events.filter((event) => event.scope === scope).at(-1);
    return last === undefined ? genesisHead(negotiationId, scope) : headOf(last);
  });
}

/** The events of one chain, in order. */
export function chainOf(events: readonly RecordedEvent[], scope: Scope): RecordedEvent[] {
  return events.filter((event) => event.scope === scope);
}

/** A small history across two scopes with nested, numeric and non-ASCII payloads, for exhaustive tampering. */
export function smallHistory(): RecordedEvent[] {
  return makeHistory([
    { scope: "shared", type: "proposal.tabled", data: { text: "Art. 3 — pêche", n: 1.5 } },
    { scope: "party:am", data: { ok: true, tags: ["a", null] } },
    { scope: "shared", data: { by: { party: "am" }, n: -2 } },
    { scope: "party:am", data: "🤝 z" },
    { scope: "shared", data: [] },
    { scope: "party:am", data: { e: 1e21 } },
  ]);
}
