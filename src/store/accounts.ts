import { randomBytes, randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

export interface NewAccount {
  email: string;
  name: string;
  password: string;
  operator?: boolean;
  mayHost?: boolean;
}

/**
 * Creates an account; null when the e-mail address is taken (nothing is changed then: an existing account is
 * never silently reset). Give `passwordHash` to hash before a transaction (argon2id takes a while).
 */
export async function createAccount(
  db: Kysely<Database>,
  account: Omit<NewAccount, "password"> & { passwordHash: string },
  now: Date,
): Promise<string | null> {
  const email = account.email.toLowerCase();
  const existing = await db.selectFrom("accounts").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) return null;
  const id = randomUUID();
  await db
    .insertInto("accounts")
    .values({
      id,
      email,
      name: account.name,
      password_hash: account.passwordHash,
      disabled: 0,
      operator: account.operator ? 1 : 0,
      may_host: account.mayHost ? 1 : 0,
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}

/** argon2id with the library's defaults (19 MiB, t=2), the OWASP recommendation. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * The hash of a random 256-bit secret that is thrown away at once: an account made by an operator can sign in
 * only once its owner has chosen a password with the link made for it. An argon2 hash like any other, so
 * sign-in treats it like any wrong password (no special case, no timing of its own).
 */
export function unusablePasswordHash(): Promise<string> {
  return hash(randomBytes(32).toString("base64url"));
}

/** Lets an account host negotiations, or stops it; false when there is no such account. */
export async function setMayHost(
  db: Kysely<Database>,
  accountId: string,
  mayHost: boolean,
): Promise<boolean> {
  const result = await db
    .updateTable("accounts")
    .set({ may_host: mayHost ? 1 : 0 })
    .where("id", "=", accountId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Creates an account, or resets the name and password of the one with this e-mail address. */
export async function setAccount(db: Kysely<Database>, account: NewAccount, now: Date): Promise<string> {
  const email = account.email.toLowerCase();
  const passwordHash = await hashPassword(account.password);
  const existing = await db.selectFrom("accounts").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) {
    await db
      .updateTable("accounts")
      .set({ name: account.name, password_hash: passwordHash })
      .where("id", "=", existing.id)
      .execute();
    return existing.id;
  }
  const id = randomUUID();
  await db
    .insertInto("accounts")
    .values({
      id,
      email,
      name: account.name,
      password_hash: passwordHash,
      disabled: 0,
      operator: account.operator ? 1 : 0,
      may_host: account.mayHost ? 1 : 0,
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}
