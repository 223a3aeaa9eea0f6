import { ensure } from "../errors.ts";
import { caucusScope, type Scope } from "../scope.ts";
import type { Deciders } from "./context.ts";

/** Rounds of talks and their sessions. A caucus with one party is that party's and the mediation's alone. */
export const rounds: Deciders<
  | "schedule-round"
  | "open-round"
  | "close-round"
  | "schedule-session"
  | "record-attendance"
  | "record-outcome"
> = {
  "schedule-round": (ctx, c) => {
    ctx.fresh("round", c.roundId);
    ensure(c.startsOn <= c.endsOn, "validation", "A round cannot end before it starts.");
    const { roundId, name, venue, startsOn, endsOn } = c;
    return [ctx.event("round.scheduled", "shared", { roundId, name, venue, startsOn, endsOn })];
  },

  "open-round": (ctx, c) => {
    const round = ctx.find("round", c.roundId);
    ensure(round.state === "scheduled", "round.state", `${round.name} is ${round.state}, not scheduled.`);
    const open = ctx.state.all("round").find((r) => r.state === "open");
    ensure(!open, "round.another_open", `Close ${open?.name} before opening another round.`);
    return [ctx.event("round.opened", "shared", { roundId: c.roundId })];
  },

  "close-round": (ctx, c) => {
    const round = ctx.find("round", c.roundId);
    ensure(round.state === "open", "round.state", `${round.name} is ${round.state}, not open.`);
    return [ctx.event("round.closed", "shared", { roundId: c.roundId, summary: c.summary })];
  },

  "schedule-session": (ctx, c) => {
    ctx.fresh("session", c.sessionId);
    const round = ctx.find("round", c.roundId);
    ensure(round.state !== "closed", "round.state", `${round.name} is closed.`);
    let scope: Scope = "shared";
    if (c.sessionKind === "caucus") {
      ensure(
        c.partyId && ctx.exists("party", c.partyId),
        "party.unknown",
        "A caucus is held with one party: give its partyId.",
      );
      scope = caucusScope(c.partyId);
    } else {
      ensure(c.partyId === undefined, "validation", "Only a caucus session is held with a single party.");
    }
    return [
      ctx.event("session.scheduled", scope, {
        sessionId: c.sessionId,
        roundId: c.roundId,
        sessionKind: c.sessionKind,
        title: c.title,
        date: c.date,
        party: c.partyId ?? null,
      }),
    ];
  },

  "record-attendance": (ctx, c) => {
    const session = ctx.find("session", c.sessionId);
    for (const memberId of c.memberIds) {
      const member = ctx.find("member", memberId);
      const attends =
        session.party === null ||
        member.role.kind === "mediation" ||
        (member.role.kind === "delegation" && member.role.party === session.party);
      ensure(attends, "validation", `${member.name} cannot attend a caucus with another party.`);
    }
    return [
      ctx.event("session.attendance.recorded", session.scope, {
        sessionId: c.sessionId,
        memberIds: [...new Set(c.memberIds)],
      }),
    ];
  },

  "record-outcome": (ctx, c) => {
    const session = ctx.find("session", c.sessionId);
    for (const id of c.provisionIds) ctx.references(session.scope, ctx.find("provision", id));
    return [
      ctx.event("session.outcome.recorded", session.scope, {
        sessionId: c.sessionId,
        outcome: c.outcome,
        provisionIds: c.provisionIds,
      }),
    ];
  },
};
