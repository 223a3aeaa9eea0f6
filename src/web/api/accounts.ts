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
  /** The account never signed in: the link sets its first password. */
  firstPassword: boolean;
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

/** A reset link, and whether it was e-mailed to the account's owner. */
export interface ResetLink extends Omit<OneTimeLink, "link"> {
  /** Only when it was not e-mailed: a mailed link goes to the owner alone. */
  link?: string;
  mail: "sent" | "off" | "failed";
  mailError?: string;
}

export function makeResetLink(accountId: string): Promise<ResetLink> {
  return api(`/api/accounts/${enc(accountId)}/reset-link`, { method: "POST" });
}

/** A new account: its id, and the link with which its owner chooses a password (mailed, or to pass on). */
export interface CreatedAccount extends ResetLink {
  id: string;
  email: string;
}

export function createAccount(body: {
  name: string;
  email: string;
  mayHost: boolean;
}): Promise<CreatedAccount> {
  return api("/api/accounts", { method: "POST", body });
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
