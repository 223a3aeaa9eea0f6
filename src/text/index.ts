/** Public API of the text layer: pure tokenizing, word diff, document and statement compare, convergence, progress. */

export { type Blank, type BlankKind, countBlanks, findBlanks } from "./blanks.ts";
export {
  type Block,
  type BlockOp,
  type CompareOptions,
  compareDocuments,
  type DocumentComparison,
  type Relabel,
} from "./compare-documents.ts";
export {
  type ConvergenceOptions,
  type ConvergenceTrend,
  convergence,
  convergenceTrend,
  type RoundAlternatives,
} from "./convergence.ts";
export type { Deadline } from "./deadline.ts";
export { applyWordOps, type WordOp } from "./edit-script.ts";
export {
  computeProgress,
  type LastMileItem,
  type ProgressReport,
  type ProvisionProgressInput,
  type ProvisionStatus,
  STATUS_WEIGHTS,
} from "./progress.ts";
export {
  compareStatements,
  type Passage,
  type SentenceRef,
  type StatementComparison,
  type StatementOptions,
  splitSentences,
} from "./statements.ts";
export { type Token, type TokenKind, tokenize } from "./tokenize.ts";
export { textSimilarity, type WordDiff, type WordDiffOptions, wordDiff } from "./word-diff.ts";
