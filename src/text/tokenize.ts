import {
  CR,
  charClass,
  DIGIT,
  isWordChar,
  LETTER,
  LF,
  LONE_SPACE,
  MID_LETTER,
  MID_NUM,
  MID_NUM_LET,
  SPACE,
  UNDERSCORE,
  UNKNOWN,
} from "./char-class.ts";

/** What a token is: words carry meaning; punctuation and whitespace are reported but weigh little. */
export type TokenKind = "word" | "punct" | "space";

export interface Token {
  readonly text: string;
  readonly kind: TokenKind;
}

export const KIND_WORD = 0;
export const KIND_PUNCT = 1;
export const KIND_SPACE = 2;
const KIND_NAMES: readonly TokenKind[] = ["word", "punct", "space"];

/** Interns token texts to dense integers so diffs compare numbers, shared by every text of one comparison. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** Kind code (KIND_*) per token id. */
  readonly kinds: number[] = [];
  private readonly single = new Int32Array(128).fill(-1);

  get size(): number {
    return this.kinds.length;
  }

  intern(text: string, kind: number): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.kinds.length;
      this.ids.set(text, id);
      this.kinds.push(kind);
    }
    return id;
  }

  /** Single ASCII characters skip the string slice and map lookup: half of all tokens are one space. */
  internChar(code: number, kind: number): number {
    const cached = this.single[code] ?? -1;
    if (cached >= 0) return cached;
    const id = this.intern(String.fromCharCode(code), kind);
    this.single[code] = id;
    return id;
  }
}

/** A tokenized text: token i is text.slice(starts[i], starts[i + 1]). */
export interface TokenStream {
  readonly text: string;
  readonly count: number;
  readonly starts: Int32Array;
  readonly ids: Int32Array;
}

const WORD_SEGMENTER = new Intl.Segmenter("en", { granularity: "word" });
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const ALL_SPACE = /^\s+$/u;
/** Segmenter calls have a fixed cost, so unknown characters are handed over in chunks of at least this size. */
const MIN_SEGMENTER_CHUNK = 256;

function kindOf(segment: string): number {
  if (HAS_WORD_CHAR.test(segment)) return KIND_WORD;
  return ALL_SPACE.test(segment) ? KIND_SPACE : KIND_PUNCT;
}

/**
 * A position where UAX #29 always breaks and the segmentation after it does not depend on what came before:
 * after a line feed, or between a space and a following letter or digit.
 */
function isSafeCut(text: string, at: number): boolean {
  const prev = text.charCodeAt(at - 1);
  if (prev === 0x0a) return true;
  if (prev !== 0x20 && prev !== 0x3000) return false;
  const cls = charClass(text.charCodeAt(at));
  if (cls !== UNKNOWN) return cls === LETTER || cls === DIGIT;
  const codePoint = text.codePointAt(at);
  return codePoint !== undefined && HAS_WORD_CHAR.test(String.fromCodePoint(codePoint));
}

class StreamBuilder {
  count = 0;
  readonly starts: Int32Array;
  readonly ids: Int32Array;

  constructor(capacity: number) {
    this.starts = new Int32Array(capacity + 1);
    this.ids = new Int32Array(capacity);
  }

  push(start: number, id: number): void {
    this.starts[this.count] = start;
    this.ids[this.count] = id;
    this.count++;
  }
}

function segmentChunk(text: string, from: number, to: number, vocab: Vocabulary, out: StreamBuilder): void {
  for (const { segment, index } of WORD_SEGMENTER.segment(text.slice(from, to))) {
    out.push(from + index, vocab.intern(segment, kindOf(segment)));
  }
}

/** End of a word that starts at `from` (letters, digits, underscores, joined by mid-word punctuation). */
function scanWord(text: string, from: number): { end: number; hasAlnum: boolean } {
  let prev = charClass(text.charCodeAt(from));
  let hasAlnum = prev !== UNDERSCORE;
  let j = from + 1;
  const n = text.length;
  while (j < n) {
    const cls = charClass(text.charCodeAt(j));
    if (isWordChar(cls)) {
      if (cls !== UNDERSCORE) hasAlnum = true;
      prev = cls;
      j++;
      continue;
    }
    if ((cls === MID_LETTER || cls === MID_NUM_LET || cls === MID_NUM) && j + 1 < n) {
      const next = charClass(text.charCodeAt(j + 1));
      const joinsLetters = prev === LETTER && next === LETTER && cls !== MID_NUM;
      const joinsDigits = prev === DIGIT && next === DIGIT && cls !== MID_LETTER;
      if (joinsLetters || joinsDigits) {
        j += 2;
        continue;
      }
    }
    break;
  }
  return { end: j, hasAlnum };
}

/**
 * Tokenizes into a stream of interned ids. Known characters go through a scanner equivalent to Intl.Segmenter's
 * word breaks; on an unknown character the scanner backs up to the last safe cut and lets the segmenter do a chunk.
 */
export function tokenizeStream(text: string, vocab: Vocabulary, minChunk = MIN_SEGMENTER_CHUNK): TokenStream {
  const n = text.length;
  const out = new StreamBuilder(n);
  let cutAt = 0;
  let cutCount = 0;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const cls = charClass(code);
    // Any unknown character in the next token's reach sends the region since the last safe cut to the segmenter.
    const nextCls = i + 1 < n ? charClass(text.charCodeAt(i + 1)) : 0;
    if (cls === UNKNOWN || nextCls === UNKNOWN) {
      let end = Math.max(i + 2, cutAt + minChunk);
      while (end < n && !isSafeCut(text, end)) end++;
      end = Math.min(end, n);
      out.count = cutCount;
      segmentChunk(text, cutAt, end, vocab, out);
      i = end;
      cutAt = end;
      cutCount = out.count;
      continue;
    }
    if (i > 0 && isSafeCutKnown(text.charCodeAt(i - 1), cls)) {
      cutAt = i;
      cutCount = out.count;
    }
    const start = i;
    if (isWordChar(cls)) {
      const word = scanWord(text, i);
      i = word.end;
      // A word that ends next to an unknown character may extend into it (combining marks): let the segmenter decide.
      if (i < n && charClass(text.charCodeAt(i)) === UNKNOWN) continue;
      out.push(start, vocab.intern(text.slice(start, i), word.hasAlnum ? KIND_WORD : KIND_PUNCT));
      continue;
    }
    if (cls === SPACE) {
      i++;
      while (i < n && text.charCodeAt(i) === 0x20) i++;
    } else if (cls === CR && nextCls === LF) {
      i += 2;
    } else {
      i++;
    }
    const kind = cls === SPACE || cls === CR || cls === LF || cls === LONE_SPACE ? KIND_SPACE : KIND_PUNCT;
    out.push(
      start,
      i - start === 1 && code < 128 ? vocab.internChar(code, kind) : vocab.intern(text.slice(start, i), kind),
    );
  }
  out.starts[out.count] = n;
  return {
    text,
    count: out.count,
    starts: out.starts.subarray(0, out.count + 1),
    ids: out.ids.subarray(0, out.count),
  };
}

/** The fast scanner's view of isSafeCut, for a known character after `prev`. */
function isSafeCutKnown(prev: number, cls: number): boolean {
  return prev === 0x0a || (prev === 0x20 && cls !== SPACE);
}

/** Splits text into words, punctuation and whitespace (UAX #29, any language); joining the tokens gives the text back. */
export function tokenize(text: string): Token[] {
  const vocab = new Vocabulary();
  const stream = tokenizeStream(text, vocab);
  const tokens: Token[] = [];
  for (let k = 0; k < stream.count; k++) {
    const id = stream.ids[k] ?? 0;
    tokens.push({
      text: text.slice(stream.starts[k], stream.starts[k + 1]),
      kind: KIND_NAMES[vocab.kinds[id] ?? KIND_PUNCT] ?? "punct",
    });
  }
  return tokens;
}

/** Reference segmentation straight from Intl.Segmenter, for tests: exact but slow on long texts. */
export function segmenterWords(text: string): string[] {
  return Array.from(WORD_SEGMENTER.segment(text), (s) => s.segment);
}
