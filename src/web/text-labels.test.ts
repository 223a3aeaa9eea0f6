import { describe, expect, it } from "vitest";
import type { Party } from "../domain/entities.ts";
import { marginLabel, positionLabel, proposerLabel, scopeLabel } from "./text-labels.ts";

const parties = [
  { id: "am", name: "Armenia" },
  { id: "az", name: "Azerbaijan" },
] as Party[];

describe("labels of the negotiating text", () => {
  it("names the proposer of each alternative, bridging proposals as the mediation's", () => {
    expect(proposerLabel({ by: "az", bridging: false }, parties)).toBe("Azerbaijan");
    expect(proposerLabel({ by: "mediation", bridging: true }, parties)).toBe("Mediation (bridging)");
  });

  it("says who reads every scope, naming the delegation", () => {
    expect(scopeLabel("party:az", parties)).toBe("Visible to: the Azerbaijan delegation only");
    expect(scopeLabel("caucus:am", parties)).toBe("Visible to: the Armenia delegation and the mediation");
    expect(scopeLabel("mediation", parties)).toBe("Visible to: the mediation team only");
  });

  it("puts article numbers in the margin", () => {
    expect(marginLabel({ provisionKind: "article", number: "3" })).toBe("Article 3");
    expect(marginLabel({ provisionKind: "paragraph", number: "3.2" })).toBe("3.2");
    expect(marginLabel({ provisionKind: "preamble", number: "" })).toBe("Preamble");
    // Numbered final clauses are articles, named as the dashboard and rounds name them.
    expect(marginLabel({ provisionKind: "final", number: "16" })).toBe("Article 16");
    expect(marginLabel({ provisionKind: "final", number: "" })).toBe("Final");
  });
});

describe("positions", () => {
  it("say where a position was taken when it is not on the shared table", () => {
    expect(positionLabel("Armenia", "shared", "reserve")).toBe("Armenia: reserves");
    expect(positionLabel("Armenia", "caucus:am", "accept_ad_referendum")).toBe(
      "Armenia (in caucus): accepts ad referendum",
    );
    expect(positionLabel("Azerbaijan", "party:az", "reject")).toBe("Azerbaijan (internal): rejects");
  });
});
