import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countBlanks, findBlanks } from "./blanks.ts";

const kinds = (text: string) => findBlanks(text).map((b) => [b.text, b.kind]);

describe("blanks in a draft", () => {
  it("finds runs of underscores, bracketed ellipses and lower-case placeholders", () => {
    expect(kinds("Within ____ days, at […], on [date], by [name of the commission] or [...]")).toEqual([
      ["____", "underscores"],
      ["[…]", "ellipsis"],
      ["[date]", "placeholder"],
      ["[name of the commission]", "placeholder"],
      ["[...]", "ellipsis"],
    ]);
    expect(
      kinds("[insert the place of signature], [number] copies, [x], [tbd], [to be agreed], [ ___ ]"),
    ).toEqual([
      ["[insert the place of signature]", "placeholder"],
      ["[number]", "placeholder"],
      ["[x]", "placeholder"],
      ["[tbd]", "placeholder"],
      ["[to be agreed]", "placeholder"],
      ["[ ___ ]", "ellipsis"],
    ]);
    const [blank] = findBlanks("Done at ______ on");
    expect(blank).toEqual({ start: 8, end: 14, text: "______", kind: "underscores" });
  });

  it("leaves bracketed wording alone: disputed words, alternatives, capitals, short rules, snake_case", () => {
    for (const text of [
      "The Parties [shall] [may] cooperate.",
      "[The Parties shall delimit the border.] (Armenia)",
      "[Date] and [NAME] and [Number]",
      "a__b, __init__, snake_case_name",
      "[dates of the parties' choosing]",
      "[datex] [names-of]",
      "[ date ]",
      "",
    ])
      expect(countBlanks(text), text).toBe(0);
  });

  it("never throws; blanks are in order, apart, and are what the text says at their place", () => {
    const piece = fc.constantFrom(
      "_",
      "__",
      "___",
      "[",
      "]",
      "…",
      "...",
      "date",
      "insert ",
      "x",
      " of ",
      "a",
      " ",
      "\n",
      "[date]",
      "é",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 40 }).map((p) => p.join("")),
        ),
        (text) => {
          const blanks = findBlanks(text);
          let end = 0;
          for (const b of blanks) {
            expect(b.start).toBeGreaterThanOrEqual(end);
            expect(b.end).toBeGreaterThan(b.start);
            expect(text.slice(b.start, b.end)).toBe(b.text);
            end = b.end;
          }
          if (!text.includes("[") && !text.includes("___")) expect(blanks).toEqual([]);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("stays linear on long hostile input", () => {
    const long = `${"[insert ".repeat(20_000)}${"_".repeat(50_000)}[${"a ".repeat(20_000)}`;
    const started = performance.now();
    expect(countBlanks(long)).toBe(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
