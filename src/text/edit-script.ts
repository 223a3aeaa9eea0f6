import { type EditRuns, EQUAL as EQUAL_RUN, INSERT as INSERT_RUN } from "./diff-engine.ts";
import type { TokenStream } from "./tokenize.ts";
import { KIND_PUNCT, KIND_SPACE, KIND_WORD } from "./vocabulary.ts";

/** One step of a word-level edit script; `minor` marks changes that touch only punctuation or whitespace. */
export type WordOp =
  | { readonly op: "equal"; readonly text: string }
  | { readonly op: "insert" | "delete"; readonly text: string; readonly minor: boolean };

/** Weight of a token in similarity, by kind: punctuation and whitespace differences are reported but count little. */
export const KIND_WEIGHTS: readonly number[] = (() => {
  const weights: number[] = [];
  weights[KIND_WORD] = 1;
  weights[KIND_PUNCT] = 0.25;
  weights[KIND_SPACE] = 0.05;
  return weights;
})();

// Module-local copies for the loops below (imported bindings may compile to getters).
const EQUAL = EQUAL_RUN;
const INSERT = INSERT_RUN;
const WORD = KIND_WORD;
const WEIGHTS = KIND_WEIGHTS;

/** An edit script with the weights similarity is computed from. */
export interface ScoredOps {
  readonly ops: WordOp[];
  /** 2·(weight kept) / (weight of A + weight of B); 1 when both sides are empty. */
  readonly similarity: number;
  readonly weightA: number;
  readonly weightB: number;
  readonly weightEqual: number;
}

/** A stretch of the script: equal tokens, or a change deleting a[aFrom, aTo) and inserting b[bFrom, bTo). */
interface Segment {
  equal: boolean;
  aFrom: number;
  aTo: number;
  bFrom: number;
  bTo: number;
}

/** Longest word-less equal run absorbed into surrounding changes; longer runs are worth showing as kept. */
const MAX_ABSORBED_TOKENS = 4;

function hasWord(stream: TokenStream, kinds: readonly number[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (kinds[stream.ids[k] ?? 0] === WORD) return true;
  return false;
}

/** Similarity weight of tokens [from, to) of a stream. */
export function weightOf(stream: TokenStream, kinds: readonly number[], from = 0, to = stream.count): number {
  let sum = 0;
  for (let k = from; k < to; k++) sum += WEIGHTS[kinds[stream.ids[k] ?? 0] ?? 0] ?? 0;
  return sum;
}

/**
 * Groups runs into equal and change segments. A short word-less equal run between two changes (the space in
 * "big red" → "small blue") is folded into the change, so readers see whole phrases replaced, not word confetti.
 */
function segmentsOf(runs: EditRuns, a: TokenStream, kinds: readonly number[]): Segment[] {
  const segments: Segment[] = [];
  let i = 0;
  let j = 0;
  for (let r = 0; r < runs.types.length; r++) {
    const type = runs.types[r];
    const length = runs.lengths[r] ?? 0;
    if (type === EQUAL) {
      segments.push({ equal: true, aFrom: i, aTo: i + length, bFrom: j, bTo: j + length });
      i += length;
      j += length;
      continue;
    }
    let last = segments[segments.length - 1];
    if (last?.equal && segments.length >= 2) {
      const beforeLast = segments[segments.length - 2];
      const short = last.aTo - last.aFrom <= MAX_ABSORBED_TOKENS;
      if (
        beforeLast !== undefined &&
        !beforeLast.equal &&
        short &&
        !hasWord(a, kinds, last.aFrom, last.aTo)
      ) {
        segments.pop();
        beforeLast.aTo = last.aTo;
        beforeLast.bTo = last.bTo;
        last = beforeLast;
      }
    }
    if (last === undefined || last.equal) {
      last = { equal: false, aFrom: i, aTo: i, bFrom: j, bTo: j };
      segments.push(last);
    }
    if (type === INSERT) j += length;
    else i += length;
    last.aTo = i;
    last.bTo = j;
  }
  return segments;
}

/** Turns token edit runs into a text edit script, and scores it. */
export function scoreRuns(
  runs: EditRuns,
  a: TokenStream,
  b: TokenStream,
  kinds: readonly number[],
): ScoredOps {
  const ops: WordOp[] = [];
  let weightEqual = 0;
  const sliceA = (from: number, to: number) => a.text.slice(a.starts[from], a.starts[to]);
  const sliceB = (from: number, to: number) => b.text.slice(b.starts[from], b.starts[to]);
  for (const s of segmentsOf(runs, a, kinds)) {
    if (s.equal) {
      ops.push({ op: "equal", text: sliceA(s.aFrom, s.aTo) });
      weightEqual += weightOf(a, kinds, s.aFrom, s.aTo);
      continue;
    }
    if (s.aTo > s.aFrom) {
      ops.push({ op: "delete", text: sliceA(s.aFrom, s.aTo), minor: !hasWord(a, kinds, s.aFrom, s.aTo) });
    }
    if (s.bTo > s.bFrom) {
      ops.push({ op: "insert", text: sliceB(s.bFrom, s.bTo), minor: !hasWord(b, kinds, s.bFrom, s.bTo) });
    }
  }
  const weightA = weightOf(a, kinds, 0, a.count);
  const weightB = weightOf(b, kinds, 0, b.count);
  const total = weightA + weightB;
  const similarity = total === 0 ? 1 : (2 * weightEqual) / total;
  return { ops, similarity, weightA, weightB, weightEqual };
}

/** Applies an edit script to the text it was computed from; throws a RangeError if the script does not fit. */
export function applyWordOps(a: string, ops: readonly WordOp[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const op of ops) {
    if (op.op === "insert") {
      parts.push(op.text);
      continue;
    }
    if (!a.startsWith(op.text, at))
      throw new RangeError(`edit script does not match the text at offset ${at}`);
    at += op.text.length;
    if (op.op === "equal") parts.push(op.text);
  }
  if (at !== a.length) throw new RangeError(`edit script covers ${at} of ${a.length} characters`);
  return parts.join("");
}
