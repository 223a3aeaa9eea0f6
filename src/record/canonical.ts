import type { UnsealedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";

/**
 * RFC 8785 (JCS) canonical JSON, written by hand rather than taken from a package for two reasons: it must
 * refuse everything that would not survive being stored as JSON and read back (so a hash taken now still
 * matches later), and it must build the text in a single pass because verification runs it once per event.
 *
 * JCS serialises numbers and strings exactly as ECMAScript's JSON.stringify does and sorts object keys by
 * UTF-16 code units, which is what the default Array#sort does, so the native pieces are reused.
 */

/** Nesting deeper than this is refused: no event payload needs it, and it keeps recursion off the stack limit. */
const MAX_DEPTH = 64;

/** Thrown (as a validation DomainError) for values that have no canonical JSON form; `path` says where. */
function notCanonical(path: string, why: string): DomainError {
  return new DomainError("validation", `Not canonical JSON at ${path}: ${why}.`, { path });
}

// Lone surrogates are not I-JSON (RFC 7493); JSON.stringify escapes them as \udXXX, so only strings whose
// serialisation contains that text need the (slower) exact test.
const LONE_SURROGATE = /\p{Cs}/u;

function stringText(value: string, path: string): string {
  const text = JSON.stringify(value);
  if (text.includes("\\ud") && LONE_SURROGATE.test(value))
    throw notCanonical(path, "lone surrogate in string");
  return text;
}

function valueText(value: unknown, path: string, depth: number): string {
  switch (typeof value) {
    case "string":
      return stringText(value, path);
    case "number":
      if (!Number.isFinite(value)) throw notCanonical(path, `non-finite number ${String(value)}`);
      // JSON.stringify gives the ECMAScript shortest round-trip form that JCS prescribes, and "0" for -0.
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (depth >= MAX_DEPTH) throw notCanonical(path, `nested deeper than ${MAX_DEPTH}`);
      return Array.isArray(value) ? arrayText(value, path, depth + 1) : objectText(value, path, depth + 1);
    default:
      throw notCanonical(path, `${typeof value} is not a JSON value`);
  }
}

function arrayText(items: readonly unknown[], path: string, depth: number): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    // Holes read as undefined and are refused below, like every other undefined.
    if (i > 0) out += ",";
    out += valueText(items[i], `${path}[${i}]`, depth);
  }
  return `${out}]`;
}

function objectText(value: object, path: string, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(value);
  // Dates, Maps, class instances and the like would be stored as something other than what was hashed.
  if (proto !== Object.prototype && proto !== null) throw notCanonical(path, "not a plain object");
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ",";
    out += `${stringText(key, path)}:${valueText(record[key], `${path}.${key}`, depth)}`;
  }
  return `${out}}`;
}

/** The RFC 8785 canonical JSON text of a JSON value; throws a validation DomainError for anything else. */
export function canonicalJson(value: unknown): string {
  return valueText(value, "$", 0);
}

/**
 * The canonical JSON text of an unsealed event. The envelope's keys are fixed, so they are written in their
 * sorted order directly (actor < at < data < negotiationId < prevHash < scope < scopeSeq < type) and only
 * `data` goes through the generic path. Fields beyond the envelope are ignored here: callers that accept
 * events from outside check the exact shape first (see event-shape.ts).
 */
export function canonicalEventText(event: UnsealedEvent): string {
  if (!Number.isSafeInteger(event.scopeSeq)) throw notCanonical("$.scopeSeq", "not a safe integer");
  return (
    `{"actor":${stringText(event.actor, "$.actor")}` +
    `,"at":${stringText(event.at, "$.at")}` +
    `,"data":${valueText(event.data, "$.data", 1)}` +
    `,"negotiationId":${stringText(event.negotiationId, "$.negotiationId")}` +
    `,"prevHash":${stringText(event.prevHash, "$.prevHash")}` +
    `,"scope":${stringText(event.scope, "$.scope")}` +
    `,"scopeSeq":${event.scopeSeq}` +
    `,"type":${stringText(event.type, "$.type")}}`
  );
}

/** The canonical encoding of an unsealed event as UTF-8 bytes: exactly what the event hash is taken over. */
export function canonicalEvent(event: UnsealedEvent): Uint8Array {
  return Buffer.from(canonicalEventText(event), "utf8");
}
