import { type Membership, negotiationsWithEntries } from "../../store/notifications.ts";
import type { Store } from "../../store/store.ts";

/**
 * The negotiations in which this e-mail has inbox entries and is an active member now, with the scopes it reads
 * now: a member removed sees none of that negotiation's entries, and a narrowed role none of the lost scopes.
 */
export async function membershipsOf(store: Store, email: string, only?: string): Promise<Membership[]> {
  const ids = (await negotiationsWithEntries(store.database, email)).filter((id) => !only || id === only);
  const out: Membership[] = [];
  for (const negotiationId of ids) {
    const { viewer, scopes } = await store.viewAs(negotiationId, email);
    if (viewer.kind === "member") out.push({ negotiationId, memberId: viewer.member.id, scopes });
  }
  return out;
}
