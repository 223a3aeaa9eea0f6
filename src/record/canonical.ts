import type { UnsealedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";

/**
 * RFC 8785 (JCS) canonical JSON, written by hand rather than taken from a package for two reasons: it must
 * refuse everything that would not survive being stored as JSON and read back (so a hash taken now still
 * matches later), and it must be cheap, because verification runs it once per event.
 *
 * JCS serialises numbers and strings exactly as ECMAScript's JSON.stringify does and sorts object keys by
 * UTF-16 code units, which is how JavaScript compares strings. So when every object's keys are already in
 * that order (as they are for events sealed here and read back from JSON), the native JSON.stringify output
 * is the canonical form: a quick walk checks the order and the value types, and the native code does the
 * rest. Otherwise a walk in JavaScript builds the text. Sealed events keep their payload in canonical key
 * order (see sealEvent), so verification normally takes the fast path.
 */

/** Nesting deeper than this is refused: no event payload needs it, and it keeps recursion off the stack limit. */
const MAX_DEPTH = 64;

// Lone surrogates are not I-JSON (RFC 7493). JSON.stringify escapes them as \udXXX, so only a text that
// contains that sequence needs the exact (slower) search.
const LONE_SURROGATE = /\p{Cs}/u;

/** A cheap signal, without a path or a stack trace; the path is found afterwards, on the slow path. */
class NotCanonical {
  constructor(readonly why: string) {}
}

function invalidValue(value: unknown): NotCanonical {
  if (typeof value === "number") return new NotCanonical(`non-finite number ${String(value)}`);
  return new NotCanonical(`${typeof value} is not a JSON value`);
}

/**
 * True when `value` is JSON whose object keys are all in canonical order, so JSON.stringify(value) is
 * canonical; false when it is JSON but some keys are out of order. Throws NotCanonical for anything else.
 */
function isSortedJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      if (!Number.isFinite(value)) throw invalidValue(value);
      return true;
    case "object": {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) throw new NotCanonical(`nested deeper than ${MAX_DEPTH}`);
      let sorted = true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isSortedJson(value[i], depth + 1)) sorted = false;
        // JSON.stringify would call a toJSON method and print its result instead; leave that to build().
        return sorted && !("toJSON" in value);
      }
      const proto: unknown = Object.getPrototypeOf(value);
      // Dates, Maps, class instances and the like would be stored as something other than what was hashed.
      if (proto !== Object.prototype && proto !== null) throw new NotCanonical("not a plain object");
      const record = value as Record<string, unknown>;
      let previous: string | null = null;
      for (const key in record) {
        if (previous !== null && !(previous < key)) sorted = false;
        previous = key;
        if (!isSortedJson(record[key], depth + 1)) sorted = false;
      }
      return sorted;
    }
    default:
      throw invalidValue(value);
  }
}

function located(why: NotCanonical, path: string | null): NotCanonical | DomainError {
  if (path === null) return why;
  return new DomainError("validation", `Not canonical JSON at ${path}: ${why.why}.`, { path });
}

/**
 * Builds the canonical text in JavaScript. With a `path` it also tests each string for lone surrogates and
 * throws a DomainError naming where the problem is; without one it throws the cheaper NotCanonical.
 */
function build(value: unknown, depth: number, path: string | null): string {
  switch (typeof value) {
    case "string": {
      const text = JSON.stringify(value);
      if (path !== null && text.includes("\\ud") && LONE_SURROGATE.test(value)) {
        throw located(new NotCanonical("lone surrogate in string"), path);
      }
      return text;
    }
    case "number":
      if (!Number.isFinite(value)) throw located(invalidValue(value), path);
      // The ECMAScript shortest round-trip form that JCS prescribes, and "0" for -0.
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (depth >= MAX_DEPTH) throw located(new NotCanonical(`nested deeper than ${MAX_DEPTH}`), path);
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          // Holes read as undefined and are refused like every other undefined.
          out += build(value[i], depth + 1, path === null ? null : `${path}[${i}]`);
        }
        return `${out}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        throw located(new NotCanonical("not a plain object"), path);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = "{";
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (i > 0) out += ",";
        out += `${build(key, depth, path)}:${build(record[key], depth + 1, path === null ? null : `${path}.${key}`)}`;
      }
      return `${out}}`;
    }
    default:
      throw located(invalidValue(value), path);
  }
}

/** The RFC 8785 canonical JSON text of a JSON value; throws a validation DomainError for anything else. */
export function canonicalJson(value: unknown): string {
  let text: string;
  try {
    text = isSortedJson(value, 0) ? JSON.stringify(value) : build(value, 0, null);
  } catch (error) {
    if (!(error instanceof NotCanonical)) throw error;
    // Walk again, slowly, to say where the problem is.
    return build(value, 0, "$");
  }
  // Only the slow walk tests strings for lone surrogates; it throws if it finds one.
  return text.includes("\\ud") ? build(value, 0, "$") : text;
}

/**
 * The canonical JSON text of an unsealed event: exactly its eight envelope fields (any other property is
 * ignored here; callers that take events from outside check the exact shape first, see event-shape.ts).
 */
export function canonicalEventText(event: UnsealedEvent): string {
  // Written in canonical key order, so that the native serialiser produces the canonical text.
  const envelope = {
    actor: event.actor,
    at: event.at,
    data: event.data,
    negotiationId: event.negotiationId,
    prevHash: event.prevHash,
    scope: event.scope,
    scopeSeq: event.scopeSeq,
    type: event.type,
  };
  // Fast path: with scalar envelope fields, only the payload needs walking (once per verified event).
  const scalars =
    typeof event.actor === "string" &&
    typeof event.at === "string" &&
    typeof event.negotiationId === "string" &&
    typeof event.prevHash === "string" &&
    typeof event.scope === "string" &&
    Number.isFinite(event.scopeSeq) &&
    typeof event.type === "string";
  try {
    if (scalars && isSortedJson(event.data, 1)) {
      const text = JSON.stringify(envelope);
      if (!text.includes("\\ud")) return text;
    }
  } catch (error) {
    if (!(error instanceof NotCanonical)) throw error;
  }
  return canonicalJson(envelope);
}

/** The canonical encoding of an unsealed event as UTF-8 bytes: exactly what the event hash is taken over. */
export function canonicalEvent(event: UnsealedEvent): Uint8Array {
  return Buffer.from(canonicalEventText(event), "utf8");
}
