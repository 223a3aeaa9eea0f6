import { describe, expect, it } from "vitest";
import { parseCommand } from "./commands.ts";
import { DomainError, type ErrorCode } from "./errors.ts";
import { adopt, agree, bothTake, codeOf, Kit, MEMBERS as M, setUp } from "./test-kit.ts";

/**
 * One short scenario per stable error code, so that a code the domain can raise is never untested and a
 * new code cannot be added without deciding here how it is reached. The areas' own tests cover each rule
 * in context; this is the catalogue.
 */
type Scenario = () => ErrorCode | "ok";

const replaceArt1 = (proposalId: string) =>
  ({ type: "table-proposal", proposalId, provisionId: "art1", proposalKind: "replace", text: "T." }) as const;

/** Codes declared in errors.ts that no rule raises: the domain refuses taken ids with conflict.exists. */
const UNRAISED = "unraised";
/** Codes whose rule sits behind a policy check that always fires first. */
const SHADOWED = "shadowed";

const CATALOGUE: Record<ErrorCode, Scenario | typeof UNRAISED | typeof SHADOWED> = {
  validation: () => codeOf(() => parseCommand({ type: "add-party", partyId: "Not A Slug", name: "" })),
  not_found: () => codeOf(() => setUp().run(M.lead, { type: "open-round", roundId: "nope" })),
  forbidden: () =>
    codeOf(() => setUp().run(M.observer, { type: "write-note", noteId: "n", text: "x", scope: "shared" })),
  "conflict.stale": () =>
    codeOf(() =>
      setUp().run(M.lead, { type: "renumber-provision", provisionId: "art1", number: "9", baseVersion: 99 }),
    ),
  "conflict.exists": () =>
    codeOf(() =>
      setUp({ tabled: false }).run(M.lead, {
        type: "add-provision",
        provisionId: "art1",
        provisionKind: "article",
        text: "x",
      }),
    ),
  "negotiation.exists": () =>
    codeOf(() =>
      setUp().run("a", {
        type: "create-negotiation",
        negotiationId: "test-negotiation",
        title: "T",
        lead: { memberId: "x", name: "X", email: "x@example.org" },
      }),
    ),
  "negotiation.missing": () => codeOf(() => new Kit().run(M.lead, { type: "adopt-instrument" })),
  "scope.not_writable": () =>
    codeOf(() => setUp().run(M.lead, { type: "write-note", noteId: "n", text: "x", scope: "party:am" })),
  "scope.reference_narrower": () => {
    const kit = setUp();
    kit.run(M.lead, { type: "write-note", noteId: "m", text: "x", scope: "mediation" });
    kit.run(M.lead, { ...replaceArt1("m1"), scope: "mediation" });
    return codeOf(() =>
      kit.run(M.lead, {
        type: "write-note",
        noteId: "n",
        text: "x",
        scope: "shared",
        target: { kind: "proposal", id: "m1" },
      }),
    );
  },
  "member.exists": () =>
    codeOf(() =>
      setUp().run(M.lead, {
        type: "add-member",
        memberId: "new",
        name: "N",
        email: "OBS@example.org",
        role: "observer",
      }),
    ),
  "member.last_lead": () => codeOf(() => setUp().run(M.lead, { type: "remove-member", memberId: M.lead })),
  "member.removed": () => {
    const kit = setUp();
    kit.run(M.lead, { type: "remove-member", memberId: M.observer });
    return codeOf(() => kit.run(M.lead, { type: "remove-member", memberId: M.observer }));
  },
  "party.exists": () =>
    codeOf(() => setUp().run(M.lead, { type: "add-party", partyId: "az", name: "Again" })),
  "party.unknown": () =>
    codeOf(() =>
      setUp().run(M.lead, {
        type: "add-member",
        memberId: "n",
        name: "N",
        email: "n@example.org",
        role: "delegation",
        partyId: "ge",
      }),
    ),
  "round.exists": UNRAISED,
  "round.state": () => {
    const kit = setUp();
    kit.run(M.lead, {
      type: "schedule-round",
      roundId: "r",
      name: "R",
      venue: "V",
      startsOn: "2023-05-01",
      endsOn: "2023-05-04",
    });
    return codeOf(() => kit.run(M.lead, { type: "close-round", roundId: "r" }));
  },
  "round.another_open": () => {
    const kit = setUp();
    for (const roundId of ["r1", "r2"]) {
      kit.run(M.lead, {
        type: "schedule-round",
        roundId,
        name: roundId,
        venue: "V",
        startsOn: "2023-05-01",
        endsOn: "2023-05-04",
      });
    }
    kit.run(M.lead, { type: "open-round", roundId: "r1" });
    return codeOf(() => kit.run(M.lead, { type: "open-round", roundId: "r2" }));
  },
  "session.state": UNRAISED,
  "instrument.exists": () => codeOf(() => setUp().run(M.lead, { type: "create-instrument", title: "Again" })),
  "instrument.missing": () =>
    codeOf(() =>
      setUp({ instrument: false }).run(M.lead, {
        type: "add-provision",
        provisionId: "a",
        provisionKind: "article",
        text: "x",
      }),
    ),
  "instrument.adopted_locked": () => {
    const kit = setUp();
    adopt(kit);
    return codeOf(() => kit.run(M.amHead, replaceArt1("late")));
  },
  "instrument.not_all_agreed": () => codeOf(() => setUp().run(M.lead, { type: "adopt-instrument" })),
  "instrument.blanks_open": () => {
    const kit = setUp({ tabled: false });
    kit.run(M.lead, {
      type: "edit-provision",
      provisionId: "art2",
      text: "Within ____ days.",
      baseVersion: 1,
    });
    kit.run(M.lead, { type: "table-text" });
    for (const id of ["pre", "art1", "art2"]) agree(kit, id);
    return codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }));
  },
  "instrument.drafting": () => codeOf(() => setUp({ tabled: false }).run(M.amHead, replaceArt1("early"))),
  "instrument.tabled": () =>
    codeOf(() =>
      setUp().run(M.lead, {
        type: "edit-provision",
        provisionId: "art1",
        text: "Quiet change.",
        baseVersion: 1,
      }),
    ),
  "act.order": () => {
    const kit = setUp();
    adopt(kit);
    return codeOf(() => kit.run(M.lead, { type: "record-act", stage: "signed", date: "2023-06-01" }));
  },
  "provision.exists": UNRAISED,
  "provision.agreed_locked": () => {
    const kit = setUp();
    agree(kit, "art1");
    return codeOf(() => kit.run(M.amHead, replaceArt1("p")));
  },
  "provision.not_agreed": () =>
    codeOf(() => setUp().run(M.amHead, { type: "reopen-provision", provisionId: "art1" })),
  "provision.not_accepted_by_all": () =>
    codeOf(() => setUp().run(M.lead, { type: "mark-agreed", provisionId: "art1" })),
  "provision.deleted": () => {
    const kit = setUp();
    kit.run(M.amHead, {
      type: "table-proposal",
      proposalId: "d",
      provisionId: "art1",
      proposalKind: "delete",
    });
    bothTake(kit, "art1", "d");
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "d" });
    return codeOf(() => kit.run(M.amHead, replaceArt1("p")));
  },
  "proposal.invalid": () => codeOf(() => setUp().run(M.amHead, { ...replaceArt1("p"), text: "" })),
  "proposal.not_live": () => {
    const kit = setUp();
    kit.run(M.amHead, replaceArt1("p"));
    kit.run(M.amHead, { type: "withdraw-proposal", proposalId: "p" });
    return codeOf(() => kit.run(M.amHead, { type: "withdraw-proposal", proposalId: "p" }));
  },
  "proposal.not_own": () => {
    const kit = setUp();
    kit.run(M.amHead, replaceArt1("p"));
    return codeOf(() => kit.run(M.azHead, { type: "withdraw-proposal", proposalId: "p" }));
  },
  "proposal.new_must_be_shared": () =>
    codeOf(() =>
      setUp().run(M.amHead, {
        type: "table-proposal",
        proposalId: "p",
        provisionId: "art9",
        proposalKind: "new",
        text: "T.",
        scope: "party:am",
        newProvision: { provisionKind: "article" },
      }),
    ),
  "position.not_own_party": () =>
    codeOf(() =>
      setUp().run(M.azHead, {
        type: "take-position",
        positionId: "x",
        provisionId: "art1",
        partyId: "am",
        stance: "accept",
      }),
    ),
  // The policy table already keeps everyone but delegations from taking positions; the rule is a second line.
  "position.not_delegation": SHADOWED,
  "key_issue.exists": UNRAISED,
  "statement.exists": UNRAISED,
  "statement.not_joint": () => {
    const kit = setUp();
    kit.run(M.amMember, {
      type: "draft-statement",
      statementId: "s",
      statementKind: "party",
      title: "T",
      text: "x",
    });
    return codeOf(() => kit.run(M.amHead, { type: "approve-statement", statementId: "s" }));
  },
  "statement.already_released": () => {
    const kit = setUp();
    kit.run(M.lead, {
      type: "draft-statement",
      statementId: "s",
      statementKind: "mediator",
      title: "T",
      text: "x",
    });
    kit.run(M.lead, { type: "release-statement", statementId: "s" });
    return codeOf(() => kit.run(M.lead, { type: "release-statement", statementId: "s" }));
  },
  "statement.approval_missing": () => {
    const kit = setUp();
    kit.run(M.lead, {
      type: "draft-statement",
      statementId: "s",
      statementKind: "joint",
      title: "T",
      text: "x",
    });
    return codeOf(() => kit.run(M.lead, { type: "release-statement", statementId: "s" }));
  },
  "statement.already_approved": () => {
    const kit = setUp();
    kit.run(M.lead, {
      type: "draft-statement",
      statementId: "s",
      statementKind: "joint",
      title: "T",
      text: "x",
    });
    kit.run(M.azHead, { type: "approve-statement", statementId: "s" });
    return codeOf(() => kit.run(M.azHead, { type: "approve-statement", statementId: "s" }));
  },
  "incident.exists": UNRAISED,
  "claim.invalid": () => {
    const kit = setUp();
    kit.run(M.lead, {
      type: "record-incident",
      incidentId: "i",
      title: "T",
      occurredOn: "2023-05-01",
      description: "D",
    });
    return codeOf(() =>
      kit.run(M.lead, {
        type: "record-claim",
        claimId: "c",
        incidentId: "i",
        claimKind: "response",
        source: "S",
        text: "T",
        statedOn: "2023-05-01",
      }),
    );
  },
  "note.exists": UNRAISED,
  "provision.move_into_itself": () => {
    const kit = setUp({ tabled: false });
    kit.run(M.lead, {
      type: "add-provision",
      provisionId: "p1",
      provisionKind: "paragraph",
      parentId: "art1",
      text: "x",
    });
    return codeOf(() =>
      kit.run(M.lead, {
        type: "move-provision",
        provisionId: "art1",
        parentId: "p1",
        afterId: null,
        baseVersion: 1,
      }),
    );
  },
  "provision.paragraph_without_article": () =>
    codeOf(() =>
      setUp({ tabled: false }).run(M.lead, {
        type: "add-provision",
        provisionId: "p1",
        provisionKind: "paragraph",
        parentId: "pre",
        text: "x",
      }),
    ),
  "provision.not_top_level": () =>
    codeOf(() =>
      setUp({ tabled: false }).run(M.lead, {
        type: "move-provision",
        provisionId: "art2",
        parentId: "art1",
        afterId: null,
        baseVersion: 1,
      }),
    ),
};

describe("every stable error code the domain raises", () => {
  for (const [code, scenario] of Object.entries(CATALOGUE) as [
    ErrorCode,
    Scenario | typeof UNRAISED | typeof SHADOWED,
  ][]) {
    if (scenario === UNRAISED || scenario === SHADOWED) continue;
    it(`raises ${code}`, () => {
      expect(scenario()).toBe(code);
    });
  }

  it("maps codes to HTTP statuses in one place", () => {
    const statusOf = (code: ErrorCode) => new DomainError(code, "m").status;
    expect([
      statusOf("validation"),
      statusOf("not_found"),
      statusOf("forbidden"),
      statusOf("negotiation.missing"),
    ]).toEqual([400, 404, 403, 404]);
    expect([statusOf("conflict.stale"), statusOf("conflict.exists"), statusOf("act.order")]).toEqual([
      409, 409, 422,
    ]);
  });
});
