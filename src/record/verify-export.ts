import type { KeyObject } from "node:crypto";
import type { RecordedEvent } from "../domain/envelope.ts";
import { parseScope } from "../domain/scope.ts";
import { type ChainReport, verifyChainValues } from "./chain.ts";
import {
  checkReceiptAgainstChain,
  type Receipt,
  type ReceiptMismatch,
  receiptProblem,
  verifyReceiptWithKey,
} from "./checkpoint.ts";
import { keyIdOfKey, parsePublicKey } from "./keys.ts";

/**
 * The exported history: everything a member needs to check, offline and without trusting the server, the
 * chains they can read and the receipts for them. An export for a viewer holds only the scopes that viewer
 * can read, so nothing here may refer to another scope.
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

export interface HistoryExport {
  format: typeof HISTORY_FORMAT;
  negotiationId: string;
  publicKeyPem: string;
  keyId: string;
  events: RecordedEvent[];
  receipts: Receipt[];
}

/** Why a receipt in an export was rejected. */
export type BadReceiptReason = "malformed" | "wrong-negotiation" | "bad-signature" | ReceiptMismatch;

export interface BadReceipt {
  /** Position in the export's `receipts` array. */
  index: number;
  scope: string | null;
  checkpointId: string | null;
  reason: BadReceiptReason;
  detail: string;
}

/** A chain's report plus the highest position a valid receipt vouches for (null: none does). */
export type ChainVerdict = ChainReport & { signedSeq: number | null };

export interface VerifyReport {
  ok: boolean;
  /** Problems with the document itself (format, key), as opposed to a chain or a receipt. */
  errors: string[];
  chains: ChainVerdict[];
  receipts: { checked: number; bad: BadReceipt[] };
}

/** Assembles an export document from its parts. */
export function makeHistoryExport(parts: Omit<HistoryExport, "format">): HistoryExport {
  // Field by field: a spread could carry along whatever else the caller's object holds (a private key).
  const { negotiationId, publicKeyPem, keyId, events, receipts } = parts;
  return { format: HISTORY_FORMAT, negotiationId, publicKeyPem, keyId, events, receipts };
}

function textField(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === "string" ? value : null;
}

function failed(errors: string[]): VerifyReport {
  return { ok: false, errors, chains: [], receipts: { checked: 0, bad: [] } };
}

/** The export's events by scope, in order of first appearance; the negotiation is checked per event. */
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

function openKey(pem: string | null, keyId: string | null, errors: string[]): KeyObject | null {
  if (pem === null) {
    errors.push("publicKeyPem is missing");
    return null;
  }
  try {
    const key = parsePublicKey(pem);
    if (keyIdOfKey(key) !== keyId) {
      errors.push("keyId does not name publicKeyPem");
      return null;
    }
    return key;
  } catch {
    errors.push("publicKeyPem is not an Ed25519 public key");
    return null;
  }
}

interface ExportContext {
  negotiationId: string;
  publicKey: KeyObject | null;
  keyId: string | null;
  eventsByScope: Map<string, unknown[]>;
  reports: Map<string, ChainReport>;
}

/** Judges one receipt of an export: its shape, negotiation, signature, and agreement with its chain. */
function judgeReceipt(
  value: unknown,
  context: ExportContext,
): { ok: true; receipt: Receipt } | { ok: false; reason: BadReceiptReason; detail: string } {
  const problem = receiptProblem(value);
  if (problem !== null) return { ok: false, reason: "malformed", detail: problem };
  const receipt = value as Receipt;
  const { negotiationId, publicKey, keyId, eventsByScope, reports } = context;
  if (receipt.negotiationId !== negotiationId) {
    return { ok: false, reason: "wrong-negotiation", detail: "for another negotiation" };
  }
  if (publicKey === null || keyId === null || !verifyReceiptWithKey(publicKey, keyId, receipt)) {
    return { ok: false, reason: "bad-signature", detail: "not signed by this export's key" };
  }
  const events = eventsByScope.get(receipt.scope) ?? [];
  let report = reports.get(receipt.scope);
  if (report === undefined) {
    // A scope with no events still has a chain (at genesis) that its receipts speak about.
    report = verifyChainValues(negotiationId, receipt.scope, events);
    reports.set(receipt.scope, report);
  }
  const match = checkReceiptAgainstChain(receipt, events, report);
  return match.ok ? { ok: true, receipt } : match;
}

/** Verifies an export document of unknown shape: every chain, every receipt's signature and its chain. */
export function verifyExport(doc: unknown): VerifyReport {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return failed(["not a JSON object"]);
  const record = doc as Record<string, unknown>;
  if (record.format !== HISTORY_FORMAT) return failed([`format is not ${HISTORY_FORMAT}`]);
  const negotiationId = textField(record, "negotiationId");
  if (negotiationId === null || negotiationId === "") return failed(["negotiationId is missing"]);
  if (!Array.isArray(record.events)) return failed(["events is not an array"]);
  if (!Array.isArray(record.receipts)) return failed(["receipts is not an array"]);
  const errors: string[] = [];
  for (const field of Object.keys(record)) {
    if (!EXPORT_FIELDS.includes(field)) errors.push(`unexpected field ${JSON.stringify(field)}`);
  }
  const keyId = textField(record, "keyId");
  const publicKey = openKey(textField(record, "publicKeyPem"), keyId, errors);
  const eventsByScope = chainsByScope(record.events as unknown[]);
  const reports = new Map<string, ChainReport>();
  for (const [scope, events] of eventsByScope) {
    reports.set(scope, verifyChainValues(negotiationId, scope, events));
  }
  const context: ExportContext = { negotiationId, publicKey, keyId, eventsByScope, reports };

  const signedSeq = new Map<string, number>();
  const bad: BadReceipt[] = [];
  const receipts = record.receipts as unknown[];
  for (const [index, value] of receipts.entries()) {
    const verdict = judgeReceipt(value, context);
    if (verdict.ok) {
      const { scope, seq } = verdict.receipt;
      signedSeq.set(scope, Math.max(signedSeq.get(scope) ?? 0, seq));
      continue;
    }
    const fields = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
    const scope = textField(fields, "scope");
    const checkpointId = textField(fields, "checkpointId");
    bad.push({ index, scope, checkpointId, reason: verdict.reason, detail: verdict.detail });
  }

  const chains = [...reports].map(([scope, report]): ChainVerdict => {
    return { ...report, signedSeq: signedSeq.get(scope) ?? null };
  });
  const ok = errors.length === 0 && bad.length === 0 && chains.every((chain) => chain.ok);
  return { ok, errors, chains, receipts: { checked: receipts.length, bad } };
}

function shortHash(hash: string): string {
  return `${hash.slice(0, 4)}…${hash.slice(-2)}`;
}

/** A scope name safe to print: anything that is not a well-formed scope is quoted, control characters too. */
function label(scope: string | null): string {
  if (scope === null) return "?";
  return parseScope(scope) === null ? JSON.stringify(scope) : scope;
}

/** The report as text for a terminal: one line per chain, then the receipts and any document errors. */
export function formatReport(report: VerifyReport): string[] {
  const lines = report.errors.map((error) => `error: ${error}`);
  for (const chain of report.chains) {
    const name = label(chain.scope);
    if (chain.ok) {
      const events = `${chain.count} event${chain.count === 1 ? "" : "s"}`;
      const signed = chain.signedSeq === null ? "no receipt" : `signed up to event ${chain.signedSeq}`;
      lines.push(`${name}: ${events}, head ${shortHash(chain.head.hash)}, intact, ${signed}`);
    } else {
      const { scopeSeq, reason, detail } = chain.firstBad;
      lines.push(`${name}: BROKEN at event ${scopeSeq} (${reason}): ${detail}`);
    }
  }
  const { checked, bad } = report.receipts;
  lines.push(`receipts: ${checked} checked, ${bad.length === 0 ? "all valid" : `${bad.length} bad`}`);
  for (const receipt of bad) {
    const where = `${label(receipt.scope)}, checkpoint ${JSON.stringify(receipt.checkpointId)}`;
    lines.push(`receipt ${receipt.index} (${where}): ${receipt.reason}: ${receipt.detail}`);
  }
  return lines;
}
