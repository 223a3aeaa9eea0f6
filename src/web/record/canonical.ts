/**
 * RFC 8785 (JCS) canonical JSON in the browser: the same text the server hashes (src/record/canonical.ts),
 * so that a member can recompute every event hash without trusting the server. Object keys sort by UTF-16
 * code units (JavaScript's default string order), numbers and strings print as JSON.stringify prints them.
 */

const MAX_DEPTH = 64;
const LONE_SURROGATE = /\p{Cs}/u;

/** Thrown for a value the server could never have hashed: the event is then malformed. */
export class NotCanonical extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotCanonical";
  }
}

function build(value: unknown, depth: number, path: string): string {
  switch (typeof value) {
    case "string":
      // Lone surrogates are not I-JSON: the server refuses them, so a file holding one was not sealed there.
      if (LONE_SURROGATE.test(value)) throw new NotCanonical(`lone surrogate in string at ${path}`);
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new NotCanonical(`non-finite number at ${path}`);
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (depth >= MAX_DEPTH) throw new NotCanonical(`nested deeper than ${MAX_DEPTH} at ${path}`);
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) parts.push(build(value[i], depth + 1, `${path}[${i}]`));
        return `[${parts.join(",")}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        throw new NotCanonical(`not a plain object at ${path}`);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      const parts = keys.map(
        (key) => `${build(key, depth, path)}:${build(record[key], depth + 1, `${path}.${key}`)}`,
      );
      return `{${parts.join(",")}}`;
    }
    default:
      throw new NotCanonical(`${typeof value} is not a JSON value at ${path}`);
  }
}

/** The canonical JSON text of a JSON value; throws NotCanonical for anything that is not JSON. */
export function canonicalJson(value: unknown): string {
  return build(value, 0, "$");
}

/** The fields of an event that its hash covers: the envelope without the hash itself. */
export interface UnsealedEnvelope {
  negotiationId: unknown;
  scope: unknown;
  scopeSeq: unknown;
  type: unknown;
  actor: unknown;
  at: unknown;
  data: unknown;
  prevHash: unknown;
}

/** The canonical text of an event's eight envelope fields: exactly what its hash is taken over. */
export function canonicalEventText(event: UnsealedEnvelope): string {
  const { actor, at, data, negotiationId, prevHash, scope, scopeSeq, type } = event;
  return canonicalJson({ actor, at, data, negotiationId, prevHash, scope, scopeSeq, type });
}
