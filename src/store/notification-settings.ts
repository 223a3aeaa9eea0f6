import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** Per-account and per-member settings of the inbox: e-mail preference, explicit follows, digests sent. */
export type EmailMode = "each" | "daily" | "none";
export const EMAIL_MODES: readonly EmailMode[] = ["each", "daily", "none"];
/** Until a member says otherwise: one mail a day at most, so being invited does not open a firehose. */
export const DEFAULT_EMAIL_MODE: EmailMode = "daily";

/** The account's e-mail preference (the default when never set). */
export async function emailMode(db: Kysely<Database>, accountId: string): Promise<EmailMode> {
  const row = await db
    .selectFrom("notification_preferences")
    .select("email_mode")
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  return (EMAIL_MODES as readonly string[]).includes(row?.email_mode ?? "")
    ? (row?.email_mode as EmailMode)
    : DEFAULT_EMAIL_MODE;
}

export async function setEmailMode(
  db: Kysely<Database>,
  accountId: string,
  mode: EmailMode,
  at: Date,
): Promise<void> {
  await db
    .insertInto("notification_preferences")
    .values({ account_id: accountId, email_mode: mode, updated_at: at.toISOString() })
    .onConflict((oc) =>
      oc.column("account_id").doUpdateSet({ email_mode: mode, updated_at: at.toISOString() }),
    )
    .execute();
}

/** Preferences of the accounts with these e-mails, by lower-cased e-mail (accounts without one get the default). */
export async function emailModesOf(
  db: Kysely<Database>,
  emails: readonly string[],
): Promise<Map<string, { accountId: string; mode: EmailMode }>> {
  const out = new Map<string, { accountId: string; mode: EmailMode }>();
  if (emails.length === 0) return out;
  const rows = await db
    .selectFrom("accounts")
    .leftJoin("notification_preferences", "notification_preferences.account_id", "accounts.id")
    .select(["accounts.id", "accounts.email", "accounts.disabled", "notification_preferences.email_mode"])
    .where("accounts.email", "in", [...new Set(emails.map((e) => e.toLowerCase()))])
    .execute();
  for (const r of rows) {
    // A disabled account is mailed nothing.
    if (Number(r.disabled) !== 0) continue;
    const mode = (EMAIL_MODES as readonly string[]).includes(r.email_mode ?? "")
      ? (r.email_mode as EmailMode)
      : DEFAULT_EMAIL_MODE;
    out.set(r.email.toLowerCase(), { accountId: r.id, mode });
  }
  return out;
}

/** Explicit follow choices in a negotiation: member → provision → following. */
export async function followChoices(
  db: Kysely<Database>,
  negotiationId: string,
): Promise<Map<string, Map<string, boolean>>> {
  const rows = await db
    .selectFrom("provision_follows")
    .select(["member_id", "provision_id", "following"])
    .where("negotiation_id", "=", negotiationId)
    .execute();
  const out = new Map<string, Map<string, boolean>>();
  for (const r of rows) {
    let member = out.get(r.member_id);
    if (!member) {
      member = new Map();
      out.set(r.member_id, member);
    }
    member.set(r.provision_id, Number(r.following) === 1);
  }
  return out;
}

/** One member's explicit choice on one provision, or null when they never chose. */
export async function followChoice(
  db: Kysely<Database>,
  negotiationId: string,
  memberId: string,
  provisionId: string,
): Promise<boolean | null> {
  const row = await db
    .selectFrom("provision_follows")
    .select("following")
    .where("negotiation_id", "=", negotiationId)
    .where("member_id", "=", memberId)
    .where("provision_id", "=", provisionId)
    .executeTakeFirst();
  return row ? Number(row.following) === 1 : null;
}

export async function setFollowChoice(
  db: Kysely<Database>,
  key: { negotiationId: string; memberId: string; provisionId: string },
  following: boolean,
  at: Date,
): Promise<void> {
  const value = following ? 1 : 0;
  await db
    .insertInto("provision_follows")
    .values({
      negotiation_id: key.negotiationId,
      member_id: key.memberId,
      provision_id: key.provisionId,
      following: value,
      updated_at: at.toISOString(),
    })
    .onConflict((oc) =>
      oc
        .columns(["negotiation_id", "member_id", "provision_id"])
        .doUpdateSet({ following: value, updated_at: at.toISOString() }),
    )
    .execute();
}

/**
 * Accounts that want a daily digest (by choice or by default) and have unread entries of events since `since`:
 * found from the entries, so the work grows with activity, not with the number of accounts.
 */
export async function digestCandidates(
  db: Kysely<Database>,
  since: string,
): Promise<{ id: string; email: string }[]> {
  const rows = await db
    .selectFrom("notifications")
    .innerJoin("accounts", "accounts.email", "notifications.email")
    .leftJoin("notification_preferences", "notification_preferences.account_id", "accounts.id")
    .select(["accounts.id", "accounts.email", "notification_preferences.email_mode"])
    .distinct()
    .where("notifications.read_at", "is", null)
    .where("notifications.created_at", ">", since)
    // Entries of old events (a catch-up over history) are in the inbox, but no reason to write to anyone.
    .where("notifications.at", ">", since)
    .where("accounts.disabled", "=", 0)
    .execute();
  return rows
    .filter((r) => (r.email_mode ?? DEFAULT_EMAIL_MODE) === "daily")
    .map((r) => ({ id: r.id, email: r.email }));
}

/** When the account's last digest went out, or null. */
export async function lastDigest(db: Kysely<Database>, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom("notification_digests")
    .select("sent_at")
    .where("account_id", "=", accountId)
    .orderBy("day", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.sent_at ?? null;
}

/** Claims the account's digest for the day; false when another instance (or an earlier tick) has it. */
export async function claimDigest(
  db: Kysely<Database>,
  accountId: string,
  day: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .insertInto("notification_digests")
    .values({ account_id: accountId, day, sent_at: at.toISOString() })
    .onConflict((oc) => oc.columns(["account_id", "day"]).doNothing())
    .returning("day")
    .execute();
  return rows.length === 1;
}

/** Gives a claimed digest back when its mail failed, so a later tick tries again. */
export async function releaseDigest(db: Kysely<Database>, accountId: string, day: string): Promise<void> {
  await db
    .deleteFrom("notification_digests")
    .where("account_id", "=", accountId)
    .where("day", "=", day)
    .execute();
}
