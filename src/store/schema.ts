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
  /** 1 while a password sign-in waits for its second factor: such a session can only complete it. */
  pending: number;
  /** The factor last checked in this session ("password", "totp", "recovery", "passkey") and when. */
  factor: string | null;
  factor_checked_at: string | null;
}

/** Personal API tokens for the CLI and integrations; stored hashed, shown once. */
export interface ApiTokensTable {
  id: string;
  token_hash: string;
  account_id: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
  /** JSON array of the sensitive acts (step-up acts) this token may do; none by default. */
  acts: string;
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

/**
 * An inbox entry: one event, for one member who may read its scope. The key (negotiation, scope, scope_seq,
 * recipient) makes deriving idempotent, so several server instances insert each entry once.
 */
export interface NotificationsTable {
  negotiation_id: string;
  scope: string;
  scope_seq: number;
  /** The recipient's member id in this negotiation (a member removed and re-added starts afresh). */
  recipient: string;
  /** The recipient's e-mail, lower-cased: their account, found across negotiations. */
  email: string;
  kind: string;
  target_kind: string;
  target_id: string;
  /** When the event happened. */
  at: string;
  created_at: string;
  read_at: string | null;
}

/** How far the notifier has turned each negotiation's events into entries (a server-side position). */
export interface NotificationCursorsTable {
  negotiation_id: string;
  pos: number;
}

/** Per-account e-mail preference for notifications: each | daily | none. */
export interface NotificationPreferencesTable {
  account_id: string;
  email_mode: string;
  updated_at: string;
}

/** A member's explicit follow (1) or unfollow (0) of a provision, over what their role would follow. */
export interface ProvisionFollowsTable {
  negotiation_id: string;
  member_id: string;
  provision_id: string;
  following: number;
  updated_at: string;
}

/** One row per account and day a digest was sent: claimed by one server instance only. */
export interface NotificationDigestsTable {
  account_id: string;
  day: string;
  sent_at: string;
}

/** An authenticator app's shared secret (RFC 6238); confirmed once a first code matched. */
export interface TotpSecretsTable {
  account_id: string;
  /** Base32, as the app holds it: the server must compute the same HMAC, so it cannot be hashed. */
  secret: string;
  created_at: string;
  confirmed_at: string | null;
}

/** TOTP time steps already accepted per account: each code counts once. */
export interface TotpUsedStepsTable {
  account_id: string;
  step: number;
  used_at: string;
}

/** A WebAuthn credential (passkey) of an account. */
export interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  account_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter last seen; one going backwards means a cloned authenticator. */
  counter: number;
  /** JSON array of transports ("internal", "usb", ...). */
  transports: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** A single-use recovery code: only its SHA-256 is kept. */
export interface RecoveryCodesTable {
  code_hash: string;
  account_id: string;
  created_at: string;
  used_at: string | null;
}

/** A WebAuthn challenge the server issued; answered at most once, before it expires. */
export interface WebauthnChallengesTable {
  id: string;
  challenge: string;
  /** "register", "sign-in" (passkey alone), "second-factor" or "step-up". */
  purpose: string;
  account_id: string | null;
  expires_at: string;
}

/** Something the owner of an account should know about it (in the app, and by mail when configured). */
export interface AccountNoticesTable {
  id: string;
  account_id: string;
  kind: string;
  detail: string;
  created_at: string;
}

/** The e-mail addresses each negotiation has named as members (an index for "my negotiations"). */
export interface MemberEmailsTable {
  email: string;
  negotiation_id: string;
}

export interface Database {
  notifications: NotificationsTable;
  notification_cursors: NotificationCursorsTable;
  notification_preferences: NotificationPreferencesTable;
  provision_follows: ProvisionFollowsTable;
  notification_digests: NotificationDigestsTable;
  totp_secrets: TotpSecretsTable;
  totp_used_steps: TotpUsedStepsTable;
  passkeys: PasskeysTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_challenges: WebauthnChallengesTable;
  account_notices: AccountNoticesTable;
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
