import type { Kysely } from "kysely";
import type { Scope } from "../domain/scope.ts";
import type { Database, NotificationsTable } from "./schema.ts";

export type NotificationRow = NotificationsTable;

/** An event as the notifier needs it: where it sits (pos is never shown), who did it, what it says. */
export interface NotifiableEvent {
  pos: number;
  scope: Scope;
  scopeSeq: number;
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

/** The position up to which the negotiation's events were turned into entries (0: none yet). */
export async function notificationCursor(db: Kysely<Database>, negotiationId: string): Promise<number> {
  const row = await db
    .selectFrom("notification_cursors")
    .select("pos")
    .where("negotiation_id", "=", negotiationId)
    .executeTakeFirst();
  return row ? Number(row.pos) : 0;
}

/** Moves the position forward, never back (another instance may have gone further meanwhile). */
export async function advanceNotificationCursor(
  db: Kysely<Database>,
  negotiationId: string,
  pos: number,
): Promise<void> {
  await db
    .insertInto("notification_cursors")
    .values({ negotiation_id: negotiationId, pos })
    .onConflict((oc) =>
      oc
        .column("negotiation_id")
        .doUpdateSet({ pos: (eb) => eb.ref("excluded.pos") })
        .where("notification_cursors.pos", "<", pos),
    )
    .execute();
}

/** The next events after a position, at most `limit` of them: the notifier works in bounded batches. */
export async function eventsToNotify(
  db: Kysely<Database>,
  negotiationId: string,
  after: number,
  limit: number,
): Promise<NotifiableEvent[]> {
  const rows = await db
    .selectFrom("events")
    .select(["pos", "scope", "scope_seq", "type", "actor", "at", "data"])
    .where("negotiation_id", "=", negotiationId)
    .where("pos", ">", after)
    .orderBy("pos")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    pos: Number(r.pos),
    scope: r.scope as Scope,
    scopeSeq: Number(r.scope_seq),
    type: r.type,
    actor: r.actor,
    at: r.at,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}

/**
 * Inserts entries, skipping those another instance (or an earlier pass) already inserted; returns the ones
 * this call inserted, so that exactly one instance mails each.
 */
export async function insertNotifications(
  db: Kysely<Database>,
  rows: readonly NotificationRow[],
): Promise<NotificationRow[]> {
  const inserted: NotificationRow[] = [];
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 50) {
    const chunk = rows.slice(i, i + 50);
    const done = await db
      .insertInto("notifications")
      .values(chunk)
      .onConflict((oc) => oc.columns(["negotiation_id", "scope", "scope_seq", "recipient"]).doNothing())
      .returningAll()
      .execute();
    inserted.push(...done.map((r) => ({ ...r, scope_seq: Number(r.scope_seq) })));
  }
  return inserted;
}

/** One negotiation the reader is an active member of: who they are there and which scopes they read now. */
export interface Membership {
  negotiationId: string;
  memberId: string;
  scopes: ReadonlySet<Scope>;
}

/** The negotiations in which this e-mail has ever had an entry (the caller checks each membership afresh). */
export async function negotiationsWithEntries(db: Kysely<Database>, email: string): Promise<string[]> {
  const rows = await db
    .selectFrom("notifications")
    .select("negotiation_id")
    .distinct()
    .where("email", "=", email.toLowerCase())
    .execute();
  return rows.map((r) => r.negotiation_id);
}

/** Entries of the reader's current memberships in scopes they read now, newest first. */
export async function inboxEntries(
  db: Kysely<Database>,
  memberships: readonly Membership[],
  options: { limit: number; unreadOnly: boolean },
): Promise<NotificationRow[]> {
  if (memberships.length === 0) return [];
  let query = db
    .selectFrom("notifications")
    .selectAll()
    .where((eb) =>
      eb.or(
        memberships.map((m) =>
          eb.and([
            eb("negotiation_id", "=", m.negotiationId),
            eb("recipient", "=", m.memberId),
            eb("scope", "in", [...m.scopes]),
          ]),
        ),
      ),
    );
  if (options.unreadOnly) query = query.where("read_at", "is", null);
  const rows = await query.orderBy("at", "desc").orderBy("scope_seq", "desc").limit(options.limit).execute();
  return rows.map((r) => ({ ...r, scope_seq: Number(r.scope_seq) }));
}

/** Unread entries per negotiation, for the reader's current memberships and readable scopes. */
export async function unreadCounts(
  db: Kysely<Database>,
  memberships: readonly Membership[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const m of memberships) {
    const row = await db
      .selectFrom("notifications")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("negotiation_id", "=", m.negotiationId)
      .where("recipient", "=", m.memberId)
      .where("scope", "in", [...m.scopes])
      .where("read_at", "is", null)
      .executeTakeFirst();
    counts.set(m.negotiationId, Number(row?.n ?? 0));
  }
  return counts;
}

/** Marks the reader's entries read: the ones named, or every one of the given memberships. */
export async function markRead(
  db: Kysely<Database>,
  memberships: readonly Membership[],
  at: Date,
  only?: readonly { negotiationId: string; scope: string; scopeSeq: number }[],
): Promise<number> {
  let total = 0;
  for (const m of memberships) {
    const named = only?.filter((e) => e.negotiationId === m.negotiationId);
    if (only && named?.length === 0) continue;
    let query = db
      .updateTable("notifications")
      .set({ read_at: at.toISOString() })
      .where("negotiation_id", "=", m.negotiationId)
      .where("recipient", "=", m.memberId)
      .where("scope", "in", [...m.scopes])
      .where("read_at", "is", null);
    if (named)
      query = query.where((eb) =>
        eb.or(named.map((e) => eb.and([eb("scope", "=", e.scope), eb("scope_seq", "=", e.scopeSeq)]))),
      );
    const result = await query.executeTakeFirst();
    total += Number(result.numUpdatedRows);
  }
  return total;
}

/** Of these new members, the ones who joined by accepting an invitation: member id → the inviter's member id. */
export async function invitersOf(
  db: Kysely<Database>,
  negotiationId: string,
  memberIds: readonly string[],
): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("invitations")
    .select(["member_id", "inviter_member_id"])
    .where("negotiation_id", "=", negotiationId)
    .where("member_id", "in", [...memberIds])
    .where("used_at", "is not", null)
    .execute();
  return new Map(rows.map((r) => [r.member_id, r.inviter_member_id]));
}

/** Whether the reader has unread entries of events after `since`, created after it, in the memberships given. */
export async function hasUnreadSince(
  db: Kysely<Database>,
  memberships: readonly Membership[],
  since: string,
): Promise<boolean> {
  for (const m of memberships) {
    const row = await db
      .selectFrom("notifications")
      .select("scope_seq")
      .where("negotiation_id", "=", m.negotiationId)
      .where("recipient", "=", m.memberId)
      .where("scope", "in", [...m.scopes])
      .where("read_at", "is", null)
      .where("created_at", ">", since)
      .where("at", ">", since)
      .limit(1)
      .executeTakeFirst();
    if (row) return true;
  }
  return false;
}
