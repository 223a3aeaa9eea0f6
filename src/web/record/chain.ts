import { parseScope } from "../../domain/scope.ts";
import { canonicalEventText, NotCanonical } from "./canonical.ts";
import { type Subtle, sha256Hex } from "./subtle.ts";

/**
 * Verifies one hash chain as the server's src/record/chain.ts does, with WebCrypto: every event is exactly an
 * envelope, in place, unaltered (its hash recomputed over the canonical encoding), linked to its predecessor
 * (the first to the genesis hash of the negotiation and scope) and in time order. Reports the first bad event.
 */

export type ChainBreakReason =
  | "malformed"
  | "wrong-negotiation"
  | "wrong-scope"
  | "seq-gap"
  | "seq-repeat"
  | "hash-mismatch"
  | "prev-mismatch"
  | "time-reversed";

export interface ChainBreak {
  /** Where the bad event sits: the position where an event was expected. */
  scopeSeq: number;
  reason: ChainBreakReason;
  detail: string;
}

export type ChainResult =
  | { scope: string; ok: true; count: number; head: string }
  | { scope: string; ok: false; count: number; firstBad: ChainBreak };

const ENVELOPE_KEYS = [
  "negotiationId",
  "scope",
  "scopeSeq",
  "type",
  "actor",
  "at",
  "data",
  "prevHash",
  "hash",
] as const;
const HEX_HASH = /^[0-9a-f]{64}$/;
const ISO_UTC =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;

/** The hash a chain starts from, bound to its negotiation and scope. */
export function genesisHash(subtle: Subtle, negotiationId: string, scope: string): Promise<string> {
  return sha256Hex(subtle, `parley/v1/genesis\n${negotiationId}\n${scope}`);
}

export function isHexHash(value: unknown): value is string {
  return typeof value === "string" && HEX_HASH.test(value);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for an ISO-8601 UTC instant on a real calendar day. */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== "string" || !ISO_UTC.test(value)) return false;
  const day = Number(value.slice(8, 10));
  return day <= 28 || day <= daysInMonth(Number(value.slice(0, 4)), Number(value.slice(5, 7)));
}

/** A text key that orders like the instant (fractions padded to nanoseconds). */
function instantKey(at: string): string {
  const fraction = at.length > 20 ? at.slice(20, -1) : "";
  return `${at.slice(0, 19)}.${fraction.padEnd(9, "0")}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const nonEmpty = (value: unknown) => typeof value === "string" && value.length > 0;

/** Why `value` is not exactly a sealed event envelope, or null (the payload is checked by hashing). */
export function envelopeProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return "not an object";
  const keys = Object.keys(value);
  const extra = keys.find((key) => !(ENVELOPE_KEYS as readonly string[]).includes(key));
  if (extra !== undefined) return `unexpected field ${JSON.stringify(extra)}`;
  const missing = ENVELOPE_KEYS.filter((key) => !Object.hasOwn(value, key));
  if (missing.length > 0) return `missing field ${missing.join(", ")}`;
  if (!nonEmpty(value.negotiationId)) return "negotiationId must be a non-empty string";
  if (typeof value.scope !== "string" || parseScope(value.scope) === null)
    return "scope is not a valid scope";
  if (!Number.isSafeInteger(value.scopeSeq) || (value.scopeSeq as number) < 1)
    return "scopeSeq must be a positive integer";
  if (!nonEmpty(value.type)) return "type must be a non-empty string";
  if (!nonEmpty(value.actor)) return "actor must be a non-empty string";
  if (!isIsoInstant(value.at)) return "at must be an ISO-8601 UTC instant";
  if (typeof value.prevHash !== "string") return "prevHash must be a hex SHA-256";
  if (typeof value.hash !== "string") return "hash must be a hex SHA-256";
  return null;
}

type Problem = [ChainBreakReason, string];

async function eventProblem(
  subtle: Subtle,
  value: unknown,
  negotiationId: string,
  scope: string,
  expected: number,
  prevHash: string,
  prevAt: string,
): Promise<Problem | null> {
  const shape = envelopeProblem(value);
  if (shape !== null) return ["malformed", shape];
  const event = value as Record<(typeof ENVELOPE_KEYS)[number], unknown> & {
    scopeSeq: number;
    at: string;
  };
  if (event.negotiationId !== negotiationId)
    return ["wrong-negotiation", `belongs to negotiation ${JSON.stringify(event.negotiationId)}`];
  if (event.scope !== scope) return ["wrong-scope", `belongs to scope ${String(event.scope)}`];
  if (event.scopeSeq > expected)
    return ["seq-gap", `found event ${event.scopeSeq}; event ${expected} is missing`];
  if (event.scopeSeq < expected)
    return ["seq-repeat", `found event ${event.scopeSeq} again, or out of order`];
  let text: string;
  try {
    text = canonicalEventText(event);
  } catch (error) {
    if (error instanceof NotCanonical) return ["malformed", error.message];
    throw error;
  }
  if ((await sha256Hex(subtle, text)) !== event.hash) {
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

/** Verifies the events of one chain, given as values of unknown shape (they come from a download). */
export async function verifyChain(
  subtle: Subtle,
  negotiationId: string,
  scope: string,
  events: readonly unknown[],
): Promise<ChainResult> {
  const count = events.length;
  if (parseScope(scope) === null) {
    return {
      scope,
      ok: false,
      count,
      firstBad: { scopeSeq: 1, reason: "wrong-scope", detail: "not a valid scope" },
    };
  }
  let prevHash = await genesisHash(subtle, negotiationId, scope);
  let prevAt = "";
  for (let index = 0; index < count; index++) {
    const value = events[index];
    const problem = await eventProblem(subtle, value, negotiationId, scope, index + 1, prevHash, prevAt);
    if (problem !== null) {
      return {
        scope,
        ok: false,
        count,
        firstBad: { scopeSeq: index + 1, reason: problem[0], detail: problem[1] },
      };
    }
    const event = value as { hash: string; at: string };
    prevHash = event.hash;
    prevAt = instantKey(event.at);
  }
  return { scope, ok: true, count, head: prevHash };
}
