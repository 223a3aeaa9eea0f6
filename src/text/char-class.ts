/**
 * Word-break classes (UAX #29) for the characters the fast tokenizer handles itself. Intl.Segmenter is the reference:
 * it is exact for every script but slow and superlinear on long strings, so the scanner covers the common characters
 * of treaty texts and hands anything else to the segmenter. tokenize.test.ts checks both agree.
 */
/**
 * The classes. Hot loops copy them into module-local constants: imported bindings can compile to getter calls
 * (tsx, vite), which cost more than the scan itself.
 */
export const CLASS = {
  OTHER: 0,
  LETTER: 1,
  DIGIT: 2,
  UNDERSCORE: 3,
  /** U+0020: runs of it form one segment (WB3d). */
  SPACE: 4,
  CR: 5,
  LF: 6,
  /** Whitespace that always stands alone: tab, vertical tab, form feed, no-break space. */
  LONE_SPACE: 7,
  /** Joins letters only (WB6/7). The three mid classes are consecutive: the scanner tests them as a range. */
  MID_LETTER: 8,
  /** Joins letters or digits (WB6/7, WB11/12). */
  MID_NUM_LET: 9,
  /** Joins digits only (WB11/12). */
  MID_NUM: 10,
  /** A character the scanner does not know: the segmenter decides. */
  UNKNOWN: 255,
} as const;

const {
  OTHER,
  LETTER,
  DIGIT,
  UNDERSCORE,
  SPACE,
  CR,
  LF,
  LONE_SPACE,
  MID_LETTER,
  MID_NUM_LET,
  MID_NUM,
  UNKNOWN,
} = CLASS;

/** Classes of the first 0x600 code units (Latin, Cyrillic, Armenian); charClass covers the rest. */
export const TABLE_SIZE = 0x600;
export const CHAR_TABLE = new Uint8Array(TABLE_SIZE).fill(UNKNOWN);
const TABLE = CHAR_TABLE;

function fill(from: number, to: number, cls: number): void {
  for (let c = from; c <= to; c++) TABLE[c] = cls;
}

fill(0x00, 0x7f, OTHER);
fill(0x41, 0x5a, LETTER);
fill(0x61, 0x7a, LETTER);
fill(0x30, 0x39, DIGIT);
TABLE[0x5f] = UNDERSCORE;
TABLE[0x20] = SPACE;
TABLE[0x0d] = CR;
TABLE[0x0a] = LF;
TABLE[0x09] = LONE_SPACE;
TABLE[0x0b] = LONE_SPACE;
TABLE[0x0c] = LONE_SPACE;
TABLE[0x3a] = MID_LETTER;
TABLE[0x2e] = MID_NUM_LET;
TABLE[0x27] = MID_NUM_LET;
TABLE[0x2c] = MID_NUM;
TABLE[0x3b] = MID_NUM;
// Latin-1 and Latin Extended-A letters (French, German, Spanish, Polish, Turkish…), minus × and ÷.
fill(0xc0, 0x17f, LETTER);
TABLE[0xd7] = OTHER;
TABLE[0xf7] = OTHER;
TABLE[0xa0] = LONE_SPACE;
TABLE[0xa7] = OTHER;
TABLE[0xab] = OTHER;
TABLE[0xbb] = OTHER;
// Cyrillic basic letters and Armenian letters.
fill(0x400, 0x45f, LETTER);
fill(0x531, 0x556, LETTER);
fill(0x561, 0x586, LETTER);

/** Word-break class of a UTF-16 code unit, or UNKNOWN when the segmenter must decide. */
export function charClass(code: number): number {
  if (code < TABLE_SIZE) return TABLE[code] ?? UNKNOWN;
  switch (code) {
    case 0x2018:
    case 0x2019:
      return MID_NUM_LET;
    case 0x2013:
    case 0x2014:
    case 0x201c:
    case 0x201d:
    case 0x2026:
      return OTHER;
    default:
      return UNKNOWN;
  }
}
