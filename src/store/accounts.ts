import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** Creates an account, or resets the name and password of the one with this e-mail address. */
export async function setAccount(
  db: Kysely<Database>,
  account: { email: string; name: string; password: string; operator?: boolean; mayHost?: boolean },
  now: Date,
): Promise<string> {
  const email = account.email.toLowerCase();
  // argon2id with the library's defaults (19 MiB, t=2), the OWASP recommendation.
  const passwordHash = await hash(account.password);
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
