import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";

/** Migrations live in code, named by date so they sort in the order they were written. */
const migrations: Record<string, Migration> = {
  "2026-11-27T00-record": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("meta")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("negotiations")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("last_pos", "integer", (c) => c.notNull())
        .addColumn("last_at", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("events")
        .addColumn("negotiation_id", "text", (c) => c.notNull())
        .addColumn("pos", "integer", (c) => c.notNull())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("scope_seq", "integer", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("events_pk", ["negotiation_id", "pos"])
        .addUniqueConstraint("events_chain_unique", ["negotiation_id", "scope", "scope_seq"])
        .execute();
      await db.schema
        .createTable("chain_heads")
        .addColumn("negotiation_id", "text", (c) => c.notNull())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("chain_heads_pk", ["negotiation_id", "scope"])
        .execute();
      await db.schema
        .createTable("entities")
        .addColumn("negotiation_id", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("ord", "bigint", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("entities_pk", ["negotiation_id", "kind", "id"])
        .execute();
      await db.schema
        .createIndex("entities_scope")
        .on("entities")
        .columns(["negotiation_id", "scope", "kind"])
        .execute();
      await db.schema
        .createTable("receipts")
        .addColumn("negotiation_id", "text", (c) => c.notNull())
        .addColumn("checkpoint_id", "text", (c) => c.notNull())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("head", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("signature", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("receipts_pk", ["negotiation_id", "checkpoint_id", "scope"])
        .execute();
    },
  },
  "2026-11-27T01-accounts": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("accounts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("email", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("disabled", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrate(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
