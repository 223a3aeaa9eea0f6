import { heaviestIncreasing } from "./diff-engine.ts";

/** What a block is matched by, strongest first. */
export type MatchedBy = "id" | "text" | "similarity";

export interface BlockPair {
  readonly from: number;
  readonly to: number;
  readonly by: MatchedBy;
  /** False when the block sits elsewhere relative to the other matched blocks: it moved. */
  readonly inPlace: boolean;
}

export interface AlignInput {
  readonly ids: readonly (string | undefined)[];
  readonly texts: readonly string[];
  /** Word token ids of each block (punctuation and whitespace left out), for bag-of-words similarity. */
  readonly words: readonly Int32Array[];
}

/**
 * Size of a block's sketch: the word triples with the smallest hashes (bottom-k MinHash). Blocks that share most of
 * their words share most of their sketch, so looking sketches up finds partners without comparing every pair.
 */
const SKETCH_SIZE = 16;
/** Words per shingle: pairs of common words recur in every block; triples rarely do, outside boilerplate. */
const SHINGLE = 3;
/** A sketch entry found in more blocks than this is boilerplate and says nothing about which block is which. */
const MAX_POSTINGS = 16;
/** Sketch entries a block elsewhere must share to be scored as a candidate. */
const MIN_SHARED = 2;
const NO_HASH = 0x7fffffff;

function shingleHash(words: Int32Array, at: number, width: number): number {
  let h = 0x5bd1e995;
  for (let k = at; k < at + width; k++) {
    h = Math.imul(h ^ (words[k] ?? 0), 0x9e3779b1);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & 0x7ffffffe;
}

/** The SKETCH_SIZE smallest distinct hashes of a block's word triples (of all its words, if fewer). */
function sketch(words: Int32Array): Int32Array {
  const out = new Int32Array(SKETCH_SIZE).fill(NO_HASH);
  let filled = 0;
  const width = Math.min(SHINGLE, words.length);
  for (let k = 0; k + width <= words.length; k++) {
    const h = shingleHash(words, k, width);
    if (filled === SKETCH_SIZE && h >= (out[SKETCH_SIZE - 1] ?? 0)) continue;
    let duplicate = false;
    for (let p = 0; p < filled; p++) if (out[p] === h) duplicate = true;
    if (duplicate) continue;
    // Insertion into the sorted sketch, dropping the largest entry when full.
    let at = filled < SKETCH_SIZE ? filled : SKETCH_SIZE - 1;
    while (at > 0 && (out[at - 1] ?? 0) > h) {
      out[at] = out[at - 1] ?? 0;
      at--;
    }
    out[at] = h;
    if (filled < SKETCH_SIZE) filled++;
  }
  return out.subarray(0, filled);
}

/** Counts word overlap between bags with stamped scratch arrays, so nothing is cleared between blocks. */
class BagScorer {
  private stamp = 0;
  private readonly owner: Int32Array;
  private readonly counts: Int32Array;
  private readonly seen: Int32Array;
  private readonly taken: Int32Array;
  private loaded = 0;

  constructor(vocabSize: number) {
    this.owner = new Int32Array(vocabSize);
    this.counts = new Int32Array(vocabSize);
    this.seen = new Int32Array(vocabSize);
    this.taken = new Int32Array(vocabSize);
  }

  load(words: Int32Array): void {
    this.loaded = ++this.stamp;
    for (const id of words) {
      if (this.owner[id] !== this.loaded) {
        this.owner[id] = this.loaded;
        this.counts[id] = 0;
      }
      this.counts[id] = (this.counts[id] ?? 0) + 1;
    }
  }

  /** Dice coefficient of the loaded bag and `words`: 2·|common| / (|A| + |B|). */
  dice(loadedLength: number, words: Int32Array): number {
    const s = ++this.stamp;
    let common = 0;
    for (const id of words) {
      if (this.owner[id] !== this.loaded) continue;
      if (this.seen[id] !== s) {
        this.seen[id] = s;
        this.taken[id] = 0;
      }
      const taken = this.taken[id] ?? 0;
      if (taken < (this.counts[id] ?? 0)) {
        this.taken[id] = taken + 1;
        common++;
      }
    }
    return (2 * common) / (loadedLength + words.length);
  }
}

/** Pairs the blocks left unmatched by similarity of their words: candidates share sketch entries or sit where expected. */
function pairBySimilarity(
  a: AlignInput,
  b: AlignInput,
  toOf: Int32Array,
  fromOf: Int32Array,
  vocabSize: number,
  threshold: number,
): Array<[number, number]> {
  const index = new Map<number, number[]>();
  for (let j = 0; j < b.texts.length; j++) {
    if (fromOf[j] !== -1) continue;
    for (const h of sketch(b.words[j] ?? new Int32Array(0))) {
      const list = index.get(h);
      if (list === undefined) index.set(h, [j]);
      else list.push(j);
    }
  }
  const scorer = new BagScorer(vocabSize);
  const scored: Array<{ score: number; i: number; j: number }> = [];
  const shared = new Int32Array(b.texts.length);
  const touched: number[] = [];
  const candidates: number[] = [];
  let lastTo = -1;
  let lastFrom = -1;
  for (let i = 0; i < a.texts.length; i++) {
    const matched = toOf[i] ?? -1;
    if (matched !== -1) {
      lastFrom = i;
      lastTo = matched;
      continue;
    }
    const wordsA = a.words[i] ?? new Int32Array(0);
    if (wordsA.length === 0) continue;
    candidates.length = 0;
    // Where the block would be if nothing moved: just after the partner of the last matched block.
    const expected = lastFrom === -1 ? i : lastTo + (i - lastFrom);
    for (let j = expected - 1; j <= expected + 1; j++) if (j >= 0 && j < b.texts.length) candidates.push(j);
    // Elsewhere, only blocks sharing several sketch entries are worth scoring: a chance match shares one at most.
    const own = sketch(wordsA);
    touched.length = 0;
    for (const h of own) {
      const list = index.get(h) ?? [];
      if (list.length > MAX_POSTINGS) continue;
      for (const j of list) {
        if (shared[j] === 0) touched.push(j);
        shared[j] = (shared[j] ?? 0) + 1;
      }
    }
    const needed = own.length === 1 ? 1 : MIN_SHARED;
    for (const j of touched) {
      if ((shared[j] ?? 0) >= needed && Math.abs(j - expected) > 1) candidates.push(j);
      shared[j] = 0;
    }
    scorer.load(wordsA);
    for (const j of candidates) {
      const wordsB = b.words[j] ?? new Int32Array(0);
      if (fromOf[j] !== -1 || wordsB.length === 0) continue;
      const bound = (2 * Math.min(wordsA.length, wordsB.length)) / (wordsA.length + wordsB.length);
      if (bound < threshold) continue;
      const score = scorer.dice(wordsA.length, wordsB);
      if (score >= threshold) scored.push({ score, i, j });
    }
  }
  // Best pairs first; on a tie the pair closest to its expected position wins.
  scored.sort((x, y) => y.score - x.score || Math.abs(x.i - x.j) - Math.abs(y.i - y.j));
  const pairs: Array<[number, number]> = [];
  const takenA = new Uint8Array(a.texts.length);
  const takenB = new Uint8Array(b.texts.length);
  for (const { i, j } of scored) {
    if (takenA[i] || takenB[j]) continue;
    takenA[i] = 1;
    takenB[j] = 1;
    pairs.push([i, j]);
  }
  return pairs;
}

/**
 * Aligns the blocks of two documents: same id first, then identical text, then word similarity ≥ threshold.
 * Matched blocks off the heaviest in-order chain are reported as moved rather than deleted and inserted.
 */
export function alignBlocks(a: AlignInput, b: AlignInput, vocabSize: number, threshold: number): BlockPair[] {
  const toOf = new Int32Array(a.texts.length).fill(-1);
  const fromOf = new Int32Array(b.texts.length).fill(-1);
  const by = new Map<number, MatchedBy>();
  const link = (i: number, j: number, how: MatchedBy) => {
    toOf[i] = j;
    fromOf[j] = i;
    by.set(i, how);
  };
  const byId = new Map<string, number>();
  b.ids.forEach((id, j) => {
    if (id !== undefined && !byId.has(id)) byId.set(id, j);
  });
  a.ids.forEach((id, i) => {
    const j = id === undefined ? undefined : byId.get(id);
    if (j !== undefined && fromOf[j] === -1) link(i, j, "id");
  });
  const byText = new Map<string, number[]>();
  for (let j = b.texts.length - 1; j >= 0; j--) {
    if (fromOf[j] !== -1) continue;
    const text = b.texts[j] ?? "";
    const list = byText.get(text);
    if (list === undefined) byText.set(text, [j]);
    else list.push(j);
  }
  for (let i = 0; i < a.texts.length; i++) {
    if (toOf[i] !== -1) continue;
    const j = byText.get(a.texts[i] ?? "")?.pop();
    if (j !== undefined) link(i, j, "text");
  }
  for (const [i, j] of pairBySimilarity(a, b, toOf, fromOf, vocabSize, threshold)) link(i, j, "similarity");

  const froms: number[] = [];
  for (let i = 0; i < a.texts.length; i++) if (toOf[i] !== -1) froms.push(i);
  const tos = froms.map((i) => toOf[i] ?? -1);
  // The heaviest in-order chain stays in place, so a short provision is reported moved rather than a long one.
  const weights = froms.map((i) => 1 + (a.words[i]?.length ?? 0));
  const inPlace = new Uint8Array(froms.length);
  for (const k of heaviestIncreasing(tos, weights)) inPlace[k] = 1;
  return froms.map((from, k) => ({
    from,
    to: tos[k] ?? -1,
    by: by.get(from) ?? "similarity",
    inPlace: inPlace[k] === 1,
  }));
}
