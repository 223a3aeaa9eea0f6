import { queryOptions } from "@tanstack/react-query";
import type { Release, Statement } from "../../domain/entities.ts";
import type { StatementComparison } from "../../text/statements.ts";
import { api } from "./client.ts";

const path = (negotiationId: string, rest = "") =>
  `/api/negotiations/${encodeURIComponent(negotiationId)}${rest}`;

export interface StatementsResponse {
  statements: Statement[];
  releases: Release[];
}

export interface ComparedStatement {
  id: string;
  title: string;
  text: string;
}

export interface StatementCompareResponse {
  a: ComparedStatement;
  b: ComparedStatement;
  comparison: StatementComparison;
}

/** The answer of every command route: the ids the server chose, and the events written. */
export interface CommandResult {
  ids: Record<string, string>;
  events: { scope: string; scopeSeq: number; type: string; at: string; data: unknown }[];
}

/** Statements the member may read (drafts of their scopes) and every release. */
export const statementsQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "statements"],
    queryFn: () => api<StatementsResponse>(path(negotiationId, "/statements")),
  });

/** Two statements compared passage by passage; keyed under the negotiation so a revision refreshes it. */
export const statementCompareQuery = (negotiationId: string, a: string, b: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "statements", "compare", a, b],
    queryFn: () =>
      api<StatementCompareResponse>(
        path(negotiationId, `/statements/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`),
      ),
  });

/** What was released to the public: the one read that needs no sign-in. */
export const publicReleasesQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["public", negotiationId, "releases"],
    queryFn: () =>
      api<{ releases: Release[] }>(`/api/public/negotiations/${encodeURIComponent(negotiationId)}/releases`),
    refetchInterval: 60_000,
  });

/** Sends one domain command (ids of new things are chosen by the server). */
export function sendCommand(negotiationId: string, type: string, body: object): Promise<CommandResult> {
  return api<CommandResult>(path(negotiationId, `/commands/${type}`), { method: "POST", body });
}
