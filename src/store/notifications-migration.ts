import { type Kysely, type Migration, sql } from "kysely";

/**
 * The inbox: entries, the notifier's position per negotiation, e-mail preferences, explicit follows and the
 * daily digests sent. Negotiations that exist when this runs start their notifications from now: their past is
 * not turned into a flood of entries and mails.
 */
export const notificationsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("notifications")
      .addColumn("negotiation_id", "text", (c) => c.notNull())
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("scope_seq", "integer", (c) => c.notNull())
      .addColumn("recipient", "text", (c) => c.notNull())
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("target_kind", "text", (c) => c.notNull())
      .addColumn("target_id", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("read_at", "text")
      .addPrimaryKeyConstraint("notifications_pk", ["negotiation_id", "scope", "scope_seq", "recipient"])
      .execute();
    await db.schema.createIndex("notifications_email").on("notifications").columns(["email", "at"]).execute();
    await db.schema
      .createTable("notification_cursors")
      .addColumn("negotiation_id", "text", (c) => c.primaryKey())
      .addColumn("pos", "integer", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("notification_preferences")
      .addColumn("account_id", "text", (c) => c.primaryKey())
      .addColumn("email_mode", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("provision_follows")
      .addColumn("negotiation_id", "text", (c) => c.notNull())
      .addColumn("member_id", "text", (c) => c.notNull())
      .addColumn("provision_id", "text", (c) => c.notNull())
      .addColumn("following", "integer", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("provision_follows_pk", ["negotiation_id", "member_id", "provision_id"])
      .execute();
    await db.schema
      .createTable("notification_digests")
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("day", "text", (c) => c.notNull())
      .addColumn("sent_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("notification_digests_pk", ["account_id", "day"])
      .execute();
    await sql`insert into notification_cursors (negotiation_id, pos)
      select negotiation_id, max(pos) from events group by negotiation_id`.execute(db);
  },
};
