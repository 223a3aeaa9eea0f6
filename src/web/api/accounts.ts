/** First run, password resets, the operator's accounts, and creating a negotiation. */
import { queryOptions } from "@tanstack/react-query";
import { api } from "./client.ts";

/** An account as the operator sees it. */
export interface AccountRow {
  id: string;
  email: string;
  name: string;
  operator: boolean;
  mayHost: boolean;
  disabled: boolean;
  createdAt: string;
  /** Has a passkey or an authenticator app. */
  secondFactor: boolean;
}

export type AccountAction = "disable" | "enable" | "grant-host" | "revoke-host";

/** For an owner who lost every factor and recovery code: removes them all and ends the account's sessions. */
export function removeFactorsOf(accountId: string): Promise<void> {
  return api(`/api/accounts/${encodeURIComponent(accountId)}/remove-factors`, { method: "POST" });
}

/** A one-time link, shown once: the server keeps only its hash. */
export interface OneTimeLink {
  link: string;
  expiresAt: string;
}

const enc = encodeURIComponent;

/** Whether a setup link works; a dead one is a 404 like any missing route. */
export const setupQuery = (token: string) =>
  queryOptions({
    queryKey: ["setup", token],
    queryFn: () => api<{ ready: true }>(`/api/setup/${enc(token)}`),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

export function createFirstOperator(
  token: string,
  body: { name: string; email: string; password: string },
): Promise<{ email: string }> {
  return api(`/api/setup/${enc(token)}`, { method: "POST", body });
}

export interface ResetOffer {
  email: string;
  name: string;
  expiresAt: string;
}

export const resetQuery = (token: string) =>
  queryOptions({
    queryKey: ["password-reset", token],
    queryFn: () => api<ResetOffer>(`/api/password-resets/${enc(token)}`),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

export function resetPassword(token: string, password: string): Promise<void> {
  return api(`/api/password-resets/${enc(token)}`, { method: "POST", body: { password } });
}

export const accountsQuery = queryOptions({
  queryKey: ["accounts"],
  queryFn: () => api<{ accounts: AccountRow[] }>("/api/accounts"),
});

export function actOnAccount(accountId: string, action: AccountAction): Promise<void> {
  return api(`/api/accounts/${enc(accountId)}/${action}`, { method: "POST" });
}

export function makeResetLink(accountId: string): Promise<OneTimeLink> {
  return api(`/api/accounts/${enc(accountId)}/reset-link`, { method: "POST" });
}

export interface NewParty {
  partyId: string;
  name: string;
  shortName: string;
}

export function createNegotiation(body: {
  title: string;
  description: string;
  parties: NewParty[];
}): Promise<{ negotiationId: string }> {
  return api("/api/negotiations", { method: "POST", body });
}
