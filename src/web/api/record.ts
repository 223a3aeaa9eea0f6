/** The record: the member's chains and receipts as one export, and the signed receipts alone. */
import { queryOptions } from "@tanstack/react-query";
import { api } from "./client.ts";

const base = (negotiationId: string) => `/api/negotiations/${encodeURIComponent(negotiationId)}`;

/**
 * The export is fetched as unknown JSON: the browser verifies it without trusting its shape (a record that
 * was tampered with need not look like the type the server promises).
 */
export const historyExportQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "history-export"],
    queryFn: () => api<unknown>(`${base(negotiationId)}/history-export`),
  });

export interface ReceiptsResponse {
  publicKeyPem: string;
  keyId: string;
  receipts: unknown[];
}

export function fetchReceipts(negotiationId: string): Promise<ReceiptsResponse> {
  return api<ReceiptsResponse>(`${base(negotiationId)}/receipts`);
}

/** Asks the server to sign every chain head now; the answer holds the receipts this member may keep. */
export function takeCheckpoint(negotiationId: string): Promise<ReceiptsResponse> {
  return api<ReceiptsResponse>(`${base(negotiationId)}/checkpoints`, { method: "POST" });
}
