/** Second factors: my authenticator app, passkeys, recovery codes; the second sign-in step; step-up. */
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { queryOptions } from "@tanstack/react-query";
import { api, setCsrfToken } from "./client.ts";
import { announceAccountChange } from "./session-sync.ts";
import type { SessionInfo } from "./types.ts";

export interface OwnPasskey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface Factors {
  totp: boolean;
  passkeys: OwnPasskey[];
  recoveryCodesLeft: number;
  /** A policy (the operator's, or a negotiation's lead) requires me to keep a second factor. */
  required: boolean;
}

export interface SignInRecord {
  at: string;
  address: string | null;
  userAgent: string | null;
  factor: string | null;
}

export interface Notice {
  id: string;
  kind: string;
  detail: string;
  createdAt: string;
}

export const factorsQuery = queryOptions({
  queryKey: ["account", "factors"],
  queryFn: () => api<Factors>("/api/account/factors"),
});

export const activityQuery = queryOptions({
  queryKey: ["account", "activity"],
  queryFn: () => api<{ signIns: SignInRecord[]; notices: Notice[] }>("/api/account/activity"),
});

/** Starts setting up an authenticator app: the secret to type, its URI and a QR code (data URL). */
export function startTotp(): Promise<{ secret: string; uri: string; qr: string }> {
  return api("/api/account/factors/totp", { method: "POST" });
}

/** Confirms the app with its first code; recovery codes come with the first factor (shown once). */
export function confirmTotp(code: string): Promise<{ recoveryCodes: string[] | null }> {
  return api("/api/account/factors/totp/confirm", { method: "POST", body: { code } });
}

export function removeTotp(): Promise<void> {
  return api("/api/account/factors/totp", { method: "DELETE" });
}

export function newRecoveryCodes(): Promise<{ recoveryCodes: string[] }> {
  return api("/api/account/factors/recovery-codes", { method: "POST" });
}

/** Creates a passkey in this browser (its own prompt) and adds it to my account under this name. */
export async function addPasskey(
  name: string,
): Promise<{ passkey: OwnPasskey; recoveryCodes: string[] | null }> {
  const { challengeId, options } = await api<{ challengeId: string; options: never }>(
    "/api/account/factors/passkeys/options",
    { method: "POST" },
  );
  const response = await startRegistration({ optionsJSON: options });
  return api("/api/account/factors/passkeys", { method: "POST", body: { challengeId, name, response } });
}

export function renamePasskey(id: string, name: string): Promise<void> {
  return api(`/api/account/factors/passkeys/${encodeURIComponent(id)}`, { method: "PATCH", body: { name } });
}

export function removePasskey(id: string): Promise<void> {
  return api(`/api/account/factors/passkeys/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** Asks for options at one URL, lets the browser's passkey prompt answer, sends the answer to the other. */
async function assert<T>(optionsUrl: string, verifyUrl: string): Promise<T> {
  const { challengeId, options } = await api<{ challengeId: string; options: never }>(optionsUrl, {
    method: "POST",
  });
  const response = await startAuthentication({ optionsJSON: options });
  return api<T>(verifyUrl, { method: "POST", body: { challengeId, response } });
}

function signedIn(session: SessionInfo): SessionInfo {
  setCsrfToken(session.csrfToken);
  announceAccountChange();
  return session;
}

/** The second sign-in step with a typed code (app or recovery code). */
export async function completeWithCode(code: string): Promise<SessionInfo> {
  return signedIn(await api<SessionInfo>("/api/session/factor", { method: "POST", body: { code } }));
}

/** The second sign-in step with one of the account's passkeys. */
export async function completeWithPasskey(): Promise<SessionInfo> {
  return signedIn(
    await assert<SessionInfo>("/api/session/factor/passkey/options", "/api/session/factor/passkey"),
  );
}

/** Signs in with a passkey alone: the browser offers the passkeys it holds for this site. */
export async function signInWithPasskey(): Promise<SessionInfo> {
  return signedIn(await assert<SessionInfo>("/api/session/passkey/options", "/api/session/passkey"));
}

/** Confirms it is me before a sensitive act, with a code or a passkey. */
export function stepUpWithCode(code: string): Promise<void> {
  return api("/api/account/step-up", { method: "POST", body: { code } });
}

export function stepUpWithPasskey(): Promise<void> {
  return assert<void>("/api/account/step-up/passkey/options", "/api/account/step-up/passkey");
}

/** The operator's setting. */
export const securitySettingsQuery = queryOptions({
  queryKey: ["settings", "security"],
  queryFn: () => api<{ requireSecondFactor: boolean }>("/api/settings/security"),
});

export function setRequireSecondFactor(
  requireSecondFactor: boolean,
): Promise<{ requireSecondFactor: boolean }> {
  return api("/api/settings/security", { method: "PUT", body: { requireSecondFactor } });
}
