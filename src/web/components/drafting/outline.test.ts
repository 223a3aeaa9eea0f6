import { describe, expect, it } from "vitest";
import type { ProvisionKind } from "../../../domain/entities.ts";
import { moveChoices, nextNumber, placeOfNew } from "./outline.ts";

const p = (
  id: string,
  provisionKind: ProvisionKind,
  number: string,
  parentId: string | null = null,
  deleted = false,
) => ({
  id,
  provisionKind,
  number,
  parentId,
  deleted,
});

/** A draft in document order: two preamble paragraphs, two articles (the first with two paragraphs), a final clause. */
const DRAFT = [
  p("pp1", "preamble", "PP1"),
  p("pp2", "preamble", "PP2"),
  p("a1", "article", "1"),
  p("a1-1", "paragraph", "1", "a1"),
  p("a1-2", "paragraph", "2", "a1"),
  p("gone", "article", "2", null, true),
  p("a2", "article", "2"),
  p("f1", "final", "3"),
];

const places = (id: string) =>
  moveChoices(DRAFT, id).map((c) => [c.label.split(",")[0], c.parentId, c.afterId]);

describe("moving a provision of the draft", () => {
  it("up and down stay among the provision's own kind", () => {
    expect(places("pp1")).toEqual([["Down", null, "pp2"]]);
    expect(places("pp2")).toEqual([["Up", null, null]]);
    // The first article does not go up past the preamble; the last does not go down past the final clause.
    expect(places("a1")).toEqual([["Down", null, "a2"]]);
    expect(places("a2")).toEqual([["Up", null, "pp2"]]);
    expect(places("f1")).toEqual([]);
  });

  it("says where the provision goes", () => {
    expect(moveChoices(DRAFT, "a2").map((c) => c.label)).toEqual(["Up, before Article 1"]);
    expect(moveChoices(DRAFT, "a1-1").map((c) => c.label)).toEqual([
      "Down, after 2",
      "Into Article 2",
      "Into Article 3",
    ]);
  });

  it("a provision out of its part of the text may move back into it, not further out", () => {
    const misplaced = [
      p("a1", "article", "1"),
      p("pp1", "preamble", "PP1"),
      p("f1", "final", "2"),
      p("a2", "article", "3"),
    ];
    expect(moveChoices(misplaced, "pp1").map((c) => [c.label, c.afterId])).toEqual([
      ["Up, before Article 1", null],
    ]);
    expect(moveChoices(misplaced, "a1").map((c) => c.label)).toEqual(["Down, after PP1"]);
    expect(moveChoices(misplaced, "a2").map((c) => [c.label, c.afterId])).toEqual([
      ["Up, before Article 2", "pp1"],
    ]);
    expect(moveChoices(misplaced, "f1").map((c) => [c.label, c.afterId])).toEqual([
      ["Down, after Article 3", "a2"],
    ]);
  });

  it("a paragraph moves within its article, or to the end of another article or final clause", () => {
    expect(places("a1-1")).toEqual([
      ["Down", "a1", "a1-2"],
      ["Into Article 2", "a2", null],
      ["Into Article 3", "f1", null],
    ]);
    expect(places("a1-2")).toEqual([
      ["Up", "a1", null],
      ["Into Article 2", "a2", null],
      ["Into Article 3", "f1", null],
    ]);
  });

  it("a withdrawn provision goes nowhere, and nothing is placed after one", () => {
    expect(places("gone")).toEqual([]);
    expect(places("missing")).toEqual([]);
    expect(moveChoices(DRAFT, "a2").every((c) => c.afterId !== "gone")).toBe(true);
  });
});

describe("a new provision of the draft", () => {
  it("goes after the last of its kind, keeping preamble, articles and final clauses in order", () => {
    expect(placeOfNew(DRAFT, "preamble", null)).toEqual({ parentId: null, afterId: "pp2" });
    expect(placeOfNew(DRAFT, "article", null)).toEqual({ parentId: null, afterId: "a2" });
    expect(placeOfNew(DRAFT, "final", null)).toEqual({ parentId: null, afterId: "f1" });
    expect(placeOfNew(DRAFT, "paragraph", "a1")).toEqual({ parentId: "a1", afterId: "a1-2" });
    expect(placeOfNew(DRAFT, "paragraph", "a2")).toEqual({ parentId: "a2", afterId: null });
    expect(placeOfNew([], "article", null)).toEqual({ parentId: null, afterId: null });
  });

  it("takes the next number of its sequence", () => {
    expect(nextNumber(DRAFT, "preamble", null)).toBe("PP3");
    expect(nextNumber(DRAFT, "article", null)).toBe("3");
    expect(nextNumber(DRAFT, "final", null)).toBe("4");
    expect(nextNumber(DRAFT, "paragraph", "a1")).toBe("3");
    expect(nextNumber(DRAFT, "paragraph", "a2")).toBe("1");
    expect(nextNumber([], "article", null)).toBe("1");
    expect(nextNumber([p("x", "article", "IV")], "article", null)).toBe("1");
  });
});
