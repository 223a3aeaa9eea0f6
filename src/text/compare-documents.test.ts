import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Block, compareDocuments } from "./compare-documents.ts";
import { applyWordOps } from "./edit-script.ts";

const SUBJECTS = ["The Parties", "Each Party", "The Commission", "The border authorities", "Both States"];
const VERBS = ["shall establish", "shall respect", "undertake to settle", "shall refrain from", "recognise"];
const OBJECTS = [
  "diplomatic relations",
  "the inviolability of borders",
  "transport links",
  "disputes peacefully",
];

/** A provision of a few distinct sentences; `n` picks the wording so every provision reads differently. */
function provision(n: number): string {
  const sentences: string[] = [];
  for (let s = 0; s < 4; s++) {
    const k = n * 7 + s * 3;
    sentences.push(
      `${SUBJECTS[k % 5]} ${VERBS[(k >> 1) % 5]} ${OBJECTS[(k >> 2) % 4]} under clause ${n}.${s} of annex ${k}.`,
    );
  }
  return sentences.join(" ");
}

function instrument(count: number, withIds: boolean): Block[] {
  return Array.from({ length: count }, (_, i) => ({
    ...(withIds ? { id: `p${i}` } : {}),
    label: `Article ${i + 1}`,
    text: provision(i),
  }));
}

/** Gives every block its position's label, as a re-numbered draft would. */
const renumber = (blocks: Block[]): Block[] => blocks.map((b, i) => ({ ...b, label: `Article ${i + 1}` }));

function expectExactReconstruction(a: readonly Block[], b: readonly Block[]): void {
  const result = compareDocuments(a, b);
  const seenTo = new Set<number>();
  for (const op of result.ops) {
    if (op.type === "deleted") continue;
    seenTo.add(op.to);
    if (op.type === "changed" || op.type === "moved") {
      expect(applyWordOps(a[op.from]?.text ?? "", op.ops)).toBe(b[op.to]?.text);
    }
    if (op.type === "equal") expect(a[op.from]?.text).toBe(b[op.to]?.text);
  }
  expect(seenTo.size).toBe(b.length);
}

describe("compareDocuments", () => {
  it("finds every block equal when a document is compared with itself", () => {
    const block = fc.record({
      id: fc.option(fc.string(), { nil: undefined }),
      text: fc.string({ unit: "grapheme" }),
    });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), (blocks) => {
        const result = compareDocuments(blocks, blocks);
        expect(result.ops.every((op) => op.type === "equal")).toBe(true);
        expect(result.summary.equal).toBe(blocks.length);
        expect(result.similarity).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it("reports a moved article as moved, not deleted and inserted, and recognises renumbering", () => {
    const a = instrument(12, false);
    const b = renumber([...a.slice(0, 2), ...a.slice(3, 9), a[2] as Block, ...a.slice(9)]);
    const result = compareDocuments(a, b);
    expect(result.summary).toMatchObject({ moved: 1, inserted: 0, deleted: 0, changed: 0, equal: 11 });
    const moved = result.ops.find((op) => op.type === "moved");
    expect(moved).toMatchObject({
      from: 2,
      to: 8,
      changed: false,
      relabelled: { from: "Article 3", to: "Article 9" },
    });
    expect(result.summary.relabelled).toBe(7);
    expect(result.similarity).toBe(1);
  });

  it("matches edited articles by content, shows their word changes, and lists insertions and deletions in place", () => {
    const a = instrument(8, false);
    const edited = (a[4]?.text ?? "").replace("shall", "may").replace("annex", "appendix");
    const b = renumber([
      { text: "The Parties adopt this new article on water resources." },
      ...a.slice(0, 4),
      { text: edited },
      ...a.slice(5, 6),
      ...a.slice(7),
    ]);
    const result = compareDocuments(a, b);
    expect(result.ops.map((op) => op.type)).toEqual([
      "inserted",
      "equal",
      "equal",
      "equal",
      "equal",
      "changed",
      "equal",
      "deleted",
      "equal",
    ]);
    const changed = result.ops.find((op) => op.type === "changed");
    expect(
      changed?.type === "changed" && changed.ops.filter((o) => o.op === "insert").map((o) => o.text),
    ).toEqual(["appendix", "may"]);
    expect(changed?.type === "changed" && changed.relabelled).toEqual({ from: "Article 5", to: "Article 6" });
    expect(result.similarity).toBeGreaterThan(0.7);
    expect(result.similarity).toBeLessThan(1);
  });

  it("matches by id first, even when the text was rewritten entirely", () => {
    const a = instrument(5, true);
    const b = a.map((block, i) => (i === 1 ? { ...block, text: "Entirely new wording." } : block));
    const result = compareDocuments(a, b);
    expect(result.ops[1]).toMatchObject({ type: "changed", from: 1, to: 1, by: "id" });
  });

  it("rebuilds every block of the new document exactly from the old one", () => {
    const pairArb = fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 15 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 15 }),
        fc.string({ unit: "grapheme", maxLength: 8 }),
      )
      .map(([xs, ys, noise]) => [
        xs.map((n) => ({ text: provision(n) })),
        ys.map((n, i) => ({
          text: i % 3 === 0 ? provision(n).replace(" the ", ` ${noise} `) : provision(n),
        })),
      ]);
    fc.assert(
      fc.property(pairArb, ([a, b]) => expectExactReconstruction(a ?? [], b ?? [])),
      { numRuns: 200 },
    );
  });

  it("honours the deadline: coarser word changes, still exact, flagged as timed out", () => {
    const a = instrument(30, true);
    const b = a.map((block) => ({
      ...block,
      text: block.text.replaceAll("shall", "must").replaceAll(" of ", " for "),
    }));
    let t = 0;
    const result = compareDocuments(a, b, { deadline: { budgetMs: 2, now: () => t++ } });
    expect(result.timedOut).toBe(true);
    expect(compareDocuments(a, b).timedOut).toBe(false);
    for (const op of result.ops) {
      if (op.type === "changed") expect(applyWordOps(a[op.from]?.text ?? "", op.ops)).toBe(b[op.to]?.text);
    }
  });
});
