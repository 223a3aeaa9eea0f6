/** Account self-service: my password, my sessions, my API tokens. */
import { queryOptions } from "@tanstack/react-query";
import { api, setCsrfToken } from "./client.ts";
import { announceAccountChange } from "./session-sync.ts";

/** One of my live sessions, named by an opaque id (never its token). */
export interface OwnSession {
  id: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string | null;
  userAgent: string | null;
  address: string | null;
  /** The session this browser is using. */
  current: boolean;
}

/** One of my API tokens: never its value, which is shown once when it is made. */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

export const ownSessionsQuery = queryOptions({
  queryKey: ["account", "sessions"],
  queryFn: () => api<{ sessions: OwnSession[] }>("/api/account/sessions"),
});

export const apiTokensQuery = queryOptions({
  queryKey: ["account", "tokens"],
  queryFn: () => api<{ tokens: ApiToken[] }>("/api/tokens"),
});

/** Changes my password; the server ends my other sessions and keeps this one. */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api<void>("/api/account/password", { method: "POST", body: { currentPassword, newPassword } });
}

export function endSession(sessionId: string): Promise<void> {
  return api<void>(`/api/account/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE" });
}

/** Ends all my sessions, this one included (and my API tokens when asked): the app is signed out after. */
export async function signOutEverywhere(
  revokeTokens: boolean,
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const ended = await api<{ sessionsEnded: number; tokensRevoked: number }>(
    "/api/account/sign-out-everywhere",
    { method: "POST", body: { revokeTokens } },
  );
  setCsrfToken(null);
  // This browser's other tabs were signed out too.
  announceAccountChange();
  return ended;
}

/** Makes an API token; its value is in this answer only. */
export function createApiToken(
  name: string,
  acts: readonly string[] = [],
): Promise<{ id: string; name: string; token: string }> {
  return api("/api/tokens", { method: "POST", body: { name, acts } });
}

/** The sensitive acts a token may be allowed, in the owner's words (none by default). */
export const TOKEN_ACTS: readonly [string, string][] = [
  ["history-export", "export the full history"],
  ["mark-agreed-ad-referendum", "agree provisions ad referendum"],
  ["mark-agreed", "agree provisions"],
  ["release-statement", "release statements to the public"],
  ["remove-member", "remove members"],
  ["create-token", "make tokens (with its own acts at most)"],
];

export function revokeApiToken(tokenId: string): Promise<void> {
  return api<void>(`/api/tokens/${encodeURIComponent(tokenId)}`, { method: "DELETE" });
}
