import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyWordOps, type WordOp } from "./edit-script.ts";
import { textSimilarity, wordDiff } from "./word-diff.ts";

const changes = (ops: readonly WordOp[]) =>
  ops.filter((o) => o.op !== "equal").map((o) => `${o.op}:${o.text}`);

/** A text and an edited copy of it: words replaced, dropped and added, as a drafter would. */
const editedPair = fc
  .tuple(
    fc.array(
      fc.constantFrom<string>(
        "the",
        "Party",
        "shall",
        "border",
        "Article",
        "peace",
        ",",
        ".",
        "4",
        "Ալ",
        "日本",
      ),
      {
        minLength: 1,
        maxLength: 120,
      },
    ),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("replace", "drop", "add")), { maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 6 }),
  )
  .map(([words, edits, extra]) => {
    const edited = [...words];
    for (const [at, kind] of edits) {
      const k = at % edited.length;
      if (kind === "replace") edited[k] = extra;
      else if (kind === "drop" && edited.length > 1) edited.splice(k, 1);
      else edited.splice(k, 0, extra);
    }
    return [words.join(" "), edited.join(" ")] as const;
  });

/** A fake clock that advances one millisecond each time it is read. */
function tickingClock(): () => number {
  let t = 0;
  return () => t++;
}

describe("wordDiff", () => {
  it("reports the words that changed and keeps the rest", () => {
    const result = wordDiff(
      "Both Ministers expressed their appreciation to the U.S. side.",
      "Both Foreign Ministers expressed their appreciation to the US side.",
    );
    expect(changes(result.ops)).toEqual(["insert:Foreign ", "delete:U.S.", "insert:US"]);
    expect(result.similarity).toBeGreaterThan(0.8);
    expect(result.timedOut).toBe(false);
  });

  it("shows a replaced phrase whole rather than word by word", () => {
    const result = wordDiff("a big red dog", "a small blue dog");
    expect(changes(result.ops)).toEqual(["delete:big red", "insert:small blue"]);
  });

  it("marks punctuation-only and whitespace-only changes as minor, and they barely lower similarity", () => {
    const result = wordDiff("The parties agreed, to continue.", "The parties agreed to continue;");
    expect(result.ops.every((o) => o.op === "equal" || o.minor)).toBe(true);
    expect(result.similarity).toBeGreaterThan(0.9);
    expect(textSimilarity("agreed to continue", "agreed  to\ncontinue")).toBeGreaterThan(0.95);
    expect(textSimilarity("agreed to continue", "refused to continue")).toBeLessThan(0.8);
  });

  it("turns A into B exactly for arbitrary Unicode", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 200 }),
        fc.string({ unit: "grapheme", maxLength: 200 }),
        (a, b) => {
          expect(applyWordOps(a, wordDiff(a, b).ops)).toBe(b);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("turns A into an edited copy exactly, and keeps most of it", () => {
    fc.assert(
      fc.property(editedPair, ([a, b]) => {
        const result = wordDiff(a, b);
        expect(applyWordOps(a, result.ops)).toBe(b);
        const kept = result.ops.filter((o) => o.op === "equal").reduce((n, o) => n + o.text.length, 0);
        if (a === b) expect(kept).toBe(a.length);
      }),
      { numRuns: 300 },
    );
  });

  it("scores 1 only for identical texts, and between 0 and 1 otherwise", () => {
    fc.assert(
      fc.property(editedPair, ([a, b]) => {
        expect(textSimilarity(a, a)).toBe(1);
        expect(wordDiff(a, a).ops.every((o) => o.op === "equal")).toBe(true);
        const similarity = textSimilarity(a, b);
        expect(similarity).toBeGreaterThanOrEqual(0);
        expect(similarity).toBeLessThanOrEqual(1);
        if (a !== b) expect(similarity).toBeLessThan(1);
      }),
      { numRuns: 200 },
    );
  });

  it("finds a short edit script between long texts with scattered edits", () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919) % 1500}`);
    const edited = words.map((w, i) => (i % 100 === 0 ? "CHANGED" : w));
    const result = wordDiff(words.join(" "), edited.join(" "));
    expect(result.ops.filter((o) => o.op === "insert").length).toBe(50);
    expect(result.similarity).toBeGreaterThan(0.98);
  });

  it("keeps unchanged articles aligned in a long text where one article moved and the others were renumbered", () => {
    const words = Array.from({ length: 300 }, (_, k) => `w${k}`);
    const article = (n: number) => {
      let seed = n + 1;
      return Array.from({ length: 300 }, () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return words[seed % words.length];
      }).join(" ");
    };
    const order = Array.from({ length: 60 }, (_, n) => n);
    const moved = [...order.slice(0, 10), ...order.slice(11, 50), 10, ...order.slice(50)];
    const render = (ns: number[]) => ns.map((n, i) => `Article ${i + 1}\n${article(n)}`).join("\n\n");
    const a = render(order);
    const b = render(moved);
    const result = wordDiff(a, b);
    expect(applyWordOps(a, result.ops)).toBe(b);
    // Label numbers are unique tokens that now pair the wrong articles; they must not drag the alignment along.
    const longestDelete = Math.max(...result.ops.filter((o) => o.op === "delete").map((o) => o.text.length));
    expect(longestDelete).toBeLessThanOrEqual(article(10).length + 20);
    expect(result.similarity).toBeGreaterThan(0.95);
  });

  it("stays exact and fast on long texts of few distinct words, where a minimal diff would be quadratic", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "c"), { minLength: 2000, maxLength: 4000 }),
        fc.nat(),
        (words, seed) => {
          const a = words.join(" ");
          const b = words.map((w, i) => ((i * 7 + seed) % 3 === 0 ? "c" : w)).join(" ");
          const result = wordDiff(a, b);
          expect(applyWordOps(a, result.ops)).toBe(b);
          expect(result.timedOut).toBe(false);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("stops at the deadline with a coarser script that is still exact", () => {
    const a = Array.from({ length: 4000 }, (_, i) => `w${(i * 31) % 97}`).join(" ");
    const b = Array.from({ length: 4000 }, (_, i) => `w${(i * 37) % 89}`).join(" ");
    const result = wordDiff(a, b, { deadline: { budgetMs: 3, now: tickingClock() } });
    expect(result.timedOut).toBe(true);
    expect(applyWordOps(a, result.ops)).toBe(b);
    const unbounded = wordDiff(a, b);
    expect(unbounded.timedOut).toBe(false);
    expect(result.ops.length).toBeLessThan(unbounded.ops.length);
  });

  it("rejects a script applied to a text it was not computed from", () => {
    const { ops } = wordDiff("one two", "one three");
    expect(() => applyWordOps("uno two", ops)).toThrow(RangeError);
  });
});
