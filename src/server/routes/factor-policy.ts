import type { Principal } from "../auth/authenticate.ts";
import type { ServerContext } from "../context.ts";

/**
 * Whether a policy requires this account to keep a second factor: the operator's setting for every account.
 * (A negotiation's own requirement is checked where its members enter it; see membership.ts.)
 */
export async function factorRequiredFor(_ctx: ServerContext, principal: Principal): Promise<boolean> {
  return principal.facts.requiredForAll;
}
