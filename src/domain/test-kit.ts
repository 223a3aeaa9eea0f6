import type { CommandInput } from "./commands.ts";
import { parseCommand } from "./commands.ts";
import { execute } from "./decide.ts";
import type { Member } from "./entities.ts";
import { DomainError, type ErrorCode } from "./errors.ts";
import type { AppliedEvent } from "./events.ts";
import type { Role, Viewer } from "./policy.ts";
import { NegotiationState } from "./state.ts";

/**
 * A small negotiation for tests: two parties (am, az), a mediation lead and member, a head and a member
 * per delegation, an observer, an instrument with a preamble and two articles. Used by tests only.
 */
export const N = "test-negotiation";
export const MEMBERS = {
  lead: "m-lead",
  mediator: "m-member",
  amHead: "am-head",
  amMember: "am-member",
  azHead: "az-head",
  azMember: "az-member",
  observer: "obs",
} as const;

export class Kit {
  readonly state = new NegotiationState();
  readonly log: AppliedEvent[] = [];
  private clock = Date.UTC(2023, 4, 1, 9);

  /** Runs a command as a member; returns the events it produced. */
  run(actor: string, command: CommandInput): AppliedEvent[] {
    this.clock += 60_000;
    const events = execute(this.state, parseCommand(command), {
      negotiationId: N,
      actor,
      at: new Date(this.clock).toISOString(),
    });
    this.log.push(...events);
    return events;
  }
}

/** One member of the cast per role (the delegation roles are Armenia's). */
export const CAST: Readonly<Record<Role, string>> = {
  "mediation-lead": MEMBERS.lead,
  "mediation-member": MEMBERS.mediator,
  "delegation-head": MEMBERS.amHead,
  "delegation-member": MEMBERS.amMember,
  observer: MEMBERS.observer,
};

/**
 * A kit with the standard cast and (unless `instrument: false`) a short instrument already set up and
 * tabled (unless `tabled: false`: then the mediation is still drafting it).
 */
export function setUp(options: { instrument?: boolean; tabled?: boolean } = {}): Kit {
  const kit = new Kit();
  const m = MEMBERS;
  kit.run("account-1", {
    type: "create-negotiation",
    negotiationId: N,
    title: "Test talks",
    lead: { memberId: m.lead, name: "Lead Mediator", email: "lead@example.org" },
  });
  kit.run(m.lead, { type: "add-party", partyId: "am", name: "Armenia" });
  kit.run(m.lead, { type: "add-party", partyId: "az", name: "Azerbaijan" });
  const add = (
    memberId: string,
    role: "mediation" | "delegation" | "observer",
    rank: string,
    partyId?: string,
  ) =>
    kit.run(m.lead, {
      type: "add-member",
      memberId,
      name: memberId,
      email: `${memberId}@example.org`,
      role,
      rank: rank as "lead",
      ...(partyId ? { partyId } : {}),
    });
  add(m.mediator, "mediation", "member");
  add(m.amHead, "delegation", "head", "am");
  add(m.amMember, "delegation", "member", "am");
  add(m.azHead, "delegation", "head", "az");
  add(m.azMember, "delegation", "member", "az");
  add(m.observer, "observer", "member");
  if (options.instrument === false) return kit;
  kit.run(m.lead, { type: "create-instrument", title: "Agreement on Test" });
  kit.run(m.lead, {
    type: "add-provision",
    provisionId: "pre",
    provisionKind: "preamble",
    text: "The Parties,",
  });
  kit.run(m.lead, {
    type: "add-provision",
    provisionId: "art1",
    provisionKind: "article",
    number: "1",
    text: "Peace.",
  });
  kit.run(m.lead, {
    type: "add-provision",
    provisionId: "art2",
    provisionKind: "article",
    number: "2",
    text: "Borders.",
  });
  if (options.tabled !== false) kit.run(m.lead, { type: "table-text" });
  return kit;
}

/** The DomainError a call throws, or null when it succeeds; any other exception is rethrown. */
export function errorOf(fn: () => unknown): DomainError | null {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return null;
}

/** The stable code of the DomainError a call throws, or "ok" when it succeeds. */
export function codeOf(fn: () => unknown): ErrorCode | "ok" {
  return errorOf(fn)?.code ?? "ok";
}

/** The member entity of a cast member id. */
export function member(kit: Kit, id: string): Member {
  const found = kit.state.get("member", id);
  if (!found) throw new Error(`test-kit: no member ${id}`);
  return found;
}

/** The viewer for a cast member id. */
export function viewerFor(kit: Kit, id: string): Viewer {
  return { kind: "member", member: member(kit, id) };
}

/** Both delegation heads take the same shared stance on one alternative of a provision. */
export function bothTake(
  kit: Kit,
  provisionId: string,
  proposalId: string | null,
  stance: "accept" | "accept_ad_referendum" | "reject" | "reserve" = "accept",
): void {
  for (const head of [MEMBERS.amHead, MEMBERS.azHead]) {
    kit.run(head, {
      type: "take-position",
      positionId: `pos-${kit.log.length}`,
      provisionId,
      proposalId,
      stance,
    });
  }
}

/** Brings a provision to final agreement on its base text. */
export function agree(kit: Kit, provisionId: string): void {
  bothTake(kit, provisionId, null);
  kit.run(MEMBERS.lead, { type: "mark-agreed", provisionId });
}

/** Agrees every provision of the standard instrument and adopts it. */
export function adopt(kit: Kit): void {
  for (const id of ["pre", "art1", "art2"]) agree(kit, id);
  kit.run(MEMBERS.lead, { type: "adopt-instrument" });
}
