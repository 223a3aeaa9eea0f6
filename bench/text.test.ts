import { describe, expect, it } from "vitest";
import { compareDocuments } from "../src/text/index.ts";
import { syntheticInstrument } from "./text.ts";

describe("text bench instruments", () => {
  it("are the same on every run, so ratios compare like with like", () => {
    expect(syntheticInstrument(5, 10, 5)).toEqual(syntheticInstrument(5, 10, 5));
  });

  it("have about 500 words per article and the requested share of words edited", () => {
    const { a, b } = syntheticInstrument(40, 10, 5);
    const words = a.reduce((n, block) => n + block.text.split(/\s+/).length, 0);
    expect(words / a.length).toBeCloseTo(500, -1);
    const result = compareDocuments(a, b);
    // 10% of words edited, most as replacements: roughly 90% of the weight survives.
    expect(result.similarity).toBeGreaterThan(0.85);
    expect(result.similarity).toBeLessThan(0.95);
  });

  it("move 5% of the articles, and our compare reports them as moved, not deleted and inserted", () => {
    const { a, b } = syntheticInstrument(200, 10, 5);
    const result = compareDocuments(a, b);
    expect(result.summary.moved).toBeGreaterThanOrEqual(8);
    expect(result.summary.moved).toBeLessThanOrEqual(10);
    expect(result.summary.inserted + result.summary.deleted).toBe(0);
  });
});
