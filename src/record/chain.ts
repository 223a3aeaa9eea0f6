import { createHash } from "node:crypto";
import type { RecordedEvent, UnsealedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";
import { parseScope, type Scope } from "../domain/scope.ts";
import { canonicalEventText } from "./canonical.ts";
import { eventShapeProblem, instantKey } from "./event-shape.ts";

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

/** Hex SHA-256 of a text's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
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
  const problem = eventShapeProblem(unsealed, false);
  if (problem !== null) throw new DomainError("validation", `Cannot seal event: ${problem}.`, { problem });
  // A fresh object, so no stray property of the caller's can travel with the sealed event.
  const event: UnsealedEvent<T, D> = {
    negotiationId: unsealed.negotiationId,
    scope: unsealed.scope,
    scopeSeq: unsealed.scopeSeq,
    type: unsealed.type,
    actor: unsealed.actor,
    at: unsealed.at,
    data: unsealed.data,
    prevHash: unsealed.prevHash,
  };
  return { ...event, hash: sha256Hex(canonicalEventText(event)) };
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
    const expected = index + 1;
    const fail = (reason: ChainBreakReason, detail: string) =>
      broken(negotiationId, scope, count, expected, reason, detail);
    const value = events[index];
    const problem = eventShapeProblem(value, true);
    if (problem !== null) return fail("malformed", problem);
    const event = value as RecordedEvent;
    if (event.negotiationId !== negotiationId) {
      return fail("wrong-negotiation", `belongs to negotiation ${JSON.stringify(event.negotiationId)}`);
    }
    if (event.scope !== scope) return fail("wrong-scope", `belongs to scope ${event.scope}`);
    if (event.scopeSeq > expected) {
      return fail("seq-gap", `found event ${event.scopeSeq}; event ${expected} is missing`);
    }
    if (event.scopeSeq < expected) {
      return fail("seq-repeat", `found event ${event.scopeSeq} again, or out of order`);
    }
    let text: string;
    try {
      text = canonicalEventText(event);
    } catch (error) {
      return fail("malformed", error instanceof Error ? error.message : "payload is not canonical JSON");
    }
    if (sha256Hex(text) !== event.hash) return fail("hash-mismatch", "content does not match its hash");
    if (event.prevHash !== prevHash) {
      return fail("prev-mismatch", "does not link to the previous event: history before it was altered");
    }
    const at = instantKey(event.at);
    if (at < prevAt) return fail("time-reversed", `recorded at ${event.at}, before the previous event`);
    prevHash = event.hash;
    prevAt = at;
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

/** Splits events into chains by (negotiation, scope), in order of first appearance, keeping their order. */
export function groupChains(
  events: readonly unknown[],
): { negotiationId: string; scope: string; events: unknown[] }[] {
  const groups = new Map<string, { negotiationId: string; scope: string; events: unknown[] }>();
  for (const event of events) {
    const negotiationId = field(event, "negotiationId");
    const scope = field(event, "scope");
    const key = JSON.stringify([negotiationId, scope]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { negotiationId, scope, events: [] };
      groups.set(key, group);
    }
    group.events.push(event);
  }
  return [...groups.values()];
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
