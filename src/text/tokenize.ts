import { CHAR_TABLE, CLASS, charClass, TABLE_SIZE } from "./char-class.ts";
import { HASH_SEED, KIND_PUNCT, KIND_SPACE, KIND_WORD, Vocabulary } from "./vocabulary.ts";

export { KIND_PUNCT, KIND_SPACE, KIND_WORD, Vocabulary } from "./vocabulary.ts";

/** What a token is: words carry meaning; punctuation and whitespace are reported but weigh little. */
export type TokenKind = "word" | "punct" | "space";

export interface Token {
  readonly text: string;
  readonly kind: TokenKind;
}

const KIND_NAMES: readonly TokenKind[] = ["word", "punct", "space"];

/** A tokenized text: token i is text.slice(starts[i], starts[i + 1]). */
export interface TokenStream {
  readonly text: string;
  readonly count: number;
  readonly starts: Int32Array;
  readonly ids: Int32Array;
}

// Module-local copies: the scan loop below must not go through import bindings (see char-class.ts).
const { LETTER, DIGIT, UNDERSCORE, SPACE, CR, LF, LONE_SPACE, MID_LETTER, MID_NUM, UNKNOWN } = CLASS;
const TABLE = CHAR_TABLE;
const TABLE_LIMIT = TABLE_SIZE;
const classOfRare = charClass;
const WORD = KIND_WORD;
const PUNCT = KIND_PUNCT;
const BLANK = KIND_SPACE;
const SEED = HASH_SEED;
const PRIME = 0x01000193;

const WORD_SEGMENTER = new Intl.Segmenter("en", { granularity: "word" });
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
/** Segmenter calls have a fixed cost, so unknown characters are handed over in chunks of at least this size. */
const MIN_SEGMENTER_CHUNK = 256;
const MAX_SEGMENTER_CHUNK = 4096;
/** Code units a forced cut must not precede: low surrogates, combining marks, joiners and format characters. */
const NO_CUT_BEFORE = /[\uDC00-\uDFFF\p{M}\p{Cf}]/u;

function classAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < TABLE_LIMIT ? (TABLE[code] ?? UNKNOWN) : classOfRare(code);
}

/**
 * Characters of class Other in UAX #29 after which a letter or digit always starts a new word: spaces and the
 * ideographic and full-width comma, full stop, exclamation and question marks (CJK text has no spaces).
 */
function isCutAfter(code: number): boolean {
  switch (code) {
    case 0x20:
    case 0x3000:
    case 0x3001:
    case 0x3002:
    case 0xff01:
    case 0xff0c:
    case 0xff1f:
      return true;
    default:
      return false;
  }
}

/**
 * A position where UAX #29 always breaks and the segmentation after it does not depend on what came before:
 * after a line feed, or between a space (or CJK punctuation) and a following letter or digit.
 */
function isSafeCut(text: string, at: number): boolean {
  const prev = text.charCodeAt(at - 1);
  if (prev === 0x0a) return true;
  if (!isCutAfter(prev)) return false;
  const cls = classAt(text, at);
  // The full-width comma is MidNum in UAX #29: between two digits ("0，0") it does not break the number.
  if (prev === 0xff0c && cls === DIGIT) return false;
  if (cls !== UNKNOWN) return cls === LETTER || cls === DIGIT;
  const codePoint = text.codePointAt(at);
  return codePoint !== undefined && HAS_WORD_CHAR.test(String.fromCodePoint(codePoint));
}

/**
 * End of the stretch handed to the segmenter: the first safe cut after `from`. A line with no safe cut for
 * MAX_SEGMENTER_CHUNK characters is cut anyway (outside a surrogate pair or combining sequence): the segmenter is
 * superlinear, and one word split differently there is better than minutes of waiting.
 */
function chunkEnd(text: string, from: number, cutAt: number, minChunk: number): number {
  const n = text.length;
  let end = Math.max(from, cutAt + minChunk);
  while (end < n && !isSafeCut(text, end)) {
    end++;
    if (end - cutAt >= MAX_SEGMENTER_CHUNK) {
      while (end < n && NO_CUT_BEFORE.test(text.charAt(end))) end++;
      return end;
    }
  }
  return Math.min(end, n);
}

/** Segments text[from, to) with Intl.Segmenter into the arena from token `count` (relative to `base`); returns the new count. */
function segmentChunk(
  text: string,
  from: number,
  to: number,
  vocab: Vocabulary,
  base: number,
  count: number,
): number {
  const { arenaStarts, arenaIds } = vocab;
  let k = count;
  for (const { segment, index } of WORD_SEGMENTER.segment(text.slice(from, to))) {
    arenaStarts[base + k] = from + index;
    arenaIds[base + k] = vocab.intern(segment);
    k++;
  }
  return k;
}

/**
 * Tokenizes into a stream of interned ids. Known characters go through a scanner equivalent to Intl.Segmenter's
 * word breaks (UAX #29); on an unknown character the scanner backs up to the last safe cut and lets the segmenter
 * do that stretch. Tokens are hashed while scanned, so known ones are found without slicing the text.
 */
export function tokenizeStream(text: string, vocab: Vocabulary, minChunk = MIN_SEGMENTER_CHUNK): TokenStream {
  const n = text.length;
  vocab.reserve(n);
  const starts = vocab.arenaStarts;
  const ids = vocab.arenaIds;
  const base = vocab.arenaOffset;
  let count = 0;
  let cutAt = 0;
  let cutCount = 0;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const cls = code < TABLE_LIMIT ? (TABLE[code] ?? UNKNOWN) : classOfRare(code);
    const nextCls = i + 1 < n ? classAt(text, i + 1) : LF;
    // An unknown character within the next token's reach: the segmenter redoes everything since the last safe cut.
    if (cls === UNKNOWN || nextCls === UNKNOWN) {
      const end = chunkEnd(text, i + 2, cutAt, minChunk);
      count = segmentChunk(text, cutAt, end, vocab, base, cutCount);
      i = end;
      cutAt = end;
      cutCount = count;
      continue;
    }
    if (i > 0) {
      const prev = text.charCodeAt(i - 1);
      if (prev === 0x0a || (prev === 0x20 && cls !== SPACE)) {
        cutAt = i;
        cutCount = count;
      }
    }
    const start = i;
    let id: number;
    if (cls === LETTER || cls === DIGIT || cls === UNDERSCORE) {
      let hash = Math.imul(SEED ^ code, PRIME);
      let prevCls = cls;
      let alnum = cls !== UNDERSCORE;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        const dc = d < TABLE_LIMIT ? (TABLE[d] ?? UNKNOWN) : classOfRare(d);
        if (dc === LETTER || dc === DIGIT || dc === UNDERSCORE) {
          hash = Math.imul(hash ^ d, PRIME);
          if (dc !== UNDERSCORE) alnum = true;
          prevCls = dc;
          i++;
          continue;
        }
        // Mid-word punctuation joins two letters (U.S, don't) or two digits (1,000.5): WB6/7 and WB11/12.
        if (dc >= MID_LETTER && dc <= MID_NUM && i + 1 < n) {
          const e = text.charCodeAt(i + 1);
          const ec = e < TABLE_LIMIT ? (TABLE[e] ?? UNKNOWN) : classOfRare(e);
          const joinsLetters = prevCls === LETTER && ec === LETTER && dc !== MID_NUM;
          const joinsDigits = prevCls === DIGIT && ec === DIGIT && dc !== MID_LETTER;
          if (joinsLetters || joinsDigits) {
            hash = Math.imul(Math.imul(hash ^ d, PRIME) ^ e, PRIME);
            i += 2;
            continue;
          }
        }
        break;
      }
      // A word next to an unknown character may extend into it (combining marks): let the segmenter decide.
      if (i < n && classAt(text, i) === UNKNOWN) continue;
      id = vocab.internRange(text, start, i, hash, alnum ? WORD : PUNCT);
    } else if (cls === SPACE) {
      let hash = Math.imul(SEED ^ code, PRIME);
      i++;
      while (i < n && text.charCodeAt(i) === 0x20) {
        hash = Math.imul(hash ^ 0x20, PRIME);
        i++;
      }
      id = i - start === 1 ? vocab.internChar(code, BLANK) : vocab.internRange(text, start, i, hash, BLANK);
    } else if (cls === CR && nextCls === LF) {
      i += 2;
      id = vocab.internRange(text, start, i, Math.imul(Math.imul(SEED ^ code, PRIME) ^ 0x0a, PRIME), BLANK);
    } else {
      i++;
      const kind = cls === CR || cls === LF || cls === LONE_SPACE ? BLANK : PUNCT;
      id =
        code < TABLE_LIMIT
          ? vocab.internChar(code, kind)
          : vocab.internRange(text, start, i, Math.imul(SEED ^ code, PRIME), kind);
    }
    starts[base + count] = start;
    ids[base + count] = id;
    count++;
  }
  starts[base + count] = n;
  vocab.arenaOffset = base + count + 1;
  return {
    text,
    count,
    starts: starts.subarray(base, base + count + 1),
    ids: ids.subarray(base, base + count),
  };
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
