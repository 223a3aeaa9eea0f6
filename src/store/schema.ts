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
  /** Operators manage accounts; they read no negotiation they are not a member of. */
  operator: number;
  /** May create negotiations (and so becomes their mediation lead); granted by an operator. */
  may_host: number;
  created_at: string;
}

/** A signed-in browser: the cookie carries the token, the table only its SHA-256. */
export interface SessionsTable {
  token_hash: string;
  /** What the account's owner sees and names a session by; random, never derived from the token. */
  id: string;
  /** The browser that opened it (User-Agent, shortened), and the address it signed in from. */
  user_agent: string | null;
  address: string | null;
  /** Updated at most every few minutes, when the session's credential is read from the store. */
  last_seen_at: string | null;
  account_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
}

/** Personal API tokens for the CLI and integrations; stored hashed, shown once. */
export interface ApiTokensTable {
  id: string;
  token_hash: string;
  account_id: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

/** A single-use, expiring invitation that binds the invitee to a role in one negotiation. */
export interface InvitationsTable {
  token_hash: string;
  negotiation_id: string;
  inviter_member_id: string;
  member_id: string;
  email: string;
  name: string;
  title: string;
  role: string;
  rank: string;
  party_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A one-time link that creates the first operator account (only while there is none). */
export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A one-time link an operator hands to an account's owner to choose a new password. */
export interface PasswordResetsTable {
  token_hash: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The e-mail addresses each negotiation has named as members (an index for "my negotiations"). */
export interface MemberEmailsTable {
  email: string;
  negotiation_id: string;
}

export interface Database {
  member_emails: MemberEmailsTable;
  accounts: AccountsTable;
  setup_tokens: SetupTokensTable;
  password_resets: PasswordResetsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  meta: MetaTable;
  negotiations: NegotiationsTable;
  events: EventsTable;
  entities: EntitiesTable;
  receipts: ReceiptsTable;
}
