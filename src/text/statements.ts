import { type Block, compareDocuments } from "./compare-documents.ts";
import type { Deadline } from "./deadline.ts";
import type { WordOp } from "./edit-script.ts";

/** A sentence of a statement: its position among the statement's sentences and its text (trimmed). */
export interface SentenceRef {
  readonly index: number;
  readonly text: string;
}

/** A passage of two compared statements; `reordered` when the sentence sits elsewhere in the other statement. */
export type Passage =
  | {
      readonly kind: "identical";
      readonly a: SentenceRef;
      readonly b: SentenceRef;
      readonly reordered: boolean;
    }
  | {
      readonly kind: "near-identical";
      readonly a: SentenceRef;
      readonly b: SentenceRef;
      readonly reordered: boolean;
      readonly similarity: number;
      readonly ops: WordOp[];
    }
  | {
      /** Only in one statement (the other side null), or matched loosely but reworded beyond near-identical. */
      readonly kind: "diverging";
      readonly a: SentenceRef | null;
      readonly b: SentenceRef | null;
      readonly similarity: number;
    };

export interface StatementComparison {
  readonly passages: Passage[];
  readonly counts: { readonly identical: number; readonly nearIdentical: number; readonly diverging: number };
  /** 0..1, word-weighted over both statements; sentence order does not lower it. */
  readonly similarity: number;
  /** identical: same sentences in the same order; near-identical: similarity ≥ the threshold; else diverging. */
  readonly verdict: "identical" | "near-identical" | "diverging";
  readonly timedOut: boolean;
}

export interface StatementOptions {
  /** Similarity from which two sentences (and two statements) count as near-identical. Default 0.75. */
  readonly nearThreshold?: number;
  readonly deadline?: Deadline;
}

/**
 * Default near-identical threshold. A sentence of ~15 words with two or three small rewordings ("Foreign Ministers",
 * "US" for "U.S.", names swapped) scores about 0.8; a sentence that changes its meaning rewrites more than a quarter.
 */
const NEAR_THRESHOLD = 0.75;
const SENTENCE_SEGMENTER = new Intl.Segmenter("en", { granularity: "sentence" });

/** Splits a text into trimmed sentences (UAX #29); line by line, as the segmenter slows down on long strings. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split("\n")) {
    for (const { segment } of SENTENCE_SEGMENTER.segment(line)) {
      const trimmed = segment.trim();
      if (trimmed !== "") sentences.push(trimmed);
    }
  }
  return sentences;
}

/** Compares two statements sentence by sentence, allowing reordering: identical, near-identical and diverging passages. */
export function compareStatements(a: string, b: string, options: StatementOptions = {}): StatementComparison {
  const threshold = options.nearThreshold ?? NEAR_THRESHOLD;
  const sentencesA = splitSentences(a);
  const sentencesB = splitSentences(b);
  const toBlocks = (sentences: string[]): Block[] => sentences.map((text) => ({ text }));
  const compared = compareDocuments(
    toBlocks(sentencesA),
    toBlocks(sentencesB),
    options.deadline === undefined ? {} : { deadline: options.deadline },
  );
  const refA = (index: number): SentenceRef => ({ index, text: sentencesA[index] ?? "" });
  const refB = (index: number): SentenceRef => ({ index, text: sentencesB[index] ?? "" });
  const passages: Passage[] = compared.ops.map((op): Passage => {
    switch (op.type) {
      case "inserted":
        return { kind: "diverging", a: null, b: refB(op.to), similarity: 0 };
      case "deleted":
        return { kind: "diverging", a: refA(op.from), b: null, similarity: 0 };
      case "equal":
        return { kind: "identical", a: refA(op.from), b: refB(op.to), reordered: false };
      default: {
        const reordered = op.type === "moved";
        if (op.type === "moved" && !op.changed)
          return { kind: "identical", a: refA(op.from), b: refB(op.to), reordered };
        if (op.similarity < threshold) {
          return { kind: "diverging", a: refA(op.from), b: refB(op.to), similarity: op.similarity };
        }
        const { similarity, ops } = op;
        return { kind: "near-identical", a: refA(op.from), b: refB(op.to), reordered, similarity, ops };
      }
    }
  });
  const counts = { identical: 0, nearIdentical: 0, diverging: 0 };
  for (const p of passages) {
    if (p.kind === "identical") counts.identical++;
    else if (p.kind === "near-identical") counts.nearIdentical++;
    else counts.diverging++;
  }
  const sameOrder = passages.every((p) => p.kind === "identical" && !p.reordered);
  const verdict = sameOrder ? "identical" : compared.similarity >= threshold ? "near-identical" : "diverging";
  return { passages, counts, similarity: compared.similarity, verdict, timedOut: compared.timedOut };
}
