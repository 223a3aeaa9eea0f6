import type { Kysely } from "kysely";
import type { Database, InvitationsTable } from "./schema.ts";

export type Invitation = InvitationsTable;

/** Stores an invitation (its token only as a hash). */
export async function createInvitation(db: Kysely<Database>, invitation: Invitation): Promise<void> {
  await db.insertInto("invitations").values(invitation).execute();
}

/** An unused, unexpired invitation by its token hash. */
export async function findInvitation(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<Invitation | null> {
  const row = await db
    .selectFrom("invitations")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return row ?? null;
}

/** Marks an invitation used; false when another request used it first (single use, even under races). */
export async function claimInvitation(db: Kysely<Database>, tokenHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ used_at: now.toISOString() })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a claimed invitation back when joining failed, so the link still works. */
export async function releaseInvitation(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.updateTable("invitations").set({ used_at: null }).where("token_hash", "=", tokenHash).execute();
}

/** The negotiation's invitations not yet used and not expired, oldest first. */
export async function pendingInvitations(
  db: Kysely<Database>,
  negotiationId: string,
  now: Date,
): Promise<Invitation[]> {
  return db
    .selectFrom("invitations")
    .selectAll()
    .where("negotiation_id", "=", negotiationId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .orderBy("created_at")
    .execute();
}
