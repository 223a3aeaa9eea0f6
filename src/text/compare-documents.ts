import { alignBlocks, type BlockPair, type MatchedBy } from "./block-align.ts";
import { Budget, type Deadline } from "./deadline.ts";
import { DiffEngine } from "./diff-engine.ts";
import { scoreRuns, type WordOp, weightOf } from "./edit-script.ts";
import { KIND_WORD, type TokenStream, tokenizeStream, Vocabulary } from "./tokenize.ts";

/** A unit of a long text: a provision or paragraph, with a stable id and a label (its number) when known. */
export interface Block {
  readonly id?: string;
  readonly label?: string;
  readonly text: string;
}

/** A label that changed on a matched block: usually a renumbering ("Article 5" → "Article 6"). */
export interface Relabel {
  readonly from: string | undefined;
  readonly to: string | undefined;
}

interface Matched {
  /** Index in the first document. */
  readonly from: number;
  /** Index in the second document. */
  readonly to: number;
  readonly by: MatchedBy;
  readonly relabelled?: Relabel;
}

/** One step of a document comparison, listed in the second document's order with deletions where they stood. */
export type BlockOp =
  | (Matched & { readonly type: "equal" })
  | (Matched & { readonly type: "changed"; readonly similarity: number; readonly ops: WordOp[] })
  | (Matched & {
      readonly type: "moved";
      readonly changed: boolean;
      readonly similarity: number;
      readonly ops: WordOp[];
    })
  | { readonly type: "inserted"; readonly to: number }
  | { readonly type: "deleted"; readonly from: number };

export interface DocumentComparison {
  readonly ops: BlockOp[];
  readonly summary: {
    readonly equal: number;
    readonly changed: number;
    readonly moved: number;
    readonly inserted: number;
    readonly deleted: number;
    readonly relabelled: number;
  };
  /** 0..1 over the whole text, weighted by the words of each block; a move alone does not lower it. */
  readonly similarity: number;
  readonly timedOut: boolean;
}

export interface CompareOptions {
  readonly deadline?: Deadline;
  /** Word similarity (Dice, 0..1) above which two blocks without a common id count as the same block. Default 0.5. */
  readonly matchThreshold?: number;
}

const DEFAULT_MATCH_THRESHOLD = 0.5;

function wordsOf(stream: TokenStream, kinds: readonly number[], word: number): Int32Array {
  const words = new Int32Array(stream.count);
  let n = 0;
  for (let k = 0; k < stream.count; k++) {
    const id = stream.ids[k] ?? 0;
    if (kinds[id] === word) words[n++] = id;
  }
  return words.subarray(0, n);
}

function relabel(a: Block, b: Block): { relabelled?: Relabel } {
  return a.label === b.label ? {} : { relabelled: { from: a.label, to: b.label } };
}

/** Compares two long texts block by block: aligns blocks (ids, text, similarity, moves), then diffs words inside. */
export function compareDocuments(
  a: readonly Block[],
  b: readonly Block[],
  options: CompareOptions = {},
): DocumentComparison {
  const budget = new Budget(options.deadline);
  const vocab = new Vocabulary();
  const streamsA = a.map((block) => tokenizeStream(block.text, vocab));
  const streamsB = b.map((block) => tokenizeStream(block.text, vocab));
  const { kinds } = vocab;
  const pairs = alignBlocks(
    {
      ids: a.map((x) => x.id),
      texts: a.map((x) => x.text),
      words: streamsA.map((s) => wordsOf(s, kinds, KIND_WORD)),
    },
    {
      ids: b.map((x) => x.id),
      texts: b.map((x) => x.text),
      words: streamsB.map((s) => wordsOf(s, kinds, KIND_WORD)),
    },
    vocab.size,
    options.matchThreshold ?? DEFAULT_MATCH_THRESHOLD,
  );
  const weightsA = streamsA.map((s) => weightOf(s, kinds));
  const weightsB = streamsB.map((s) => weightOf(s, kinds));
  const engine = new DiffEngine(budget);
  let weightEqual = 0;

  const opFor = (pair: BlockPair): BlockOp => {
    const blockA = a[pair.from] ?? { text: "" };
    const blockB = b[pair.to] ?? { text: "" };
    const base = { from: pair.from, to: pair.to, by: pair.by, ...relabel(blockA, blockB) };
    if (blockA.text === blockB.text) {
      weightEqual += weightsA[pair.from] ?? 0;
      if (pair.inPlace) return { type: "equal", ...base };
      const ops: WordOp[] = blockA.text === "" ? [] : [{ op: "equal", text: blockA.text }];
      return { type: "moved", ...base, changed: false, similarity: 1, ops };
    }
    const streamA = streamsA[pair.from] ?? tokenizeStream("", vocab);
    const streamB = streamsB[pair.to] ?? tokenizeStream("", vocab);
    const scored = scoreRuns(engine.diff(streamA.ids, streamB.ids, vocab.size), streamA, streamB, kinds);
    weightEqual += scored.weightEqual;
    const change = { similarity: scored.similarity, ops: scored.ops };
    return pair.inPlace
      ? { type: "changed", ...base, ...change }
      : { type: "moved", ...base, changed: true, ...change };
  };

  const pairOfTo = new Int32Array(b.length).fill(-1);
  const pairedFrom = new Uint8Array(a.length);
  pairs.forEach((pair, k) => {
    pairOfTo[pair.to] = k;
    pairedFrom[pair.from] = 1;
  });
  const ops: BlockOp[] = [];
  let nextA = 0;
  const flushDeletions = (until: number) => {
    for (; nextA < until; nextA++) if (pairedFrom[nextA] === 0) ops.push({ type: "deleted", from: nextA });
  };
  for (let j = 0; j < b.length; j++) {
    const pair = pairs[pairOfTo[j] ?? -1];
    if (pair === undefined) {
      ops.push({ type: "inserted", to: j });
      continue;
    }
    if (pair.inPlace) {
      flushDeletions(pair.from);
      nextA = pair.from + 1;
    }
    ops.push(opFor(pair));
  }
  flushDeletions(a.length);

  const summary = { equal: 0, changed: 0, moved: 0, inserted: 0, deleted: 0, relabelled: 0 };
  for (const op of ops) {
    summary[op.type]++;
    if ("relabelled" in op && op.relabelled !== undefined) summary.relabelled++;
  }
  const total = weightsA.reduce((s, w) => s + w, 0) + weightsB.reduce((s, w) => s + w, 0);
  return { ops, summary, similarity: total === 0 ? 1 : (2 * weightEqual) / total, timedOut: budget.timedOut };
}
