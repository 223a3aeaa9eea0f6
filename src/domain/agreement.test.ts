import { describe, expect, it } from "vitest";
import type { CommandInput } from "./commands.ts";
import { adopt, agree, bothTake, codeOf, errorOf, type Kit, MEMBERS as M, setUp } from "./test-kit.ts";

const status = (kit: Kit, id = "art1") => kit.state.get("provision", id)?.status;
const instrument = (kit: Kit) => kit.state.get("instrument", "test-negotiation-instrument");
const act = (
  kit: Kit,
  actor: string,
  stage: "initialled" | "signed" | "ratified" | "in_force",
  partyId?: string,
) =>
  codeOf(() =>
    kit.run(actor, { type: "record-act", stage, date: "2023-06-01", ...(partyId ? { partyId } : {}) }),
  );

function tableAndAccept(
  kit: Kit,
  proposalId: string,
  text: string,
  stance: "accept" | "accept_ad_referendum" = "accept",
) {
  kit.run(M.amHead, {
    type: "table-proposal",
    proposalId,
    provisionId: "art1",
    proposalKind: "replace",
    text,
  });
  bothTake(kit, "art1", proposalId, stance);
}

describe("provision status", () => {
  it("is agreed only when every party accepts the same alternative on the shared text", () => {
    const kit = setUp();
    kit.run(M.amHead, {
      type: "table-proposal",
      proposalId: "p1",
      provisionId: "art1",
      proposalKind: "replace",
      text: "A.",
    });
    kit.run(M.amHead, {
      type: "take-position",
      positionId: "a",
      provisionId: "art1",
      proposalId: "p1",
      stance: "accept",
    });
    const missing = errorOf(() =>
      kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "p1" }),
    );
    expect(missing?.code).toBe("provision.not_accepted_by_all");
    expect(missing?.details).toEqual({ parties: ["az"] });
    // Accepting in caucus tells the mediator, not the other side: it does not count.
    kit.run(M.azHead, {
      type: "take-position",
      positionId: "b",
      provisionId: "art1",
      proposalId: "p1",
      stance: "accept",
      scope: "caucus:az",
    });
    expect(
      codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "p1" })),
    ).toBe("provision.not_accepted_by_all");
    // Accepting the base text is not accepting the proposal.
    kit.run(M.azHead, { type: "take-position", positionId: "c", provisionId: "art1", stance: "accept" });
    expect(
      codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "p1" })),
    ).toBe("provision.not_accepted_by_all");
    kit.run(M.azMember, {
      type: "take-position",
      positionId: "d",
      provisionId: "art1",
      proposalId: "p1",
      stance: "accept",
    });
    kit.run(M.mediator, { type: "mark-agreed", provisionId: "art1", proposalId: "p1" });
    expect(kit.state.get("provision", "art1")).toMatchObject({
      status: "agreed",
      text: "A.",
      adoptedProposalId: "p1",
      epoch: 1,
    });
  });

  it("counts only a party's latest stance", () => {
    const kit = setUp();
    tableAndAccept(kit, "p1", "A.");
    kit.run(M.azHead, {
      type: "take-position",
      positionId: "late",
      provisionId: "art1",
      proposalId: "p1",
      stance: "reject",
    });
    expect(
      codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "p1" })),
    ).toBe("provision.not_accepted_by_all");
  });

  it("adopts the agreed alternative and supersedes the other live ones", () => {
    const kit = setUp();
    tableAndAccept(kit, "p1", "A.");
    kit.run(M.azHead, {
      type: "table-proposal",
      proposalId: "p2",
      provisionId: "art1",
      proposalKind: "replace",
      text: "B.",
    });
    kit.run(M.lead, {
      type: "table-proposal",
      proposalId: "priv",
      provisionId: "art1",
      proposalKind: "replace",
      text: "M.",
      scope: "mediation",
    });
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "p1" });
    expect(kit.state.get("proposal", "p1")?.state).toBe("adopted");
    expect(kit.state.get("proposal", "p2")?.state).toBe("superseded");
    // The shared agreement never changes content of a narrower scope.
    expect(kit.state.get("proposal", "priv")?.state).toBe("live");
  });

  it("agreement ad referendum needs a (possibly conditional) acceptance by all, and is confirmed by plain acceptance", () => {
    const kit = setUp();
    tableAndAccept(kit, "p1", "A.", "accept_ad_referendum");
    expect(
      codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "p1" })),
    ).toBe("provision.not_accepted_by_all");
    kit.run(M.lead, { type: "mark-agreed-ad-referendum", provisionId: "art1", proposalId: "p1" });
    expect(kit.state.get("provision", "art1")).toMatchObject({
      status: "agreed_ad_referendum",
      text: "A.",
      epoch: 0,
    });
    expect(
      codeOf(() =>
        kit.run(M.lead, { type: "mark-agreed-ad-referendum", provisionId: "art1", proposalId: "p1" }),
      ),
    ).toBe("provision.agreed_locked");
    // No new text while ad referendum: not by proposal and not by counter-proposal.
    expect(
      codeOf(() =>
        kit.run(M.azHead, {
          type: "table-proposal",
          proposalId: "q",
          provisionId: "art1",
          proposalKind: "replace",
          text: "Q.",
        }),
      ),
    ).toBe("provision.agreed_locked");
    expect(
      codeOf(() =>
        kit.run(M.azHead, {
          type: "take-position",
          positionId: "k",
          provisionId: "art1",
          proposalId: "p1",
          stance: "counter_propose",
          counter: { proposalId: "q", text: "Q." },
        }),
      ),
    ).toBe("provision.agreed_locked");
  });

  it("confirms ad referendum agreement once capitals approve", () => {
    const kit = setUp();
    tableAndAccept(kit, "p1", "A.", "accept_ad_referendum");
    kit.run(M.lead, { type: "mark-agreed-ad-referendum", provisionId: "art1", proposalId: "p1" });
    kit.run(M.azHead, {
      type: "table-proposal",
      proposalId: "other",
      provisionId: "art2",
      proposalKind: "replace",
      text: "O.",
    });
    expect(
      codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "other" })),
    ).toBe("proposal.invalid");
    expect(codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1" }))).toBe(
      "provision.not_accepted_by_all",
    );
    bothTake(kit, "art1", "p1", "accept");
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art1" });
    expect(kit.state.get("provision", "art1")).toMatchObject({
      status: "agreed",
      text: "A.",
      adoptedProposalId: "p1",
      epoch: 1,
    });
    expect(codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1" }))).toBe(
      "provision.agreed_locked",
    );
  });

  it("refuses agreeing a proposal that is not on the shared text", () => {
    const kit = setUp();
    kit.run(M.lead, {
      type: "table-proposal",
      proposalId: "m",
      provisionId: "art1",
      proposalKind: "replace",
      text: "M.",
      scope: "mediation",
    });
    expect(codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1", proposalId: "m" }))).toBe(
      "proposal.invalid",
    );
  });

  it("any party may reopen an agreed provision; positions then start afresh", () => {
    const kit = setUp();
    expect(codeOf(() => kit.run(M.amMember, { type: "reopen-provision", provisionId: "art1" }))).toBe(
      "provision.not_agreed",
    );
    agree(kit, "art1");
    kit.run(M.azMember, { type: "reopen-provision", provisionId: "art1", reason: "Capital objects." });
    expect(kit.state.get("provision", "art1")).toMatchObject({ status: "reopened", epoch: 2 });
    expect(codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1" }))).toBe(
      "provision.not_accepted_by_all",
    );
    // A new proposal keeps the provision marked as reopened rather than merely bracketed.
    kit.run(M.azHead, {
      type: "table-proposal",
      proposalId: "p",
      provisionId: "art1",
      proposalKind: "replace",
      text: "P.",
    });
    expect(status(kit)).toBe("reopened");
    agree(kit, "art1");
    expect(status(kit)).toBe("agreed");
  });

  it("reopening an agreed deletion makes the provision negotiable again and blocks adoption until settled", () => {
    const kit = setUp();
    kit.run(M.azHead, {
      type: "table-proposal",
      proposalId: "del",
      provisionId: "art2",
      proposalKind: "delete",
    });
    bothTake(kit, "art2", "del");
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art2", proposalId: "del" });
    kit.run(M.amHead, { type: "reopen-provision", provisionId: "art2" });
    agree(kit, "pre");
    agree(kit, "art1");
    expect(codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }))).toBe("instrument.not_all_agreed");
    // Agreeing the provision as it stands keeps it deleted: it does not come back as an empty article.
    agree(kit, "art2");
    expect(kit.state.get("provision", "art2")).toMatchObject({ status: "agreed", deleted: true });
    expect(codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }))).toBe("ok");
  });

  it("a reopened deletion can be undone by agreeing a new text for the provision", () => {
    const kit = setUp();
    kit.run(M.azHead, {
      type: "table-proposal",
      proposalId: "del",
      provisionId: "art2",
      proposalKind: "delete",
    });
    bothTake(kit, "art2", "del");
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art2", proposalId: "del" });
    kit.run(M.amHead, { type: "reopen-provision", provisionId: "art2" });
    kit.run(M.amHead, {
      type: "table-proposal",
      proposalId: "back",
      provisionId: "art2",
      proposalKind: "replace",
      text: "Borders, restored.",
    });
    bothTake(kit, "art2", "back");
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art2", proposalId: "back" });
    expect(kit.state.get("provision", "art2")).toMatchObject({
      status: "agreed",
      deleted: false,
      text: "Borders, restored.",
    });
  });
});

describe("nothing is agreed until everything is agreed", () => {
  it("adopts the instrument only when every live provision is agreed", () => {
    const kit = setUp();
    agree(kit, "pre");
    tableAndAccept(kit, "p1", "A.", "accept_ad_referendum");
    kit.run(M.lead, { type: "mark-agreed-ad-referendum", provisionId: "art1", proposalId: "p1" });
    const refused = errorOf(() => kit.run(M.lead, { type: "adopt-instrument" }));
    expect(refused?.code).toBe("instrument.not_all_agreed");
    expect(refused?.details).toEqual({ pending: ["art1", "art2"] });
    bothTake(kit, "art1", "p1");
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art1" });
    agree(kit, "art2");
    kit.run(M.lead, { type: "adopt-instrument" });
    expect(instrument(kit)).toMatchObject({ stage: "adopted" });
  });

  it("a deletion agreed only ad referendum still holds up adoption", () => {
    const kit = setUp();
    agree(kit, "pre");
    agree(kit, "art1");
    kit.run(M.azHead, {
      type: "table-proposal",
      proposalId: "del",
      provisionId: "art2",
      proposalKind: "delete",
    });
    bothTake(kit, "art2", "del", "accept_ad_referendum");
    kit.run(M.lead, { type: "mark-agreed-ad-referendum", provisionId: "art2", proposalId: "del" });
    expect(kit.state.get("provision", "art2")).toMatchObject({
      status: "agreed_ad_referendum",
      deleted: true,
    });
    expect(codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }))).toBe("instrument.not_all_agreed");
    bothTake(kit, "art2", "del");
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art2" });
    expect(codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }))).toBe("ok");
  });

  it("refuses adopting an empty instrument", () => {
    const kit = setUp({ instrument: false });
    kit.run(M.lead, { type: "create-instrument", title: "Empty" });
    expect(codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }))).toBe("instrument.not_all_agreed");
  });

  it("locks the whole text once adopted", () => {
    const kit = setUp();
    adopt(kit);
    const locked: [string, CommandInput][] = [
      [M.lead, { type: "add-provision", provisionId: "x", provisionKind: "article", text: "x" }],
      [M.lead, { type: "renumber-provision", provisionId: "art1", number: "9" }],
      [
        M.amHead,
        { type: "table-proposal", proposalId: "x", provisionId: "art1", proposalKind: "replace", text: "x" },
      ],
      [M.amHead, { type: "take-position", positionId: "x", provisionId: "art1", stance: "reject" }],
      [M.amHead, { type: "reopen-provision", provisionId: "art1" }],
      [M.lead, { type: "adopt-instrument" }],
    ];
    for (const [actor, command] of locked)
      expect(
        codeOf(() => kit.run(actor, command)),
        command.type,
      ).toBe("instrument.adopted_locked");
  });
});

describe("the act: initialled → signed → ratified by each party → in force", () => {
  it("follows the treaty stages in order", () => {
    const kit = setUp();
    expect(act(kit, M.lead, "initialled")).toBe("act.order");
    adopt(kit);
    expect(act(kit, M.lead, "signed")).toBe("act.order");
    expect(act(kit, M.lead, "initialled")).toBe("ok");
    expect(act(kit, M.lead, "initialled")).toBe("act.order");
    expect(act(kit, M.amHead, "ratified")).toBe("act.order");
    expect(act(kit, M.lead, "signed")).toBe("ok");
    expect(act(kit, M.lead, "in_force")).toBe("act.order");
    expect(act(kit, M.amHead, "ratified")).toBe("ok");
    expect(act(kit, M.amHead, "ratified")).toBe("act.order");
    expect(act(kit, M.lead, "in_force")).toBe("act.order");
    expect(act(kit, M.lead, "ratified", "az")).toBe("ok");
    expect(instrument(kit)?.ratifiedBy).toEqual({ am: "2023-06-01", az: "2023-06-01" });
    expect(act(kit, M.lead, "in_force")).toBe("ok");
    expect(instrument(kit)).toMatchObject({
      stage: "in_force",
      initialledOn: "2023-06-01",
      signedOn: "2023-06-01",
      inForceOn: "2023-06-01",
    });
    expect(act(kit, M.lead, "in_force")).toBe("act.order");
  });

  it("lets a delegation record only its own party's ratification, and the mediation the rest", () => {
    const kit = setUp();
    adopt(kit);
    expect(act(kit, M.amHead, "initialled")).toBe("forbidden");
    act(kit, M.lead, "initialled");
    expect(act(kit, M.amHead, "signed")).toBe("forbidden");
    act(kit, M.lead, "signed");
    expect(act(kit, M.amHead, "ratified", "az")).toBe("forbidden");
    expect(act(kit, M.lead, "ratified")).toBe("party.unknown");
    expect(act(kit, M.lead, "ratified", "ge")).toBe("party.unknown");
    expect(act(kit, M.amMember, "ratified")).toBe("forbidden");
    act(kit, M.amHead, "ratified");
    act(kit, M.azHead, "ratified", "az");
    expect(act(kit, M.amHead, "in_force")).toBe("forbidden");
  });

  it("needs an instrument", () => {
    const kit = setUp({ instrument: false });
    expect(act(kit, M.lead, "initialled")).toBe("instrument.missing");
  });
});
