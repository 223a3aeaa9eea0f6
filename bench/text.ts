/**
 * Text compare bench: our hierarchical compare against jsdiff `diffWords` and diff-match-patch (words encoded as
 * characters) on synthetic instruments, in one process, so the figure that matters is the ratio.
 * `npm run bench -- text [--quick] [--jsdiff-timeout MS]`.
 */
import { diffWords } from "diff";
import DiffMatchPatch from "diff-match-patch";
import { type Block, compareDocuments, wordDiff } from "../src/text/index.ts";

const WORDS_PER_ARTICLE = 500;
const MOVED_PCT = 5;
const RATIO_GOAL = 1.2;
const CASE_1000X10_GOAL_MS = 1000;
const OUR_BUDGET_MS = 10_000;

/** Deterministic PRNG (mulberry32), so every run compares the same texts. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  "ar",
  "me",
  "ni",
  "az",
  "er",
  "ba",
  "ij",
  "an",
  "tre",
  "ty",
  "pro",
  "vi",
  "sion",
  "bor",
  "der",
  "la",
];

/** A vocabulary of pseudo-words; drawn with Zipf-like frequencies, as words are in real texts. */
function vocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let w = "";
    const n = 1 + Math.floor(random() * 4);
    for (let k = 0; k < n; k++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

function zipfWord(words: readonly string[], random: () => number): string {
  const rank = Math.floor(Math.exp(random() * Math.log(words.length)));
  return words[Math.min(rank, words.length) - 1] ?? "";
}

/** A word with what follows it (space, comma, full stop, paragraph break), so edits keep the punctuation around. */
interface Piece {
  readonly word: string;
  readonly after: string;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** An article of WORDS_PER_ARTICLE words in sentences of 13 words or more, some ending a paragraph. */
function article(words: readonly string[], random: () => number): Piece[] {
  const pieces: Piece[] = [];
  let sentence = 0;
  for (let k = 0; k < WORDS_PER_ARTICLE; k++) {
    const word = zipfWord(words, random);
    const ends = k === WORDS_PER_ARTICLE - 1 || (sentence > 12 && random() < 0.12);
    const after = ends ? (random() < 0.25 ? ".\n" : ". ") : random() < 0.06 ? ", " : " ";
    pieces.push({ word: sentence === 0 ? capitalize(word) : word, after });
    sentence = ends ? 0 : sentence + 1;
  }
  return pieces;
}

function render(pieces: readonly Piece[]): string {
  return pieces
    .map((p) => p.word + p.after)
    .join("")
    .trimEnd();
}

/** Replaces, deletes or inserts `pct`% of the words (60/20/20). */
function edit(
  pieces: readonly Piece[],
  pct: number,
  words: readonly string[],
  random: () => number,
): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (random() * 100 >= pct) {
      out.push(piece);
      continue;
    }
    const r = random();
    const fresh = zipfWord(words, random);
    if (r < 0.6)
      out.push({
        word: piece.word === capitalize(piece.word) ? capitalize(fresh) : fresh,
        after: piece.after,
      });
    else if (r < 0.8) continue;
    else out.push(piece, { word: fresh, after: " " });
  }
  return out;
}

/** Two versions of an instrument: the second with `editedPct`% of words edited and `movedPct`% of articles moved. */
export function syntheticInstrument(
  articles: number,
  editedPct: number,
  movedPct: number,
  seed = 2023,
): { a: Block[]; b: Block[] } {
  const random = prng(seed + articles * 1000 + editedPct);
  const words = vocabulary(5000, random);
  const originals = Array.from({ length: articles }, () => article(words, random));
  const a = originals.map((pieces) => ({ text: render(pieces) }));
  const edited = originals.map((pieces) => ({ text: render(edit(pieces, editedPct, words, random)) }));
  const moves = Math.round((articles * movedPct) / 100);
  for (let m = 0; m < moves; m++) {
    const [moved] = edited.splice(Math.floor(random() * edited.length), 1);
    if (moved !== undefined) edited.splice(Math.floor(random() * (edited.length + 1)), 0, moved);
  }
  // The bench compares as one would two drafts from outside: by content, with labels from position.
  const label = (blocks: Array<{ text: string }>) =>
    blocks.map((x, i) => ({ label: `Article ${i + 1}`, text: x.text }));
  return { a: label(a), b: label(edited) };
}

function wholeText(blocks: readonly Block[]): string {
  return blocks.map((block) => `${block.label ?? ""}\n${block.text}`).join("\n\n");
}

const DMP_TOKEN = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;

/** diff-match-patch on words: each distinct word becomes one character (its linesToChars trick, on words). */
function dmpWords(dmp: DiffMatchPatch, a: string, b: string): number {
  const ids = new Map<string, number>();
  const tokens: string[] = [""];
  const encode = (text: string): string => {
    const codes: number[] = [];
    for (const [token] of text.matchAll(DMP_TOKEN)) {
      let id = ids.get(token);
      if (id === undefined) {
        id = tokens.length;
        if (id > 0xffff) throw new Error("more than 65,535 distinct words: dmp cannot encode them");
        tokens.push(token);
        ids.set(token, id);
      }
      codes.push(id);
    }
    let out = "";
    for (let k = 0; k < codes.length; k += 8192) out += String.fromCharCode(...codes.slice(k, k + 8192));
    return out;
  };
  const diffs = dmp.diff_main(encode(a), encode(b), false);
  let changed = 0;
  for (const diff of diffs) {
    let text = "";
    for (let k = 0; k < diff[1].length; k++) text += tokens[diff[1].charCodeAt(k)] ?? "";
    diff[1] = text;
    if (diff[0] !== 0) changed++;
  }
  return changed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

interface CaseResult {
  articles: number;
  editedPct: number;
  movedPct: number;
  oursMs: number;
  jsdiffMs: number;
  dmpMs: number;
  ratio: number;
  oursTimedOut: boolean;
  jsdiffTimedOut: boolean;
  dmpTimedOut: boolean;
  oursSimilarity: number;
  /** Our flat word diff of the whole text: like for like with jsdiff and dmp (not part of the goal). */
  oursFlatMs: number;
  oursFlatSimilarity: number;
}

function runCase(articles: number, editedPct: number, reps: number, jsdiffTimeoutMs: number): CaseResult {
  const { a, b } = syntheticInstrument(articles, editedPct, MOVED_PCT);
  const textA = wholeText(a);
  const textB = wholeText(b);
  const dmp = new DiffMatchPatch();
  const ours: number[] = [];
  const jsdiff: number[] = [];
  const dmpTimes: number[] = [];
  const flat: number[] = [];
  let flatSimilarity = 0;
  let oursTimedOut = false;
  let jsdiffTimedOut = false;
  let similarity = 0;
  for (let r = 0; r < reps; r++) {
    let t = performance.now();
    const result = compareDocuments(a, b, {
      deadline: { budgetMs: OUR_BUDGET_MS, now: () => performance.now() },
    });
    ours.push(performance.now() - t);
    oursTimedOut ||= result.timedOut;
    similarity = result.similarity;
    // A timed-out jsdiff would time out again: one run gives its (lower-bound) time.
    if (!jsdiffTimedOut || jsdiff.length === 0) {
      t = performance.now();
      const changes = diffWords(textA, textB, { timeout: jsdiffTimeoutMs });
      jsdiff.push(performance.now() - t);
      jsdiffTimedOut ||= changes === undefined;
    }
    t = performance.now();
    dmpWords(dmp, textA, textB);
    dmpTimes.push(performance.now() - t);
    t = performance.now();
    flatSimilarity = wordDiff(textA, textB, {
      deadline: { budgetMs: OUR_BUDGET_MS, now: () => performance.now() },
    }).similarity;
    flat.push(performance.now() - t);
  }
  const oursMs = median(ours);
  const jsdiffMs = median(jsdiff);
  const dmpMs = median(dmpTimes);
  return {
    articles,
    editedPct,
    movedPct: MOVED_PCT,
    oursMs: round(oursMs),
    jsdiffMs: round(jsdiffMs),
    dmpMs: round(dmpMs),
    ratio: Math.round((oursMs / Math.min(jsdiffMs, dmpMs)) * 1000) / 1000,
    oursTimedOut,
    jsdiffTimedOut,
    dmpTimedOut: dmpMs >= dmp.Diff_Timeout * 1000,
    oursSimilarity: Math.round(similarity * 1000) / 1000,
    oursFlatMs: round(median(flat)),
    oursFlatSimilarity: Math.round(flatSimilarity * 1000) / 1000,
  };
}

/** Runs the text compare bench; progress goes to stderr, the result object is printed by bench/run.ts. */
export async function run(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes("--quick");
  const timeoutArg = args.indexOf("--jsdiff-timeout");
  const jsdiffTimeoutMs = timeoutArg >= 0 ? Number(args[timeoutArg + 1]) : 5_000;
  const sizes: Array<[number, number]> = quick
    ? [
        [20, 3],
        [200, 1],
      ]
    : [
        [20, 9],
        [200, 5],
        [1000, 3],
      ];
  // Warm up all three engines so the first timed case does not pay for JIT compilation.
  runCase(20, 10, 2, jsdiffTimeoutMs);
  const cases: CaseResult[] = [];
  for (const [articles, reps] of sizes) {
    for (const editedPct of [1, 10, 100]) {
      process.stderr.write(`text bench: ${articles} articles, ${editedPct}% edited… `);
      const result = runCase(articles, editedPct, reps, jsdiffTimeoutMs);
      process.stderr.write(
        `ours ${result.oursMs} ms, jsdiff ${result.jsdiffMs} ms${result.jsdiffTimedOut ? " (timed out)" : ""}, ` +
          `dmp ${result.dmpMs} ms, ratio ${result.ratio} (flat ${result.oursFlatMs} ms)\n`,
      );
      cases.push(result);
    }
  }
  const worstRatio = Math.max(...cases.map((c) => c.ratio));
  const case1000x10Ms = cases.find((c) => c.articles === 1000 && c.editedPct === 10)?.oursMs ?? null;
  return {
    bench: "text",
    wordsPerArticle: WORDS_PER_ARTICLE,
    jsdiffTimeoutMs,
    cases,
    worstRatio,
    case1000x10Ms,
    goals: {
      ratio: RATIO_GOAL,
      case1000x10Ms: CASE_1000X10_GOAL_MS,
      met: worstRatio <= RATIO_GOAL && (case1000x10Ms === null || case1000x10Ms <= CASE_1000X10_GOAL_MS),
    },
  };
}
