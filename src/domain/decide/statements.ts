import type { Statement } from "../entities.ts";
import { DomainError, ensure } from "../errors.ts";
import { roleOf } from "../policy.ts";
import { partyScope, type Scope } from "../scope.ts";
import type { Ctx, Deciders } from "./context.ts";

/** Only the author side edits a statement: the party for its own, the mediation for its own and joint ones. */
function authorSide(ctx: Ctx, statement: Statement): void {
  const own = statement.statementKind === "party" ? statement.party === ctx.party : ctx.party === null;
  ensure(own, "forbidden", "Only the statement's author side can change it.");
}

function unreleased(ctx: Ctx, statement: Statement): void {
  ensure(
    !ctx.state.get("release", statement.id),
    "statement.already_released",
    "The statement was released; a correction is a new statement.",
  );
}

/** Readouts after a round: drafted in private, approved (joint), then released to the public. */
export const statements: Deciders<
  "draft-statement" | "revise-statement" | "approve-statement" | "release-statement"
> = {
  "draft-statement": (ctx, c) => {
    ctx.fresh("statement", c.statementId);
    let scope: Scope;
    if (c.statementKind === "party") {
      if (ctx.party === null)
        throw new DomainError("forbidden", "A party statement is drafted by its delegation.");
      scope = partyScope(ctx.party);
    } else {
      ensure(ctx.party === null, "forbidden", "Mediator and joint statements are drafted by the mediation.");
      scope = c.statementKind === "joint" ? "shared" : "mediation";
    }
    return [
      ctx.event("statement.drafted", scope, {
        statementId: c.statementId,
        statementKind: c.statementKind,
        party: c.statementKind === "party" ? ctx.party : null,
        title: c.title,
        text: c.text,
      }),
    ];
  },

  "revise-statement": (ctx, c) => {
    const statement = ctx.find("statement", c.statementId);
    authorSide(ctx, statement);
    unreleased(ctx, statement);
    return [
      ctx.event("statement.revised", statement.scope, {
        statementId: statement.id,
        title: c.title ?? statement.title,
        text: c.text,
      }),
    ];
  },

  "approve-statement": (ctx, c) => {
    const statement = ctx.find("statement", c.statementId);
    ensure(
      statement.statementKind === "joint",
      "statement.not_joint",
      "Only a joint statement needs approval.",
    );
    unreleased(ctx, statement);
    const party = ctx.party;
    if (party === null) throw new DomainError("forbidden", "A party's head of delegation approves.");
    ensure(
      !statement.approvals.includes(party),
      "statement.already_approved",
      "Your party already approved this text.",
    );
    return [ctx.event("statement.approved", "shared", { statementId: statement.id, party })];
  },

  "release-statement": (ctx, c) => {
    const statement = ctx.find("statement", c.statementId);
    unreleased(ctx, statement);
    let issuedBy: string;
    if (statement.statementKind === "party") {
      ensure(statement.party === ctx.party, "forbidden", "A party releases its own statement only.");
      issuedBy = ctx.state.get("party", statement.party ?? "")?.name ?? "";
    } else {
      ensure(
        roleOf(ctx.actor) === "mediation-lead",
        "forbidden",
        "The mediation lead releases this statement.",
      );
      const missing = ctx.parties.filter((p) => !statement.approvals.includes(p));
      ensure(
        statement.statementKind !== "joint" || missing.length === 0,
        "statement.approval_missing",
        `A joint statement is released only when every party approves: ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} not.`,
        { parties: missing },
      );
      issuedBy = statement.statementKind === "joint" ? "Joint statement" : "The mediation";
    }
    return [
      ctx.event("statement.released", "public", {
        statementId: statement.id,
        statementKind: statement.statementKind,
        party: statement.party,
        issuedBy,
        negotiationTitle: ctx.state.negotiation?.title ?? "",
        title: statement.title,
        text: statement.text,
        // A party or the mediation revises its draft in private: how often is theirs. A joint text is
        // revised in the shared scope, and its parties approved one revision, which the release names.
        revision: statement.statementKind === "joint" ? statement.revision : null,
      }),
    ];
  },
};
