import { describe, expect, it } from "vitest";
import { evolve } from "../domain/evolve.ts";
import { bothTake, type Kit, MEMBERS as M, setUp } from "../domain/test-kit.ts";
import { instrumentView } from "./presenters.ts";
import { progressInputs } from "./progress.ts";

/** Blanks as progress counts them: the same provisions the instrument view's total must cover. */
const progressBlanks = (kit: Kit) => progressInputs(kit.state).reduce((n, p) => n + (p.blanks ?? 0), 0);

describe("the instrument's blank total and progress count the same provisions", () => {
  it("leaves out a provision agreed for deletion, whatever text it still carries", () => {
    const kit = setUp({ tabled: false });
    kit.run(M.lead, {
      type: "edit-provision",
      provisionId: "art1",
      text: "Peace from [date].",
      baseVersion: 1,
    });
    kit.run(M.lead, {
      type: "edit-provision",
      provisionId: "art2",
      text: "Within ____ days.",
      baseVersion: 1,
    });
    kit.run(M.lead, { type: "table-text" });
    kit.run(M.azHead, {
      type: "table-proposal",
      proposalId: "del",
      provisionId: "art2",
      proposalKind: "delete",
    });
    bothTake(kit, "art2", "del");
    const [agreed] = kit.run(M.lead, { type: "mark-agreed", provisionId: "art2", proposalId: "del" });
    if (agreed?.type !== "provision.agreed") throw new Error("the deletion was not agreed");
    // Today an agreed deletion clears the text; a record where it did not (the text is the event's to say)
    // must still not make the two totals disagree.
    evolve(kit.state, { ...agreed, data: { ...agreed.data, text: "Within ____ days." } });
    expect(kit.state.get("provision", "art2")).toMatchObject({ deleted: true, text: "Within ____ days." });
    expect(progressBlanks(kit)).toBe(1);
    expect(instrumentView(kit.state).blanks).toBe(1);
  });

  it("counts a paragraph's blanks in both", () => {
    const kit = setUp({ tabled: false });
    kit.run(M.lead, {
      type: "add-provision",
      provisionId: "art1-1",
      provisionKind: "paragraph",
      parentId: "art1",
      number: "1",
      text: "Signed at [place] on [date].",
    });
    expect(progressBlanks(kit)).toBe(2);
    expect(instrumentView(kit.state).blanks).toBe(2);
  });
});
