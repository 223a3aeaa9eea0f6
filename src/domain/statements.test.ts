import { describe, expect, it } from "vitest";
import { codeOf, errorOf, type Kit, MEMBERS as M, setUp } from "./test-kit.ts";
import { viewFor } from "./view.ts";

function draft(kit: Kit, actor: string, statementId: string, statementKind: "party" | "mediator" | "joint") {
  return kit.run(actor, {
    type: "draft-statement",
    statementId,
    statementKind,
    title: "Readout",
    text: "Tangible progress.",
  });
}
const approve = (kit: Kit, actor: string, statementId = "j") =>
  codeOf(() => kit.run(actor, { type: "approve-statement", statementId }));
const release = (kit: Kit, actor: string, statementId: string) =>
  codeOf(() => kit.run(actor, { type: "release-statement", statementId }));

describe("statements", () => {
  it("are drafted in private: a party's in its own scope, the mediator's in the mediation's, a joint one in shared", () => {
    const kit = setUp();
    draft(kit, M.amMember, "am", "party");
    draft(kit, M.mediator, "med", "mediator");
    draft(kit, M.lead, "j", "joint");
    expect(kit.state.get("statement", "am")).toMatchObject({
      scope: "party:am",
      party: "am",
      revision: 1,
      authorId: M.amMember,
    });
    expect(kit.state.get("statement", "med")).toMatchObject({ scope: "mediation", party: null });
    expect(kit.state.get("statement", "j")).toMatchObject({ scope: "shared", approvals: [] });
    expect(codeOf(() => draft(kit, M.lead, "x", "party"))).toBe("forbidden");
    expect(codeOf(() => draft(kit, M.amHead, "x", "joint"))).toBe("forbidden");
    expect(codeOf(() => draft(kit, M.amHead, "x", "mediator"))).toBe("forbidden");
    expect(codeOf(() => draft(kit, M.azHead, "am", "party"))).toBe("conflict.exists");
  });

  it("are revised by their author side only, which bumps the revision", () => {
    const kit = setUp();
    draft(kit, M.amHead, "am", "party");
    draft(kit, M.lead, "j", "joint");
    kit.run(M.amMember, { type: "revise-statement", statementId: "am", text: "Substantive progress." });
    expect(kit.state.get("statement", "am")).toMatchObject({
      revision: 2,
      title: "Readout",
      text: "Substantive progress.",
    });
    expect(
      codeOf(() => kit.run(M.amHead, { type: "revise-statement", statementId: "j", text: "Ours." })),
    ).toBe("forbidden");
    expect(codeOf(() => kit.run(M.azHead, { type: "revise-statement", statementId: "am", text: "x" }))).toBe(
      "not_found",
    );
  });

  it("a joint statement is released only when every party approved its current text", () => {
    const kit = setUp();
    draft(kit, M.lead, "j", "joint");
    expect(approve(kit, M.amHead)).toBe("ok");
    expect(approve(kit, M.amHead)).toBe("statement.already_approved");
    const missing = errorOf(() => kit.run(M.lead, { type: "release-statement", statementId: "j" }));
    expect(missing?.code).toBe("statement.approval_missing");
    expect(missing?.details).toEqual({ parties: ["az"] });
    expect(approve(kit, M.azHead)).toBe("ok");
    // A revision clears every approval: the parties approved a text, not a statement id.
    kit.run(M.mediator, {
      type: "revise-statement",
      statementId: "j",
      title: "Joint readout",
      text: "New text.",
    });
    expect(kit.state.get("statement", "j")).toMatchObject({ approvals: [], revision: 2 });
    expect(release(kit, M.lead, "j")).toBe("statement.approval_missing");
    approve(kit, M.amHead);
    approve(kit, M.azHead);
    expect(release(kit, M.mediator, "j")).toBe("forbidden");
    expect(release(kit, M.amHead, "j")).toBe("forbidden");
    expect(release(kit, M.lead, "j")).toBe("ok");
    expect(kit.state.get("release", "j")).toMatchObject({
      scope: "public",
      issuedBy: "Joint statement",
      negotiationTitle: "Test talks",
      title: "Joint readout",
      text: "New text.",
      revision: 2,
    });
  });

  it("only a joint statement is approved, and only by a head of delegation", () => {
    const kit = setUp();
    draft(kit, M.amHead, "am", "party");
    draft(kit, M.lead, "j", "joint");
    expect(approve(kit, M.amHead, "am")).toBe("statement.not_joint");
    expect(approve(kit, M.amMember)).toBe("forbidden");
    expect(approve(kit, M.lead)).toBe("forbidden");
  });

  it("a party releases its own statement; once released nothing about it changes", () => {
    const kit = setUp();
    draft(kit, M.amMember, "am", "party");
    expect(release(kit, M.azHead, "am")).toBe("not_found");
    expect(release(kit, M.lead, "am")).toBe("not_found");
    expect(release(kit, M.amMember, "am")).toBe("forbidden");
    expect(release(kit, M.amHead, "am")).toBe("ok");
    expect(kit.state.get("release", "am")).toMatchObject({
      issuedBy: "Armenia",
      party: "am",
      text: "Tangible progress.",
    });
    expect(release(kit, M.amHead, "am")).toBe("statement.already_released");
    expect(codeOf(() => kit.run(M.amHead, { type: "revise-statement", statementId: "am", text: "x" }))).toBe(
      "statement.already_released",
    );
    draft(kit, M.lead, "j", "joint");
    approve(kit, M.amHead);
    approve(kit, M.azHead);
    release(kit, M.lead, "j");
    expect(approve(kit, M.azHead)).toBe("statement.already_released");
  });

  it("the mediation lead releases the mediator's statement; the public sees the release and nothing else", () => {
    const kit = setUp();
    draft(kit, M.mediator, "med", "mediator");
    draft(kit, M.amHead, "am", "party");
    expect(release(kit, M.mediator, "med")).toBe("forbidden");
    expect(release(kit, M.amHead, "med")).toBe("not_found");
    expect(release(kit, M.lead, "med")).toBe("ok");
    const publicView = viewFor(kit.state, { kind: "public" }).snapshot();
    expect(publicView.map((e) => `${e.kind}/${e.id}`)).toEqual(["release/med"]);
    expect(publicView[0]).toMatchObject({ issuedBy: "The mediation", text: "Tangible progress." });
  });
});
