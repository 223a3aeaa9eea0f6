import type { RecordedEvent } from "../domain/envelope.ts";
import { parseScope } from "../domain/scope.ts";

/**
 * Exact-shape checks for events that come from outside (a store, an export file). An event is exactly the
 * envelope's fields: an extra or missing key is a defect, since the hash could not vouch for it.
 */

const HEX_HASH = /^[0-9a-f]{64}$/;
// Fixed width up to the seconds, so that two instants compare as text once their fractions are padded.
const ISO_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?Z$/;

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

/** True for a lower-case hex SHA-256 digest. */
export function isHexHash(value: unknown): value is string {
  return typeof value === "string" && HEX_HASH.test(value);
}

/** True for an ISO-8601 UTC instant such as `2026-01-31T09:00:00.000Z`. */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === "string" && ISO_UTC.test(value) && !Number.isNaN(Date.parse(value));
}

/** A text key for a well-formed instant that orders like the instant itself (fractions padded to ns). */
export function instantKey(at: string): string {
  const fraction = at.length > 20 ? at.slice(20, -1) : "";
  return `${at.slice(0, 19)}.${fraction.padEnd(9, "0")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

/** Why `value` is not a well-formed event envelope (sealed when `sealed`), or null when it is one. */
export function eventShapeProblem(value: unknown, sealed: boolean): string | null {
  if (!isRecord(value)) return "not an object";
  let keyCount = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    keyCount++;
    if (!(UNSEALED_KEYS as readonly string[]).includes(key) && !(sealed && key === "hash")) {
      return `unexpected field ${JSON.stringify(key)}`;
    }
  }
  if (keyCount !== UNSEALED_KEYS.length + (sealed ? 1 : 0)) {
    const missing = [...UNSEALED_KEYS, ...(sealed ? ["hash"] : [])].filter(
      (key) => !Object.hasOwn(value, key),
    );
    return `missing field ${missing.join(", ")}`;
  }
  if (!nonEmptyString(value.negotiationId)) return "negotiationId must be a non-empty string";
  if (typeof value.scope !== "string" || parseScope(value.scope) === null)
    return "scope is not a valid scope";
  if (!Number.isSafeInteger(value.scopeSeq) || (value.scopeSeq as number) < 1) {
    return "scopeSeq must be a positive integer";
  }
  if (!nonEmptyString(value.type)) return "type must be a non-empty string";
  if (!nonEmptyString(value.actor)) return "actor must be a non-empty string";
  if (!isIsoInstant(value.at)) return "at must be an ISO-8601 UTC instant";
  if (!isHexHash(value.prevHash)) return "prevHash must be a hex SHA-256";
  if (sealed && !isHexHash(value.hash)) return "hash must be a hex SHA-256";
  return null;
}

/** True when `value` is exactly a well-formed RecordedEvent envelope (payload not yet checked). */
export function isRecordedEventShape(value: unknown): value is RecordedEvent {
  return eventShapeProblem(value, true) === null;
}
