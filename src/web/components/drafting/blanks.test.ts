import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findBlanks } from "../../../text/blanks.ts";
import { blanksLabel, countBlanks, splitBlanks } from "./blanks.ts";

describe("blanks in a draft, as the app marks them", () => {
  it("marks the blanks the text layer finds, and nothing else", () => {
    const text = "Within ____ days of [date], the Parties shall […] and [...], but [shall] not [Armenia].";
    expect(
      splitBlanks(text)
        .filter((p) => p.blank)
        .map((p) => p.text),
    ).toEqual(["____", "[date]", "[…]", "[...]"]);
    expect(countBlanks(text)).toBe(4);
  });

  it("a text without blanks is one plain run, and an empty text none", () => {
    expect(splitBlanks("The Parties agree.")).toEqual([{ text: "The Parties agree.", blank: false }]);
    expect(splitBlanks("")).toEqual([]);
  });

  it("a blank at either end is its own run", () => {
    expect(splitBlanks("____ shall apply from [date]")).toEqual([
      { text: "____", blank: true },
      { text: " shall apply from ", blank: false },
      { text: "[date]", blank: true },
    ]);
  });

  it("uses the blanks the view carries, and skips those that no longer fit the text", () => {
    const text = "Within ____ days.";
    const [blank] = findBlanks(text);
    if (!blank) throw new Error("the text has a blank");
    expect(splitBlanks(text, [blank]).filter((p) => p.blank)).toEqual([{ text: "____", blank: true }]);
    // A view of an older text: its offsets point elsewhere now.
    expect(splitBlanks("Within thirty days.", [blank])).toEqual([
      { text: "Within thirty days.", blank: false },
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
