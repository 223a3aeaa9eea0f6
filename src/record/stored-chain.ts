import type { RecordedEvent } from "../domain/envelope.ts";
import { parseScope } from "../domain/scope.ts";
import { canonicalJson } from "./canonical.ts";
import type { ChainBreakReason, ChainHead, ChainReport } from "./chain.ts";
import { genesisHash, sha256Hex } from "./chain.ts";
import { instantKey, isIsoInstant } from "./event-shape.ts";

/**
 * Verification straight from stored rows. The store keeps each event's payload as its canonical JSON text,
 * so the hashed bytes can be rebuilt by concatenation instead of re-serialising the payload: the envelope
 * fields are short strings and numbers, and the sorted key order of RFC 8785 is fixed for them.
 */
export interface StoredEventRow {
  negotiationId: string;
  scope: string;
  scopeSeq: number;
  type: string;
  actor: string;
  at: string;
  /** The payload exactly as hashed: canonical JSON text. */
  dataText: string;
  prevHash: string;
  hash: string;
}

/** The canonical text of a stored event; equals canonicalEventText of the parsed event when dataText is canonical. */
export function storedEventText(row: StoredEventRow): string {
  // Keys in UTF-16 order: actor, at, data, negotiationId, prevHash, scope, scopeSeq, type.
  return `{"actor":${JSON.stringify(row.actor)},"at":${JSON.stringify(row.at)},"data":${row.dataText},"negotiationId":${JSON.stringify(row.negotiationId)},"prevHash":${JSON.stringify(row.prevHash)},"scope":${JSON.stringify(row.scope)},"scopeSeq":${row.scopeSeq},"type":${JSON.stringify(row.type)}}`;
}

/** Verifies one chain given as stored rows in chain order; names the first bad event like verifyChain. */
export function verifyStoredChain(
  negotiationId: string,
  scope: string,
  rows: readonly StoredEventRow[],
): ChainReport {
  const count = rows.length;
  const fail = (scopeSeq: number, reason: ChainBreakReason, detail: string): ChainReport => ({
    negotiationId,
    scope,
    ok: false,
    count,
    firstBad: { scopeSeq, reason, detail },
  });
  const validScope = parseScope(scope);
  if (validScope === null) return fail(1, "wrong-scope", "not a valid scope");
  let prevHash = genesisHash(negotiationId, validScope);
  let prevAt = "";
  const text = new ChainText(negotiationId, scope);
  for (let index = 0; index < count; index++) {
    const expected = index + 1;
    const row = rows[index] as StoredEventRow;
    if (row.negotiationId !== negotiationId)
      return fail(expected, "wrong-negotiation", "belongs to another negotiation");
    if (row.scope !== scope) return fail(expected, "wrong-scope", `belongs to scope ${row.scope}`);
    if (row.scopeSeq > expected)
      return fail(expected, "seq-gap", `found event ${row.scopeSeq}; event ${expected} is missing`);
    if (row.scopeSeq < expected)
      return fail(expected, "seq-repeat", `found event ${row.scopeSeq} again, or out of order`);
    if (!isIsoInstant(row.at)) return fail(expected, "malformed", "at is not an ISO-8601 UTC instant");
    const digest = sha256Hex(text.of(row, prevHash));
    if (digest !== row.hash) return fail(expected, "hash-mismatch", "content does not match its hash");
    if (row.prevHash !== prevHash) {
      return fail(
        expected,
        "prev-mismatch",
        "does not link to the previous event: history before it was altered",
      );
    }
    const at = instantKey(row.at);
    if (at < prevAt)
      return fail(expected, "time-reversed", `recorded at ${row.at}, before the previous event`);
    prevHash = row.hash;
    prevAt = at;
  }
  return { negotiationId, scope, ok: true, count, head: { scope: validScope, seq: count, hash: prevHash } };
}

/**
 * Seals the next event of a chain for storage: the payload is serialised once, to the canonical text that is
 * both hashed and stored, instead of once for the hash and again for the row.
 */
export function sealForStorage(
  head: ChainHead,
  draft: { negotiationId: string; type: string; actor: string; at: string; data: unknown },
): { event: RecordedEvent; head: ChainHead; dataText: string } {
  const dataText = canonicalJson(draft.data);
  const row: StoredEventRow = {
    negotiationId: draft.negotiationId,
    scope: head.scope,
    scopeSeq: head.seq + 1,
    type: draft.type,
    actor: draft.actor,
    at: draft.at,
    dataText,
    prevHash: head.hash,
    hash: "",
  };
  const hash = sha256Hex(storedEventText(row));
  const event: RecordedEvent = {
    negotiationId: row.negotiationId,
    scope: head.scope,
    scopeSeq: row.scopeSeq,
    type: row.type,
    actor: row.actor,
    at: row.at,
    data: draft.data,
    prevHash: row.prevHash,
    hash,
  };
  return { event, head: { scope: head.scope, seq: row.scopeSeq, hash }, dataText };
}

/**
 * storedEventText for the rows of one chain, faster: what a verified chain fixes (its negotiation, its scope,
 * the sequence number, a link that matches the previous hash, an instant in ISO form) needs no escaping, and
 * the few actors and event types repeat, so their JSON is remembered. Gives exactly storedEventText(row).
 */
class ChainText {
  private readonly head: string;
  private readonly middle: string;
  private readonly json = new Map<string, string>();

  constructor(negotiationId: string, scope: string) {
    this.head = `,"negotiationId":${JSON.stringify(negotiationId)},"prevHash":`;
    this.middle = `,"scope":${JSON.stringify(scope)},"scopeSeq":`;
  }

  /** The row's text; `expectedPrev` is the previous event's hash (hex, needing no escaping). */
  of(row: StoredEventRow, expectedPrev: string): string {
    // Only a row that passed the cheap checks comes here: its negotiation and scope are the chain's.
    const prev = row.prevHash === expectedPrev ? `"${expectedPrev}"` : JSON.stringify(row.prevHash);
    return `{"actor":${this.quoted(row.actor)},"at":"${row.at}","data":${row.dataText}${this.head}${prev}${this.middle}${row.scopeSeq},"type":${this.quoted(row.type)}}`;
  }

  private quoted(value: string): string {
    let text = this.json.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      // Bounded, since the rows may come from an untrusted file.
      if (this.json.size >= 4096) this.json.clear();
      this.json.set(value, text);
    }
    return text;
  }
}
