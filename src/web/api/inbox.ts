/** The inbox: what needs me across my negotiations, my e-mail preference, and the provisions I follow. */
import { queryOptions } from "@tanstack/react-query";
import { api } from "./client.ts";

export type EntryKind =
  | "statement.approval"
  | "proposal"
  | "position"
  | "round.scheduled"
  | "round.opened"
  | "invitation.accepted";

export interface InboxEntry {
  /** `scope:seq` of the event, unique within its negotiation. */
  id: string;
  negotiationId: string;
  negotiationTitle: string;
  kind: EntryKind | string;
  target: { kind: string; id: string };
  text: string;
  at: string;
  read: boolean;
}

export interface InboxResponse {
  entries: InboxEntry[];
  unread: number;
  negotiations: { negotiationId: string; title: string; unread: number }[];
}

export type EmailMode = "each" | "daily" | "none";

export interface Preferences {
  email: EmailMode;
  /** False when the server sends no mail at all (no SMTP configured). */
  mailConfigured: boolean;
}

export interface FollowState {
  following: boolean;
  byRole: boolean;
  choice: boolean | null;
}

/** Everything under ["inbox"] is refetched when a live event arrives (see live/use-live.ts). */
export const inboxQuery = (options: { negotiationId?: string; unreadOnly: boolean }) =>
  queryOptions({
    queryKey: ["inbox", "entries", options.negotiationId ?? "all", options.unreadOnly],
    queryFn: () => {
      const query = new URLSearchParams({ unread: String(options.unreadOnly), limit: "100" });
      if (options.negotiationId) query.set("negotiationId", options.negotiationId);
      return api<InboxResponse>(`/api/inbox?${query}`);
    },
  });

/** The unread count for the frame's badge; polled as well, for what happens in negotiations not open here. */
export const unreadQuery = queryOptions({
  queryKey: ["inbox", "unread"],
  queryFn: async () => (await api<InboxResponse>("/api/inbox?unread=true&limit=1")).unread,
  refetchInterval: 30_000,
});

export function markRead(body: {
  negotiationId?: string;
  entries?: { negotiationId: string; id: string }[];
}): Promise<{ marked: number; unread: number }> {
  return api("/api/inbox/read", { method: "POST", body });
}

export const preferencesQuery = queryOptions({
  queryKey: ["account", "notification-preferences"],
  queryFn: () => api<Preferences>("/api/account/notification-preferences"),
});

export function setEmailMode(email: EmailMode): Promise<Preferences> {
  return api("/api/account/notification-preferences", { method: "PUT", body: { email } });
}

const followPath = (negotiationId: string, provisionId: string) =>
  `/api/negotiations/${encodeURIComponent(negotiationId)}/provisions/${encodeURIComponent(provisionId)}/follow`;

export const followQuery = (negotiationId: string, provisionId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "follow", provisionId],
    queryFn: () => api<FollowState>(followPath(negotiationId, provisionId)),
  });

export function setFollow(
  negotiationId: string,
  provisionId: string,
  following: boolean,
): Promise<FollowState> {
  return api(followPath(negotiationId, provisionId), { method: "POST", body: { following } });
}
