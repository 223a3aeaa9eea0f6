/**
 * Anchor candidates for long texts with a small vocabulary, where hardly any single token occurs once: runs of
 * GRAM consecutive tokens that occur exactly once on each side. A 32-bit hash keys each run; runs are compared
 * token by token before they count, so a hash collision can cost an anchor but never produce a wrong one.
 */
export const GRAM = 6;
/**
 * Only runs whose hash is 0 modulo SAMPLE are considered (content-defined sampling: both sides pick the same runs).
 * One anchor every few tokens is plenty, and it keeps the anchor chain short on texts of a million tokens.
 */
const SAMPLE_MASK = 7;

export interface GramCandidates {
  /** Start of each unique run in `a`, increasing. */
  readonly candA: number[];
  /** Start of the same run in `b`. */
  readonly candB: number[];
}

function gramHash(ids: Int32Array, at: number): number {
  let h = 0x2545f491;
  for (let k = at; k < at + GRAM; k++) {
    h = Math.imul(h ^ (ids[k] ?? 0), 0x9e3779b1);
    h ^= h >>> 16;
  }
  return h;
}

function sameRun(a: Int32Array, i: number, b: Int32Array, j: number): boolean {
  for (let k = 0; k < GRAM; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/** Runs of GRAM tokens found exactly once in a[aLo, aHi) and once in b[bLo, bHi), in `a` order. */
export function uniqueGrams(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
): GramCandidates {
  const gramsA = aHi - aLo - GRAM + 1;
  const gramsB = bHi - bLo - GRAM + 1;
  if (gramsA <= 0 || gramsB <= 0) return { candA: [], candB: [] };
  let size = 1024;
  while (size < (2 * gramsA) / (SAMPLE_MASK + 1)) size *= 2;
  const mask = size - 1;
  const keys = new Int32Array(size);
  // Counts saturate at 2: only "exactly once" matters.
  const countA = new Uint8Array(size);
  const countB = new Uint8Array(size);
  const posB = new Int32Array(size);
  const hashesA = new Int32Array(gramsA);
  const slotOf = (h: number, insert: boolean): number => {
    let slot = (h ^ (h >>> 11)) & mask;
    while (countA[slot] !== 0) {
      if (keys[slot] === h) return slot;
      slot = (slot + 1) & mask;
    }
    if (!insert) return -1;
    keys[slot] = h;
    return slot;
  };
  for (let g = 0; g < gramsA; g++) {
    const h = gramHash(a, aLo + g);
    hashesA[g] = h;
    if ((h & SAMPLE_MASK) !== 0) continue;
    const slot = slotOf(h, true);
    countA[slot] = Math.min(2, (countA[slot] ?? 0) + 1);
  }
  for (let g = 0; g < gramsB; g++) {
    const h = gramHash(b, bLo + g);
    if ((h & SAMPLE_MASK) !== 0) continue;
    const slot = slotOf(h, false);
    if (slot < 0) continue;
    countB[slot] = Math.min(2, (countB[slot] ?? 0) + 1);
    posB[slot] = bLo + g;
  }
  const candA: number[] = [];
  const candB: number[] = [];
  for (let g = 0; g < gramsA; g++) {
    const h = hashesA[g] ?? 0;
    if ((h & SAMPLE_MASK) !== 0) continue;
    const slot = slotOf(h, false);
    if (slot < 0 || countA[slot] !== 1 || countB[slot] !== 1) continue;
    const j = posB[slot] ?? 0;
    if (sameRun(a, aLo + g, b, j)) {
      candA.push(aLo + g);
      candB.push(j);
    }
  }
  return { candA, candB };
}
