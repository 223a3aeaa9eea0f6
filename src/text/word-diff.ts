import { Budget, type Deadline } from "./deadline.ts";
import { DiffEngine } from "./diff-engine.ts";
import { type ScoredOps, scoreRuns, type WordOp } from "./edit-script.ts";
import { tokenizeStream, Vocabulary } from "./tokenize.ts";

export interface WordDiffOptions {
  /** Stop refining after this budget: the rest is reported as whole replaced passages (still exact). */
  readonly deadline?: Deadline;
}

export interface WordDiff {
  readonly ops: WordOp[];
  /** 0..1, words weighing most; punctuation and whitespace count for little. */
  readonly similarity: number;
  /** True when the deadline cut the comparison short and part of the script is coarser than it could be. */
  readonly timedOut: boolean;
}

/** Word-level diff of two texts: an edit script that turns `a` into `b` exactly, with a similarity score. */
export function wordDiff(a: string, b: string, options: WordDiffOptions = {}): WordDiff {
  const budget = new Budget(options.deadline);
  const scored = diffTexts(a, b, new Vocabulary(), new DiffEngine(budget));
  return { ops: scored.ops, similarity: scored.similarity, timedOut: budget.timedOut };
}

/** Word-level similarity of two texts, 0..1 (1 when equal, or both empty). */
export function textSimilarity(a: string, b: string, options: WordDiffOptions = {}): number {
  if (a === b) return 1;
  return wordDiff(a, b, options).similarity;
}

/** Diffs two texts with a shared vocabulary and engine, so callers comparing many pairs reuse both. */
export function diffTexts(a: string, b: string, vocab: Vocabulary, engine: DiffEngine): ScoredOps {
  const sa = tokenizeStream(a, vocab);
  const sb = tokenizeStream(b, vocab);
  return scoreRuns(engine.diff(sa.ids, sb.ids, vocab.size), sa, sb, vocab.kinds);
}
