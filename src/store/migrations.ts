import { randomUUID } from "node:crypto";
import {
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from "kysely";
import type { DialectName } from "./connect.ts";
import { notificationsMigration } from "./notifications-migration.ts";

/**
 * On SQLite, tables keyed by their primary key are stored in it (WITHOUT ROWID): one b-tree fewer to write
 * at every commit, which is most of the cost of an append under synchronous=FULL.
 */
let dialect: DialectName = "sqlite";
function compact<TB extends string, C extends string>(
  builder: CreateTableBuilder<TB, C>,
): CreateTableBuilder<TB, C> {
  return dialect === "sqlite" ? builder.modifyEnd(sql`without rowid`) : builder;
}

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
        .$call(compact)
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
        .$call(compact)
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
  "2026-11-27T02-sessions": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("accounts")
        .addColumn("operator", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable("sessions")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("ended_at", "text")
        .execute();
      await db.schema.createIndex("sessions_account").on("sessions").column("account_id").execute();
      await db.schema
        .createTable("api_tokens")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .execute();
      await db.schema
        .createTable("invitations")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("negotiation_id", "text", (c) => c.notNull())
        .addColumn("inviter_member_id", "text", (c) => c.notNull())
        .addColumn("member_id", "text", (c) => c.notNull())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("rank", "text", (c) => c.notNull())
        .addColumn("party_id", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("used_at", "text")
        .execute();
    },
  },
  "2026-12-05T00-may-host": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("accounts")
        .addColumn("may_host", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  "2026-12-05T01-setup-and-resets": {
    async up(db: Kysely<unknown>) {
      // The one-time link that creates the first operator; at most one is live (a new start replaces it).
      await db.schema
        .createTable("setup_tokens")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("used_at", "text")
        .execute();
      await db.schema
        .createTable("password_resets")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("used_at", "text")
        .execute();
      await db.schema
        .createIndex("password_resets_account")
        .on("password_resets")
        .column("account_id")
        .execute();
    },
  },
  "2026-12-05T02-session-details": {
    // What "my sessions" shows: an opaque id (the token hash must never leave the server), where and with what
    // the session was opened, and when it was last used.
    async up(db: Kysely<unknown>) {
      for (const column of ["id", "user_agent", "address", "last_seen_at"])
        await db.schema.alterTable("sessions").addColumn(column, "text").execute();
      // Sessions opened before this migration get an id too (ended ones included: ids are unique, never null).
      const rows = await sql<{ token_hash: string }>`select token_hash from sessions`.execute(db);
      for (const row of rows.rows)
        await sql`update sessions set id = ${randomUUID()} where token_hash = ${row.token_hash}`.execute(db);
      await db.schema.createIndex("sessions_id").unique().on("sessions").column("id").execute();
    },
  },
  "2026-12-05T03-notifications": notificationsMigration,
  "2026-12-05T10-second-factor": {
    // Second factors (issue 14). Self-contained: it only adds tables and columns.
    async up(db: Kysely<unknown>) {
      // The session row carries its factor state, so authenticating a request needs no other read:
      // pending = 1 while a password sign-in waits for its second factor (that session can do nothing else);
      // factor names what was last checked and when (step-up asks again when that is too old).
      await db.schema
        .alterTable("sessions")
        .addColumn("pending", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable("sessions").addColumn("factor", "text").execute();
      await db.schema.alterTable("sessions").addColumn("factor_checked_at", "text").execute();
      // Which sensitive acts an API token may do (JSON array of act names; none by default).
      await db.schema
        .alterTable("api_tokens")
        .addColumn("acts", "text", (c) => c.notNull().defaultTo("[]"))
        .execute();
      // The shared secret of an authenticator app. Kept as is (HMAC needs it); see ARCHITECTURE.md.
      await db.schema
        .createTable("totp_secrets")
        .addColumn("account_id", "text", (c) => c.primaryKey())
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("confirmed_at", "text")
        .execute();
      // Time steps already accepted, so each code counts once (the primary key refuses a second use).
      await db.schema
        .createTable("totp_used_steps")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("step", "integer", (c) => c.notNull())
        .addColumn("used_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("totp_used_steps_pk", ["account_id", "step"])
        .$call(compact)
        .execute();
      await db.schema
        .createTable("passkeys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("public_key", "text", (c) => c.notNull())
        .addColumn("counter", "bigint", (c) => c.notNull())
        .addColumn("transports", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_used_at", "text")
        .execute();
      await db.schema.createIndex("passkeys_account").on("passkeys").column("account_id").execute();
      await db.schema
        .createTable("recovery_codes")
        .addColumn("code_hash", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("used_at", "text")
        .execute();
      await db.schema
        .createIndex("recovery_codes_account")
        .on("recovery_codes")
        .column("account_id")
        .execute();
      // WebAuthn challenges the server issued, each answered at most once and only before it expires.
      await db.schema
        .createTable("webauthn_challenges")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("challenge", "text", (c) => c.notNull())
        .addColumn("purpose", "text", (c) => c.notNull())
        .addColumn("account_id", "text")
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
      // What happened to my account: a new factor or token, a sign-in from a new device, a cloned passkey.
      await db.schema
        .createTable("account_notices")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("account_notices_account")
        .on("account_notices")
        .column("account_id")
        .execute();
    },
  },
  "2026-12-05T11-member-emails": {
    // Which negotiations name an e-mail address among their members (ever: removed ones too), so "my
    // negotiations" reads those only instead of every negotiation's state. The state still decides.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("member_emails")
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("negotiation_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("member_emails_pk", ["email", "negotiation_id"])
        .$call(compact)
        .execute();
      const members = await sql<{
        negotiation_id: string;
        data: string;
      }>`select negotiation_id, data from entities where kind = 'member'`.execute(db);
      const seen = new Set<string>();
      for (const row of members.rows) {
        const email = String((JSON.parse(row.data) as { email?: unknown }).email ?? "");
        const key = `${email} ${row.negotiation_id}`;
        if (!email || seen.has(key)) continue;
        seen.add(key);
        await sql`insert into member_emails (email, negotiation_id) values (${email}, ${row.negotiation_id})`.execute(
          db,
        );
      }
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** A store that a newer Parley has migrated: this version does not know its tables, so it must not touch it. */
export class NewerStoreError extends Error {
  override readonly name = "NewerStoreError";
}

/**
 * Refuses, before any change, a store whose migration table lists migrations this code does not have: a
 * newer Parley wrote it (an upgrade rolled back, or an old server started beside new ones).
 */
async function refuseNewer(db: Kysely<unknown>, schema: string | undefined): Promise<void> {
  const table = sql.table(schema ? `${schema}.kysely_migration` : "kysely_migration");
  let applied: string[];
  try {
    applied = (await sql<{ name: string }>`select name from ${table}`.execute(db)).rows.map((r) => r.name);
  } catch {
    return; // No migration table yet: a new store.
  }
  const unknown = applied.filter((name) => !Object.hasOwn(migrations, name));
  if (unknown.length > 0)
    throw new NewerStoreError(
      `This store was written by a newer version of Parley: it has the migration${unknown.length > 1 ? "s" : ""} ` +
        `${unknown.join(", ")}, which this version does not know (its last is ${Object.keys(migrations).at(-1)}). ` +
        "Run the newer version, or restore a backup taken before the upgrade. Nothing was changed.",
    );
}

/** Brings the schema up to date; throws with the failing migration's error, or NewerStoreError. */
export async function migrate(db: Kysely<unknown>, name: DialectName, schema?: string): Promise<void> {
  dialect = name;
  await refuseNewer(db, schema);
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
