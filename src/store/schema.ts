/**
 * The tables, as Kysely sees them. Column types are the lowest common denominator of SQLite and
 * PostgreSQL: text and integer only, JSON kept as text, so one SQL layer serves both.
 */
export interface MetaTable {
  key: string;
  value: string;
}

export interface NegotiationsTable {
  id: string;
  created_at: string;
}

export interface EventsTable {
  negotiation_id: string;
  /** Negotiation-wide order, for replay only; never shown to a viewer (it would reveal other scopes' counts). */
  pos: number;
  scope: string;
  scope_seq: number;
  type: string;
  actor: string;
  at: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface EntitiesTable {
  negotiation_id: string;
  kind: string;
  id: string;
  scope: string;
  version: number;
  /** Creation order; the fold's "latest wins" rules depend on it, so a loaded state keeps it. */
  ord: number;
  data: string;
}

export interface ReceiptsTable {
  negotiation_id: string;
  checkpoint_id: string;
  scope: string;
  seq: number;
  head: string;
  at: string;
  reason: string;
  key_id: string;
  signature: string;
}

/** A person who can sign in; what they may see is decided per negotiation by their membership (by e-mail). */
export interface AccountsTable {
  id: string;
  email: string;
  name: string;
  /** argon2id, never the password. */
  password_hash: string;
  disabled: number;
  created_at: string;
}

export interface Database {
  accounts: AccountsTable;
  meta: MetaTable;
  negotiations: NegotiationsTable;
  events: EventsTable;
  entities: EntitiesTable;
  receipts: ReceiptsTable;
}
