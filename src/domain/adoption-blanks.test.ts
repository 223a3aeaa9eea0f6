import { describe, expect, it } from "vitest";
import { agree, bothTake, codeOf, errorOf, type Kit, MEMBERS as M, setUp } from "./test-kit.ts";

const stage = (kit: Kit) => kit.state.get("instrument", "test-negotiation-instrument")?.stage;

/** The standard instrument with blanks drafted into article 2 and a paragraph under article 1, then tabled. */
function withBlanks(): Kit {
  const kit = setUp({ tabled: false });
  kit.run(M.lead, {
    type: "edit-provision",
    provisionId: "art2",
    text: "The border is settled within ____ days.",
    baseVersion: 1,
  });
  kit.run(M.lead, {
    type: "add-provision",
    provisionId: "art1-1",
    provisionKind: "paragraph",
    parentId: "art1",
    number: "1",
    text: "Signed at [place] on [date].",
  });
  return kit;
}

describe("adopting the instrument while blanks are open", () => {
  it("is refused, naming the provisions still holding a blank, and writes nothing", () => {
    const kit = withBlanks();
    kit.run(M.lead, { type: "table-text" });
    for (const id of ["pre", "art1", "art1-1", "art2"]) agree(kit, id);
    const before = kit.log.length;
    const refused = errorOf(() => kit.run(M.lead, { type: "adopt-instrument" }));
    expect(refused?.code).toBe("instrument.blanks_open");
    expect(refused?.status).toBe(422);
    expect(refused?.details).toEqual({ provisions: ["art2", "art1-1"] });
    expect(refused?.message).toContain("2, 1");
    expect(kit.log.length).toBe(before);
    expect(stage(kit)).toBe("negotiating");
  });

  it("goes through once a proposal fills the blanks in", () => {
    const kit = withBlanks();
    kit.run(M.lead, { type: "table-text" });
    for (const id of ["pre", "art1", "art1-1", "art2"]) agree(kit, id);
    const fill = (provisionId: string, proposalId: string, text: string) => {
      kit.run(M.amHead, { type: "reopen-provision", provisionId });
      kit.run(M.amHead, { type: "table-proposal", proposalId, provisionId, proposalKind: "replace", text });
      bothTake(kit, provisionId, proposalId);
      kit.run(M.lead, { type: "mark-agreed", provisionId, proposalId });
    };
    fill("art2", "fill-2", "The border is settled within 90 days.");
    expect(errorOf(() => kit.run(M.lead, { type: "adopt-instrument" }))?.details).toEqual({
      provisions: ["art1-1"],
    });
    fill("art1-1", "fill-1", "Signed at Geneva on 1 June 2023.");
    expect(codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }))).toBe("ok");
    expect(stage(kit)).toBe("adopted");
  });

  it("ignores a blank in a provision withdrawn from the draft", () => {
    const kit = withBlanks();
    kit.run(M.lead, { type: "withdraw-provision", provisionId: "art2", baseVersion: 2 });
    kit.run(M.lead, { type: "withdraw-provision", provisionId: "art1-1", baseVersion: 1 });
    kit.run(M.lead, { type: "table-text" });
    for (const id of ["pre", "art1"]) agree(kit, id);
    expect(codeOf(() => kit.run(M.lead, { type: "adopt-instrument" }))).toBe("ok");
  });
});
