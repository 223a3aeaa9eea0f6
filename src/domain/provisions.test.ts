import { describe, expect, it } from "vitest";
import type { CommandInput } from "./commands.ts";
import { agree, codeOf, errorOf, type Kit, MEMBERS as M, setUp, viewerFor } from "./test-kit.ts";
import { instrumentOutline, viewFor } from "./view.ts";

const replace = (proposalId: string, text: string, extra: Partial<CommandInput> = {}): CommandInput =>
  ({
    type: "table-proposal",
    proposalId,
    provisionId: "art1",
    proposalKind: "replace",
    text,
    ...extra,
  }) as CommandInput;

function position(kit: Kit, actor: string, positionId: string, extra: Record<string, unknown>) {
  return kit.run(actor, {
    type: "take-position",
    positionId,
    provisionId: "art1",
    stance: "accept",
    ...extra,
  } as CommandInput);
}

describe("the instrument and its provisions", () => {
  it("has one instrument; provisions are added to it in document order", () => {
    const kit = setUp({ instrument: false });
    expect(
      codeOf(() =>
        kit.run(M.lead, { type: "add-provision", provisionId: "a", provisionKind: "article", text: "x" }),
      ),
    ).toBe("instrument.missing");
    kit.run(M.lead, { type: "create-instrument", title: "Agreement" });
    expect(codeOf(() => kit.run(M.lead, { type: "create-instrument", title: "Again" }))).toBe(
      "instrument.exists",
    );
    const add = (provisionId: string, extra: Record<string, string> = {}) =>
      kit.run(M.mediator, {
        type: "add-provision",
        provisionId,
        provisionKind: "article",
        text: provisionId,
        ...extra,
      } as CommandInput);
    add("a1");
    add("a3");
    add("a2", { afterId: "a1" });
    add("a1.1", { parentId: "a1", provisionKind: "paragraph" });
    expect(instrumentOutline(kit.state).map((v) => [v.provision.id, v.depth])).toEqual([
      ["a1", 0],
      ["a1.1", 1],
      ["a2", 0],
      ["a3", 0],
    ]);
    expect(codeOf(() => add("a1"))).toBe("conflict.exists");
    expect(codeOf(() => add("x", { afterId: "a1.1" }))).toBe("validation");
    expect(codeOf(() => add("y", { parentId: "missing", provisionKind: "paragraph" }))).toBe("not_found");
    expect(kit.state.get("provision", "a1")).toMatchObject({ status: "open", epoch: 0, scope: "shared" });
  });

  it("renumbers a provision, refusing an edit based on a stale version", () => {
    const kit = setUp();
    const version = kit.state.get("provision", "art2")?.version ?? -1;
    kit.run(M.lead, { type: "renumber-provision", provisionId: "art2", number: "3", baseVersion: version });
    expect(kit.state.get("provision", "art2")?.number).toBe("3");
    const stale = errorOf(() =>
      kit.run(M.mediator, {
        type: "renumber-provision",
        provisionId: "art2",
        number: "4",
        baseVersion: version,
      }),
    );
    expect(stale?.code).toBe("conflict.stale");
    expect(stale?.status).toBe(409);
    expect(stale?.details).toMatchObject({ baseVersion: version, currentVersion: version + 1 });
  });
});

describe("proposals", () => {
  it("a party's proposal on the shared text brackets the provision and is labelled with its proposer", () => {
    const kit = setUp();
    kit.run(M.amMember, replace("p1", "Lasting peace."));
    expect(kit.state.get("proposal", "p1")).toMatchObject({
      by: "am",
      bridging: false,
      state: "live",
      authorId: M.amMember,
    });
    expect(kit.state.get("provision", "art1")?.status).toBe("bracketed");
    kit.run(M.mediator, replace("b1", "Peace and good neighbourliness."));
    expect(kit.state.get("proposal", "b1")).toMatchObject({ by: "mediation", bridging: true });
    const [view] = instrumentOutline(kit.state).filter((v) => v.provision.id === "art1");
    expect(view?.alternatives.map((p) => p.id)).toEqual(["p1", "b1"]);
  });

  it("a proposal kept in a party's own scope leaves the shared text untouched and stays invisible to others", () => {
    const kit = setUp();
    const before = kit.state.get("provision", "art1");
    kit.run(M.amHead, replace("draft", "Our fallback.", { scope: "party:am" }));
    expect(kit.state.get("provision", "art1")).toEqual(before);
    for (const other of [M.lead, M.azHead, M.observer]) {
      expect(viewFor(kit.state, viewerFor(kit, other)).get("proposal", "draft")).toBeUndefined();
    }
  });

  it("checks the kind of proposal against its text and placement", () => {
    const kit = setUp();
    expect(codeOf(() => kit.run(M.amHead, replace("p", "  ")))).toBe("proposal.invalid");
    expect(
      codeOf(() =>
        kit.run(M.amHead, {
          type: "table-proposal",
          proposalId: "p",
          provisionId: "art1",
          proposalKind: "delete",
          text: "x",
        }),
      ),
    ).toBe("proposal.invalid");
    expect(
      codeOf(() => kit.run(M.amHead, replace("p", "x", { newProvision: { provisionKind: "article" } }))),
    ).toBe("proposal.invalid");
    const neu = (extra: Record<string, unknown>) =>
      codeOf(() =>
        kit.run(M.azHead, {
          type: "table-proposal",
          proposalId: "pn",
          provisionId: "art3",
          proposalKind: "new",
          text: "Transit.",
          ...extra,
        } as CommandInput),
      );
    expect(neu({})).toBe("proposal.invalid");
    expect(neu({ newProvision: { provisionKind: "article" }, scope: "caucus:az" })).toBe(
      "proposal.new_must_be_shared",
    );
    expect(neu({ newProvision: { provisionKind: "article" }, text: "" })).toBe("proposal.invalid");
    expect(neu({ newProvision: { provisionKind: "article", number: "3", afterId: "art2" } })).toBe("ok");
    expect(kit.state.get("provision", "art3")).toMatchObject({ text: "", number: "3", status: "bracketed" });
    expect(kit.state.get("proposal", "pn")).toMatchObject({ proposalKind: "new", by: "az" });
  });

  it("refuses proposals in scopes the proposer cannot write, and references from wider scopes", () => {
    const kit = setUp();
    expect(codeOf(() => kit.run(M.amHead, replace("p", "x", { scope: "caucus:az" })))).toBe(
      "scope.not_writable",
    );
    expect(codeOf(() => kit.run(M.amHead, replace("p", "x", { scope: "public" })))).toBe(
      "scope.not_writable",
    );
    expect(codeOf(() => kit.run(M.lead, replace("p", "x", { scope: "party:am" })))).toBe(
      "scope.not_writable",
    );
    expect(codeOf(() => kit.run(M.lead, replace("p", "x", { scope: "mediation" })))).toBe("ok");
  });

  it("takes a proposed new provision out of the text when its only alternative is withdrawn", () => {
    const kit = setUp();
    const propose = (proposalId: string, provisionId: string) =>
      kit.run(M.azHead, {
        type: "table-proposal",
        proposalId,
        provisionId,
        proposalKind: "new",
        text: "Transit.",
        newProvision: { provisionKind: "article", number: "3", afterId: "art2" },
      } as CommandInput);
    propose("pn", "art3");
    kit.run(M.azHead, { type: "withdraw-proposal", proposalId: "pn" });
    expect(kit.state.get("provision", "art3")).toMatchObject({ deleted: true, status: "open" });

    // With another live alternative on it, the provision stays on the table.
    propose("pm", "art4");
    const version = kit.state.get("provision", "art4")?.version;
    kit.run(M.amHead, replace("pr", "Transit, by agreement.", { provisionId: "art4", baseVersion: version }));
    kit.run(M.azHead, { type: "withdraw-proposal", proposalId: "pm" });
    expect(kit.state.get("provision", "art4")).toMatchObject({ deleted: false, status: "bracketed" });
  });

  it("lets only the proposing side withdraw a live proposal", () => {
    const kit = setUp();
    kit.run(M.amHead, replace("p1", "Lasting peace."));
    kit.run(M.lead, replace("b1", "Bridge."));
    expect(codeOf(() => kit.run(M.azHead, { type: "withdraw-proposal", proposalId: "p1" }))).toBe(
      "proposal.not_own",
    );
    expect(codeOf(() => kit.run(M.lead, { type: "withdraw-proposal", proposalId: "p1" }))).toBe(
      "proposal.not_own",
    );
    // Any member of the side may withdraw: the mediation speaks as one.
    expect(codeOf(() => kit.run(M.mediator, { type: "withdraw-proposal", proposalId: "b1" }))).toBe("ok");
    kit.run(M.amMember, { type: "withdraw-proposal", proposalId: "p1" });
    expect(kit.state.get("proposal", "p1")?.state).toBe("withdrawn");
    expect(codeOf(() => kit.run(M.amHead, { type: "withdraw-proposal", proposalId: "p1" }))).toBe(
      "proposal.not_live",
    );
    expect(instrumentOutline(kit.state).find((v) => v.provision.id === "art1")?.alternatives).toEqual([]);
  });

  it("withdrawing the last live alternative un-brackets the provision", () => {
    const kit = setUp();
    kit.run(M.amHead, replace("p1", "A."));
    kit.run(M.azHead, replace("p2", "B."));
    kit.run(M.amHead, { type: "withdraw-proposal", proposalId: "p1" });
    expect(kit.state.get("provision", "art1")?.status).toBe("bracketed");
    kit.run(M.azHead, { type: "withdraw-proposal", proposalId: "p2" });
    expect(kit.state.get("provision", "art1")?.status).toBe("open");
  });

  it("refuses amending an agreed provision until it is reopened, and a deleted one at all", () => {
    const kit = setUp();
    agree(kit, "art1");
    expect(codeOf(() => kit.run(M.amHead, replace("p", "x")))).toBe("provision.agreed_locked");
    kit.run(M.azHead, {
      type: "table-proposal",
      proposalId: "del",
      provisionId: "art2",
      proposalKind: "delete",
    });
    for (const head of [M.amHead, M.azHead]) {
      kit.run(head, {
        type: "take-position",
        positionId: `d-${head}`,
        provisionId: "art2",
        proposalId: "del",
        stance: "accept",
      });
    }
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art2", proposalId: "del" });
    expect(kit.state.get("provision", "art2")).toMatchObject({ deleted: true, status: "agreed", text: "" });
    expect(
      codeOf(() => kit.run(M.amHead, { ...replace("p", "x"), provisionId: "art2" } as CommandInput)),
    ).toBe("provision.deleted");
  });
});

describe("positions", () => {
  it("records a party's stance on an alternative, in the current epoch", () => {
    const kit = setUp();
    kit.run(M.amHead, replace("p1", "Lasting peace."));
    position(kit, M.azMember, "x1", { proposalId: "p1", stance: "reserve", comment: "Consulting capital." });
    expect(kit.state.get("position", "x1")).toMatchObject({
      party: "az",
      stance: "reserve",
      proposalId: "p1",
      epoch: 0,
      authorId: M.azMember,
    });
  });

  it("is taken by delegations only, each for its own party", () => {
    const kit = setUp();
    expect(codeOf(() => position(kit, M.amHead, "x", { partyId: "az" }))).toBe("position.not_own_party");
    expect(codeOf(() => position(kit, M.amHead, "x", { partyId: "am" }))).toBe("ok");
    expect(codeOf(() => position(kit, M.lead, "y", {}))).toBe("forbidden");
    expect(codeOf(() => position(kit, M.observer, "y", {}))).toBe("forbidden");
    expect(codeOf(() => position(kit, M.amHead, "x", {}))).toBe("conflict.exists");
  });

  it("counter-proposes by tabling a replacement in the position's scope", () => {
    const kit = setUp();
    kit.run(M.amHead, replace("p1", "Lasting peace."));
    expect(codeOf(() => position(kit, M.azHead, "c", { proposalId: "p1", stance: "counter_propose" }))).toBe(
      "proposal.invalid",
    );
    expect(
      codeOf(() =>
        position(kit, M.azHead, "c", {
          proposalId: "p1",
          stance: "counter_propose",
          counter: { proposalId: "p2", text: " " },
        }),
      ),
    ).toBe("proposal.invalid");
    expect(
      codeOf(() =>
        position(kit, M.azHead, "c", {
          proposalId: "p1",
          stance: "reject",
          counter: { proposalId: "p2", text: "x" },
        }),
      ),
    ).toBe("proposal.invalid");
    position(kit, M.azHead, "c", {
      proposalId: "p1",
      stance: "counter_propose",
      comment: "Ours.",
      counter: { proposalId: "p2", text: "Peace, at last." },
    });
    expect(kit.state.get("proposal", "p2")).toMatchObject({
      by: "az",
      proposalKind: "replace",
      text: "Peace, at last.",
      scope: "shared",
    });
    expect(kit.state.get("position", "c")?.counterProposalId).toBe("p2");
  });

  it("refuses answering a dead alternative or one of another provision", () => {
    const kit = setUp();
    kit.run(M.amHead, replace("p1", "A."));
    kit.run(M.amHead, {
      type: "table-proposal",
      proposalId: "q",
      provisionId: "art2",
      proposalKind: "replace",
      text: "B.",
    });
    expect(codeOf(() => position(kit, M.azHead, "x", { proposalId: "q" }))).toBe("proposal.invalid");
    kit.run(M.amHead, { type: "withdraw-proposal", proposalId: "p1" });
    expect(codeOf(() => position(kit, M.azHead, "x", { proposalId: "p1" }))).toBe("proposal.not_live");
  });

  it("a proposal made in caucus is answered in that caucus or privately, never on the shared text", () => {
    const kit = setUp();
    kit.run(M.lead, replace("cb", "Caucus bridge.", { scope: "caucus:am" }));
    // A shared position may not refer to something only Armenia and the mediation can read.
    expect(codeOf(() => position(kit, M.amHead, "x", { proposalId: "cb" }))).toBe("scope.reference_narrower");
    expect(codeOf(() => position(kit, M.amHead, "x", { proposalId: "cb", scope: "party:am" }))).toBe("ok");
    expect(codeOf(() => position(kit, M.amHead, "x2", { proposalId: "cb", scope: "caucus:am" }))).toBe("ok");
    expect(codeOf(() => position(kit, M.azHead, "y", { proposalId: "cb", scope: "caucus:az" }))).toBe(
      "not_found",
    );
  });
});
