/** One provision as the member reads it, the word-level compare of two alternatives, and the writes on it. */
import { queryOptions } from "@tanstack/react-query";
import type { CommandType } from "../../domain/commands.ts";
import type { KeyIssue, Note, Position, Proposal, Provision } from "../../domain/entities.ts";
import type { RecordedEvent } from "../../domain/envelope.ts";
import type { Scope } from "../../domain/scope.ts";
import type { Blank } from "../../text/blanks.ts";
import { api } from "./client.ts";

export interface ProvisionDetail {
  provision: Provision;
  /** The blanks left in the provision's text. */
  blanks: Blank[];
  /** Every proposal on the provision the member may read, in any state. */
  proposals: Proposal[];
  /** Every position the member may read, of every epoch. */
  positions: Position[];
  notes: Note[];
  keyIssues: KeyIssue[];
  history: RecordedEvent[];
}

/** A step of the edit script that turns alternative `a` into `b`. */
export type WordOp =
  | { op: "equal"; text: string }
  | { op: "insert" | "delete"; text: string; minor: boolean };

export interface WordCompare {
  a: string;
  b: string;
  ops: WordOp[];
  /** 0..1, words weighing most. */
  similarity: number;
  timedOut: boolean;
}

/** What the server answers to a command: the ids it chose and the events recorded. */
export interface CommandResult {
  ids: Record<string, string>;
  events: { scope: Scope; scopeSeq: number; type: string; at: string; data: unknown }[];
}

const base = (negotiationId: string) => `/api/negotiations/${encodeURIComponent(negotiationId)}`;

export const provisionQuery = (negotiationId: string, provisionId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "provision", provisionId],
    queryFn: () =>
      api<ProvisionDetail>(`${base(negotiationId)}/provisions/${encodeURIComponent(provisionId)}`),
  });

/** `a` and `b` are proposal ids, or "base" for the provision's current text. */
export const compareQuery = (negotiationId: string, provisionId: string, a: string, b: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "provision", provisionId, "compare", a, b],
    queryFn: () =>
      api<WordCompare>(
        `${base(negotiationId)}/provisions/${encodeURIComponent(provisionId)}/compare?${new URLSearchParams({ a, b })}`,
      ),
  });

/** Sends one domain command; the server chooses the ids of new things. */
export function sendCommand(
  negotiationId: string,
  type: CommandType,
  body: Record<string, unknown>,
): Promise<CommandResult> {
  return api<CommandResult>(`${base(negotiationId)}/commands/${type}`, { method: "POST", body });
}
