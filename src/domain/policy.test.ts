import { describe, expect, it } from "vitest";
import { COMMAND_TYPES, type CommandInput, type CommandType } from "./commands.ts";
import {
  COMMAND_POLICY,
  mayIssue,
  partyOf,
  ROLES,
  readableScopes,
  roleOf,
  writableScopes,
} from "./policy.ts";
import { allScopes, type PartyId, type Scope, scopeParts } from "./scope.ts";
import {
  adopt,
  agree,
  bothTake,
  CAST,
  codeOf,
  type Kit,
  MEMBERS as M,
  member,
  setUp,
  viewerFor,
} from "./test-kit.ts";

/**
 * A valid command of each type, as issued by a member of `side` (a party, or null for the mediation and
 * observers), with its preconditions built in the kit by the members whose job they are.
 */
type Factory = (kit: Kit, side: PartyId | null) => CommandInput;

const R = "r";
const scheduleRound = (kit: Kit) =>
  kit.run(M.lead, {
    type: "schedule-round",
    roundId: R,
    name: "R",
    venue: "V",
    startsOn: "2023-05-01",
    endsOn: "2023-05-04",
  });
const openRound = (kit: Kit) => {
  scheduleRound(kit);
  kit.run(M.lead, { type: "open-round", roundId: R });
};
const session = (kit: Kit) => {
  scheduleRound(kit);
  kit.run(M.lead, {
    type: "schedule-session",
    sessionId: "s",
    roundId: R,
    sessionKind: "plenary",
    title: "P",
    date: "2023-05-01",
  });
};
const keyIssue = (kit: Kit) =>
  kit.run(M.lead, { type: "raise-key-issue", keyIssueId: "k", title: "Borders" });
const bothAcceptArt1 = (kit: Kit) => bothTake(kit, "art1", null);
const agreeArt1 = (kit: Kit) => agree(kit, "art1");
const agreeAll = (kit: Kit) => {
  for (const id of ["pre", "art1", "art2"]) agree(kit, id);
};
const signed = (kit: Kit) => {
  adopt(kit);
  kit.run(M.lead, { type: "record-act", stage: "initialled", date: "2023-06-01" });
  kit.run(M.lead, { type: "record-act", stage: "signed", date: "2023-06-02" });
};
const incident = (kit: Kit) =>
  kit.run(M.lead, {
    type: "record-incident",
    incidentId: "i",
    title: "Checkpoint",
    occurredOn: "2023-04-23",
    description: "D",
  });
const jointDraft = (kit: Kit) =>
  kit.run(M.lead, {
    type: "draft-statement",
    statementId: "j",
    statementKind: "joint",
    title: "T",
    text: "x",
  });
/** A statement the side itself may edit: its party's own, or the mediator's. */
const ownStatement = (kit: Kit, side: PartyId | null) =>
  side === null
    ? kit.run(M.lead, {
        type: "draft-statement",
        statementId: "s",
        statementKind: "mediator",
        title: "T",
        text: "x",
      })
    : kit.run(`${side}-head`, {
        type: "draft-statement",
        statementId: "s",
        statementKind: "party",
        title: "T",
        text: "x",
      });
/** The side's own live proposal: tabled by its head, or by the mediation lead. */
const ownProposal = (kit: Kit, side: PartyId | null) =>
  kit.run(side ? `${side}-head` : M.lead, {
    type: "table-proposal",
    proposalId: "p",
    provisionId: "art1",
    proposalKind: "replace",
    text: "P.",
  });

/** A factory that first builds preconditions, then issues the command. */
const after =
  (
    prepare: (kit: Kit, side: PartyId | null) => unknown,
    command: (side: PartyId | null) => CommandInput,
  ): Factory =>
  (kit, side) => {
    prepare(kit, side);
    return command(side);
  };
const none = () => undefined;

/** Commands of the drafting stage: the standard instrument is left untabled for them. */
const DRAFTING: ReadonlySet<CommandType> = new Set([
  "add-provision",
  "edit-instrument",
  "edit-provision",
  "move-provision",
  "withdraw-provision",
  "table-text",
]);

const FACTORIES: Record<Exclude<CommandType, "create-negotiation">, Factory> = {
  "add-party": after(none, () => ({ type: "add-party", partyId: "ge", name: "Georgia" })),
  "add-member": after(none, (side) => ({
    type: "add-member",
    memberId: "new",
    name: "N",
    email: "new@example.org",
    role: "delegation",
    partyId: side ?? "am",
  })),
  "remove-member": after(none, () => ({ type: "remove-member", memberId: M.amMember })),
  "require-second-factor": after(none, () => ({ type: "require-second-factor", required: true })),
  "schedule-round": after(none, () => ({
    type: "schedule-round",
    roundId: R,
    name: "R",
    venue: "V",
    startsOn: "2023-05-01",
    endsOn: "2023-05-04",
  })),
  "open-round": after(scheduleRound, () => ({ type: "open-round", roundId: R })),
  "close-round": after(openRound, () => ({ type: "close-round", roundId: R, summary: "Done." })),
  "schedule-session": after(scheduleRound, () => ({
    type: "schedule-session",
    sessionId: "s",
    roundId: R,
    sessionKind: "opening",
    title: "O",
    date: "2023-05-01",
  })),
  "record-attendance": after(session, () => ({
    type: "record-attendance",
    sessionId: "s",
    memberIds: [M.lead, M.amHead],
  })),
  "record-outcome": after(session, () => ({
    type: "record-outcome",
    sessionId: "s",
    outcome: "Progress.",
    provisionIds: ["art1"],
  })),
  "create-instrument": after(none, () => ({ type: "create-instrument", title: "Agreement" })),
  "add-provision": after(none, () => ({
    type: "add-provision",
    provisionId: "art3",
    provisionKind: "article",
    number: "3",
    text: "Transit.",
  })),
  "renumber-provision": after(none, () => ({ type: "renumber-provision", provisionId: "art2", number: "3" })),
  "edit-instrument": after(none, () => ({
    type: "edit-instrument",
    closingFormula: "Have agreed as follows:",
  })),
  "edit-provision": after(none, () => ({
    type: "edit-provision",
    provisionId: "art2",
    text: "Borders and crossings.",
    baseVersion: 1,
  })),
  "move-provision": after(none, () => ({
    type: "move-provision",
    provisionId: "art2",
    parentId: null,
    afterId: "pre",
    baseVersion: 1,
  })),
  "withdraw-provision": after(none, () => ({
    type: "withdraw-provision",
    provisionId: "art2",
    baseVersion: 1,
  })),
  "renumber-text": after(none, () => ({ type: "renumber-text" })),
  "table-text": after(none, () => ({ type: "table-text" })),
  "table-proposal": after(none, () => ({
    type: "table-proposal",
    proposalId: "p",
    provisionId: "art1",
    proposalKind: "replace",
    text: "Peace.",
  })),
  "withdraw-proposal": after(ownProposal, () => ({ type: "withdraw-proposal", proposalId: "p" })),
  "take-position": after(none, () => ({
    type: "take-position",
    positionId: "x",
    provisionId: "art1",
    stance: "accept",
  })),
  "mark-agreed-ad-referendum": after(bothAcceptArt1, () => ({
    type: "mark-agreed-ad-referendum",
    provisionId: "art1",
  })),
  "mark-agreed": after(bothAcceptArt1, () => ({ type: "mark-agreed", provisionId: "art1" })),
  "reopen-provision": after(agreeArt1, () => ({
    type: "reopen-provision",
    provisionId: "art1",
    reason: "Capital.",
  })),
  "adopt-instrument": after(agreeAll, () => ({ type: "adopt-instrument" })),
  "record-act": after(signed, (side) => ({
    type: "record-act",
    stage: "ratified",
    date: "2023-07-01",
    partyId: side ?? "am",
  })),
  "raise-key-issue": after(none, () => ({
    type: "raise-key-issue",
    keyIssueId: "k",
    title: "Borders",
    provisionIds: ["art2"],
  })),
  "link-key-issue": after(keyIssue, () => ({
    type: "link-key-issue",
    keyIssueId: "k",
    provisionIds: ["art1"],
  })),
  "state-key-issue-position": after(keyIssue, () => ({
    type: "state-key-issue-position",
    keyIssueId: "k",
    positionId: "kp",
    text: "Ours.",
  })),
  "set-key-issue-status": after(keyIssue, () => ({
    type: "set-key-issue-status",
    keyIssueId: "k",
    status: "narrowing",
  })),
  "draft-statement": after(none, (side) => ({
    type: "draft-statement",
    statementId: "s",
    statementKind: side ? "party" : "mediator",
    title: "T",
    text: "x",
  })),
  "revise-statement": after(ownStatement, () => ({ type: "revise-statement", statementId: "s", text: "y" })),
  "approve-statement": after(jointDraft, () => ({ type: "approve-statement", statementId: "j" })),
  "release-statement": after(ownStatement, () => ({ type: "release-statement", statementId: "s" })),
  "record-incident": after(none, () => ({
    type: "record-incident",
    incidentId: "i",
    title: "Checkpoint",
    occurredOn: "2023-04-23",
    description: "D",
  })),
  "record-claim": after(incident, () => ({
    type: "record-claim",
    claimId: "c",
    incidentId: "i",
    claimKind: "claim",
    source: "MFA",
    text: "T",
    statedOn: "2023-04-23",
  })),
  "write-note": after(none, () => ({ type: "write-note", noteId: "n", text: "Note.", scope: "shared" })),
};

describe("the command policy, role × command", () => {
  it("names a role for every cast member", () => {
    const kit = setUp();
    for (const role of ROLES) expect(roleOf(member(kit, CAST[role]))).toBe(role);
  });

  for (const role of ROLES) {
    describe(role, () => {
      for (const type of COMMAND_TYPES) {
        if (type === "create-negotiation") continue;
        const allowed = COMMAND_POLICY[type].includes(role);
        it(`${allowed ? "may" : "may not"} ${type}`, () => {
          const kit = setUp({ instrument: type !== "create-instrument", tabled: !DRAFTING.has(type) });
          const actor = member(kit, CAST[role]);
          expect(mayIssue(actor, type)).toBe(allowed);
          const command = FACTORIES[type](kit, partyOf(actor));
          expect(codeOf(() => kit.run(actor.id, command))).toBe(allowed ? "ok" : "forbidden");
        });
      }
    });
  }

  it("creating a negotiation is an account's act, not a member's: no role has it, and it happens once", () => {
    for (const role of ROLES) expect(COMMAND_POLICY["create-negotiation"].includes(role)).toBe(false);
    const kit = setUp();
    const again = {
      type: "create-negotiation",
      negotiationId: "test-negotiation",
      title: "T",
      lead: { memberId: "x", name: "X", email: "x@example.org" },
    } as const;
    for (const role of ROLES) expect(codeOf(() => kit.run(CAST[role], again))).toBe("negotiation.exists");
  });

  it("the ability map, role by role (a change to the policy shows here for review)", () => {
    const map = Object.fromEntries(
      ROLES.map((role) => [role, COMMAND_TYPES.filter((t) => COMMAND_POLICY[t].includes(role)).join(" ")]),
    );
    expect(map).toMatchInlineSnapshot(`
      {
        "delegation-head": "add-member remove-member table-proposal withdraw-proposal take-position reopen-provision record-act raise-key-issue state-key-issue-position draft-statement revise-statement approve-statement release-statement record-incident record-claim write-note",
        "delegation-member": "table-proposal withdraw-proposal take-position reopen-provision raise-key-issue state-key-issue-position draft-statement revise-statement record-incident record-claim write-note",
        "mediation-lead": "add-party add-member remove-member require-second-factor schedule-round open-round close-round schedule-session record-attendance record-outcome create-instrument add-provision renumber-provision edit-instrument edit-provision move-provision withdraw-provision renumber-text table-text table-proposal withdraw-proposal mark-agreed-ad-referendum mark-agreed reopen-provision adopt-instrument record-act raise-key-issue link-key-issue set-key-issue-status draft-statement revise-statement release-statement record-incident record-claim write-note",
        "mediation-member": "schedule-round open-round close-round schedule-session record-attendance record-outcome create-instrument add-provision renumber-provision edit-instrument edit-provision move-provision withdraw-provision renumber-text table-proposal withdraw-proposal mark-agreed-ad-referendum mark-agreed raise-key-issue link-key-issue set-key-issue-status draft-statement revise-statement record-incident record-claim write-note",
        "observer": "",
      }
    `);
  });
});

/** The visibility table of the design, written out independently of the policy module. */
function designReadable(
  who: { kind: "mediation" | "observer" | "public" } | { kind: "delegation"; party: PartyId },
  scope: Scope,
): boolean {
  const { kind, party } = scopeParts(scope);
  switch (kind) {
    case "public":
      return true;
    case "shared":
      return who.kind !== "public";
    case "mediation":
      return who.kind === "mediation";
    case "caucus":
      return who.kind === "mediation" || (who.kind === "delegation" && who.party === party);
    case "party":
      return who.kind === "delegation" && who.party === party;
  }
}

describe("scopes, member × scope", () => {
  const members = Object.values(M);
  const scopes = allScopes(["am", "az"]);

  for (const id of members) {
    for (const scope of scopes) {
      it(`${id} in ${scope}`, () => {
        const kit = setUp();
        const m = member(kit, id);
        const parties = kit.state.partyIds();
        const who =
          m.role.kind === "delegation"
            ? { kind: "delegation" as const, party: m.role.party }
            : { kind: m.role.kind };
        const readable = designReadable(who, scope);
        // Members who write at all write into every scope they read, except public, which only a release reaches.
        const writable = readable && scope !== "public" && m.role.kind !== "observer";
        expect(readableScopes(viewerFor(kit, id), parties).has(scope)).toBe(readable);
        expect(writableScopes(m, parties).has(scope)).toBe(writable);
        const note = codeOf(() => kit.run(id, { type: "write-note", noteId: "n", text: "A note.", scope }));
        expect(note).toBe(writable ? "ok" : mayIssue(m, "write-note") ? "scope.not_writable" : "forbidden");
        if (writable) expect(kit.state.get("note", "n")?.scope).toBe(scope);
      });
    }
  }

  it("the public reads only public", () => {
    const kit = setUp();
    expect([...readableScopes({ kind: "public" }, kit.state.partyIds())]).toEqual(["public"]);
    for (const scope of scopes) expect(designReadable({ kind: "public" }, scope)).toBe(scope === "public");
  });

  it("a party's own scope is not readable by the mediation, however senior", () => {
    const kit = setUp();
    for (const id of [M.lead, M.mediator]) {
      const readable = readableScopes(viewerFor(kit, id), kit.state.partyIds());
      expect(readable.has("party:am") || readable.has("party:az")).toBe(false);
    }
  });
});
