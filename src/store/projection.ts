import type { Kysely } from "kysely";
import type { Entity, Member } from "../domain/entities.ts";
import { entityKey, NegotiationState } from "../domain/state.ts";
import type { HotInserts } from "./compiled.ts";
import type { Database } from "./schema.ts";

/** Loads a negotiation's projected state from the entities table, in creation order. */
export async function loadProjection(db: Kysely<Database>, negotiationId: string): Promise<NegotiationState> {
  const rows = await db
    .selectFrom("entities")
    .select("data")
    .where("negotiation_id", "=", negotiationId)
    .orderBy("ord")
    .execute();
  return NegotiationState.fromEntities(rows.map((r) => JSON.parse(r.data) as Entity));
}

/**
 * Writes the entities an event touched. `ord` is set on creation only: it keeps the creation order the
 * fold relies on ("the latest position wins").
 */
export async function saveProjection(
  db: Kysely<Database>,
  negotiationId: string,
  state: NegotiationState,
  touched: Map<string, number>,
  inserts: HotInserts,
): Promise<void> {
  if (touched.size === 0) return;
  const rows = [...touched].map(([key, ord]) => {
    const slash = key.indexOf("/");
    const entity = state.get(key.slice(0, slash) as Entity["kind"], key.slice(slash + 1));
    if (!entity || entityKey(entity.kind, entity.id) !== key)
      throw new Error(`projection: lost entity ${key}`);
    return {
      negotiation_id: negotiationId,
      kind: entity.kind,
      id: entity.id,
      scope: entity.scope,
      version: entity.version,
      ord,
      data: JSON.stringify(entity),
    };
  });
  // One statement for all the entities a command touched; `ord` keeps its first value on update.
  await inserts.entities(db, rows);
  // A member added (or changed): the index of who is named where learns the address. Never removed from
  // it: a removed member's negotiation is still a candidate, and the state says they are not a member.
  const emails = rows.flatMap((row) =>
    row.kind === "member"
      ? [{ email: (JSON.parse(row.data) as Member).email, negotiation_id: negotiationId }]
      : [],
  );
  if (emails.length > 0)
    await db
      .insertInto("member_emails")
      .values(emails)
      .onConflict((oc) => oc.columns(["email", "negotiation_id"]).doNothing())
      .execute();
}
