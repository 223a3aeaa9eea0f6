/** Parties and members, invitations to join, and accepting one. */
import { queryOptions } from "@tanstack/react-query";
import type { Member, Party } from "../../domain/entities.ts";
import { api } from "./client.ts";

const base = (negotiationId: string) => `/api/negotiations/${encodeURIComponent(negotiationId)}`;

export interface MembersResponse {
  parties: Party[];
  /** Active members only: a removed member leaves the table. */
  members: Member[];
}

export const membersQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "members"],
    queryFn: () => api<MembersResponse>(`${base(negotiationId)}/members`),
  });

export type InvitedRole = "mediation" | "delegation" | "observer";
export type InvitedRank = "lead" | "member" | "head";

export interface InvitationRequest {
  email: string;
  name: string;
  title: string;
  role: InvitedRole;
  rank: InvitedRank;
  partyId?: string;
}

/** A single-use link, shown once (only when it was not e-mailed): the server keeps only its hash. */
export interface InvitationLink {
  link?: string;
  expiresAt: string;
  /** sent: e-mailed to the invitee; off: the server sends no mail; failed: the mail did not go out. */
  mail: "sent" | "off" | "failed";
  /** Why the mail did not go out, in words for the sender. */
  mailError?: string;
}

export function invite(negotiationId: string, request: InvitationRequest): Promise<InvitationLink> {
  return api<InvitationLink>(`${base(negotiationId)}/invitations`, { method: "POST", body: request });
}

/** What an invitation link offers, as the server tells anyone who holds the link. */
export interface InvitationOffer {
  negotiationId: string;
  negotiationTitle: string;
  /** The party's name for a delegation invitation, else null. */
  partyName: string | null;
  email: string;
  name: string;
  role: InvitedRole;
  rank: InvitedRank;
  partyId: string | null;
  expiresAt: string;
  /** True when the invitee already has an account: they confirm with its password instead of choosing one. */
  accountExists: boolean;
}

export const invitationQuery = (token: string) =>
  queryOptions({
    queryKey: ["invitation", token],
    queryFn: () => api<InvitationOffer>(`/api/invitations/${encodeURIComponent(token)}`),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

export function acceptInvitation(
  token: string,
  password: string,
): Promise<{ negotiationId: string; memberId: string }> {
  return api(`/api/invitations/${encodeURIComponent(token)}/accept`, { method: "POST", body: { password } });
}

/** The password rule of POST /api/invitations/:token/accept (and of accounts): 12 to 1,024 characters. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

/** An invitation waiting for an answer: who, to which seat, by whom, until when. Its link is never shown again. */
export interface PendingInvitation {
  email: string;
  name: string;
  title: string;
  role: InvitedRole;
  rank: InvitedRank;
  partyId: string | null;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

export const pendingInvitationsQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "invitations"],
    queryFn: () => api<{ invitations: PendingInvitation[] }>(`${base(negotiationId)}/invitations`),
  });
