import type { RecordedEvent } from "../domain/envelope.ts";
import { parseScope } from "../domain/scope.ts";

/**
 * Exact-shape checks for events that come from outside (a store, an export file). An event is exactly the
 * envelope's fields: an extra or missing key is a defect, since the hash could not vouch for it.
 */

const HEX_HASH = /^[0-9a-f]{64}$/;
// Fixed width up to the seconds, so that two instants compare as text once their fractions are padded.
const ISO_UTC =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;

const UNSEALED_KEYS = [
  "negotiationId",
  "scope",
  "scopeSeq",
  "type",
  "actor",
  "at",
  "data",
  "prevHash",
] as const;

// Scope names repeat on every event of a chain; remembering the valid ones saves two regular expressions
// per event. Bounded, since the strings may come from an untrusted file.
const validScopes = new Set<string>();

function isValidScope(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (validScopes.has(value)) return true;
  if (parseScope(value) === null) return false;
  if (validScopes.size >= 1024) validScopes.clear();
  validScopes.add(value);
  return true;
}

/** True for a lower-case hex SHA-256 digest. */
export function isHexHash(value: unknown): value is string {
  return typeof value === "string" && value.length === 64 && HEX_HASH.test(value);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for an ISO-8601 UTC instant such as `2026-01-31T09:00:00.000Z` (a real calendar day). */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== "string" || !ISO_UTC.test(value)) return false;
  // Cheaper than Date.parse, which matters once per event during verification.
  const day = Number(value.slice(8, 10));
  return day <= 28 || day <= daysInMonth(Number(value.slice(0, 4)), Number(value.slice(5, 7)));
}

/** A text key for a well-formed instant that orders like the instant itself (fractions padded to ns). */
export function instantKey(at: string): string {
  if (at.length === 24) return at; // the usual millisecond form (Date#toISOString) needs no padding
  const fraction = at.length > 20 ? at.slice(20, -1) : "";
  return `${at.slice(0, 19)}.${fraction.padEnd(9, "0")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  // Only plain objects: fields must be the object's own, never supplied by a prototype.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

function keyProblem(value: Record<string, unknown>, sealed: boolean): string | null {
  const keys = Object.keys(value);
  const expected: readonly string[] = sealed ? [...UNSEALED_KEYS, "hash"] : UNSEALED_KEYS;
  const extra = keys.find((key) => !expected.includes(key));
  if (extra !== undefined) return `unexpected field ${JSON.stringify(extra)}`;
  const missing = expected.filter((key) => !Object.hasOwn(value, key));
  return missing.length > 0 ? `missing field ${missing.join(", ")}` : null;
}

/**
 * How strictly to check. "verify" leaves the two hash fields at "is a string", because verification
 * compares both with hashes it computes itself, which is a stricter test than the pattern (and cheaper).
 */
export type ShapeMode = "unsealed" | "sealed" | "verify";

/** Why `value` is not a well-formed event envelope, or null when it is one (the payload is not checked). */
export function eventShapeProblem(value: unknown, mode: ShapeMode): string | null {
  if (!isRecord(value)) return "not an object";
  const sealed = mode !== "unsealed";
  // Counting keys is the cheap test; only a wrong count needs the detailed one.
  let count = 0;
  for (const _ in value) count++;
  if (count !== UNSEALED_KEYS.length + (sealed ? 1 : 0) || !Object.hasOwn(value, "data")) {
    const problem = keyProblem(value, sealed);
    if (problem !== null) return problem;
  }
  if (!nonEmptyString(value.negotiationId)) return "negotiationId must be a non-empty string";
  if (!isValidScope(value.scope)) return "scope is not a valid scope";
  if (!Number.isSafeInteger(value.scopeSeq) || (value.scopeSeq as number) < 1) {
    return "scopeSeq must be a positive integer";
  }
  if (!nonEmptyString(value.type)) return "type must be a non-empty string";
  if (!nonEmptyString(value.actor)) return "actor must be a non-empty string";
  if (!isIsoInstant(value.at)) return "at must be an ISO-8601 UTC instant";
  if (mode === "verify") {
    if (typeof value.prevHash !== "string") return "prevHash must be a hex SHA-256";
    if (typeof value.hash !== "string") return "hash must be a hex SHA-256";
    return null;
  }
  if (!isHexHash(value.prevHash)) return "prevHash must be a hex SHA-256";
  if (sealed && !isHexHash(value.hash)) return "hash must be a hex SHA-256";
  return null;
}

/** True when `value` is exactly a well-formed RecordedEvent envelope (payload not yet checked). */
export function isRecordedEventShape(value: unknown): value is RecordedEvent {
  return eventShapeProblem(value, "sealed") === null;
}
