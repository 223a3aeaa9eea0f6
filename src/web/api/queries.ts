import { type QueryClient, queryOptions } from "@tanstack/react-query";
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
/** The password was right; the account has a second factor, which the sign-in screen asks for next. */
export interface SecondStep {
  secondFactor: "required";
  methods: ("totp" | "recovery" | "passkey")[];
  csrfToken: string;
}

export function isSecondStep(answer: SessionInfo | SecondStep): answer is SecondStep {
  return "secondFactor" in answer;
}

/**
 * The second step a password sign-in is waiting for (the server holds a half-session for five minutes), kept
 * in memory so that a screen that signed in for the user (a reset link, an invitation) can hand over to the
 * sign-in screen's second step.
 */
let waiting: { step: SecondStep; since: number } | null = null;
export function waitingSecondStep(): SecondStep | null {
  return waiting && Date.now() - waiting.since < 5 * 60 * 1000 ? waiting.step : null;
}
export function clearSecondStep(): void {
  waiting = null;
}

export async function signIn(email: string, password: string): Promise<SessionInfo | SecondStep> {
  const answer = await api<SessionInfo | SecondStep>("/api/session", {
    method: "POST",
    body: { email, password },
  });
  setCsrfToken(answer.csrfToken);
  if (isSecondStep(answer)) {
    waiting = { step: answer, since: Date.now() };
    return answer;
  }
  waiting = null;
  // The cookie is the browser's, so every other tab of the app is now this account's: they forget theirs.
  announceAccountChange();
  return answer;
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

/**
 * Signs in with a password the user has just chosen or used on a signed-out page (setup, reset, invitation):
 * nothing read under another session may linger, so the cache is emptied and holds only the new session.
 * False when a second factor is still due: the sign-in screen finishes from its second step.
 */
export async function signInAfterPassword(
  queryClient: QueryClient,
  email: string,
  password: string,
): Promise<boolean> {
  const session = await signIn(email, password);
  if (isSecondStep(session)) return false;
  queryClient.clear();
  queryClient.setQueryData(sessionQuery.queryKey, session);
  return true;
}
