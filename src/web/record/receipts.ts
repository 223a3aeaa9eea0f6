import { parseScope } from "../../domain/scope.ts";
import { canonicalJson } from "./canonical.ts";
import { type ChainResult, genesisHash, isHexHash, isIsoInstant } from "./chain.ts";
import { fromBase64, type Subtle, toBase64, toHex, utf8 } from "./subtle.ts";

/**
 * Signed receipts (src/record/checkpoint.ts): "at `at`, chain (negotiation, scope) had `seq` events and its
 * head was `head`", signed with the server's Ed25519 key. Checked here with WebCrypto.
 */
export interface Receipt {
  negotiationId: string;
  checkpointId: string;
  scope: string;
  seq: number;
  head: string;
  at: string;
  reason: string;
  keyId: string;
  signature: string;
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

const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/** Why `value` is not a well-formed receipt, or null (the signature is checked separately). */
export function receiptProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => !(RECEIPT_KEYS as readonly string[]).includes(key));
  if (extra !== undefined) return `unexpected field ${JSON.stringify(extra)}`;
  const missing = RECEIPT_KEYS.filter((key) => !Object.hasOwn(record, key));
  if (missing.length > 0) return `missing field ${missing.join(", ")}`;
  if (!nonEmpty(record.negotiationId)) return "negotiationId must be a non-empty string";
  if (!nonEmpty(record.checkpointId)) return "checkpointId must be a non-empty string";
  if (typeof record.scope !== "string" || parseScope(record.scope) === null)
    return "scope is not a valid scope";
  if (!Number.isSafeInteger(record.seq) || (record.seq as number) < 0)
    return "seq must be a non-negative integer";
  if (!isHexHash(record.head)) return "head must be a hex SHA-256";
  if (!isIsoInstant(record.at)) return "at must be an ISO-8601 UTC instant";
  if (!nonEmpty(record.reason)) return "reason must be a non-empty string";
  if (typeof record.keyId !== "string" || !KEY_ID.test(record.keyId)) return "keyId must be 16 hex digits";
  if (typeof record.signature !== "string" || fromBase64(record.signature) === null)
    return "signature must be base64";
  return null;
}

/** The server's public key, ready to check signatures, with the id receipts name it by. */
export interface VerifyingKey {
  key: unknown;
  keyId: string;
}

/** Opens a PEM (SPKI) Ed25519 public key; throws when it is not one or the platform cannot do Ed25519. */
export async function openPublicKey(subtle: Subtle, pem: string): Promise<VerifyingKey> {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, "").replace(/\s+/g, "");
  const der = fromBase64(body);
  if (der === null) throw new Error("the public key is not PEM");
  const key = await subtle.importKey("spki", der, { name: "Ed25519" }, true, ["verify"]);
  // The key id is the first 16 hex digits of SHA-256 over the raw 32-byte key, as the server names it.
  const raw = await subtle.exportKey("raw", key);
  return { key, keyId: toHex(await subtle.digest("SHA-256", new Uint8Array(raw))).slice(0, 16) };
}

/** True when the receipt is well formed and signed by `key`; never throws. */
export async function verifyReceiptSignature(
  subtle: Subtle,
  key: VerifyingKey,
  value: unknown,
): Promise<boolean> {
  if (receiptProblem(value) !== null) return false;
  const receipt = value as Receipt;
  if (receipt.keyId !== key.keyId) return false;
  const signature = fromBase64(receipt.signature);
  // Only the canonical spelling: base64 has spare bits, and a receipt must not have two valid forms.
  if (signature === null || signature.length !== 64 || toBase64(signature) !== receipt.signature)
    return false;
  const { negotiationId, checkpointId, scope, seq, head, at, reason, keyId } = receipt;
  const signed = utf8(canonicalJson({ negotiationId, checkpointId, scope, seq, head, at, reason, keyId }));
  try {
    return await subtle.verify({ name: "Ed25519" }, key.key, signature, signed);
  } catch {
    return false;
  }
}

export type ReceiptMismatch = "chain-broken" | "missing" | "head-mismatch";

/** Holds a signature-checked receipt against its chain: the signed head must be where the receipt says. */
export async function checkReceiptAgainstChain(
  subtle: Subtle,
  receipt: Receipt,
  events: readonly unknown[],
  chain: ChainResult,
): Promise<{ ok: true } | { ok: false; reason: ReceiptMismatch; detail: string }> {
  if (!chain.ok && chain.firstBad.scopeSeq <= receipt.seq) {
    const { scopeSeq, reason } = chain.firstBad;
    return { ok: false, reason: "chain-broken", detail: `the chain breaks at event ${scopeSeq} (${reason})` };
  }
  if (receipt.seq === 0) {
    if (receipt.head === (await genesisHash(subtle, receipt.negotiationId, receipt.scope)))
      return { ok: true };
    return { ok: false, reason: "head-mismatch", detail: "the signed head is not this chain's genesis" };
  }
  const event = events[receipt.seq - 1] as { hash?: unknown } | undefined;
  if (event === undefined) {
    const detail = `signed at ${receipt.seq} events, the history has ${events.length}: events were removed`;
    return { ok: false, reason: "missing", detail };
  }
  if (event.hash !== receipt.head)
    return {
      ok: false,
      reason: "head-mismatch",
      detail: `event ${receipt.seq} is not the one that was signed`,
    };
  return { ok: true };
}
