import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import type { RecordedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";
import { parseScope, type Scope } from "../domain/scope.ts";
import { canonicalJson } from "./canonical.ts";
import { type ChainHead, type ChainReport, genesisHash, verifyChainValues } from "./chain.ts";
import { isHexHash, isIsoInstant } from "./event-shape.ts";
import { keyIdOfKey, parsePublicKey, type SigningKey } from "./keys.ts";

/**
 * Checkpoints. A checkpoint signs the head of every scope of a negotiation at the same moment, but as one
 * receipt per scope, each signed on its own: a viewer is given only the receipts of scopes they can read and
 * can verify each of them without learning anything about the others (not their sizes, not whether they
 * changed), because nothing in a receipt mentions another scope. Since every checkpoint covers every scope,
 * even an empty or idle one, the mere existence of a receipt reveals no activity either. For the same
 * reason `checkpointId` must not encode anything about other scopes (a counter or a random id will do).
 */

/** A signed statement: "at `at`, chain (negotiationId, scope) had `seq` events and its head was `head`". */
export interface Receipt {
  negotiationId: string;
  checkpointId: string;
  scope: Scope;
  seq: number;
  head: string;
  at: string;
  reason: string;
  keyId: string;
  /** Base64 Ed25519 signature over the canonical JSON of every other field. */
  signature: string;
}

/** What a checkpoint is taken over: the heads of all scopes of the negotiation, at one instant. */
export interface CheckpointInput {
  negotiationId: string;
  checkpointId: string;
  at: string;
  /** Why the checkpoint was taken, e.g. "round-closed". */
  reason: string;
  heads: readonly ChainHead[];
}

const RECEIPT_KEYS = [
  "negotiationId",
  "checkpointId",
  "scope",
  "seq",
  "head",
  "at",
  "reason",
  "keyId",
  "signature",
] as const;
const KEY_ID = /^[0-9a-f]{16}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

/** Why `value` is not a well-formed receipt, or null when it is one (the signature is not checked here). */
export function receiptProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const extra = keys.find((key) => !(RECEIPT_KEYS as readonly string[]).includes(key));
  if (extra !== undefined) return `unexpected field ${JSON.stringify(extra)}`;
  const missing = RECEIPT_KEYS.filter((key) => !Object.hasOwn(record, key));
  if (missing.length > 0) return `missing field ${missing.join(", ")}`;
  if (!nonEmptyString(record.negotiationId)) return "negotiationId must be a non-empty string";
  if (!nonEmptyString(record.checkpointId)) return "checkpointId must be a non-empty string";
  if (typeof record.scope !== "string" || parseScope(record.scope) === null)
    return "scope is not a valid scope";
  if (!Number.isSafeInteger(record.seq) || (record.seq as number) < 0)
    return "seq must be a non-negative integer";
  if (!isHexHash(record.head)) return "head must be a hex SHA-256";
  if (!isIsoInstant(record.at)) return "at must be an ISO-8601 UTC instant";
  if (!nonEmptyString(record.reason)) return "reason must be a non-empty string";
  if (typeof record.keyId !== "string" || !KEY_ID.test(record.keyId)) return "keyId must be 16 hex digits";
  if (typeof record.signature !== "string" || !BASE64.test(record.signature))
    return "signature must be base64";
  return null;
}

/** The exact bytes a receipt's signature covers. */
function signedBytes(receipt: Omit<Receipt, "signature">): Buffer {
  const { negotiationId, checkpointId, scope, seq, head, at, reason, keyId } = receipt;
  return Buffer.from(
    canonicalJson({ negotiationId, checkpointId, scope, seq, head, at, reason, keyId }),
    "utf8",
  );
}

/** Signs the heads of all scopes of a negotiation as one receipt per scope; throws on malformed input. */
export function signCheckpoint(
  key: Pick<SigningKey, "privateKeyPem" | "keyId">,
  input: CheckpointInput,
): Receipt[] {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key.privateKeyPem);
  } catch {
    throw new DomainError("validation", "Not a PEM private key.");
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new DomainError("validation", "Not an Ed25519 key.");
  const keyId = keyIdOfKey(createPublicKey(privateKey));
  if (keyId !== key.keyId) throw new DomainError("validation", "The key id does not match the private key.");
  const seen = new Set<string>();
  return input.heads.map((head) => {
    if (seen.has(head.scope)) throw new DomainError("validation", `Scope ${head.scope} is given twice.`);
    seen.add(head.scope);
    const unsigned = {
      negotiationId: input.negotiationId,
      checkpointId: input.checkpointId,
      scope: head.scope,
      seq: head.seq,
      head: head.hash,
      at: input.at,
      reason: input.reason,
      keyId,
    };
    const receipt: Receipt = {
      ...unsigned,
      signature: sign(null, signedBytes(unsigned), privateKey).toString("base64"),
    };
    // Checked as a verifier will check it, so that nothing is signed that could never verify.
    const problem = receiptProblem(receipt);
    if (problem !== null) throw new DomainError("validation", `Cannot sign checkpoint: ${problem}.`);
    return receipt;
  });
}

/** Checks a receipt's shape, key id and signature against an already parsed public key; never throws. */
export function verifyReceiptWithKey(
  publicKey: KeyObject,
  keyId: string,
  receipt: unknown,
): receipt is Receipt {
  if (receiptProblem(receipt) !== null) return false;
  const candidate = receipt as Receipt;
  if (candidate.keyId !== keyId) return false;
  const signature = Buffer.from(candidate.signature, "base64");
  // Only the canonical spelling: base64 has spare bits, and a receipt must not have two valid forms.
  if (signature.length !== 64 || signature.toString("base64") !== candidate.signature) return false;
  try {
    return verify(null, signedBytes(candidate), publicKey, signature);
  } catch {
    return false;
  }
}

/** True when `receipt` is well formed and signed by the Ed25519 key `publicKeyPem`; never throws. */
export function verifyReceipt(publicKeyPem: string, receipt: unknown): receipt is Receipt {
  let publicKey: KeyObject;
  let keyId: string;
  try {
    publicKey = parsePublicKey(publicKeyPem);
    keyId = keyIdOfKey(publicKey);
  } catch {
    return false;
  }
  return verifyReceiptWithKey(publicKey, keyId, receipt);
}

/** Why a receipt does not match the history it is held against. */
export type ReceiptMismatch = "chain-broken" | "missing" | "head-mismatch";

/**
 * Holds a (signature-checked) receipt against the events of its chain: the chain must verify at least up to
 * `receipt.seq` and have exactly the signed hash there, or be at genesis for seq 0. A rewritten, removed or
 * inserted event at or before that position is therefore caught, including a truncated tail. `report` may
 * be passed when the chain was already verified, to avoid doing it again for every receipt.
 */
export function checkReceiptAgainstChain(
  receipt: Receipt,
  events: readonly RecordedEvent[] | readonly unknown[],
  report?: ChainReport,
): { ok: true } | { ok: false; reason: ReceiptMismatch; detail: string } {
  const chain = report ?? verifyChainValues(receipt.negotiationId, receipt.scope, events);
  if (!chain.ok && chain.firstBad.scopeSeq <= receipt.seq) {
    const { scopeSeq, reason } = chain.firstBad;
    return { ok: false, reason: "chain-broken", detail: `the chain breaks at event ${scopeSeq} (${reason})` };
  }
  if (receipt.seq === 0) {
    if (receipt.head === genesisHash(receipt.negotiationId, receipt.scope)) return { ok: true };
    return { ok: false, reason: "head-mismatch", detail: "the signed head is not this chain's genesis" };
  }
  // Verified up to receipt.seq (checked above), so this event, if present, is a well-formed RecordedEvent.
  const event = events[receipt.seq - 1] as RecordedEvent | undefined;
  if (event === undefined) {
    const detail = `signed at ${receipt.seq} events, the history has ${events.length}: events were removed`;
    return { ok: false, reason: "missing", detail };
  }
  if (event.hash !== receipt.head) {
    return {
      ok: false,
      reason: "head-mismatch",
      detail: `event ${receipt.seq} is not the one that was signed`,
    };
  }
  return { ok: true };
}
