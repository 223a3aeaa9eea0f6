/** Rounds and their sessions, the shared history they are read against, and the writes on them. */
import { queryOptions } from "@tanstack/react-query";
import type { CommandInput } from "../../domain/commands.ts";
import type { Round, Session } from "../../domain/entities.ts";
import type { RecordedEvent } from "../../domain/envelope.ts";
import { api } from "./client.ts";

const base = (negotiationId: string) => `/api/negotiations/${encodeURIComponent(negotiationId)}`;

export interface RoundsResponse {
  rounds: Round[];
  /** Only the sessions the member may read: a caucus is its party's and the mediation's. */
  sessions: Session[];
}

export const roundsQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "rounds"],
    queryFn: () => api<RoundsResponse>(`${base(negotiationId)}/rounds`),
  });

/** Every event the member may read, oldest first (the server filters by scope). */
export const historyQuery = (negotiationId: string) =>
  queryOptions({
    queryKey: ["negotiation", negotiationId, "history"],
    queryFn: () => api<{ events: RecordedEvent[] }>(`${base(negotiationId)}/history`),
  });

/** What the server answers to a command: the ids it chose. */
export interface CommandAnswer {
  ids: Record<string, string>;
}

/** The id fields the server fills in for a new thing (see NEW_IDS in src/server/routes/commands.ts). */
interface NewIds {
  "schedule-round": "roundId";
  "schedule-session": "sessionId";
  "add-member": "memberId";
}
type NewIdOf<T> = T extends keyof NewIds ? NewIds[T] : never;

/** The body of a command as the API takes it: without its type (in the path) and without new ids. */
export type CommandBody<T extends CommandInput["type"]> = Omit<
  Extract<CommandInput, { type: T }>,
  "type" | NewIdOf<T>
>;

/** Sends one domain command (POST …/commands/<type>); the server chooses the ids of new things. */
export function sendCommand<T extends CommandInput["type"]>(
  negotiationId: string,
  type: T,
  body: CommandBody<T>,
): Promise<CommandAnswer> {
  return api<CommandAnswer>(`${base(negotiationId)}/commands/${type}`, { method: "POST", body });
}
