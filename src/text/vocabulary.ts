export const KIND_WORD = 0;
export const KIND_PUNCT = 1;
export const KIND_SPACE = 2;

const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const ALL_SPACE = /^\s+$/u;

/** Kind of a token from its content alone, so a token text has the same kind whichever path produced it. */
export function kindOf(token: string): number {
  if (HAS_WORD_CHAR.test(token)) return KIND_WORD;
  return ALL_SPACE.test(token) ? KIND_SPACE : KIND_PUNCT;
}

/** FNV-1a step over one UTF-16 code unit; tokenizers hash as they scan so that interning needs no substring. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

export const HASH_SEED = 0x811c9dc5 | 0;
/** Arena chunk, in tokens: 64 Ki tokens is about 50 pages of text. */
const ARENA_CHUNK = 1 << 16;

/** FNV-1a of a whole string, equal to hashing it code unit by code unit with hashStep. */
export function hashString(text: string): number {
  let hash = HASH_SEED;
  for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash;
}

/**
 * Interns token texts to dense integers so diffs compare numbers; one vocabulary serves every text of a comparison.
 * An open-addressing table keyed by the scanner's hash finds a token in place, without slicing it out of the text.
 */
export class Vocabulary {
  /** Token text per id. */
  readonly texts: string[] = [];
  /** Kind code (KIND_*) per id. */
  readonly kinds: number[] = [];
  private hashes = new Int32Array(1024);
  private table = new Int32Array(4096);
  private mask = 4095;
  private readonly single = new Int32Array(0x600).fill(-1);
  /**
   * Arena the tokenizer writes token starts and ids into, from `arenaOffset`; each stream keeps a view of its part,
   * so many small texts cost neither an allocation each nor a copy.
   */
  arenaStarts = new Int32Array(0);
  arenaIds = new Int32Array(0);
  arenaOffset = 0;

  /** Makes room in the arena for a text of up to `capacity` tokens. */
  reserve(capacity: number): void {
    if (this.arenaOffset + capacity + 1 <= this.arenaIds.length) return;
    const size = Math.max(capacity + 1, ARENA_CHUNK);
    this.arenaStarts = new Int32Array(size);
    this.arenaIds = new Int32Array(size);
    this.arenaOffset = 0;
  }

  get size(): number {
    return this.kinds.length;
  }

  /** Id of text[start, end), whose hashString is `hash`; `kind` is used when the token is new. */
  internRange(text: string, start: number, end: number, hash: number, kind: number): number {
    const { table, hashes, texts, mask } = this;
    const length = end - start;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const entry = table[slot] ?? 0;
      if (entry === 0) break;
      const id = entry - 1;
      if (hashes[id] === hash) {
        const known = texts[id] ?? "";
        if (known.length === length) {
          // A plain loop: tokens are short, and startsWith's call overhead dominated the whole tokenizer.
          let k = 0;
          while (k < length && known.charCodeAt(k) === text.charCodeAt(start + k)) k++;
          if (k === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    const id = texts.length;
    texts.push(text.slice(start, end));
    this.kinds.push(kind);
    if (id >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    table[slot] = id + 1;
    if ((id + 1) * 2 > mask) this.rehash();
    return id;
  }

  /** Id of a token given as a string, its kind worked out from its content if it is new. */
  intern(token: string): number {
    const hash = hashString(token);
    const before = this.size;
    const id = this.internRange(token, 0, token.length, hash, KIND_PUNCT);
    if (id === before) this.kinds[id] = kindOf(token);
    return id;
  }

  /** Id of a one-code-unit token; cached by code, since half of all tokens are a single space. */
  internChar(code: number, kind: number): number {
    const cached = this.single[code] ?? -1;
    if (cached >= 0) return cached;
    const text = String.fromCharCode(code);
    const id = this.internRange(text, 0, 1, hashString(text), kind);
    this.single[code] = id;
    return id;
  }

  private rehash(): void {
    const size = this.table.length * 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.texts.length; id++) {
      const hash = this.hashes[id] ?? 0;
      let slot = (hash ^ (hash >>> 15)) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id + 1;
    }
  }
}
