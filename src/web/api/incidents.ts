import { queryOptions } from "@tanstack/react-query";
import type { Claim, Incident, KeyIssue, KeyIssuePosition } from "../../domain/entities.ts";
import { api } from "./client.ts";

const path = (negotiationId: string, rest: string) =>
  `/api/negotiations/${encodeURIComponent(negotiationId)}${rest}`;

/** Incidents and their claims, responses and reactions, in the scopes the member reads. */
export const incidentsQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "incidents"],
    queryFn: () => api<{ incidents: Incident[]; claims: Claim[] }>(path(negotiationId, "/incidents")),
  });

/** Key issues, to name what an incident weighs on. */
export const keyIssuesQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "key-issues"],
    queryFn: () =>
      api<{ keyIssues: KeyIssue[]; positions: KeyIssuePosition[] }>(path(negotiationId, "/key-issues")),
  });
