import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";
import { endAccountSessions } from "./sessions.ts";

/** Stores a reset token (its hash only) for an account, and kills the account's earlier unused ones. */
export async function createPasswordReset(
  db: Kysely<Database>,
  reset: { tokenHash: string; accountId: string; now: Date; ttlMs: number },
): Promise<void> {
  await db
    .deleteFrom("password_resets")
    .where("account_id", "=", reset.accountId)
    .where("used_at", "is", null)
    .execute();
  await db
    .insertInto("password_resets")
    .values({
      token_hash: reset.tokenHash,
      account_id: reset.accountId,
      created_at: reset.now.toISOString(),
      expires_at: new Date(reset.now.getTime() + reset.ttlMs).toISOString(),
      used_at: null,
    })
    .execute();
}

/** The enabled account a live (unused, unexpired) reset token is for, else null. */
export async function findPasswordReset(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<{ accountId: string; email: string; name: string; expiresAt: string } | null> {
  const row = await db
    .selectFrom("password_resets")
    .innerJoin("accounts", "accounts.id", "password_resets.account_id")
    .select([
      "accounts.id as accountId",
      "accounts.email",
      "accounts.name",
      "password_resets.expires_at as expiresAt",
    ])
    .where("password_resets.token_hash", "=", tokenHash)
    .where("password_resets.used_at", "is", null)
    .where("password_resets.expires_at", ">", now.toISOString())
    .where("accounts.disabled", "=", 0)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Whether the account never signed in (no session, ended or live, was ever opened for it: sessions are ended,
 * never deleted). Its link then sets a first password, and the reset page says so.
 */
export async function neverSignedIn(db: Kysely<Database>, accountId: string): Promise<boolean> {
  const any = await db
    .selectFrom("sessions")
    .select("id")
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  return any === undefined;
}

/**
 * Spends a reset token: sets the new password and ends every session of the account, in one transaction
 * (`trx`). Returns the account id, or null when the token is not live (then nothing is written).
 */
export async function usePasswordReset(
  trx: Kysely<Database>,
  tokenHash: string,
  passwordHash: string,
  now: Date,
): Promise<string | null> {
  const live = await findPasswordReset(trx, tokenHash, now);
  if (!live) return null;
  const claimed = await trx
    .updateTable("password_resets")
    .set({ used_at: now.toISOString() })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  await trx
    .updateTable("accounts")
    .set({ password_hash: passwordHash })
    .where("id", "=", live.accountId)
    .execute();
  await endAccountSessions(trx, live.accountId, now);
  // Its API tokens too: whoever the reset locks out must not keep a token minted from a stolen session.
  await trx
    .updateTable("api_tokens")
    .set({ revoked_at: now.toISOString() })
    .where("account_id", "=", live.accountId)
    .where("revoked_at", "is", null)
    .execute();
  return live.accountId;
}
