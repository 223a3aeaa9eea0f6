import type { CommandInput } from "../domain/commands.ts";

/** One step of the demo: who issues which command, and when. */
export interface DemoStep {
  /** A member id, or "system" for the account that creates the negotiation. */
  actor: string;
  /** ISO-8601 UTC instant. */
  at: string;
  command: CommandInput;
}

type Stance = "accept" | "accept_ad_referendum" | "reserve" | "reject";
type PositionScope = "shared" | "caucus:am" | "caucus:az" | "party:am" | "party:az";

/**
 * Collects the scenario's steps on a clock that only moves forward, so every step has a distinct,
 * increasing instant. The scenario is pure: the same calls always give the same steps.
 */
export class ScenarioBuilder {
  readonly steps: DemoStep[] = [];
  private clock = Number.NaN;

  /** Moves the clock to an instant; refuses to go back in time. */
  at(instant: string): this {
    const next = Date.parse(instant);
    if (Number.isNaN(next)) throw new Error(`demo: not an instant: ${instant}`);
    if (next <= this.clock) throw new Error(`demo: ${instant} is not after ${this.now()}`);
    this.clock = next;
    return this;
  }

  /** The current instant. */
  now(): string {
    return new Date(this.clock).toISOString();
  }

  /** Records a command at the current instant, then lets `minutes` pass. */
  run(actor: string, command: CommandInput, minutes = 2): this {
    if (Number.isNaN(this.clock)) throw new Error("demo: set the clock before the first step");
    this.steps.push({ actor, at: this.now(), command });
    this.clock += minutes * 60_000;
    return this;
  }

  /** A delegation's position on a provision's base text (proposal null) or on one alternative. */
  position(
    actor: string,
    positionId: string,
    provisionId: string,
    proposalId: string | null,
    stance: Stance,
    comment = "",
    scope: PositionScope = "shared",
  ): this {
    return this.run(actor, {
      type: "take-position",
      positionId,
      provisionId,
      proposalId,
      stance,
      comment,
      scope,
    });
  }

  /** A delegation answers an alternative with its own text: the counter is tabled with the position. */
  counterPropose(
    actor: string,
    positionId: string,
    provisionId: string,
    proposalId: string,
    counter: { proposalId: string; text: string },
    comment: string,
    scope: PositionScope = "shared",
  ): this {
    return this.run(actor, {
      type: "take-position",
      positionId,
      provisionId,
      proposalId,
      stance: "counter_propose",
      comment,
      scope,
      counter,
    });
  }

  /**
   * Both delegations accept the same text and the mediator records the agreement: the usual way a
   * provision settles. With `adReferendum`, both accept subject to their capitals' approval.
   */
  agree(
    how: {
      mediator: string;
      am: string;
      az: string;
      tag: string;
      adReferendum?: boolean;
    },
    provisionId: string,
    proposalId: string | null = null,
  ): this {
    const stance = how.adReferendum ? "accept_ad_referendum" : "accept";
    this.position(how.am, `pos-${provisionId}-am-${how.tag}`, provisionId, proposalId, stance);
    this.position(how.az, `pos-${provisionId}-az-${how.tag}`, provisionId, proposalId, stance);
    return this.run(how.mediator, {
      type: how.adReferendum ? "mark-agreed-ad-referendum" : "mark-agreed",
      provisionId,
      proposalId,
    });
  }

  /** A note in a scope, optionally attached to something. */
  note(
    actor: string,
    noteId: string,
    scope: PositionScope | "mediation",
    text: string,
    target?: { kind: NoteTarget; id: string },
  ): this {
    return this.run(actor, { type: "write-note", noteId, scope, text, ...(target ? { target } : {}) });
  }
}

type NoteTarget =
  | "negotiation"
  | "round"
  | "session"
  | "provision"
  | "proposal"
  | "key_issue"
  | "statement"
  | "incident"
  | "claim";
