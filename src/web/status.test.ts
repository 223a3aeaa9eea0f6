import { describe, expect, it } from "vitest";
import { describeSegments, roleInWords, segmentsOf } from "./status.ts";

describe("progress bands", () => {
  it("counts reopened provisions with the bracketed ones and shares add up to one", () => {
    const segments = segmentsOf({ agreed: 5, agreed_ad_referendum: 1, bracketed: 2, reopened: 1, open: 1 });
    expect(segments.map((s) => [s.key, s.count])).toEqual([
      ["agreed", 5],
      ["ad_referendum", 1],
      ["bracketed", 3],
      ["open", 1],
    ]);
    expect(segments.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1);
  });

  it("reads the progress report's { count } shape and says the bar in words", () => {
    const segments = segmentsOf({ agreed: { count: 3 }, bracketed: { count: 1 } });
    expect(describeSegments(segments)).toBe("Agreed: 3 of 4 (75%), Bracketed: 1 of 4 (25%)");
  });

  it("an empty instrument is a bar of nothing, said so", () => {
    const segments = segmentsOf({});
    expect(segments.every((s) => s.share === 0)).toBe(true);
    expect(describeSegments(segments)).toBe("No provisions yet");
  });
});

describe("roles in words", () => {
  it("names the party of a delegation", () => {
    const name = (id: string) => ({ am: "Armenia" })[id] ?? id;
    expect(roleInWords({ kind: "delegation", party: "am", rank: "head" }, name)).toBe(
      "Head of the Armenia delegation",
    );
    expect(roleInWords({ kind: "mediation", rank: "lead" }, name)).toBe("Lead mediator");
  });
});
