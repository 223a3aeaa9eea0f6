import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** True once any operator account exists (enabled or not): from then on no setup link works. */
export async function hasOperator(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("accounts").select("id").where("operator", "=", 1).executeTakeFirst();
  return row !== undefined;
}

/** Stores a new setup token (its hash only) and kills every earlier unused one: one live link at a time. */
export async function replaceSetupToken(
  db: Kysely<Database>,
  token: { tokenHash: string; now: Date; ttlMs: number },
): Promise<void> {
  await db.deleteFrom("setup_tokens").where("used_at", "is", null).execute();
  await db
    .insertInto("setup_tokens")
    .values({
      token_hash: token.tokenHash,
      created_at: token.now.toISOString(),
      expires_at: new Date(token.now.getTime() + token.ttlMs).toISOString(),
      used_at: null,
    })
    .execute();
}

/** True when the token is unused and unexpired and no operator exists yet. */
export async function setupTokenLive(db: Kysely<Database>, tokenHash: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom("setup_tokens")
    .select("token_hash")
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return row !== undefined && !(await hasOperator(db));
}

/** Marks the token used; false when it is not live (used by another request first, expired, never issued). */
export async function claimSetupToken(db: Kysely<Database>, tokenHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("setup_tokens")
    .set({ used_at: now.toISOString() })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
