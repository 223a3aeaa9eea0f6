import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blanksLabel, countBlanks, splitBlanks } from "./blanks.ts";

describe("blanks in a draft", () => {
  it("finds underscores, empty or elided brackets and [date], and nothing else", () => {
    const text =
      "Within ____ days of [date], the Parties shall […] and [...] or [ ], but not [Armenia] or __.";
    expect(
      splitBlanks(text)
        .filter((p) => p.blank)
        .map((p) => p.text),
    ).toEqual(["____", "[date]", "[…]", "[...]", "[ ]"]);
    expect(countBlanks(text)).toBe(5);
  });

  it("a text without blanks is one plain run, and an empty text none", () => {
    expect(splitBlanks("The Parties agree.")).toEqual([{ text: "The Parties agree.", blank: false }]);
    expect(splitBlanks("")).toEqual([]);
    expect(countBlanks("The Parties agree.")).toBe(0);
  });

  it("a blank at either end is its own run", () => {
    expect(splitBlanks("____ shall apply [DATE]")).toEqual([
      { text: "____", blank: true },
      { text: " shall apply ", blank: false },
      { text: "[DATE]", blank: true },
    ]);
  });

  it("the runs joined give the text back, and count the blanks", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", " ", "_", "[", "]", "…", ".", "date")), (parts) => {
        const text = parts.join("");
        const pieces = splitBlanks(text);
        expect(pieces.map((p) => p.text).join("")).toBe(text);
        expect(pieces.filter((p) => p.blank).length).toBe(countBlanks(text));
        expect(pieces.every((p) => p.text.length > 0)).toBe(true);
      }),
    );
  });

  it("says the count in words", () => {
    expect(blanksLabel(1)).toBe("1 blank");
    expect(blanksLabel(0)).toBe("0 blanks");
    expect(blanksLabel(3)).toBe("3 blanks");
  });
});
