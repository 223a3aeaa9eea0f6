import type { Kysely } from "kysely";
import type { Member, Negotiation } from "../domain/entities.ts";
import type { Database } from "./schema.ts";

/** A negotiation an address is an active member of, as "my negotiations" lists it. */
export interface Membership {
  negotiationId: string;
  title: string;
  memberId: string;
  role: Member["role"];
}

/**
 * The negotiations this address is an active member of, oldest first, in one query: the `member_emails`
 * index names the candidates, and their projected negotiation and member entities decide, exactly as
 * `viewerOf` decides on the state (the first active member with the address, in creation order). Both
 * entities are in the shared scope, which every active member reads, so nothing is read that the member
 * could not. No negotiation's state is built.
 */
export async function membershipsOf(db: Kysely<Database>, email: string): Promise<Membership[]> {
  const address = email.toLowerCase();
  const rows = await db
    .selectFrom("member_emails")
    .innerJoin("negotiations", "negotiations.id", "member_emails.negotiation_id")
    .innerJoin("entities", "entities.negotiation_id", "member_emails.negotiation_id")
    .select(["entities.negotiation_id", "entities.kind", "entities.data"])
    .where("member_emails.email", "=", address)
    .where("entities.kind", "in", ["negotiation", "member"])
    .orderBy("negotiations.created_at")
    .orderBy("entities.negotiation_id")
    .orderBy("entities.ord")
    .execute();
  const found = new Map<string, { title?: string; member?: Member }>();
  for (const row of rows) {
    const entry = found.get(row.negotiation_id) ?? {};
    found.set(row.negotiation_id, entry);
    if (row.kind === "negotiation") entry.title = (JSON.parse(row.data) as Negotiation).title;
    else if (!entry.member) {
      const member = JSON.parse(row.data) as Member;
      if (member.active && member.email === address) entry.member = member;
    }
  }
  return [...found].flatMap(([negotiationId, { title, member }]) =>
    member ? [{ negotiationId, title: title ?? negotiationId, memberId: member.id, role: member.role }] : [],
  );
}
