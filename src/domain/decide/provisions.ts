import type { Instrument, Proposal, Provision } from "../entities.ts";
import { DomainError, ensure } from "../errors.ts";
import type { DomainEvent } from "../events.ts";
import type { NegotiationState } from "../state.ts";
import type { Ctx, Deciders } from "./context.ts";
import { checkPlacement, orderFor } from "./structure.ts";

/** The instrument's id: one per negotiation (the fold names it the same way). */
export function instrumentId(state: NegotiationState): string {
  return `${state.negotiation?.id ?? ""}-instrument`;
}

/** The instrument, which must exist and still be under negotiation for its text to change. */
export function openInstrument(ctx: Ctx): Instrument {
  const instrument = ctx.state.get("instrument", instrumentId(ctx.state));
  ensure(instrument, "instrument.missing", "The negotiation has no instrument yet.");
  ensure(
    instrument.stage === "negotiating",
    "instrument.adopted_locked",
    "The instrument has been adopted; its text can no longer change.",
  );
  return instrument;
}

/** The instrument while the mediation still drafts it: edited directly, no proposals yet. */
export function draftingInstrument(ctx: Ctx): Instrument {
  const instrument = openInstrument(ctx);
  ensure(
    instrument.tabledAt === null,
    "instrument.tabled",
    "The text has been tabled: every change is now a proposal.",
    { tabledAt: instrument.tabledAt },
  );
  return instrument;
}

/** The instrument once tabled: nobody takes a position on a text that can still change silently. */
export function tabledInstrument(ctx: Ctx): Instrument {
  const instrument = openInstrument(ctx);
  ensure(
    instrument.tabledAt !== null,
    "instrument.drafting",
    "The mediation is still drafting the text; proposals and positions wait until it is tabled.",
  );
  return instrument;
}

/** A provision whose text may still be amended: not agreed and not deleted (reopen it first). */
export function amendable(ctx: Ctx, provisionId: string): Provision {
  const provision = ctx.find("provision", provisionId);
  // A deletion, once reopened, is negotiable again: a party may propose to keep the provision after all.
  ensure(
    !provision.deleted || provision.status === "reopened",
    "provision.deleted",
    `Provision ${provision.number || provision.id} was deleted.`,
  );
  ensure(
    provision.status !== "agreed" && provision.status !== "agreed_ad_referendum",
    "provision.agreed_locked",
    `Provision ${provision.number || provision.id} is agreed; reopen it before amending it.`,
    { status: provision.status },
  );
  return provision;
}

interface Placement {
  provisionKind: Provision["provisionKind"];
  parentId?: string | undefined;
  number: string;
  heading: string;
  afterId?: string | undefined;
}

function addProvision(ctx: Ctx, provisionId: string, at: Placement, text: string): DomainEvent {
  ctx.fresh("provision", provisionId);
  const parentId = at.parentId ?? null;
  checkPlacement(ctx, at.provisionKind, parentId);
  return ctx.event("provision.added", "shared", {
    provisionId,
    provisionKind: at.provisionKind,
    parentId,
    number: at.number,
    heading: at.heading,
    text,
    order: orderFor(ctx, parentId, at.afterId),
  });
}

/** The instrument, its provisions, and the proposals and positions that negotiate them. */
export const provisions: Deciders<
  | "create-instrument"
  | "add-provision"
  | "renumber-provision"
  | "table-proposal"
  | "withdraw-proposal"
  | "take-position"
> = {
  "create-instrument": (ctx, c) => {
    ensure(
      !ctx.exists("instrument", instrumentId(ctx.state)),
      "instrument.exists",
      "The instrument already exists.",
    );
    return [ctx.event("instrument.created", "shared", { title: c.title })];
  },

  "add-provision": (ctx, c) => {
    draftingInstrument(ctx);
    return [addProvision(ctx, c.provisionId, c, c.text)];
  },

  "renumber-provision": (ctx, c) => {
    openInstrument(ctx);
    const provision = ctx.find("provision", c.provisionId);
    ctx.version(provision, c.baseVersion);
    return [ctx.event("provision.renumbered", "shared", { provisionId: c.provisionId, number: c.number })];
  },

  "table-proposal": (ctx, c) => {
    tabledInstrument(ctx);
    const scope = ctx.writableScope(c.scope);
    ctx.fresh("proposal", c.proposalId);
    const events: DomainEvent[] = [];
    let epoch = 0;
    if (c.proposalKind === "new") {
      ensure(
        c.newProvision,
        "proposal.invalid",
        "A proposal for a new provision says where it goes (newProvision).",
      );
      ensure(
        scope === "shared",
        "proposal.new_must_be_shared",
        "A new provision is proposed on the shared text.",
      );
      ensure(c.text.trim() !== "", "proposal.invalid", "A proposal for a new provision needs its text.");
      events.push(addProvision(ctx, c.provisionId, c.newProvision, ""));
    } else {
      ensure(!c.newProvision, "proposal.invalid", "newProvision is only for proposals of kind new.");
      const provision = amendable(ctx, c.provisionId);
      ctx.references(scope, provision);
      ctx.version(provision, c.baseVersion);
      epoch = provision.epoch;
      if (c.proposalKind === "replace")
        ensure(c.text.trim() !== "", "proposal.invalid", "A replacement needs its text.");
      else ensure(c.text === "", "proposal.invalid", "A proposal to delete a provision carries no text.");
    }
    events.push(
      ctx.event("proposal.tabled", scope, {
        proposalId: c.proposalId,
        provisionId: c.provisionId,
        proposalKind: c.proposalKind,
        text: c.text,
        rationale: c.rationale,
        by: ctx.side,
        bridging: ctx.side === "mediation",
        epoch,
      }),
    );
    return events;
  },

  "withdraw-proposal": (ctx, c) => {
    const proposal = ctx.find("proposal", c.proposalId);
    ensure(
      proposal.by === ctx.side,
      "proposal.not_own",
      "Only the side that tabled a proposal can withdraw it.",
    );
    ensure(proposal.state === "live", "proposal.not_live", `The proposal is ${proposal.state}.`);
    openInstrument(ctx);
    return [ctx.event("proposal.withdrawn", proposal.scope, { proposalId: c.proposalId })];
  },

  "take-position": (ctx, c) => {
    const party = ctx.party;
    if (party === null)
      throw new DomainError("position.not_delegation", "Only a delegation takes positions.");
    ensure(
      c.partyId === undefined || c.partyId === party,
      "position.not_own_party",
      "A party cannot take a position for another party.",
      { party },
    );
    tabledInstrument(ctx);
    const scope = ctx.writableScope(c.scope);
    ctx.fresh("position", c.positionId);
    const provision = ctx.find("provision", c.provisionId);
    ensure(
      provision.status !== "agreed",
      "provision.agreed_locked",
      "The provision is agreed; reopen it first.",
    );
    ctx.references(scope, provision);
    if (c.proposalId !== null) {
      const proposal = answerable(ctx, c.proposalId, provision);
      ctx.references(scope, proposal);
    }
    const events: DomainEvent[] = [];
    let counterProposalId: string | null = null;
    if (c.stance === "counter_propose") {
      ensure(c.counter, "proposal.invalid", "A counter-proposal carries its text (counter).");
      ensure(
        provision.status !== "agreed_ad_referendum",
        "provision.agreed_locked",
        "Reopen the provision to counter.",
      );
      ensure(c.counter.text.trim() !== "", "proposal.invalid", "A counter-proposal needs its text.");
      ctx.fresh("proposal", c.counter.proposalId);
      counterProposalId = c.counter.proposalId;
      events.push(
        ctx.event("proposal.tabled", scope, {
          proposalId: counterProposalId,
          provisionId: provision.id,
          proposalKind: "replace",
          text: c.counter.text,
          rationale: c.comment,
          by: party,
          bridging: false,
          epoch: provision.epoch,
        }),
      );
    } else {
      ensure(!c.counter, "proposal.invalid", "Only a counter-proposal carries counter text.");
    }
    events.push(
      ctx.event("position.taken", scope, {
        positionId: c.positionId,
        provisionId: provision.id,
        proposalId: c.proposalId,
        party,
        stance: c.stance,
        comment: c.comment,
        counterProposalId,
        epoch: provision.epoch,
      }),
    );
    return events;
  },
};

/** A proposal a party may answer: on this provision, and live (or adopted ad referendum, to confirm it). */
export function answerable(ctx: Ctx, proposalId: string, provision: Provision): Proposal {
  const proposal = ctx.find("proposal", proposalId);
  ensure(proposal.provisionId === provision.id, "proposal.invalid", "The proposal is for another provision.");
  const confirming =
    provision.status === "agreed_ad_referendum" && provision.adoptedProposalId === proposal.id;
  ensure(proposal.state === "live" || confirming, "proposal.not_live", `The proposal is ${proposal.state}.`);
  return proposal;
}
