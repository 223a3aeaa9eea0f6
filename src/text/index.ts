/** Public API of the text layer: pure tokenizing, diffing, comparing, convergence and progress. */
export {
  type Block,
  type BlockOp,
  type CompareOptions,
  compareDocuments,
  type DocumentComparison,
  type Relabel,
} from "./compare-documents.ts";
export type { Deadline } from "./deadline.ts";
export { applyWordOps, type WordOp } from "./edit-script.ts";
export { type Token, type TokenKind, tokenize } from "./tokenize.ts";
export { textSimilarity, type WordDiff, type WordDiffOptions, wordDiff } from "./word-diff.ts";
