import type { Command, CommandOf, CommandType } from "./commands.ts";
import { agreement } from "./decide/agreement.ts";
import { Ctx, type Decider } from "./decide/context.ts";
import { drafting } from "./decide/drafting.ts";
import { membership } from "./decide/membership.ts";
import { provisions } from "./decide/provisions.ts";
import { records } from "./decide/records.ts";
import { rounds } from "./decide/rounds.ts";
import { statements } from "./decide/statements.ts";
import { DomainError, ensure } from "./errors.ts";
import type { AppliedEvent, DomainEvent } from "./events.ts";
import { evolve } from "./evolve.ts";
import { mayIssue } from "./policy.ts";
import { NegotiationState } from "./state.ts";

/** Who issues a command and when; the caller supplies both, the domain has no clock. */
export interface CommandContext {
  negotiationId: string;
  /** The acting member's id (for create-negotiation: the account creating it, recorded as actor). */
  actor: string;
  at: string;
}

const deciders: { [T in Exclude<CommandType, "create-negotiation">]: Decider<T> } = {
  ...membership,
  ...rounds,
  ...provisions,
  ...drafting,
  ...agreement,
  ...records,
  ...statements,
};

function createNegotiation(
  state: NegotiationState,
  c: CommandOf<"create-negotiation">,
  context: CommandContext,
): DomainEvent[] {
  ensure(!state.negotiation, "negotiation.exists", "This negotiation already exists.");
  ensure(c.negotiationId === context.negotiationId, "validation", "The command names another negotiation.");
  return [
    {
      type: "negotiation.created",
      scope: "shared",
      data: { negotiationId: c.negotiationId, title: c.title, description: c.description },
    },
    {
      type: "member.added",
      scope: "shared",
      data: {
        memberId: c.lead.memberId,
        name: c.lead.name,
        email: c.lead.email.toLowerCase(),
        title: c.lead.title,
        role: { kind: "mediation", rank: "lead" },
      },
    },
  ];
}

/**
 * Checks a command against the policy and the rules and returns the events it produces, without
 * changing the state. Throws a DomainError with a stable code when a rule is broken.
 */
export function decide(state: NegotiationState, command: Command, context: CommandContext): DomainEvent[] {
  if (command.type === "create-negotiation") return createNegotiation(state, command, context);
  if (!state.negotiation) throw new DomainError("negotiation.missing", "There is no such negotiation.");
  const actor = state.get("member", context.actor);
  if (!actor?.active) throw new DomainError("forbidden", "Only a member of the negotiation can do this.");
  ensure(
    mayIssue(actor, command.type),
    "forbidden",
    `Your role cannot ${command.type.replaceAll("-", " ")}.`,
    {
      command: command.type,
    },
  );
  const decider = deciders[command.type] as Decider<typeof command.type>;
  return decider(new Ctx(state, actor, context.at), command);
}

/** Folds events into a fresh state: replaying a stored history. */
export function replay(events: Iterable<AppliedEvent>): NegotiationState {
  const state = new NegotiationState();
  for (const event of events) evolve(state, event);
  return state;
}

/**
 * Decides a command and applies its events to a copy-free state in one step, for code and tests that
 * have no store. Returns the applied events.
 */
export function execute(state: NegotiationState, command: Command, context: CommandContext): AppliedEvent[] {
  const applied = decide(state, command, context).map(
    (e): AppliedEvent => ({
      ...e,
      negotiationId: context.negotiationId,
      actor: context.actor,
      at: context.at,
    }),
  );
  for (const event of applied) evolve(state, event);
  return applied;
}
