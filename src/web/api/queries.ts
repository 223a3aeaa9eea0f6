import { queryOptions } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken } from "./client.ts";
import { announceAccountChange } from "./session-sync.ts";
import type {
  InstrumentResponse,
  NegotiationListItem,
  NegotiationSummary,
  ProgressResponse,
  SessionInfo,
} from "./types.ts";

const path = (negotiationId: string, rest = "") =>
  `/api/negotiations/${encodeURIComponent(negotiationId)}${rest}`;

/** The signed-in account, or null; keeps the session's CSRF token in memory for writes. */
export const sessionQuery = queryOptions({
  queryKey: ["session"],
  queryFn: async (): Promise<SessionInfo | null> => {
    try {
      const session = await api<SessionInfo>("/api/session");
      setCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw error;
    }
  },
  staleTime: Number.POSITIVE_INFINITY,
});

export const negotiationsQuery = queryOptions({
  queryKey: ["negotiations"],
  queryFn: () => api<{ negotiations: NegotiationListItem[] }>("/api/negotiations"),
});

export const summaryQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "summary"],
    queryFn: () => api<NegotiationSummary>(path(negotiationId)),
  });

export const progressQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "progress"],
    queryFn: () => api<ProgressResponse>(path(negotiationId, "/progress")),
  });

export const instrumentQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "instrument"],
    queryFn: () => api<InstrumentResponse>(path(negotiationId, "/instrument")),
  });

/** Signs in; the server sets the HttpOnly session cookie and returns the CSRF token. */
export async function signIn(email: string, password: string): Promise<SessionInfo> {
  const session = await api<SessionInfo>("/api/session", { method: "POST", body: { email, password } });
  setCsrfToken(session.csrfToken);
  // The cookie is the browser's, so every other tab of the app is now this account's: they forget theirs.
  announceAccountChange();
  return session;
}

/** Signs out: ends the session on the server (its live streams close too) and forgets the CSRF token. */
export async function signOut(): Promise<void> {
  try {
    await api<void>("/api/session", { method: "DELETE" });
  } finally {
    setCsrfToken(null);
    announceAccountChange();
  }
}
