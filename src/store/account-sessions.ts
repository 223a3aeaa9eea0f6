import { hash } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";
import { idleCutoff } from "./sessions.ts";

/**
 * Account self-service: an account's own sessions (listed, ended one by one or all at once), its API tokens
 * revoked together, and its password changed. Every function is confined to one account: an id of another
 * account's session finds nothing, exactly like an id that does not exist.
 */

/** One live session as its owner sees it: never its token nor the token's hash. */
export interface OwnSession {
  id: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string | null;
  userAgent: string | null;
  address: string | null;
  /** The session this request came with. */
  current: boolean;
}

/** How stale "last seen" may get: recording every request would be a write per read. */
export const LAST_SEEN_GRANULARITY_MS = 5 * 60 * 1000;

/** The account's live sessions (not ended, not expired, not idle), newest first. */
export async function listOwnSessions(
  db: Kysely<Database>,
  accountId: string,
  currentHash: string | undefined,
  now: Date,
): Promise<OwnSession[]> {
  const rows = await db
    .selectFrom("sessions")
    .select(["token_hash", "id", "created_at", "expires_at", "last_seen_at", "user_agent", "address"])
    .where("account_id", "=", accountId)
    .where("ended_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .where((eb) => eb.fn.coalesce("last_seen_at", "created_at"), ">", idleCutoff(now))
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
    userAgent: row.user_agent,
    address: row.address,
    current: row.token_hash === currentHash,
  }));
}

/** Ends one of the account's live sessions by its id; returns its token hash (to announce), or null. */
export async function endOwnSession(
  db: Kysely<Database>,
  accountId: string,
  id: string,
  now: Date,
): Promise<string | null> {
  const ended = await db
    .updateTable("sessions")
    .set({ ended_at: now.toISOString() })
    .where("id", "=", id)
    .where("account_id", "=", accountId)
    .where("ended_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .returning("token_hash")
    .executeTakeFirst();
  return ended?.token_hash ?? null;
}

/**
 * Ends every live session of the account and, when asked, revokes all its API tokens, in one transaction.
 * Returns the hashes of what was ended, to announce each as revoked.
 */
export async function endEverything(
  db: Kysely<Database>,
  accountId: string,
  options: { revokeTokens: boolean; now: Date },
): Promise<{ sessions: string[]; tokens: string[] }> {
  const at = options.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const sessions = await trx
      .updateTable("sessions")
      .set({ ended_at: at })
      .where("account_id", "=", accountId)
      .where("ended_at", "is", null)
      .where("expires_at", ">", at)
      .returning("token_hash")
      .execute();
    const tokens = options.revokeTokens
      ? await trx
          .updateTable("api_tokens")
          .set({ revoked_at: at })
          .where("account_id", "=", accountId)
          .where("revoked_at", "is", null)
          .returning("token_hash")
          .execute()
      : [];
    return { sessions: sessions.map((s) => s.token_hash), tokens: tokens.map((t) => t.token_hash) };
  });
}

/**
 * Sets a new password, ends every other session of the account and revokes its API tokens, in one
 * transaction (the session it was changed from stays); returns the hashes of every credential ended, to
 * announce each as revoked. Tokens go too: a token minted from a stolen session must not outlive the
 * password change that was meant to lock the thief out.
 */
export async function changePassword(
  db: Kysely<Database>,
  change: { accountId: string; newPassword: string; keepSessionHash: string | undefined; now: Date },
): Promise<string[]> {
  // Hashed before the transaction: argon2 takes tens of milliseconds, too long to hold the write lock.
  const passwordHash = await hash(change.newPassword);
  return db.transaction().execute(async (trx) => {
    // The write first, so SQLite takes its write lock at the start of the transaction.
    await trx
      .updateTable("accounts")
      .set({ password_hash: passwordHash })
      .where("id", "=", change.accountId)
      .execute();
    let others = trx
      .updateTable("sessions")
      .set({ ended_at: change.now.toISOString() })
      .where("account_id", "=", change.accountId)
      .where("ended_at", "is", null);
    if (change.keepSessionHash) others = others.where("token_hash", "!=", change.keepSessionHash);
    const ended = await others.returning("token_hash").execute();
    const tokens = await trx
      .updateTable("api_tokens")
      .set({ revoked_at: change.now.toISOString() })
      .where("account_id", "=", change.accountId)
      .where("revoked_at", "is", null)
      .returning("token_hash")
      .execute();
    return [...ended.map((s) => s.token_hash), ...tokens.map((t) => t.token_hash)];
  });
}

/** Records that a session was used now, if its last record is older than LAST_SEEN_GRANULARITY_MS. */
export async function touchSession(db: Kysely<Database>, tokenHash: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: now.toISOString() })
    .where("token_hash", "=", tokenHash)
    .where((eb) =>
      eb.or([
        eb("last_seen_at", "is", null),
        eb("last_seen_at", "<", new Date(now.getTime() - LAST_SEEN_GRANULARITY_MS).toISOString()),
      ]),
    )
    .execute();
}
