import type { Principal } from "../auth/authenticate.ts";
import type { ServerContext } from "../context.ts";

/**
 * Whether a policy requires this account to keep a second factor: the operator's setting for every account,
 * or the lead of a negotiation it is a member of. Asked only when a factor is about to go (and to show it),
 * so walking the negotiations is affordable there.
 */
export async function factorRequiredFor(ctx: ServerContext, principal: Principal): Promise<boolean> {
  if (principal.facts.requiredForAll) return true;
  for (const id of await ctx.store.negotiationIds()) {
    const { viewer, state } = await ctx.store.viewAs(id, principal.account.email);
    if (viewer.kind === "member" && state.negotiation?.requireSecondFactor) return true;
  }
  return false;
}
