import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convergence, convergenceTrend } from "./convergence.ts";

const ARMENIA =
  "The Parties shall open all transport links on the basis of sovereignty and jurisdiction of the States.";
const AZERBAIJAN =
  "The Parties shall open all transport links, including the Zangezur route, without obstacles.";
const BRIDGE =
  "The Parties shall open all transport links on the basis of sovereignty, jurisdiction and reciprocity.";

describe("convergence", () => {
  it("is 1 when a single text is on the table or every alternative is the same", () => {
    expect(convergence([])).toBe(1);
    expect(convergence([ARMENIA])).toBe(1);
    expect(convergence([ARMENIA, ARMENIA, ARMENIA])).toBe(1);
  });

  it("rises as a bridging text brings the alternatives closer", () => {
    const apart = convergence([ARMENIA, AZERBAIJAN]);
    const closer = convergence([ARMENIA, BRIDGE]);
    expect(apart).toBeLessThan(closer);
    expect(closer).toBeLessThan(1);
    expect(
      convergence(["Article on borders.", "Annex on water resources and fisheries quotas."]),
    ).toBeLessThan(0.3);
  });

  it("stays between 0 and 1 and does not depend on the order of the alternatives", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", maxLength: 40 }), { maxLength: 4 }),
        (alternatives) => {
          const value = convergence(alternatives);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
          expect(convergence([...alternatives].reverse())).toBeCloseTo(value, 1);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("convergenceTrend", () => {
  it("shows a provision converging round by round as positions narrow", () => {
    const trend = convergenceTrend([
      { round: "Washington, May 2023", alternatives: [ARMENIA, AZERBAIJAN] },
      { round: "Brussels, July 2023", alternatives: [ARMENIA, BRIDGE] },
      { round: "Almaty, May 2024", alternatives: [BRIDGE] },
    ]);
    expect(trend.direction).toBe("converging");
    expect(trend.points.map((p) => p.round)).toEqual([
      "Washington, May 2023",
      "Brussels, July 2023",
      "Almaty, May 2024",
    ]);
    expect(trend.points[0]?.change).toBeNull();
    expect(trend.points[1]?.change).toBeGreaterThan(0);
    expect(trend.points[2]?.convergence).toBe(1);
  });

  it("shows a reopened provision diverging, and a single round as stable", () => {
    const trend = convergenceTrend([
      { round: "1", alternatives: [BRIDGE] },
      { round: "2", alternatives: [BRIDGE, AZERBAIJAN] },
    ]);
    expect(trend.direction).toBe("diverging");
    expect(trend.change).toBeLessThan(0);
    expect(convergenceTrend([{ round: "1", alternatives: [ARMENIA, AZERBAIJAN] }]).direction).toBe("stable");
  });
});
