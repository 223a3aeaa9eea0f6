import { describe, expect, it } from "vitest";
import { compareStatements, splitSentences } from "./statements.ts";

/** The joint wording both capitals released after the May 2023 round (seed: the AA report quoting "the statements"). */
const BAKU =
  "The ministers and their teams advanced mutual understanding on some articles of the draft bilateral Agreement on " +
  "Peace and Establishment of Interstate Relations, meanwhile acknowledging that the positions on some key issues " +
  "remain divergent. Both Ministers expressed their appreciation to the U.S. side for hosting negotiations between " +
  "Armenia and Azerbaijan. The parties agreed to continue the discussions.";
/** The same readout with the small differences two foreign ministries' versions typically show. */
const YEREVAN = BAKU.replace("Both Ministers", "Both Foreign Ministers")
  .replace("the U.S. side", "the US side")
  .replace("Armenia and Azerbaijan", "Azerbaijan and Armenia");

describe("splitSentences", () => {
  it("splits a readout into its three sentences, keeping abbreviations such as U.S. inside a sentence", () => {
    const sentences = splitSentences(BAKU);
    expect(sentences).toHaveLength(3);
    expect(sentences[1]).toBe(
      "Both Ministers expressed their appreciation to the U.S. side for hosting negotiations between Armenia and Azerbaijan.",
    );
  });
});

describe("compareStatements", () => {
  it("finds the two capitals' readouts near-identical, and shows exactly what differs", () => {
    const result = compareStatements(BAKU, YEREVAN);
    expect(result.verdict).toBe("near-identical");
    expect(result.counts).toEqual({ identical: 2, nearIdentical: 1, diverging: 0 });
    expect(result.similarity).toBeGreaterThan(0.9);
    const near = result.passages[1];
    expect(near?.kind).toBe("near-identical");
    if (near?.kind !== "near-identical") return;
    const inserted = near.ops.filter((o) => o.op === "insert").map((o) => o.text);
    expect(inserted).toContain("Foreign ");
    expect(inserted).toContain("US");
    expect(near.similarity).toBeGreaterThanOrEqual(0.75);
    expect(near.similarity).toBeLessThan(1);
  });

  it("calls statements identical only when every sentence is the same and in the same order", () => {
    expect(compareStatements(BAKU, `${BAKU}\n`).verdict).toBe("identical");
    const [first, second, third] = splitSentences(BAKU);
    const reordered = compareStatements(BAKU, `${third} ${first} ${second}`);
    expect(reordered.verdict).toBe("near-identical");
    expect(reordered.similarity).toBe(1);
    expect(reordered.passages.every((p) => p.kind === "identical")).toBe(true);
    expect(reordered.passages.some((p) => p.kind === "identical" && p.reordered)).toBe(true);
  });

  it("reports sentences found in only one statement as diverging", () => {
    const extra =
      "Azerbaijan reaffirmed that the checkpoint at the Lachin corridor was established lawfully.";
    const result = compareStatements(BAKU, `${BAKU} ${extra}`);
    expect(result.counts).toEqual({ identical: 3, nearIdentical: 0, diverging: 1 });
    expect(result.passages.at(-1)).toEqual({
      kind: "diverging",
      a: null,
      b: { index: 3, text: extra },
      similarity: 0,
    });
    expect(result.verdict).toBe("near-identical");
  });

  it("finds a statement on another subject diverging", () => {
    const other =
      "Yerevan denied the charges. Washington said it was deeply concerned by the checkpoint on the Lachin corridor.";
    const result = compareStatements(BAKU, other);
    expect(result.verdict).toBe("diverging");
    expect(result.counts.identical + result.counts.nearIdentical).toBe(0);
    expect(result.similarity).toBeLessThan(0.3);
  });
});
