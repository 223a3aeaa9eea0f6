import { describe, expect, it } from "vitest";
import type { CommandInput } from "./commands.ts";
import { codeOf, type Kit, MEMBERS as M, setUp, viewerFor } from "./test-kit.ts";
import { viewFor } from "./view.ts";

function raise(kit: Kit, keyIssueId = "borders", provisionIds: string[] = ["art2"]) {
  kit.run(M.lead, { type: "raise-key-issue", keyIssueId, title: "Border delimitation", provisionIds });
}

const incident = (incidentId: string, extra: Record<string, unknown> = {}): CommandInput =>
  ({
    type: "record-incident",
    incidentId,
    title: "Checkpoint set up",
    occurredOn: "2023-04-23",
    location: "Lachin road",
    description: "A checkpoint was set up at the entry of the road.",
    ...extra,
  }) as CommandInput;

const claim = (claimId: string, extra: Record<string, unknown> = {}): CommandInput =>
  ({
    type: "record-claim",
    claimId,
    incidentId: "i1",
    claimKind: "claim",
    source: "Ministry of Foreign Affairs",
    text: "The checkpoint violates the statement of 9 November 2020.",
    statedOn: "2023-04-23",
    ...extra,
  }) as CommandInput;

describe("key issues", () => {
  it("are raised on the shared record, linked to provisions, and move open → narrowing → resolved", () => {
    const kit = setUp();
    raise(kit, "borders", ["art2", "art2"]);
    expect(kit.state.get("key_issue", "borders")).toMatchObject({
      scope: "shared",
      status: "open",
      provisionIds: ["art2"],
    });
    kit.run(M.mediator, { type: "link-key-issue", keyIssueId: "borders", provisionIds: ["art1", "art2"] });
    expect(kit.state.get("key_issue", "borders")?.provisionIds).toEqual(["art2", "art1"]);
    kit.run(M.lead, { type: "set-key-issue-status", keyIssueId: "borders", status: "narrowing" });
    kit.run(M.lead, { type: "set-key-issue-status", keyIssueId: "borders", status: "resolved" });
    expect(kit.state.get("key_issue", "borders")?.status).toBe("resolved");
  });

  it("a delegation may raise one too; ids are unique and links point at real provisions", () => {
    const kit = setUp();
    expect(
      codeOf(() =>
        kit.run(M.azMember, { type: "raise-key-issue", keyIssueId: "transport", title: "Transport links" }),
      ),
    ).toBe("ok");
    expect(codeOf(() => raise(kit, "transport"))).toBe("conflict.exists");
    expect(codeOf(() => raise(kit, "k2", ["nope"]))).toBe("not_found");
    expect(
      codeOf(() => kit.run(M.lead, { type: "link-key-issue", keyIssueId: "nope", provisionIds: ["art1"] })),
    ).toBe("not_found");
    expect(
      codeOf(() => kit.run(M.lead, { type: "set-key-issue-status", keyIssueId: "nope", status: "open" })),
    ).toBe("not_found");
  });

  it("each party states its position at the visibility it chooses", () => {
    const kit = setUp();
    raise(kit);
    const state = (actor: string, positionId: string, scope: string) =>
      codeOf(() =>
        kit.run(actor, {
          type: "state-key-issue-position",
          keyIssueId: "borders",
          positionId,
          text: "Our view.",
          scope,
        } as CommandInput),
      );
    expect(state(M.amHead, "am-shared", "shared")).toBe("ok");
    expect(state(M.amMember, "am-caucus", "caucus:am")).toBe("ok");
    expect(state(M.amMember, "am-own", "party:am")).toBe("ok");
    expect(state(M.amMember, "am-wrong", "party:az")).toBe("scope.not_writable");
    expect(state(M.amMember, "am-shared", "party:am")).toBe("conflict.exists");
    expect(state(M.lead, "m", "shared")).toBe("forbidden");
    expect(kit.state.get("key_issue_position", "am-caucus")).toMatchObject({
      party: "am",
      scope: "caucus:am",
      authorId: M.amMember,
    });
    const seenBy = (actor: string) =>
      viewFor(kit.state, viewerFor(kit, actor))
        .all("key_issue_position")
        .map((p) => p.id);
    expect(seenBy(M.azHead)).toEqual(["am-shared"]);
    expect(seenBy(M.mediator)).toEqual(["am-shared", "am-caucus"]);
    expect(seenBy(M.amMember)).toEqual(["am-shared", "am-caucus", "am-own"]);
    expect(seenBy(M.observer)).toEqual(["am-shared"]);
  });
});

describe("incidents and claims", () => {
  it("records an incident linked to key issues, with claims, responses and reactions attributed to their sources", () => {
    const kit = setUp();
    raise(kit);
    kit.run(M.mediator, incident("i1", { keyIssueIds: ["borders"] }));
    kit.run(M.amHead, claim("c1", { sourcePartyId: "am" }));
    kit.run(
      M.azHead,
      claim("c2", {
        claimKind: "response",
        respondsTo: "c1",
        sourcePartyId: "az",
        source: "MFA of Azerbaijan",
        text: "Denied.",
      }),
    );
    kit.run(
      M.lead,
      claim("c3", { claimKind: "reaction", source: "US State Department", text: "Deeply concerned." }),
    );
    expect(kit.state.get("incident", "i1")).toMatchObject({ keyIssueIds: ["borders"], scope: "shared" });
    expect(kit.state.get("claim", "c2")).toMatchObject({
      claimKind: "response",
      respondsTo: "c1",
      sourceParty: "az",
    });
    expect(kit.state.get("claim", "c3")).toMatchObject({ sourceParty: null, respondsTo: null });
  });

  it("a response says which claim of the same incident it answers", () => {
    const kit = setUp();
    kit.run(M.lead, incident("i1"));
    kit.run(M.lead, incident("i2"));
    kit.run(M.lead, claim("c1"));
    kit.run(M.lead, claim("other", { incidentId: "i2" }));
    expect(codeOf(() => kit.run(M.azHead, claim("r", { claimKind: "response" })))).toBe("claim.invalid");
    expect(codeOf(() => kit.run(M.azHead, claim("r", { claimKind: "response", respondsTo: "other" })))).toBe(
      "claim.invalid",
    );
    expect(codeOf(() => kit.run(M.azHead, claim("r", { claimKind: "response", respondsTo: "ghost" })))).toBe(
      "not_found",
    );
    expect(codeOf(() => kit.run(M.azHead, claim("r", { sourcePartyId: "ge" })))).toBe("party.unknown");
    expect(codeOf(() => kit.run(M.azHead, claim("r", { incidentId: "ghost" })))).toBe("not_found");
    expect(codeOf(() => kit.run(M.azHead, claim("c1")))).toBe("conflict.exists");
  });

  it("keeps a party's private incident and claims to itself; shared claims cannot rest on them", () => {
    const kit = setUp();
    kit.run(M.amHead, incident("i1", { scope: "party:am" }));
    expect(codeOf(() => kit.run(M.amHead, claim("c1")))).toBe("scope.reference_narrower");
    expect(codeOf(() => kit.run(M.amHead, claim("c1", { scope: "party:am" })))).toBe("ok");
    expect(codeOf(() => kit.run(M.lead, claim("c2", { scope: "mediation" })))).toBe("not_found");
    expect(codeOf(() => kit.run(M.lead, incident("i2", { keyIssueIds: ["ghost"] })))).toBe("not_found");
    expect(codeOf(() => kit.run(M.lead, incident("i2", { scope: "public" })))).toBe("scope.not_writable");
  });
});

describe("notes", () => {
  it("are written in the author's chosen scope, optionally about something, by their author", () => {
    const kit = setUp();
    kit.run(M.amMember, {
      type: "write-note",
      noteId: "n1",
      text: "Push on art. 1.",
      scope: "party:am",
      target: { kind: "provision", id: "art1" },
    });
    expect(kit.state.get("note", "n1")).toMatchObject({
      scope: "party:am",
      authorId: M.amMember,
      target: { kind: "provision", id: "art1" },
    });
    kit.run(M.lead, {
      type: "write-note",
      noteId: "n2",
      text: "General.",
      scope: "mediation",
      target: { kind: "negotiation", id: "test-negotiation" },
    });
    expect(
      codeOf(() => kit.run(M.lead, { type: "write-note", noteId: "n2", text: "Again.", scope: "mediation" })),
    ).toBe("conflict.exists");
  });

  it("cannot refer to something fewer people can read, and cannot refer to what the author cannot read", () => {
    const kit = setUp();
    kit.run(M.lead, { type: "write-note", noteId: "med", text: "Internal.", scope: "mediation" });
    kit.run(M.lead, {
      type: "table-proposal",
      proposalId: "cb",
      provisionId: "art1",
      proposalKind: "replace",
      text: "Caucus bridge.",
      scope: "caucus:am",
    });
    const note = (actor: string, scope: string, kind: string, id: string) =>
      codeOf(() =>
        kit.run(actor, {
          type: "write-note",
          noteId: `n${kit.log.length}`,
          text: "x",
          scope,
          target: { kind, id },
        } as CommandInput),
      );
    expect(note(M.lead, "shared", "proposal", "cb")).toBe("scope.reference_narrower");
    expect(note(M.lead, "caucus:az", "proposal", "cb")).toBe("scope.reference_narrower");
    expect(note(M.lead, "caucus:am", "proposal", "cb")).toBe("ok");
    expect(note(M.amHead, "party:am", "proposal", "cb")).toBe("ok");
    expect(note(M.azHead, "party:az", "proposal", "cb")).toBe("not_found");
    expect(note(M.lead, "mediation", "proposal", "cb")).toBe("ok");
    expect(note(M.amHead, "shared", "note", "med")).toBe("validation");
    expect(note(M.lead, "mediation", "round", "nope")).toBe("not_found");
  });
});
