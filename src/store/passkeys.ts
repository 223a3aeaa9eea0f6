import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** A passkey as the server verifies with it. */
export interface StoredPasskey {
  id: string;
  accountId: string;
  publicKey: string;
  counter: number;
  transports: string[];
}

/** A passkey as its owner sees it. */
export interface OwnPasskey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function transportsOf(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === "string") : [];
}

/** Stores a newly registered passkey. */
export async function addPasskey(
  db: Kysely<Database>,
  passkey: StoredPasskey & { name: string; now: Date },
): Promise<void> {
  await db
    .insertInto("passkeys")
    .values({
      id: passkey.id,
      account_id: passkey.accountId,
      public_key: passkey.publicKey,
      counter: passkey.counter,
      transports: JSON.stringify(passkey.transports),
      name: passkey.name,
      created_at: passkey.now.toISOString(),
      last_used_at: null,
    })
    .execute();
}

/** The passkey with this credential id (of any account: a passkey alone names its account), or null. */
export async function passkeyById(db: Kysely<Database>, id: string): Promise<StoredPasskey | null> {
  const row = await db
    .selectFrom("passkeys")
    .select(["id", "account_id", "public_key", "counter", "transports"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        accountId: row.account_id,
        publicKey: row.public_key,
        // bigint: PostgreSQL hands it over as a string.
        counter: Number(row.counter),
        transports: transportsOf(row.transports),
      }
    : null;
}

/** The account's passkeys, oldest first. */
export async function listPasskeys(db: Kysely<Database>, accountId: string): Promise<OwnPasskey[]> {
  return db
    .selectFrom("passkeys")
    .select(["id", "name", "created_at as createdAt", "last_used_at as lastUsedAt"])
    .where("account_id", "=", accountId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Credential ids and transports of the account's passkeys, for excludeCredentials / allowCredentials. */
export async function passkeyDescriptors(
  db: Kysely<Database>,
  accountId: string,
): Promise<{ id: string; transports: string[] }[]> {
  const rows = await db
    .selectFrom("passkeys")
    .select(["id", "transports"])
    .where("account_id", "=", accountId)
    .execute();
  return rows.map((row) => ({ id: row.id, transports: transportsOf(row.transports) }));
}

/** Renames one of the account's passkeys; false when it has no such passkey. */
export async function renamePasskey(
  db: Kysely<Database>,
  accountId: string,
  id: string,
  name: string,
): Promise<boolean> {
  const result = await db
    .updateTable("passkeys")
    .set({ name })
    .where("id", "=", id)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records a verified use: the new counter, only if it still moves forward (two racing uses of one counter
 * value cannot both pass). False when another use got there first.
 */
export async function recordPasskeyUse(
  db: Kysely<Database>,
  passkey: { id: string; previousCounter: number; newCounter: number; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("passkeys")
    .set({ counter: passkey.newCounter, last_used_at: passkey.now.toISOString() })
    .where("id", "=", passkey.id)
    .where("counter", "=", passkey.previousCounter)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many live challenges were issued to nobody in particular (sign-in with a passkey alone). */
export async function liveAnonymousChallenges(db: Kysely<Database>, now: Date): Promise<number> {
  const row = await db
    .selectFrom("webauthn_challenges")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("account_id", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Keeps a challenge the server issued, for `ttlMs`. */
export async function saveChallenge(
  db: Kysely<Database>,
  challenge: {
    id: string;
    challenge: string;
    purpose: string;
    accountId: string | null;
    now: Date;
    ttlMs: number;
  },
): Promise<void> {
  // Expired challenges are cleared on the way, so the table holds only live ones.
  await db.deleteFrom("webauthn_challenges").where("expires_at", "<", challenge.now.toISOString()).execute();
  await db
    .insertInto("webauthn_challenges")
    .values({
      id: challenge.id,
      challenge: challenge.challenge,
      purpose: challenge.purpose,
      account_id: challenge.accountId,
      expires_at: new Date(challenge.now.getTime() + challenge.ttlMs).toISOString(),
    })
    .execute();
}

/**
 * Takes a live challenge of this purpose (and account, when it was issued to one) by its id: it is deleted,
 * so it is answered at most once. Null when there is none.
 */
export async function takeChallenge(
  db: Kysely<Database>,
  id: string,
  purpose: string,
  accountId: string | null,
  now: Date,
): Promise<string | null> {
  let query = db
    .deleteFrom("webauthn_challenges")
    .where("id", "=", id)
    .where("purpose", "=", purpose)
    .where("expires_at", ">", now.toISOString());
  query =
    accountId === null ? query.where("account_id", "is", null) : query.where("account_id", "=", accountId);
  const row = await query.returning("challenge").executeTakeFirst();
  return row?.challenge ?? null;
}
