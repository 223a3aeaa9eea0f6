import { describe, expect, it } from "vitest";
import type { CommandInput } from "./commands.ts";
import type { ErrorCode } from "./errors.ts";
import { codeOf, type Kit, MEMBERS as M, setUp } from "./test-kit.ts";
import { instrumentOutline } from "./view.ts";

/** The outline as [id, number, depth], the way a reader sees the text. */
const outline = (kit: Kit) =>
  instrumentOutline(kit.state).map((v) => [v.provision.id, v.provision.number, v.depth]);
const version = (kit: Kit, id: string) => kit.state.get("provision", id)?.version ?? -1;
const instrument = (kit: Kit) => kit.state.all("instrument")[0];

/** A refused command: its code, and proof that it wrote nothing. */
function refused(kit: Kit, actor: string, command: CommandInput): ErrorCode | "ok" {
  const before = kit.log.length;
  const snapshot = JSON.stringify(kit.state.snapshot());
  const code = codeOf(() => kit.run(actor, command));
  if (code !== "ok") {
    expect(kit.log.length).toBe(before);
    expect(JSON.stringify(kit.state.snapshot())).toBe(snapshot);
  }
  return code;
}

/** A draft with paragraphs: art1 has p1 and p2. */
function draft(): Kit {
  const kit = setUp({ tabled: false });
  for (const id of ["p1", "p2"])
    kit.run(M.lead, {
      type: "add-provision",
      provisionId: id,
      provisionKind: "paragraph",
      parentId: "art1",
      text: id,
    });
  return kit;
}

describe("drafting the text before it is tabled", () => {
  it("starts untabled, with empty formulas, and edits the title and formulas directly", () => {
    const kit = draft();
    expect(instrument(kit)).toMatchObject({ tabledAt: null, openingFormula: "", closingFormula: "" });
    kit.run(M.mediator, {
      type: "edit-instrument",
      openingFormula: "The Republic of Ardenia and the Republic of Belmaria,",
      closingFormula: "Have agreed as follows:",
    });
    kit.run(M.lead, { type: "edit-instrument", title: "Treaty of Friendship" });
    expect(instrument(kit)).toMatchObject({
      title: "Treaty of Friendship",
      openingFormula: "The Republic of Ardenia and the Republic of Belmaria,",
      closingFormula: "Have agreed as follows:",
    });
    expect(refused(kit, M.lead, { type: "edit-instrument" })).toBe("validation");
    expect(refused(kit, M.amHead, { type: "edit-instrument", title: "Ours" })).toBe("forbidden");
  });

  it("edits a provision's heading and text directly, on the version read", () => {
    const kit = draft();
    const events = kit.run(M.lead, {
      type: "edit-provision",
      provisionId: "art1",
      heading: "Peace",
      baseVersion: version(kit, "art1"),
    });
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["provision.edited", { provisionId: "art1", heading: "Peace", text: "Peace." }],
    ]);
    kit.run(M.lead, { type: "edit-provision", provisionId: "art1", text: "Lasting peace.", baseVersion: 2 });
    expect(kit.state.get("provision", "art1")).toMatchObject({ heading: "Peace", text: "Lasting peace." });
    expect(
      refused(kit, M.lead, { type: "edit-provision", provisionId: "art1", text: "x", baseVersion: 2 }),
    ).toBe("conflict.stale");
    expect(refused(kit, M.lead, { type: "edit-provision", provisionId: "art1", baseVersion: 3 })).toBe(
      "validation",
    );
    expect(
      refused(kit, M.lead, { type: "edit-provision", provisionId: "nope", text: "x", baseVersion: 1 }),
    ).toBe("not_found");
    expect(
      refused(kit, M.azHead, { type: "edit-provision", provisionId: "art1", text: "x", baseVersion: 3 }),
    ).toBe("forbidden");
  });

  it("moves provisions among their siblings and paragraphs between articles", () => {
    const kit = draft();
    kit.run(M.lead, {
      type: "move-provision",
      provisionId: "art2",
      parentId: null,
      afterId: "pre",
      baseVersion: 1,
    });
    kit.run(M.lead, {
      type: "move-provision",
      provisionId: "p2",
      parentId: "art1",
      afterId: null,
      baseVersion: 1,
    });
    expect(outline(kit).map(([id]) => id)).toEqual(["pre", "art2", "art1", "p2", "p1"]);
    kit.run(M.lead, {
      type: "move-provision",
      provisionId: "p1",
      parentId: "art2",
      afterId: null,
      baseVersion: 1,
    });
    expect(outline(kit)).toEqual([
      ["pre", "", 0],
      ["art2", "2", 0],
      ["p1", "", 1],
      ["art1", "1", 0],
      ["p2", "", 1],
    ]);
  });

  it("refuses a move into itself, a paragraph outside an article, and an article inside anything", () => {
    const kit = draft();
    const move = (provisionId: string, parentId: string | null, afterId: string | null = null) =>
      refused(kit, M.lead, {
        type: "move-provision",
        provisionId,
        parentId,
        afterId,
        baseVersion: version(kit, provisionId),
      });
    expect(move("art1", "art1")).toBe("provision.move_into_itself");
    expect(move("art1", "p1")).toBe("provision.move_into_itself");
    expect(move("p1", "p1")).toBe("provision.move_into_itself");
    expect(move("p1", null)).toBe("provision.paragraph_without_article");
    expect(move("p1", "pre")).toBe("provision.paragraph_without_article");
    expect(move("p1", "p2")).toBe("provision.paragraph_without_article");
    expect(move("art2", "art1")).toBe("provision.not_top_level");
    expect(move("pre", "art1")).toBe("provision.not_top_level");
    expect(move("art2", null, "p1")).toBe("validation");
    expect(move("art2", null, "art2")).toBe("validation");
    expect(
      refused(kit, M.lead, { type: "move-provision", provisionId: "art2", afterId: "pre", baseVersion: 9 }),
    ).toBe("conflict.stale");
  });

  it("refuses a paragraph that is not inside an article when adding it too", () => {
    const kit = draft();
    const add = (extra: Record<string, string>) =>
      refused(kit, M.lead, { type: "add-provision", provisionId: "x", text: "x", ...extra } as CommandInput);
    expect(add({ provisionKind: "paragraph" })).toBe("provision.paragraph_without_article");
    expect(add({ provisionKind: "paragraph", parentId: "pre" })).toBe("provision.paragraph_without_article");
    expect(add({ provisionKind: "paragraph", parentId: "p1" })).toBe("provision.paragraph_without_article");
    expect(add({ provisionKind: "final", parentId: "art1" })).toBe("provision.not_top_level");
    kit.run(M.lead, {
      type: "add-provision",
      provisionId: "f",
      provisionKind: "final",
      number: "3",
      text: "In force.",
    });
    expect(add({ provisionKind: "paragraph", parentId: "f" })).toBe("ok");
  });

  it("withdraws a provision with its paragraphs: out of the text, on the record, and no longer a target", () => {
    const kit = draft();
    const events = kit.run(M.lead, { type: "withdraw-provision", provisionId: "art1", baseVersion: 1 });
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["provision.withdrawn", { provisionId: "art1" }],
      ["provision.withdrawn", { provisionId: "p1" }],
      ["provision.withdrawn", { provisionId: "p2" }],
    ]);
    expect(outline(kit).map(([id]) => id)).toEqual(["pre", "art2"]);
    expect(kit.state.get("provision", "p1")?.withdrawn).toBe(true);
    expect(refused(kit, M.lead, { type: "withdraw-provision", provisionId: "art1", baseVersion: 2 })).toBe(
      "not_found",
    );
    expect(
      refused(kit, M.lead, { type: "edit-provision", provisionId: "p1", text: "Back.", baseVersion: 2 }),
    ).toBe("not_found");
    expect(
      refused(kit, M.lead, { type: "move-provision", provisionId: "art2", afterId: "art1", baseVersion: 1 }),
    ).toBe("validation");
    // Withdrawn provisions hold nothing up: the rest of the text can be tabled, agreed and adopted.
    kit.run(M.lead, { type: "table-text" });
    for (const id of ["pre", "art2"]) {
      for (const head of [M.amHead, M.azHead])
        kit.run(head, {
          type: "take-position",
          positionId: `${id}-${head}`,
          provisionId: id,
          stance: "accept",
        });
      kit.run(M.lead, { type: "mark-agreed", provisionId: id });
    }
    expect(codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }))).toBe("ok");
  });

  it("renumbers articles and their paragraphs in text order, one event per number that changes", () => {
    const kit = draft();
    kit.run(M.lead, {
      type: "move-provision",
      provisionId: "art2",
      parentId: null,
      afterId: "pre",
      baseVersion: 1,
    });
    kit.run(M.lead, {
      type: "add-provision",
      provisionId: "f",
      provisionKind: "final",
      number: "9",
      text: "In force.",
    });
    const events = kit.run(M.mediator, { type: "renumber-text" });
    expect(events.map((e) => e.data)).toEqual([
      { provisionId: "art2", number: "1" },
      { provisionId: "art1", number: "2" },
      { provisionId: "p1", number: "1" },
      { provisionId: "p2", number: "2" },
      { provisionId: "f", number: "3" },
    ]);
    expect(outline(kit).map(([id, n]) => `${id}:${n}`)).toEqual([
      "pre:",
      "art2:1",
      "art1:2",
      "p1:1",
      "p2:2",
      "f:3",
    ]);
    expect(kit.run(M.lead, { type: "renumber-text" })).toEqual([]);
    expect(refused(kit, M.amHead, { type: "renumber-text" })).toBe("forbidden");
  });
});

describe("the text's stage, drafting × tabled", () => {
  // A valid command of each stage, issued by whom the policy lets; each is refused in the other stage.
  const STAGED: readonly [string, "drafting" | "tabled", CommandInput][] = [
    [M.lead, "drafting", { type: "add-provision", provisionId: "a3", provisionKind: "article", text: "x" }],
    [M.lead, "drafting", { type: "edit-instrument", closingFormula: "Have agreed as follows:" }],
    [M.lead, "drafting", { type: "edit-provision", provisionId: "art2", text: "y", baseVersion: 1 }],
    [M.lead, "drafting", { type: "move-provision", provisionId: "art2", afterId: "pre", baseVersion: 1 }],
    [M.lead, "drafting", { type: "withdraw-provision", provisionId: "art2", baseVersion: 1 }],
    [M.lead, "drafting", { type: "table-text" }],
    [
      M.lead,
      "tabled",
      { type: "table-proposal", proposalId: "p", provisionId: "art1", proposalKind: "replace", text: "z" },
    ],
    [M.amHead, "tabled", { type: "take-position", positionId: "x", provisionId: "art1", stance: "accept" }],
  ];
  for (const [actor, stage, command] of STAGED) {
    it(`${command.type} only while ${stage}`, () => {
      const wrong = setUp({ tabled: stage === "drafting" });
      expect(refused(wrong, actor, command)).toBe(
        stage === "drafting" ? "instrument.tabled" : "instrument.drafting",
      );
      expect(codeOf(() => setUp({ tabled: stage === "tabled" }).run(actor, command))).toBe("ok");
    });
  }
});

describe("tabling the text", () => {
  it("is the lead's act, once; before it nobody proposes or takes a position, after it nobody edits directly", () => {
    const kit = draft();
    const proposal = {
      type: "table-proposal",
      proposalId: "q",
      provisionId: "art1",
      proposalKind: "replace",
      text: "War.",
    } as const;
    const position = {
      type: "take-position",
      positionId: "x",
      provisionId: "art1",
      stance: "accept",
    } as const;
    const newOne = {
      ...proposal,
      proposalKind: "new",
      provisionId: "n",
      newProvision: { provisionKind: "article" },
    } as const;
    expect(refused(kit, M.amHead, proposal)).toBe("instrument.drafting");
    expect(refused(kit, M.lead, proposal)).toBe("instrument.drafting");
    expect(refused(kit, M.amHead, newOne)).toBe("instrument.drafting");
    expect(refused(kit, M.azHead, position)).toBe("instrument.drafting");
    expect(refused(kit, M.mediator, { type: "table-text" })).toBe("forbidden");

    const [tabled] = kit.run(M.lead, { type: "table-text" });
    expect(tabled?.type).toBe("instrument.tabled");
    expect(instrument(kit)?.tabledAt).toBe(tabled?.at);
    expect(refused(kit, M.lead, { type: "table-text" })).toBe("instrument.tabled");

    const drafting: CommandInput[] = [
      { type: "edit-instrument", title: "Other" },
      { type: "edit-provision", provisionId: "art1", text: "x", baseVersion: 1 },
      { type: "move-provision", provisionId: "art2", afterId: "pre", baseVersion: 1 },
      { type: "withdraw-provision", provisionId: "art2", baseVersion: 1 },
      { type: "add-provision", provisionId: "a9", provisionKind: "article", text: "x" },
    ];
    for (const command of drafting) expect(refused(kit, M.lead, command)).toBe("instrument.tabled");
    // Every change is now a proposal; renumbering is still the mediation's, at any stage.
    expect(codeOf(() => kit.run(M.amHead, proposal))).toBe("ok");
    expect(codeOf(() => kit.run(M.azHead, position))).toBe("ok");
    expect(codeOf(() => kit.run(M.lead, { type: "renumber-text" }))).toBe("ok");
  });

  it("refuses drafting and tabling without an instrument", () => {
    const kit = setUp({ instrument: false });
    expect(refused(kit, M.lead, { type: "table-text" })).toBe("instrument.missing");
    expect(refused(kit, M.lead, { type: "edit-instrument", title: "T" })).toBe("instrument.missing");
    expect(refused(kit, M.lead, { type: "renumber-text" })).toBe("instrument.missing");
  });
});
