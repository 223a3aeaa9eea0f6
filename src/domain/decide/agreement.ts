import { countBlanks } from "../blanks.ts";
import type { Instrument, Provision, Stance } from "../entities.ts";
import { DomainError, ensure } from "../errors.ts";
import { roleOf } from "../policy.ts";
import type { PartyId } from "../scope.ts";
import type { NegotiationState } from "../state.ts";
import { countsInText } from "../view.ts";
import type { Ctx, Deciders } from "./context.ts";
import { answerable, instrumentId, openInstrument } from "./provisions.ts";

/**
 * The latest shared position of each party on one alternative of a provision, in its current epoch.
 * Only shared positions count: what a party told the mediator in caucus is not a commitment to the other side.
 */
export function sharedStances(
  state: NegotiationState,
  provision: Provision,
  proposalId: string | null,
): Map<PartyId, Stance> {
  const stances = new Map<PartyId, Stance>();
  for (const position of state.all("position")) {
    if (position.provisionId !== provision.id || position.scope !== "shared") continue;
    if (position.epoch !== provision.epoch || position.proposalId !== proposalId) continue;
    stances.set(position.party, position.stance);
  }
  return stances;
}

/** The text an alternative would give the provision, and whether it deletes it. */
function outcome(
  ctx: Ctx,
  provision: Provision,
  proposalId: string | null,
): { text: string; deleted: boolean } {
  // The base text of a provision whose deletion was agreed and then reopened is its deletion.
  if (proposalId === null) return { text: provision.text, deleted: provision.deleted };
  const proposal = answerable(ctx, proposalId, provision);
  ensure(
    proposal.scope === "shared",
    "proposal.invalid",
    "Only a proposal on the shared text can be agreed.",
  );
  return proposal.proposalKind === "delete"
    ? { text: "", deleted: true }
    : { text: proposal.text, deleted: false };
}

function requireStances(
  ctx: Ctx,
  provision: Provision,
  proposalId: string | null,
  accepted: readonly Stance[],
): void {
  const stances = sharedStances(ctx.state, provision, proposalId);
  const missing = ctx.parties.filter((p) => !accepted.includes(stances.get(p) as Stance));
  ensure(
    missing.length === 0,
    "provision.not_accepted_by_all",
    `Not every party has accepted this text: ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} not.`,
    { parties: missing },
  );
}

function instrument(ctx: Ctx): Instrument {
  const found = ctx.state.get("instrument", instrumentId(ctx.state));
  ensure(found, "instrument.missing", "The negotiation has no instrument yet.");
  return found;
}

/** Provision status and the life of the act once the whole instrument is agreed. */
export const agreement: Deciders<
  "mark-agreed-ad-referendum" | "mark-agreed" | "reopen-provision" | "adopt-instrument" | "record-act"
> = {
  "mark-agreed-ad-referendum": (ctx, c) => {
    openInstrument(ctx);
    const provision = ctx.find("provision", c.provisionId);
    ctx.version(provision, c.baseVersion);
    ensure(
      provision.status !== "agreed" && provision.status !== "agreed_ad_referendum",
      "provision.agreed_locked",
      `Provision ${provision.number || provision.id} is already ${provision.status.replaceAll("_", " ")}.`,
    );
    const result = outcome(ctx, provision, c.proposalId);
    requireStances(ctx, provision, c.proposalId, ["accept", "accept_ad_referendum"]);
    return [
      ctx.event("provision.agreed_ad_referendum", "shared", {
        provisionId: provision.id,
        proposalId: c.proposalId,
        ...result,
      }),
    ];
  },

  "mark-agreed": (ctx, c) => {
    openInstrument(ctx);
    const provision = ctx.find("provision", c.provisionId);
    ctx.version(provision, c.baseVersion);
    ensure(provision.status !== "agreed", "provision.agreed_locked", "The provision is already agreed.");
    let proposalId = c.proposalId;
    let result: { text: string; deleted: boolean };
    if (provision.status === "agreed_ad_referendum") {
      // Confirming ad referendum agreement: the same alternative, now accepted without reservation.
      proposalId = proposalId ?? provision.adoptedProposalId;
      ensure(
        proposalId === provision.adoptedProposalId,
        "proposal.invalid",
        "Only the text agreed ad referendum can be confirmed.",
      );
      result = { text: provision.text, deleted: provision.deleted };
    } else {
      result = outcome(ctx, provision, proposalId);
    }
    requireStances(ctx, provision, proposalId, ["accept"]);
    return [ctx.event("provision.agreed", "shared", { provisionId: provision.id, proposalId, ...result })];
  },

  "reopen-provision": (ctx, c) => {
    openInstrument(ctx);
    const provision = ctx.find("provision", c.provisionId);
    ctx.version(provision, c.baseVersion);
    ensure(
      provision.status === "agreed" || provision.status === "agreed_ad_referendum",
      "provision.not_agreed",
      "Only an agreed provision can be reopened.",
    );
    return [
      ctx.event("provision.reopened", "shared", {
        provisionId: provision.id,
        reason: c.reason,
        by: ctx.side,
      }),
    ];
  },

  "adopt-instrument": (ctx) => {
    openInstrument(ctx);
    // A provision withdrawn while drafting is not part of the text at all.
    const shared = ctx.state.all("provision").filter((p) => p.scope === "shared" && !p.withdrawn);
    const live = shared.filter(countsInText);
    // A reopened deletion is not agreed either: it holds up adoption like any other provision.
    const pending = shared.filter((p) => p.status !== "agreed");
    ensure(live.length > 0, "instrument.not_all_agreed", "The instrument has no provisions.");
    ensure(
      pending.length === 0,
      "instrument.not_all_agreed",
      `Nothing is agreed until everything is agreed: ${pending.length} provision(s) are not agreed yet.`,
      { pending: pending.map((p) => p.id) },
    );
    // Agreed wording with a blank in it ("within ____ days", "[date]") is not a finished text to adopt.
    const blank = live.filter((p) => countBlanks(p.text) > 0);
    ensure(
      blank.length === 0,
      "instrument.blanks_open",
      `Blanks are still open in ${blank.map((p) => p.number || p.provisionKind).join(", ")}: fill them in before adopting.`,
      { provisions: blank.map((p) => p.id) },
    );
    return [ctx.event("instrument.adopted", "shared", {})];
  },

  "record-act": (ctx, c) => {
    const act = instrument(ctx);
    const lead = roleOf(ctx.actor) === "mediation-lead";
    const order = (ok: boolean, message: string) => ensure(ok, "act.order", message, { stage: act.stage });
    switch (c.stage) {
      case "initialled":
        ensure(lead, "forbidden", "The mediation records the initialling.");
        order(act.stage === "adopted", "The text is initialled once adopted, and only once.");
        return [ctx.event("act.initialled", "shared", { date: c.date })];
      case "signed":
        ensure(lead, "forbidden", "The mediation records the signature.");
        order(act.stage === "initialled", "The act is signed after it is initialled, and only once.");
        return [ctx.event("act.signed", "shared", { date: c.date })];
      case "ratified": {
        const party = lead ? c.partyId : (c.partyId ?? ctx.party);
        if (!party || !ctx.exists("party", party))
          throw new DomainError("party.unknown", "Say which party ratified.");
        ensure(
          lead || party === ctx.party,
          "forbidden",
          "A delegation records its own party's ratification only.",
        );
        order(act.stage === "signed", "A party ratifies after signature and before entry into force.");
        order(act.ratifiedBy[party] === undefined, `${party} has already ratified.`);
        return [ctx.event("act.ratified", "shared", { date: c.date, party })];
      }
      case "in_force": {
        ensure(lead, "forbidden", "The mediation records the entry into force.");
        const pending = ctx.parties.filter((p) => act.ratifiedBy[p] === undefined);
        order(
          act.stage === "signed" && pending.length === 0,
          "The act enters into force once every party has ratified.",
        );
        return [ctx.event("act.entered_into_force", "shared", { date: c.date })];
      }
    }
  },
};
