import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** What the owner of an account is told about it in the app. */
export type NoticeKind =
  | "factor.added"
  | "factor.removed"
  | "recovery-code.used"
  | "token.created"
  | "sign-in.new-device"
  | "passkey.cloned";

export interface Notice {
  id: string;
  kind: string;
  detail: string;
  createdAt: string;
}

/** One sign-in as its account's owner sees it. */
export interface SignInRecord {
  at: string;
  address: string | null;
  userAgent: string | null;
  /** How it was completed: "password", "password+totp", "password+recovery", "password+passkey", "passkey". */
  factor: string | null;
}

export async function addNotice(
  db: Kysely<Database>,
  notice: { accountId: string; kind: NoticeKind; detail: string; now: Date },
): Promise<void> {
  await db
    .insertInto("account_notices")
    .values({
      id: randomUUID(),
      account_id: notice.accountId,
      kind: notice.kind,
      detail: notice.detail.slice(0, 300),
      created_at: notice.now.toISOString(),
    })
    .execute();
}

/** The account's latest notices, newest first. */
export async function listNotices(db: Kysely<Database>, accountId: string, limit = 50): Promise<Notice[]> {
  return db
    .selectFrom("account_notices")
    .select(["id", "kind", "detail", "created_at as createdAt"])
    .where("account_id", "=", accountId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** The account's latest completed sign-ins (every session once opened, ended ones too), newest first. */
export async function listSignIns(
  db: Kysely<Database>,
  accountId: string,
  limit = 20,
): Promise<SignInRecord[]> {
  return db
    .selectFrom("sessions")
    .select(["created_at as at", "address", "user_agent as userAgent", "factor"])
    .where("account_id", "=", accountId)
    .where("pending", "=", 0)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

/**
 * Whether the account completed a sign-in before at all, and with this browser (same User-Agent): a sign-in
 * from a device never seen is worth telling its owner about.
 */
export async function knownDevice(
  db: Kysely<Database>,
  accountId: string,
  userAgent: string | null,
): Promise<{ any: boolean; device: boolean }> {
  const completed = db
    .selectFrom("sessions")
    .select("id")
    .where("account_id", "=", accountId)
    .where("pending", "=", 0);
  const any = (await completed.limit(1).executeTakeFirst()) !== undefined;
  if (!any) return { any, device: false };
  const same =
    userAgent === null
      ? completed.where("user_agent", "is", null)
      : completed.where("user_agent", "=", userAgent);
  return { any, device: (await same.limit(1).executeTakeFirst()) !== undefined };
}
