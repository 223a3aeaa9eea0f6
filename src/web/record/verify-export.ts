import { type ChainResult, verifyChain } from "./chain.ts";
import {
  checkReceiptAgainstChain,
  openPublicKey,
  type Receipt,
  type ReceiptMismatch,
  receiptProblem,
  type VerifyingKey,
  verifyReceiptSignature,
} from "./receipts.ts";
import type { Subtle } from "./subtle.ts";

/**
 * Verifies a history export (GET …/history-export, format parley-history/1) in the browser, the way
 * `parley verify --file` does on the server's side (src/record/verify-export.ts): every chain the member
 * reads, every receipt's signature, and each receipt against its chain. Nothing is taken on trust from the
 * server beyond the public key, which a member should compare with the one they kept.
 */

export const HISTORY_FORMAT = "parley-history/1";
const EXPORT_FIELDS: readonly string[] = [
  "format",
  "negotiationId",
  "publicKeyPem",
  "keyId",
  "events",
  "receipts",
];

export type BadReceiptReason = "malformed" | "wrong-negotiation" | "bad-signature" | ReceiptMismatch;

export interface BadReceipt {
  index: number;
  scope: string | null;
  checkpointId: string | null;
  reason: BadReceiptReason;
  detail: string;
}

/** A chain's result plus the highest position a valid receipt vouches for (null: none does). */
export type ChainVerdict = ChainResult & { signedSeq: number | null };

export interface BrowserVerifyReport {
  ok: boolean;
  /** Problems with the document itself (format, key). */
  errors: string[];
  chains: ChainVerdict[];
  /** "unsupported": this browser cannot check Ed25519 signatures, so receipts were not judged. */
  signatures: "checked" | "unsupported";
  receipts: { checked: number; bad: BadReceipt[] };
  keyId: string | null;
}

function failed(errors: string[]): BrowserVerifyReport {
  return {
    ok: false,
    errors,
    chains: [],
    signatures: "checked",
    receipts: { checked: 0, bad: [] },
    keyId: null,
  };
}

const text = (record: Record<string, unknown>, key: string) => {
  const value = record[key];
  return typeof value === "string" ? value : null;
};

function chainsByScope(events: readonly unknown[]): Map<string, unknown[]> {
  const chains = new Map<string, unknown[]>();
  for (const event of events) {
    const scope =
      typeof event === "object" && event !== null ? (event as Record<string, unknown>).scope : null;
    const key = typeof scope === "string" ? scope : "";
    const chain = chains.get(key);
    if (chain === undefined) chains.set(key, [event]);
    else chain.push(event);
  }
  return chains;
}

/** True when the platform's WebCrypto refused Ed25519 itself, not the key. */
function isUnsupported(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "NotSupportedError" || /not supported|unrecognized/i.test(error.message))
  );
}

/** Verifies an export document of unknown shape; never throws for bad input. */
export async function verifyHistoryExport(subtle: Subtle, doc: unknown): Promise<BrowserVerifyReport> {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return failed(["not a JSON object"]);
  const record = doc as Record<string, unknown>;
  if (record.format !== HISTORY_FORMAT) return failed([`format is not ${HISTORY_FORMAT}`]);
  const negotiationId = text(record, "negotiationId");
  if (negotiationId === null || negotiationId === "") return failed(["negotiationId is missing"]);
  if (!Array.isArray(record.events)) return failed(["events is not an array"]);
  if (!Array.isArray(record.receipts)) return failed(["receipts is not an array"]);
  const errors: string[] = [];
  for (const field of Object.keys(record))
    if (!EXPORT_FIELDS.includes(field)) errors.push(`unexpected field ${JSON.stringify(field)}`);

  let key: VerifyingKey | null = null;
  let signatures: BrowserVerifyReport["signatures"] = "checked";
  const pem = text(record, "publicKeyPem");
  const keyId = text(record, "keyId");
  if (pem === null) errors.push("publicKeyPem is missing");
  else {
    try {
      key = await openPublicKey(subtle, pem);
      if (key.keyId !== keyId) {
        errors.push("keyId does not name publicKeyPem");
        key = null;
      }
    } catch (error) {
      if (isUnsupported(error)) signatures = "unsupported";
      else errors.push("publicKeyPem is not an Ed25519 public key");
    }
  }

  const eventsByScope = chainsByScope(record.events as unknown[]);
  const results = new Map<string, ChainResult>();
  for (const [scope, events] of eventsByScope)
    results.set(scope, await verifyChain(subtle, negotiationId, scope, events));

  const signedSeq = new Map<string, number>();
  const bad: BadReceipt[] = [];
  const receipts = record.receipts as unknown[];
  if (signatures === "checked") {
    for (const [index, value] of receipts.entries()) {
      const verdict = await judgeReceipt(subtle, value, negotiationId, key, eventsByScope, results);
      if (verdict.ok) {
        signedSeq.set(
          verdict.receipt.scope,
          Math.max(signedSeq.get(verdict.receipt.scope) ?? 0, verdict.receipt.seq),
        );
        continue;
      }
      const fields = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
      bad.push({
        index,
        scope: text(fields, "scope"),
        checkpointId: text(fields, "checkpointId"),
        reason: verdict.reason,
        detail: verdict.detail,
      });
    }
  }

  const chains = [...results].map(
    ([scope, result]): ChainVerdict => ({ ...result, signedSeq: signedSeq.get(scope) ?? null }),
  );
  const ok = errors.length === 0 && bad.length === 0 && chains.every((chain) => chain.ok);
  return {
    ok,
    errors,
    chains,
    signatures,
    receipts: { checked: signatures === "checked" ? receipts.length : 0, bad },
    keyId: key?.keyId ?? null,
  };
}

async function judgeReceipt(
  subtle: Subtle,
  value: unknown,
  negotiationId: string,
  key: VerifyingKey | null,
  eventsByScope: Map<string, unknown[]>,
  results: Map<string, ChainResult>,
): Promise<{ ok: true; receipt: Receipt } | { ok: false; reason: BadReceiptReason; detail: string }> {
  const problem = receiptProblem(value);
  if (problem !== null) return { ok: false, reason: "malformed", detail: problem };
  const receipt = value as Receipt;
  if (receipt.negotiationId !== negotiationId)
    return { ok: false, reason: "wrong-negotiation", detail: "for another negotiation" };
  if (key === null || !(await verifyReceiptSignature(subtle, key, receipt)))
    return { ok: false, reason: "bad-signature", detail: "not signed by this export's key" };
  const events = eventsByScope.get(receipt.scope) ?? [];
  let result = results.get(receipt.scope);
  if (result === undefined) {
    // A scope with no events still has a chain (at genesis) that its receipts speak about.
    result = await verifyChain(subtle, negotiationId, receipt.scope, events);
    results.set(receipt.scope, result);
  }
  const match = await checkReceiptAgainstChain(subtle, receipt, events, result);
  return match.ok ? { ok: true, receipt } : match;
}
