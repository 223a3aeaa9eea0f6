import * as crypto from "node:crypto";
import type { RecordedEvent, UnsealedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";
import { parseScope, type Scope } from "../domain/scope.ts";
import { canonicalEventText } from "./canonical.ts";
import { eventShapeProblem, instantKey, isHexHash } from "./event-shape.ts";

/**
 * One hash chain per (negotiation, scope): each event's hash covers its canonical encoding, which includes
 * the previous event's hash, and the first event links to a genesis hash bound to the negotiation and scope.
 * Separate chains let a member verify every scope they can read without learning anything about the others.
 */

/** Where a chain stands: the last event's position and hash (seq 0 and the genesis hash when empty). */
export interface ChainHead {
  scope: Scope;
  seq: number;
  hash: string;
}

/** An event before it is placed in its chain: the chain supplies `scopeSeq` and `prevHash`. */
export type EventDraft<T extends string = string, D = unknown> = Omit<
  UnsealedEvent<T, D>,
  "scope" | "scopeSeq" | "prevHash"
>;

/** Hex SHA-256 of a text's UTF-8 bytes (the one-shot form: a Hash object costs more than hashing an event). */
export function sha256Hex(text: string): string {
  return crypto.hash("sha256", text, "hex");
}

/** The hash a chain starts from; domain-separated so it can never equal an event hash of another chain. */
export function genesisHash(negotiationId: string, scope: Scope): string {
  // The scope cannot contain a newline, so the last newline unambiguously ends the negotiation id.
  return sha256Hex(`parley/v1/genesis\n${negotiationId}\n${scope}`);
}

/** The head of a chain that has no events yet. */
export function genesisHead(negotiationId: string, scope: Scope): ChainHead {
  return { scope, seq: 0, hash: genesisHash(negotiationId, scope) };
}

/** The head a chain has once `event` is its last event. */
export function headOf(event: RecordedEvent): ChainHead {
  return { scope: event.scope, seq: event.scopeSeq, hash: event.hash };
}

/** The position and link the next event of the chain at `head` must carry. */
export function nextLink(head: ChainHead): { scope: Scope; scopeSeq: number; prevHash: string } {
  return { scope: head.scope, scopeSeq: head.seq + 1, prevHash: head.hash };
}

/** Seals an event: checks its envelope and payload, and adds hash = SHA-256(canonical encoding). */
export function sealEvent<T extends string, D>(unsealed: UnsealedEvent<T, D>): RecordedEvent<T, D> {
  const problem = eventShapeProblem(unsealed, "unsealed");
  if (problem !== null) throw new DomainError("validation", `Cannot seal event: ${problem}.`, { problem });
  const text = canonicalEventText(unsealed);
  // The sealed event is rebuilt from its canonical text: it shares nothing with the caller's (mutable)
  // payload, equals what a reader of the stored JSON gets back, and keeps its keys in canonical order,
  // which lets verification take the fast path.
  const event = JSON.parse(text) as UnsealedEvent<T, D>;
  return { ...event, hash: sha256Hex(text) };
}

/** Seals `draft` as the next event of the chain at `head` and returns it with the chain's new head. */
export function appendToChain<T extends string, D>(
  head: ChainHead,
  draft: EventDraft<T, D>,
): { event: RecordedEvent<T, D>; head: ChainHead } {
  const event = sealEvent<T, D>({ ...draft, ...nextLink(head) });
  return { event, head: headOf(event) };
}

/** Why a chain failed verification; the first failing check of the first bad event is reported. */
export type ChainBreakReason =
  | "malformed"
  | "wrong-negotiation"
  | "wrong-scope"
  | "seq-gap"
  | "seq-repeat"
  | "hash-mismatch"
  | "prev-mismatch"
  | "time-reversed";

/** The first bad event of a chain: `scopeSeq` is the position where it sits (where an event was expected). */
export interface ChainBreak {
  scopeSeq: number;
  reason: ChainBreakReason;
  detail: string;
}

/** The verdict on one chain; `scope` is a string because a report may be about a malformed scope. */
export type ChainReport =
  | { negotiationId: string; scope: string; ok: true; count: number; head: ChainHead }
  | { negotiationId: string; scope: string; ok: false; count: number; firstBad: ChainBreak };

function broken(
  negotiationId: string,
  scope: string,
  count: number,
  scopeSeq: number,
  reason: ChainBreakReason,
  detail: string,
): ChainReport {
  return { negotiationId, scope, ok: false, count, firstBad: { scopeSeq, reason, detail } };
}

/** Why `value` cannot be event `expected` of the chain, after `prevHash` at `prevAt`; null if it can. */
function eventProblem(
  value: unknown,
  negotiationId: string,
  scope: string,
  expected: number,
  prevHash: string,
  prevAt: string,
): [ChainBreakReason, string] | null {
  const problem = eventShapeProblem(value, "verify");
  if (problem !== null) return ["malformed", problem];
  const event = value as RecordedEvent;
  if (event.negotiationId !== negotiationId) {
    return ["wrong-negotiation", `belongs to negotiation ${JSON.stringify(event.negotiationId)}`];
  }
  if (event.scope !== scope) return ["wrong-scope", `belongs to scope ${event.scope}`];
  if (event.scopeSeq > expected)
    return ["seq-gap", `found event ${event.scopeSeq}; event ${expected} is missing`];
  if (event.scopeSeq < expected)
    return ["seq-repeat", `found event ${event.scopeSeq} again, or out of order`];
  let text: string;
  try {
    text = canonicalEventText(event);
  } catch (error) {
    return ["malformed", error instanceof Error ? error.message : "payload is not canonical JSON"];
  }
  if (sha256Hex(text) !== event.hash) {
    if (!isHexHash(event.hash)) return ["malformed", "hash must be a hex SHA-256"];
    return ["hash-mismatch", "content does not match its hash"];
  }
  if (event.prevHash !== prevHash) {
    if (!isHexHash(event.prevHash)) return ["malformed", "prevHash must be a hex SHA-256"];
    return ["prev-mismatch", "does not link to the previous event: history before it was altered"];
  }
  if (instantKey(event.at) < prevAt)
    return ["time-reversed", `recorded at ${event.at}, before the previous event`];
  return null;
}

/**
 * Verifies a chain given as values of unknown shape, so that export files and store rows can be checked
 * without trusting them first. Each event is serialised exactly once.
 */
export function verifyChainValues(
  negotiationId: string,
  scope: string,
  events: readonly unknown[],
): ChainReport {
  const count = events.length;
  const validScope = parseScope(scope);
  if (validScope === null) return broken(negotiationId, scope, count, 1, "wrong-scope", "not a valid scope");
  let prevHash = genesisHash(negotiationId, validScope);
  let prevAt = "";
  for (let index = 0; index < count; index++) {
    const problem = eventProblem(events[index], negotiationId, scope, index + 1, prevHash, prevAt);
    if (problem !== null) return broken(negotiationId, scope, count, index + 1, problem[0], problem[1]);
    const event = events[index] as RecordedEvent;
    prevHash = event.hash;
    prevAt = instantKey(event.at);
  }
  return { negotiationId, scope, ok: true, count, head: { scope: validScope, seq: count, hash: prevHash } };
}

/** Verifies one chain: every event in place, unaltered, linked to its predecessor and in time order. */
export function verifyChain(
  negotiationId: string,
  scope: Scope,
  events: readonly RecordedEvent[],
): ChainReport {
  return verifyChainValues(negotiationId, scope, events);
}

function field(value: unknown, key: string): string {
  if (typeof value !== "object" || value === null) return "";
  const found: unknown = (value as Record<string, unknown>)[key];
  return typeof found === "string" ? found : "";
}

interface ChainGroup {
  negotiationId: string;
  scope: string;
  events: unknown[];
}

/** Splits events into chains by (negotiation, scope), in order of first appearance, keeping their order. */
export function groupChains(events: readonly unknown[]): ChainGroup[] {
  const groups: ChainGroup[] = [];
  const byNegotiation = new Map<string, Map<string, ChainGroup>>();
  for (const event of events) {
    const negotiationId = field(event, "negotiationId");
    const scope = field(event, "scope");
    let byScope = byNegotiation.get(negotiationId);
    if (byScope === undefined) {
      byScope = new Map();
      byNegotiation.set(negotiationId, byScope);
    }
    let group = byScope.get(scope);
    if (group === undefined) {
      group = { negotiationId, scope, events: [] };
      byScope.set(scope, group);
      groups.push(group);
    }
    group.events.push(event);
  }
  return groups;
}

/**
 * Verifies every chain found in a list of events, one report per chain in order of first appearance. Only
 * order within a chain matters: the interleaving of chains is deliberately not recorded. Truncating a
 * chain's tail cannot be seen from the events alone; signed receipts (checkpoint.ts) catch it.
 */
export function verifyHistory(events: readonly RecordedEvent[]): ChainReport[] {
  return groupChains(events).map((group) =>
    verifyChainValues(group.negotiationId, group.scope, group.events),
  );
}
