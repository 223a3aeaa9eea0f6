import type { CommandInput } from "./commands.ts";
import { parseCommand } from "./commands.ts";
import { execute } from "./decide.ts";
import type { AppliedEvent } from "./events.ts";
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

/** A kit with the standard cast and a short instrument already set up. */
export function setUp(): Kit {
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
  return kit;
}
