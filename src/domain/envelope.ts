import type { Scope } from "./scope.ts";

/**
 * An event as it is recorded: the domain event plus where it sits in its scope's hash chain.
 * `scopeSeq` counts from 1 within (negotiation, scope); there is deliberately no negotiation-wide
 * sequence here, because it would tell a viewer how many events other scopes hold.
 */
export interface RecordedEvent<T extends string = string, D = unknown> {
  negotiationId: string;
  scope: Scope;
  scopeSeq: number;
  type: T;
  /** The member who issued the command (a member id), or "system". */
  actor: string;
  /** ISO-8601 UTC instant, passed in by the caller: the domain has no clock. */
  at: string;
  data: D;
  /** Hex SHA-256 of the previous event in this chain, or the chain's genesis hash. */
  prevHash: string;
  /** Hex SHA-256 over the canonical encoding of every field above. */
  hash: string;
}

/** The part of a recorded event that is hashed: everything but the hash itself. */
export type UnsealedEvent<T extends string = string, D = unknown> = Omit<RecordedEvent<T, D>, "hash">;
