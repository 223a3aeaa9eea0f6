import type { NoteTargetKind } from "../entities.ts";
import { DomainError, ensure } from "../errors.ts";
import type { Deciders } from "./context.ts";

/** Key issues, incidents with their claims, and notes: the material around the text. */
export const records: Deciders<
  | "raise-key-issue"
  | "link-key-issue"
  | "state-key-issue-position"
  | "set-key-issue-status"
  | "record-incident"
  | "record-claim"
  | "write-note"
> = {
  "raise-key-issue": (ctx, c) => {
    ctx.fresh("key_issue", c.keyIssueId);
    for (const id of c.provisionIds) ctx.references("shared", ctx.find("provision", id));
    const { keyIssueId, title, description, provisionIds } = c;
    return [
      ctx.event("key_issue.raised", "shared", {
        keyIssueId,
        title,
        description,
        provisionIds: [...new Set(provisionIds)],
      }),
    ];
  },

  "link-key-issue": (ctx, c) => {
    ctx.find("key_issue", c.keyIssueId);
    for (const id of c.provisionIds) ctx.references("shared", ctx.find("provision", id));
    return [
      ctx.event("key_issue.linked", "shared", {
        keyIssueId: c.keyIssueId,
        provisionIds: [...new Set(c.provisionIds)],
      }),
    ];
  },

  "state-key-issue-position": (ctx, c) => {
    const party = ctx.party;
    if (party === null)
      throw new DomainError("position.not_delegation", "Only a delegation states its position.");
    const scope = ctx.writableScope(c.scope);
    ctx.fresh("key_issue_position", c.positionId);
    ctx.references(scope, ctx.find("key_issue", c.keyIssueId));
    return [
      ctx.event("key_issue.position.stated", scope, {
        positionId: c.positionId,
        keyIssueId: c.keyIssueId,
        party,
        text: c.text,
      }),
    ];
  },

  "set-key-issue-status": (ctx, c) => {
    ctx.find("key_issue", c.keyIssueId);
    return [ctx.event("key_issue.status.changed", "shared", { keyIssueId: c.keyIssueId, status: c.status })];
  },

  "record-incident": (ctx, c) => {
    const scope = ctx.writableScope(c.scope);
    ctx.fresh("incident", c.incidentId);
    for (const id of c.keyIssueIds) ctx.references(scope, ctx.find("key_issue", id));
    const { incidentId, title, occurredOn, location, description, keyIssueIds } = c;
    return [
      ctx.event("incident.recorded", scope, {
        incidentId,
        title,
        occurredOn,
        location,
        description,
        keyIssueIds,
      }),
    ];
  },

  "record-claim": (ctx, c) => {
    const scope = ctx.writableScope(c.scope);
    ctx.fresh("claim", c.claimId);
    ctx.references(scope, ctx.find("incident", c.incidentId));
    if (c.respondsTo !== undefined) {
      const answered = ctx.find("claim", c.respondsTo);
      ctx.references(scope, answered);
      ensure(
        answered.incidentId === c.incidentId,
        "claim.invalid",
        "A response answers a claim about the same incident.",
      );
    }
    ensure(
      c.claimKind !== "response" || c.respondsTo,
      "claim.invalid",
      "A response says which claim it answers.",
    );
    if (c.sourcePartyId !== undefined) {
      ensure(ctx.exists("party", c.sourcePartyId), "party.unknown", `There is no party ${c.sourcePartyId}.`);
    }
    return [
      ctx.event("incident.claim.recorded", scope, {
        claimId: c.claimId,
        incidentId: c.incidentId,
        claimKind: c.claimKind,
        source: c.source,
        sourceParty: c.sourcePartyId ?? null,
        respondsTo: c.respondsTo ?? null,
        text: c.text,
        statedOn: c.statedOn,
      }),
    ];
  },

  "write-note": (ctx, c) => {
    const scope = ctx.writableScope(c.scope);
    ctx.fresh("note", c.noteId);
    const target = c.target ?? null;
    if (target) ctx.references(scope, ctx.find(target.kind, target.id));
    return [
      ctx.event("note.written", scope, {
        noteId: c.noteId,
        target: target as { kind: NoteTargetKind; id: string } | null,
        text: c.text,
      }),
    ];
  },
};
