import type { ChainBreakReason } from "../../record/chain.ts";
import type { BadReceiptReason } from "../../record/verify-export.ts";

/** A chain's scope in words: whose confidences it holds, which is who can read it. */
export function scopeInWords(scope: string, partyName: (id: string) => string): string {
  if (scope === "public") return "Public: what was released";
  if (scope === "shared") return "Shared: every delegation, the mediation and observers";
  if (scope === "mediation") return "Mediation team only";
  const [kind, party = ""] = scope.split(":");
  if (kind === "caucus") return `Caucus: the ${partyName(party)} delegation and the mediation`;
  if (kind === "party") return `${partyName(party)} delegation only`;
  return scope;
}

export const BREAK_WORDS: Record<ChainBreakReason, string> = {
  malformed: "is not a well-formed event",
  "wrong-negotiation": "belongs to another negotiation",
  "wrong-scope": "belongs to another chain",
  "seq-gap": "is missing: the chain skips it",
  "seq-repeat": "appears twice or out of order",
  "hash-mismatch": "was changed after it was recorded",
  "prev-mismatch": "does not link to the event before it: earlier history was altered",
  "time-reversed": "is dated before the event before it",
};

export const RECEIPT_WORDS: Record<BadReceiptReason, string> = {
  malformed: "is not a well-formed receipt",
  "wrong-negotiation": "is for another negotiation",
  "bad-signature": "is not signed by the server's key",
  "chain-broken": "vouches for a chain that no longer verifies",
  missing: "vouches for events that are no longer in the history",
  "head-mismatch": "vouches for a different event than the one in the history",
};

/** A hash, short enough to compare by eye: the first 8 and last 4 hex digits. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-4)}` : hash;
}

/** Saves JSON as a file the member keeps. */
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
