import type { FastifyRequest } from "fastify";
import type { Member } from "../domain/entities.ts";
import { DomainError, notFound } from "../domain/errors.ts";
import type { Scope } from "../domain/scope.ts";
import type { NegotiationState } from "../domain/state.ts";
import { type Principal, requirePrincipal, setupRequired } from "./auth/authenticate.ts";
import type { ServerContext } from "./context.ts";

/** A member acting in a negotiation, with the part of it they may read. */
export interface MemberView {
  principal: Principal;
  member: Member;
  view: NegotiationState;
  scopes: Set<Scope>;
}

/**
 * The authorize step for every negotiation route: the caller must be an active member (matched by e-mail,
 * read afresh each time, so a removal applies at once). A non-member gets exactly what a missing
 * negotiation gets, so the answer reveals nothing about which negotiations exist.
 */
export async function memberOf(
  ctx: ServerContext,
  request: FastifyRequest,
  negotiationId: string,
): Promise<MemberView> {
  return memberOfNow(ctx, request, negotiationId) ?? readMemberOf(ctx, request, negotiationId);
}

/**
 * `memberOf` without waiting, when the store can answer from a state it knows is current (most reads on
 * SQLite); undefined when it cannot. Throws exactly as `memberOf` does.
 */
export function memberOfNow(
  ctx: ServerContext,
  request: FastifyRequest,
  negotiationId: string,
): MemberView | undefined {
  const principal = requirePrincipal(request);
  const seen = ctx.store.viewAsNow(negotiationId, principal.account.email);
  if (!seen) return undefined;
  if (seen.viewer.kind !== "member") throw notFound("negotiation", negotiationId);
  return admitted({ principal, member: seen.viewer.member, view: seen.state, scopes: seen.scopes });
}

async function readMemberOf(
  ctx: ServerContext,
  request: FastifyRequest,
  negotiationId: string,
): Promise<MemberView> {
  const principal = requirePrincipal(request);
  try {
    const { viewer, state, scopes } = await ctx.store.viewAs(negotiationId, principal.account.email);
    if (viewer.kind !== "member") throw notFound("negotiation", negotiationId);
    return admitted({ principal, member: viewer.member, view: state, scopes });
  } catch (error) {
    if (error instanceof DomainError && error.code === "negotiation.missing")
      throw notFound("negotiation", negotiationId);
    throw error;
  }
}

/**
 * A member of a negotiation whose lead requires a second factor enters only once their account has one:
 * until then every route of the negotiation answers 403 `second_factor.setup_required` (the app shows the
 * set-up screen). Checked after membership, so a non-member still gets the 404 of a missing negotiation.
 */
function admitted(view: MemberView): MemberView {
  if (view.view.negotiation?.requireSecondFactor && !view.principal.facts.hasSecondFactor)
    throw setupRequired();
  return view;
}
