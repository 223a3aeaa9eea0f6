import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/**
 * An account's second factors: its authenticator-app (TOTP) secret, the time steps already accepted, and its
 * recovery codes (only their hashes). Passkeys are in `passkeys.ts`. Every function is confined to one account.
 */

/** What an account has set up, as its owner sees it (never a secret). */
export interface FactorSummary {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

/** The confirmed TOTP secret of an account, or null. */
export async function confirmedTotpSecret(db: Kysely<Database>, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom("totp_secrets")
    .select("secret")
    .where("account_id", "=", accountId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  return row?.secret ?? null;
}

/** The secret being enrolled (not yet confirmed by a first code), or null. */
export async function pendingTotpSecret(db: Kysely<Database>, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom("totp_secrets")
    .select("secret")
    .where("account_id", "=", accountId)
    .where("confirmed_at", "is", null)
    .executeTakeFirst();
  return row?.secret ?? null;
}

/**
 * Starts enrolling an authenticator app: keeps the new secret unconfirmed (replacing an earlier unconfirmed
 * one). False, and nothing changed, when the account already has a confirmed one (remove it first).
 */
export async function startTotp(
  db: Kysely<Database>,
  accountId: string,
  secret: string,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom("totp_secrets")
      .where("account_id", "=", accountId)
      .where("confirmed_at", "is", null)
      .executeTakeFirst();
    const confirmed = await trx
      .selectFrom("totp_secrets")
      .select("account_id")
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    if (confirmed) return false;
    await trx
      .insertInto("totp_secrets")
      .values({ account_id: accountId, secret, created_at: now.toISOString(), confirmed_at: null })
      .execute();
    return true;
  });
}

/**
 * Marks a time step as used; false when it already was (a replayed code). Steps far in the past are pruned
 * on the way, so the table stays small.
 */
export async function spendTotpStep(
  db: Kysely<Database>,
  accountId: string,
  step: number,
  now: Date,
): Promise<boolean> {
  await db
    .deleteFrom("totp_used_steps")
    .where("account_id", "=", accountId)
    .where("step", "<", step - 10)
    .execute();
  const inserted = await db
    .insertInto("totp_used_steps")
    .values({ account_id: accountId, step, used_at: now.toISOString() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Confirms the enrolment with the step of its first code and stores the recovery codes' hashes (replacing any
 * earlier ones; null keeps them), in one transaction. False, and nothing changed, when the step was already used or no
 * enrolment is pending.
 */
export async function confirmTotp(
  db: Kysely<Database>,
  change: { accountId: string; step: number; recoveryHashes: readonly string[] | null; now: Date },
): Promise<boolean> {
  return db
    .transaction()
    .execute(async (trx) => {
      const confirmed = await trx
        .updateTable("totp_secrets")
        .set({ confirmed_at: change.now.toISOString() })
        .where("account_id", "=", change.accountId)
        .where("confirmed_at", "is", null)
        .executeTakeFirst();
      if (Number(confirmed.numUpdatedRows) !== 1) return false;
      if (!(await spendTotpStep(trx, change.accountId, change.step, change.now))) {
        // Rolls the confirmation back: a replayed code confirms nothing.
        throw new ReplayedStep();
      }
      if (change.recoveryHashes)
        await replaceRecoveryCodes(trx, change.accountId, change.recoveryHashes, change.now);
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof ReplayedStep) return false;
      throw error;
    });
}

class ReplayedStep extends Error {}

/** Replaces the account's recovery codes with these hashes. */
export async function replaceRecoveryCodes(
  db: Kysely<Database>,
  accountId: string,
  hashes: readonly string[],
  now: Date,
): Promise<void> {
  await db.deleteFrom("recovery_codes").where("account_id", "=", accountId).execute();
  if (hashes.length === 0) return;
  await db
    .insertInto("recovery_codes")
    .values(
      hashes.map((code_hash) => ({
        code_hash,
        account_id: accountId,
        created_at: now.toISOString(),
        used_at: null,
      })),
    )
    .execute();
}

/** Spends one recovery code by its hash; false when it is not the account's or was used already. */
export async function spendRecoveryCode(
  db: Kysely<Database>,
  accountId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const spent = await db
    .updateTable("recovery_codes")
    .set({ used_at: now.toISOString() })
    .where("code_hash", "=", codeHash)
    .where("account_id", "=", accountId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1;
}

/** What the account has set up. */
export async function factorSummary(db: Kysely<Database>, accountId: string): Promise<FactorSummary> {
  const [totp, passkeys, codes] = await Promise.all([
    confirmedTotpSecret(db, accountId),
    db
      .selectFrom("passkeys")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("account_id", "=", accountId)
      .executeTakeFirst(),
    db
      .selectFrom("recovery_codes")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("account_id", "=", accountId)
      .where("used_at", "is", null)
      .executeTakeFirst(),
  ]);
  return {
    totp: totp !== null,
    passkeys: Number(passkeys?.n ?? 0),
    recoveryCodesLeft: Number(codes?.n ?? 0),
  };
}

/**
 * Removes a factor and ends every other session of the account, in one transaction; the recovery codes go
 * with the last factor. `mayRemoveLast` false (a policy requires a factor) refuses to remove the last one:
 * "last", and nothing changed. Returns the ended sessions' hashes to announce, or "missing" when the account
 * has no such factor.
 */
export async function removeFactor(
  db: Kysely<Database>,
  change: {
    accountId: string;
    factor: { kind: "totp" } | { kind: "passkey"; id: string };
    mayRemoveLast: boolean;
    keepSessionHash: string | undefined;
    now: Date;
  },
): Promise<string[] | "missing" | "last"> {
  return db
    .transaction()
    .execute(async (trx) => {
      const { accountId } = change;
      const removed =
        change.factor.kind === "totp"
          ? await trx
              .deleteFrom("totp_secrets")
              .where("account_id", "=", accountId)
              .where("confirmed_at", "is not", null)
              .executeTakeFirst()
          : await trx
              .deleteFrom("passkeys")
              .where("account_id", "=", accountId)
              .where("id", "=", change.factor.id)
              .executeTakeFirst();
      if (Number(removed.numDeletedRows) !== 1) return "missing";
      const left = await countFactors(trx, accountId);
      if (left === 0) {
        if (!change.mayRemoveLast) throw new LastFactor();
        await trx.deleteFrom("recovery_codes").where("account_id", "=", accountId).execute();
      }
      let others = trx
        .updateTable("sessions")
        .set({ ended_at: change.now.toISOString() })
        .where("account_id", "=", accountId)
        .where("ended_at", "is", null);
      if (change.keepSessionHash) others = others.where("token_hash", "!=", change.keepSessionHash);
      return (await others.returning("token_hash").execute()).map((s) => s.token_hash);
    })
    .catch((error: unknown) => {
      if (error instanceof LastFactor) return "last" as const;
      throw error;
    });
}

class LastFactor extends Error {}

/** How many factors (a confirmed TOTP secret, passkeys) the account has. */
export async function countFactors(db: Kysely<Database>, accountId: string): Promise<number> {
  const summary = await factorSummary(db, accountId);
  return (summary.totp ? 1 : 0) + summary.passkeys;
}

/** Records that this session just checked its second factor again (a step-up). */
export async function markFactorChecked(db: Kysely<Database>, sessionHash: string, now: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ factor_checked_at: now.toISOString() })
    .where("token_hash", "=", sessionHash)
    .execute();
}

/** The operator's setting: must every account have a second factor? */
export const REQUIRE_FACTOR_KEY = "require_second_factor";

export async function factorRequiredForAll(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("meta")
    .select("value")
    .where("key", "=", REQUIRE_FACTOR_KEY)
    .executeTakeFirst();
  return row?.value === "1";
}

export async function setFactorRequiredForAll(db: Kysely<Database>, required: boolean): Promise<void> {
  await db
    .insertInto("meta")
    .values({ key: REQUIRE_FACTOR_KEY, value: required ? "1" : "0" })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: required ? "1" : "0" }))
    .execute();
}

/**
 * Removes every second factor of an account (its owner lost them all, recovery codes included) and ends all
 * its sessions, in one transaction: an operator's act. Returns the ended sessions' hashes, or null when there
 * is no such account.
 */
export async function removeAllFactors(
  db: Kysely<Database>,
  accountId: string,
  now: Date,
): Promise<string[] | null> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom("accounts")
      .select("id")
      .where("id", "=", accountId)
      .executeTakeFirst();
    if (!found) return null;
    for (const table of ["totp_secrets", "passkeys", "recovery_codes"] as const)
      await trx.deleteFrom(table).where("account_id", "=", accountId).execute();
    const ended = await trx
      .updateTable("sessions")
      .set({ ended_at: now.toISOString() })
      .where("account_id", "=", accountId)
      .where("ended_at", "is", null)
      .returning("token_hash")
      .execute();
    return ended.map((s) => s.token_hash);
  });
}
