import type { MemberRole } from "../entities.ts";
import { DomainError, ensure } from "../errors.ts";
import { roleOf } from "../policy.ts";
import type { Deciders } from "./context.ts";

/** Parties, members and their roles. Membership lives in the shared scope: every member sees the table. */
export const membership: Deciders<"add-party" | "add-member" | "remove-member" | "require-second-factor"> = {
  // Every member signs in with a second factor: a shared fact, so every member sees the rule they are under.
  "require-second-factor": (ctx, c) => {
    const negotiation = ctx.state.negotiation;
    if (!negotiation) throw new DomainError("negotiation.missing", "There is no such negotiation.");
    return [
      ctx.event("second-factor.required-set", "shared", {
        negotiationId: negotiation.id,
        required: c.required,
      }),
    ];
  },

  "add-party": (ctx, c) => {
    ensure(
      !ctx.exists("party", c.partyId),
      "party.exists",
      `The party ${c.partyId} is already in the negotiation.`,
    );
    return [
      ctx.event("party.added", "shared", {
        partyId: c.partyId,
        name: c.name,
        shortName: c.shortName || c.name,
      }),
    ];
  },

  "add-member": (ctx, c) => {
    const role = memberRole(c.role, c.rank, c.partyId);
    if (role.kind === "delegation") {
      ensure(ctx.exists("party", role.party), "party.unknown", `There is no party ${role.party}.`);
    }
    if (roleOf(ctx.actor) === "delegation-head") {
      // A head builds their own delegation, and nothing else.
      ensure(
        role.kind === "delegation" && role.party === ctx.party,
        "forbidden",
        "A head of delegation adds members of their own delegation only.",
      );
    }
    ensure(!ctx.exists("member", c.memberId), "member.exists", `The member ${c.memberId} already exists.`);
    const email = c.email.toLowerCase();
    const clash = ctx.state.activeMembers().find((m) => m.email === email);
    ensure(!clash, "member.exists", `${email} is already a member of this negotiation.`);
    return [
      ctx.event("member.added", "shared", {
        memberId: c.memberId,
        name: c.name,
        email,
        title: c.title,
        role,
      }),
    ];
  },

  "remove-member": (ctx, c) => {
    const member = ctx.find("member", c.memberId);
    ensure(member.active, "member.removed", `${member.name} is no longer a member.`);
    if (roleOf(ctx.actor) === "delegation-head") {
      ensure(
        member.role.kind === "delegation" && member.role.party === ctx.party,
        "forbidden",
        "A head of delegation removes members of their own delegation only.",
      );
    }
    if (roleOf(member) === "mediation-lead") {
      const leads = ctx.state.activeMembers().filter((m) => roleOf(m) === "mediation-lead");
      ensure(leads.length > 1, "member.last_lead", "The negotiation must keep at least one mediation lead.");
    }
    return [ctx.event("member.removed", "shared", { memberId: c.memberId })];
  },
};

function memberRole(
  kind: "mediation" | "delegation" | "observer",
  rank: string,
  party: string | undefined,
): MemberRole {
  switch (kind) {
    case "mediation":
      ensure(
        rank === "lead" || rank === "member",
        "validation",
        "A mediation member's rank is lead or member.",
      );
      ensure(party === undefined, "validation", "A mediation member belongs to no party.");
      return { kind, rank };
    case "delegation":
      ensure(
        rank === "head" || rank === "member",
        "validation",
        "A delegation member's rank is head or member.",
      );
      if (party === undefined) throw new DomainError("validation", "A delegation member needs a partyId.");
      return { kind, party, rank };
    case "observer":
      ensure(party === undefined, "validation", "An observer belongs to no party.");
      return { kind };
  }
}
