import type { Kysely } from "kysely";
import { createPasswordReset } from "../../store/password-resets.ts";
import type { Database } from "../../store/schema.ts";
import { hasOperator, replaceSetupToken } from "../../store/setup-tokens.ts";
import type { Store } from "../../store/store.ts";
import { newSecret, secretHash } from "./secrets.ts";

/** The key that serialises every first-run setup write across server instances (one operator, one live link). */
export const SETUP_LOCK = "first-run-setup";

/** Setup and reset links live a day: long enough to reach their owner, short enough to die unused. */
export const ONE_TIME_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * While the store has no operator: a fresh one-time link that creates the first operator (256-bit, kept only
 * as its SHA-256), replacing any earlier unused one. Null once an operator exists. `parley serve` and
 * `parley start` call it at every start and print what it returns.
 */
export async function issueSetupLink(store: Store, publicUrl: string, now: Date): Promise<string | null> {
  const token = newSecret("setup_");
  // Exclusive: two servers starting together must not leave two live links (nor one beside an operator).
  const issued = await store.writeTransaction(async (trx) => {
    if (await hasOperator(trx)) return false;
    await replaceSetupToken(trx, { tokenHash: secretHash(token), now, ttlMs: ONE_TIME_LINK_TTL_MS });
    return true;
  }, SETUP_LOCK);
  return issued ? `${publicUrl}/setup/${token}` : null;
}

/**
 * A one-time link with which the account's owner chooses a new password (256-bit, kept only as its SHA-256,
 * a day to live); the account's earlier unused links die. The link is shown to the operator once, unless it
 * is mailed to the owner.
 */
export async function issueResetLink(
  store: Store,
  accountId: string,
  publicUrl: string,
  now: Date,
): Promise<{ link: string; expiresAt: string }> {
  return store.writeTransaction((trx) => resetLinkIn(trx, accountId, publicUrl, now));
}

/** `issueResetLink` inside the caller's transaction `trx`: a new account and its first link are one write. */
export async function resetLinkIn(
  trx: Kysely<Database>,
  accountId: string,
  publicUrl: string,
  now: Date,
): Promise<{ link: string; expiresAt: string }> {
  const token = newSecret("reset_");
  await createPasswordReset(trx, {
    tokenHash: secretHash(token),
    accountId,
    now,
    ttlMs: ONE_TIME_LINK_TTL_MS,
  });
  return {
    link: `${publicUrl}/reset/${token}`,
    expiresAt: new Date(now.getTime() + ONE_TIME_LINK_TTL_MS).toISOString(),
  };
}
