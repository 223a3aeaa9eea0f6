import { randomUUID } from "node:crypto";
import type { ExpressionBuilder, Kysely } from "kysely";
import { Prepared } from "./prepared.ts";
import type { Database } from "./schema.ts";

/** An account as the server sees it once a request is authenticated. */
export interface AccountRecord {
  id: string;
  email: string;
  name: string;
  operator: boolean;
  /** May create negotiations. */
  mayHost: boolean;
  disabled: boolean;
}

const accountColumns = [
  "accounts.id",
  "accounts.email",
  "accounts.name",
  "accounts.operator",
  "accounts.may_host",
  "accounts.disabled",
] as const;

function toAccount(row: {
  id: string;
  email: string;
  name: string;
  operator: number;
  may_host: number;
  disabled: number;
}): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    operator: Number(row.operator) === 1,
    mayHost: Number(row.may_host) === 1,
    disabled: Number(row.disabled) === 1,
  };
}

/** The account with this e-mail address, if any. */
export async function accountByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<(AccountRecord & { passwordHash: string }) | null> {
  const row = await db
    .selectFrom("accounts")
    .select([...accountColumns, "accounts.password_hash"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
  return row ? { ...toAccount(row), passwordHash: row.password_hash } : null;
}

/** The account with this id, if any. */
export async function accountById(db: Kysely<Database>, id: string): Promise<AccountRecord | null> {
  const row = await db.selectFrom("accounts").select(accountColumns).where("id", "=", id).executeTakeFirst();
  return row ? toAccount(row) : null;
}

/** Every account, for the operator, with when it was created and whether it has a second factor. */
export async function listAccounts(
  db: Kysely<Database>,
): Promise<(AccountRecord & { createdAt: string; secondFactor: boolean })[]> {
  const rows = await db
    .selectFrom("accounts")
    .select([...accountColumns, "accounts.created_at"])
    .select(factorColumns)
    .orderBy("email")
    .execute();
  return rows.map((row) => ({
    ...toAccount(row),
    createdAt: row.created_at,
    secondFactor: toFacts(row).hasSecondFactor,
  }));
}

/**
 * Disables or re-enables an account; disabling ends its sessions and revokes its API tokens at once, so
 * enabling it again revives none of them (its owner signs in afresh).
 */
export async function setAccountDisabled(
  db: Kysely<Database>,
  accountId: string,
  disabled: boolean,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("accounts")
    .set({ disabled: disabled ? 1 : 0 })
    .where("id", "=", accountId)
    .executeTakeFirst();
  if (disabled) {
    await endAccountSessions(db, accountId, now);
    await db
      .updateTable("api_tokens")
      .set({ revoked_at: now.toISOString() })
      .where("account_id", "=", accountId)
      .where("revoked_at", "is", null)
      .execute();
  }
  return Number(result.numUpdatedRows) > 0;
}

/**
 * What every authenticated request needs to know about second factors, read in the same statement as the
 * credential (no extra read per request): whether the account has one, and whether the operator requires one.
 */
export interface FactorFacts {
  hasSecondFactor: boolean;
  /** The operator requires a second factor of every account. */
  requiredForAll: boolean;
}

const factorColumns = (eb: ExpressionBuilder<Database, "accounts">) =>
  [
    eb
      .or([
        eb.exists(
          eb
            .selectFrom("totp_secrets")
            .select("totp_secrets.account_id")
            .whereRef("totp_secrets.account_id", "=", "accounts.id")
            .where("totp_secrets.confirmed_at", "is not", null),
        ),
        eb.exists(
          eb.selectFrom("passkeys").select("passkeys.id").whereRef("passkeys.account_id", "=", "accounts.id"),
        ),
      ])
      .as("has_factor"),
    eb
      .exists(
        eb
          .selectFrom("meta")
          .select("meta.key")
          .where("meta.key", "=", "require_second_factor")
          .where("meta.value", "=", "1"),
      )
      .as("factor_required"),
  ] as const;

function toFacts(row: { has_factor: unknown; factor_required: unknown }): FactorFacts {
  // SQLite answers 0/1, PostgreSQL true/false.
  return { hasSecondFactor: truthy(row.has_factor), requiredForAll: truthy(row.factor_required) };
}
const truthy = (value: unknown) => value === true || Number(value) === 1;

/** Records a new session (the token itself never reaches the database, only its hash). */
export async function createSession(
  db: Kysely<Database>,
  session: {
    tokenHash: string;
    accountId: string;
    csrfToken: string;
    now: Date;
    ttlMs: number;
    /** Shown to the account's owner in "my sessions", to tell their sessions apart. */
    userAgent?: string | null;
    address?: string | null;
    /** Waiting for its second factor: such a session can only complete it. */
    pending?: boolean;
    /** How it was authenticated, e.g. "password+totp"; the second factor counts as checked now. */
    factor?: string;
  },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      token_hash: session.tokenHash,
      id: randomUUID(),
      account_id: session.accountId,
      csrf_token: session.csrfToken,
      created_at: session.now.toISOString(),
      expires_at: new Date(session.now.getTime() + session.ttlMs).toISOString(),
      ended_at: null,
      user_agent: session.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      address: session.address?.slice(0, 100) ?? null,
      last_seen_at: session.now.toISOString(),
      pending: session.pending ? 1 : 0,
      factor: session.factor ?? null,
      factor_checked_at: session.factor && session.factor !== "password" ? session.now.toISOString() : null,
    })
    .execute();
}

/** User-Agent strings can be long; what tells sessions apart is at the start. */
export const USER_AGENT_MAX = 300;

/**
 * A session with no authenticated request for this long has ended (ASVS 7.3.1): NIST SP 800-63B's figure for
 * re-authentication after inactivity at AAL2. Measured from "last seen", which is recorded at most every
 * LAST_SEEN_GRANULARITY_MS (5 minutes), so a session ends after between 25 and 30 minutes without a request,
 * never later; no extra read or write per request.
 */
export const SESSION_IDLE_LIMIT_MS = 30 * 60 * 1000;

/** The earliest "last seen" a session may have at `now` and still be live. */
export function idleCutoff(now: Date): string {
  return new Date(now.getTime() - SESSION_IDLE_LIMIT_MS).toISOString();
}

/** Read on every cookie-authenticated request, so compiled once (the account is still read afresh each time). */
const liveSession = new Prepared((db: Kysely<Database>, tokenHash: string, now: string, seenSince: string) =>
  db
    .selectFrom("sessions")
    .innerJoin("accounts", "accounts.id", "sessions.account_id")
    .select([
      ...accountColumns,
      "sessions.csrf_token",
      "sessions.expires_at",
      "sessions.last_seen_at",
      "sessions.pending",
      "sessions.factor",
      "sessions.factor_checked_at",
    ])
    .select(factorColumns)
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.ended_at", "is", null)
    .where("sessions.expires_at", ">", now)
    // Rows from before "last seen" was kept count from their creation.
    .where((eb) => eb.fn.coalesce("sessions.last_seen_at", "sessions.created_at"), ">", seenSince)
    .where("accounts.disabled", "=", 0),
);

/** The live session for a token hash, with its enabled account; null when ended, expired, idle or disabled. */
export async function findSession(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<{
  account: AccountRecord;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date | null;
  pending: boolean;
  factor: string | null;
  factorCheckedAt: number | null;
  facts: FactorFacts;
} | null> {
  const row = await liveSession.first(db, tokenHash, now.toISOString(), idleCutoff(now));
  return row
    ? {
        account: toAccount(row),
        csrfToken: row.csrf_token,
        expiresAt: new Date(row.expires_at),
        lastSeenAt: row.last_seen_at ? new Date(row.last_seen_at) : null,
        pending: Number(row.pending) === 1,
        factor: row.factor,
        factorCheckedAt: row.factor_checked_at ? Date.parse(row.factor_checked_at) : null,
        facts: toFacts(row),
      }
    : null;
}

/** Ends one session (sign-out). */
export async function endSession(db: Kysely<Database>, tokenHash: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ ended_at: now.toISOString() })
    .where("token_hash", "=", tokenHash)
    .execute();
}

/** Ends every session of an account (disabled, or password changed). */
export async function endAccountSessions(db: Kysely<Database>, accountId: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ ended_at: now.toISOString() })
    .where("account_id", "=", accountId)
    .where("ended_at", "is", null)
    .execute();
}

/** Stores a personal API token's hash. */
export async function createApiToken(
  db: Kysely<Database>,
  token: {
    id: string;
    tokenHash: string;
    accountId: string;
    name: string;
    now: Date;
    acts?: readonly string[];
  },
): Promise<void> {
  await db
    .insertInto("api_tokens")
    .values({
      id: token.id,
      token_hash: token.tokenHash,
      account_id: token.accountId,
      name: token.name,
      created_at: token.now.toISOString(),
      revoked_at: null,
      acts: JSON.stringify(token.acts ?? []),
    })
    .execute();
}

/** Read on every token-authenticated request, so compiled once. */
const liveApiToken = new Prepared((db: Kysely<Database>, tokenHash: string) =>
  db
    .selectFrom("api_tokens")
    .innerJoin("accounts", "accounts.id", "api_tokens.account_id")
    .select([...accountColumns, "api_tokens.acts"])
    .select(factorColumns)
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("api_tokens.revoked_at", "is", null)
    .where("accounts.disabled", "=", 0),
);

/** The enabled account a live API token belongs to, with the sensitive acts the token may do. */
export async function findApiToken(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<{ account: AccountRecord; acts: string[]; facts: FactorFacts } | null> {
  const row = await liveApiToken.first(db, tokenHash);
  return row ? { account: toAccount(row), acts: actsOf(row.acts), facts: toFacts(row) } : null;
}

function actsOf(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === "string") : [];
}

/** An account's tokens (never their values). */
export async function listApiTokens(db: Kysely<Database>, accountId: string) {
  const rows = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at as createdAt", "revoked_at as revokedAt", "acts"])
    .where("account_id", "=", accountId)
    .orderBy("created_at")
    .execute();
  return rows.map((row) => ({ ...row, acts: actsOf(row.acts) }));
}

/** Revokes one of the account's tokens; returns its hash (to close streams opened with it), or null when there is no such live token of theirs. */
export async function revokeApiToken(
  db: Kysely<Database>,
  accountId: string,
  id: string,
  now: Date,
): Promise<string | null> {
  const token = await db
    .selectFrom("api_tokens")
    .select("token_hash")
    .where("id", "=", id)
    .where("account_id", "=", accountId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!token) return null;
  await db.updateTable("api_tokens").set({ revoked_at: now.toISOString() }).where("id", "=", id).execute();
  return token.token_hash;
}
