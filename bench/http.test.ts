import { describe, expect, it } from "vitest";
import { median, parseArgs } from "./http.ts";

describe("the http bench's arithmetic", () => {
  it("takes the median of the paired ratios, odd or even in number", () => {
    expect(median([0.9, 0.5, 0.7])).toBe(0.7);
    expect(median([0.6, 0.9, 0.7, 0.8])).toBeCloseTo(0.75);
  });

  it("reads its options and refuses nonsense", () => {
    expect(parseArgs([])).toEqual({ seconds: 4, rounds: 5, connections: 50 });
    expect(parseArgs(["--rounds", "3"]).rounds).toBe(3);
    expect(() => parseArgs(["--rounds", "0"])).toThrow(/positive/);
    expect(() => parseArgs(["--fast"])).toThrow(/unknown option/);
  });
});
