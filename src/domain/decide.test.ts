import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { MEMBERS as M, setUp } from "./test-kit.ts";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return "no error";
}

describe("a provision negotiated to agreement", () => {
  it("goes open → bracketed → agreed ad referendum → agreed, and reopens", () => {
    const kit = setUp();
    kit.run(M.amHead, {
      type: "table-proposal",
      proposalId: "p1",
      provisionId: "art1",
      proposalKind: "replace",
      text: "Lasting peace.",
    });
    expect(kit.state.get("provision", "art1")?.status).toBe("bracketed");
    kit.run(M.amHead, {
      type: "take-position",
      positionId: "x1",
      provisionId: "art1",
      proposalId: "p1",
      stance: "accept",
    });
    expect(
      codeOf(() =>
        kit.run(M.lead, { type: "mark-agreed-ad-referendum", provisionId: "art1", proposalId: "p1" }),
      ),
    ).toBe("provision.not_accepted_by_all");
    kit.run(M.azMember, {
      type: "take-position",
      positionId: "x2",
      provisionId: "art1",
      proposalId: "p1",
      stance: "accept_ad_referendum",
    });
    kit.run(M.lead, { type: "mark-agreed-ad-referendum", provisionId: "art1", proposalId: "p1" });
    expect(kit.state.get("provision", "art1")).toMatchObject({
      status: "agreed_ad_referendum",
      text: "Lasting peace.",
    });
    expect(codeOf(() => kit.run(M.lead, { type: "mark-agreed", provisionId: "art1" }))).toBe(
      "provision.not_accepted_by_all",
    );
    kit.run(M.azHead, {
      type: "take-position",
      positionId: "x3",
      provisionId: "art1",
      proposalId: "p1",
      stance: "accept",
    });
    kit.run(M.lead, { type: "mark-agreed", provisionId: "art1" });
    expect(kit.state.get("provision", "art1")?.status).toBe("agreed");
    expect(
      codeOf(() =>
        kit.run(M.azHead, {
          type: "table-proposal",
          proposalId: "p2",
          provisionId: "art1",
          proposalKind: "replace",
          text: "War.",
        }),
      ),
    ).toBe("provision.agreed_locked");
    kit.run(M.azHead, { type: "reopen-provision", provisionId: "art1", reason: "Capital objects." });
    expect(kit.state.get("provision", "art1")?.status).toBe("reopened");
  });

  it("refuses a position taken for another party", () => {
    const kit = setUp();
    expect(
      codeOf(() =>
        kit.run(M.amHead, {
          type: "take-position",
          positionId: "x",
          provisionId: "art1",
          partyId: "az",
          stance: "accept",
        }),
      ),
    ).toBe("position.not_own_party");
  });
});
