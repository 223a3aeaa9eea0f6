import type { Budget } from "./deadline.ts";
import { GRAM, uniqueGrams } from "./gram-anchors.ts";

export const EQUAL = 0;
export const DELETE = 1;
export const INSERT = 2;

/** Edit runs over token positions, in order; adjacent runs of one type are merged. */
export class EditRuns {
  readonly types: number[] = [];
  readonly lengths: number[] = [];

  push(type: number, length: number): void {
    if (length <= 0) return;
    const last = this.types.length - 1;
    if (last >= 0 && this.types[last] === type) {
      this.lengths[last] = (this.lengths[last] ?? 0) + length;
      return;
    }
    this.types.push(type);
    this.lengths.push(length);
  }
}

/** Below this many tokens Myers is cheaper than counting unique tokens for anchors. */
const SMALL_RANGE = 64;
/** Deep anchor recursion only happens on pathological inputs; Myers takes over below it. */
const MAX_ANCHOR_DEPTH = 32;
/** Fewer unique tokens than one per this many tokens of a range: try anchoring on runs of tokens instead. */
const SPARSE_ANCHORS = 32;
/** How far an anchor's common run is measured each way; beyond this, any anchor is clearly genuine. */
const RUN_CAP = 16;
/** Myers steps allowed before splitting at the furthest point reached (xdiff's "too expensive" heuristic). */
const MIN_COST_LIMIT = 256;

/**
 * Indices of a strictly increasing subsequence of `values` with the greatest total weight (values distinct or not),
 * in O(k log k) with a Fenwick tree of running maxima over the ranks of the values.
 */
export function heaviestIncreasing(values: readonly number[], weights: readonly number[]): number[] {
  const n = values.length;
  const rank = new Int32Array(n);
  let ranks = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (Number.isInteger(min) && Number.isInteger(max) && max - min <= 4 * n + 64) {
    // Positions in a text: the values themselves are ranks, gaps do not matter, and no sort is needed.
    ranks = max - min + 1;
    for (let k = 0; k < n; k++) rank[k] = (values[k] ?? min) - min + 1;
  } else {
    const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => (values[x] ?? 0) - (values[y] ?? 0));
    for (let t = 0; t < n; t++) {
      const k = order[t] ?? 0;
      if (t === 0 || values[k] !== values[order[t - 1] ?? 0]) ranks++;
      rank[k] = ranks;
    }
  }
  const treeBest = new Float64Array(ranks + 1);
  const treeAt = new Int32Array(ranks + 1).fill(-1);
  const previous = new Int32Array(n);
  let bestTotal = -1;
  let bestEnd = -1;
  for (let k = 0; k < n; k++) {
    let before = 0;
    let beforeAt = -1;
    for (let q = (rank[k] ?? 1) - 1; q > 0; q -= q & -q) {
      if ((treeBest[q] ?? 0) > before) {
        before = treeBest[q] ?? 0;
        beforeAt = treeAt[q] ?? -1;
      }
    }
    const total = before + (weights[k] ?? 1);
    previous[k] = beforeAt;
    if (total > bestTotal) {
      bestTotal = total;
      bestEnd = k;
    }
    for (let u = rank[k] ?? 1; u <= ranks; u += u & -u) {
      if (total > (treeBest[u] ?? 0)) {
        treeBest[u] = total;
        treeAt[u] = k;
      }
    }
  }
  const chain: number[] = [];
  for (let k = bestEnd; k >= 0; k = previous[k] ?? -1) chain.push(k);
  return chain.reverse();
}

/**
 * Token-level diff: trims common prefix and suffix, anchors on tokens unique to both sides (patience diff; on runs
 * of tokens when single tokens rarely are), keeps the heaviest in-order chain of anchors, weighted by the common run
 * around each, and runs Myers' O(ND) bisection in the small gaps left between anchors. Scratch memory is reused
 * across calls, so one engine serves every block of a document comparison.
 */
export class DiffEngine {
  private a: Int32Array = new Int32Array(0);
  private b: Int32Array = new Int32Array(0);
  private out = new EditRuns();
  private stamp = 0;
  private stamps = new Int32Array(0);
  private countA = new Int32Array(0);
  private countB = new Int32Array(0);
  private posB = new Int32Array(0);
  private v1 = new Int32Array(0);
  private v2 = new Int32Array(0);
  private calls = 0;
  private splitX = 0;
  private splitY = 0;

  constructor(private readonly budget: Budget) {}

  /** Edit runs turning token ids `a` into `b`; coarse (but still exact) where the budget ran out. */
  diff(a: Int32Array, b: Int32Array, vocabSize: number): EditRuns {
    if (this.stamps.length < vocabSize) {
      const size = Math.max(vocabSize, this.stamps.length * 2);
      this.stamps = new Int32Array(size);
      this.countA = new Int32Array(size);
      this.countB = new Int32Array(size);
      this.posB = new Int32Array(size);
      this.stamp = 0;
    }
    this.a = a;
    this.b = b;
    this.out = new EditRuns();
    this.range(0, a.length, 0, b.length, 0);
    return this.out;
  }

  private range(aLo: number, aHi: number, bLo: number, bHi: number, depth: number): void {
    const { a, b } = this;
    let lo = 0;
    while (aLo + lo < aHi && bLo + lo < bHi && a[aLo + lo] === b[bLo + lo]) lo++;
    this.out.push(EQUAL, lo);
    let hi = 0;
    while (aHi - hi > aLo + lo && bHi - hi > bLo + lo && a[aHi - 1 - hi] === b[bHi - 1 - hi]) hi++;
    this.middle(aLo + lo, aHi - hi, bLo + lo, bHi - hi, depth);
    this.out.push(EQUAL, hi);
  }

  private middle(aLo: number, aHi: number, bLo: number, bHi: number, depth: number): void {
    if (
      aLo === aHi ||
      bLo === bHi ||
      this.budget.timedOut ||
      ((++this.calls & 15) === 0 && this.budget.expired())
    ) {
      this.replace(aLo, aHi, bLo, bHi);
      return;
    }
    const size = aHi - aLo + (bHi - bLo);
    if (depth < MAX_ANCHOR_DEPTH && size > SMALL_RANGE && this.anchored(aLo, aHi, bLo, bHi, depth)) return;
    if (this.bisect(aLo, aHi, bLo, bHi)) {
      const x = this.splitX;
      const y = this.splitY;
      this.range(aLo, x, bLo, y, MAX_ANCHOR_DEPTH);
      this.range(x, aHi, y, bHi, MAX_ANCHOR_DEPTH);
      return;
    }
    this.replace(aLo, aHi, bLo, bHi);
  }

  private replace(aLo: number, aHi: number, bLo: number, bHi: number): void {
    this.out.push(DELETE, aHi - aLo);
    this.out.push(INSERT, bHi - bLo);
  }

  /** Patience step: aligns tokens that occur exactly once on each side, then diffs the gaps between them. */
  private anchored(aLo: number, aHi: number, bLo: number, bHi: number, depth: number): boolean {
    const { a, b, stamps, countA, countB, posB } = this;
    const s = ++this.stamp;
    for (let i = aLo; i < aHi; i++) {
      const id = a[i] ?? 0;
      if (stamps[id] !== s) {
        stamps[id] = s;
        countA[id] = 0;
        countB[id] = 0;
      }
      countA[id] = (countA[id] ?? 0) + 1;
    }
    for (let j = bLo; j < bHi; j++) {
      const id = b[j] ?? 0;
      if (stamps[id] !== s) continue;
      countB[id] = (countB[id] ?? 0) + 1;
      posB[id] = j;
    }
    let candA: number[] = [];
    let candB: number[] = [];
    for (let i = aLo; i < aHi; i++) {
      const id = a[i] ?? 0;
      if (countA[id] === 1 && countB[id] === 1) {
        candA.push(i);
        candB.push(posB[id] ?? 0);
      }
    }
    let width = 1;
    const size = aHi - aLo + (bHi - bLo);
    if (candA.length * SPARSE_ANCHORS < size) {
      // Few tokens occur once on each side (a long text, a small vocabulary): unique runs of tokens anchor better,
      // and their density makes the heaviest chain follow the text that really stayed in place.
      const grams = uniqueGrams(a, aLo, aHi, b, bLo, bHi);
      if (grams.candA.length > candA.length) {
        ({ candA, candB } = grams);
        width = GRAM;
      }
    }
    if (candA.length === 0) return false;
    // Weigh each anchor by how far its match extends: a unique token in a long common run is a true anchor, one in
    // a short run (a renumbered "Article 840" meeting another article's label) is a coincidence.
    const weights = candA.map((i, k) => this.runAround(i, candB[k] ?? 0, width, aLo, aHi, bLo, bHi));
    let prevA = aLo;
    let prevB = bLo;
    for (const k of heaviestIncreasing(candB, weights)) {
      const i = candA[k] ?? 0;
      const j = candB[k] ?? 0;
      // Runs of tokens can overlap the previous anchor; the next one that does not will do.
      if (i < prevA || j < prevB) continue;
      this.range(prevA, i, prevB, j, depth + 1);
      this.out.push(EQUAL, width);
      prevA = i + width;
      prevB = j + width;
    }
    this.range(prevA, aHi, prevB, bHi, depth + 1);
    return true;
  }

  /** Length of the common run through a[i, i + width) = b[j, j + width), looking at most RUN_CAP tokens each way. */
  private runAround(
    i: number,
    j: number,
    width: number,
    aLo: number,
    aHi: number,
    bLo: number,
    bHi: number,
  ): number {
    const { a, b } = this;
    let left = 0;
    while (left < RUN_CAP && i - left > aLo && j - left > bLo && a[i - left - 1] === b[j - left - 1]) left++;
    let right = 0;
    const ai = i + width;
    const bj = j + width;
    while (right < RUN_CAP && ai + right < aHi && bj + right < bHi && a[ai + right] === b[bj + right])
      right++;
    return width + left + right;
  }

  /**
   * Myers' middle snake (linear space, after diff-match-patch's diff_bisect). Sets splitX/splitY and returns true
   * when there is a split point; false when the sides share nothing or the budget ran out.
   */
  private bisect(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
    const { a, b } = this;
    const n = aHi - aLo;
    const m = bHi - bLo;
    const maxD = Math.ceil((n + m) / 2);
    const limit = Math.max(MIN_COST_LIMIT, Math.ceil(Math.sqrt(n + m)));
    const vOffset = Math.min(maxD, limit) + 1;
    const vLength = 2 * vOffset + 2;
    if (this.v1.length < vLength) {
      this.v1 = new Int32Array(vLength * 2);
      this.v2 = new Int32Array(vLength * 2);
    }
    const { v1, v2 } = this;
    v1.fill(-1, 0, vLength);
    v2.fill(-1, 0, vLength);
    v1[vOffset + 1] = 0;
    v2[vOffset + 1] = 0;
    const delta = n - m;
    const front = delta % 2 !== 0;
    let k1start = 0;
    let k1end = 0;
    let k2start = 0;
    let k2end = 0;
    let bestX = 0;
    let bestY = 0;
    for (let d = 0; d < maxD; d++) {
      if ((d & 31) === 31 && this.budget.expired()) return false;
      if (d > limit) return this.splitAt(aLo, bLo, bestX, bestY, n, m);
      for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
        const k1Offset = vOffset + k1;
        let x1 =
          k1 === -d || (k1 !== d && (v1[k1Offset - 1] ?? 0) < (v1[k1Offset + 1] ?? 0))
            ? (v1[k1Offset + 1] ?? 0)
            : (v1[k1Offset - 1] ?? 0) + 1;
        let y1 = x1 - k1;
        while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
          x1++;
          y1++;
        }
        v1[k1Offset] = x1;
        if (x1 > n) k1end += 2;
        else if (y1 > m) k1start += 2;
        else {
          if (x1 + y1 > bestX + bestY) {
            bestX = x1;
            bestY = y1;
          }
          if (front) {
            const k2Offset = vOffset + delta - k1;
            if (k2Offset >= 0 && k2Offset < vLength && v2[k2Offset] !== -1 && x1 >= n - (v2[k2Offset] ?? 0)) {
              this.splitX = aLo + x1;
              this.splitY = bLo + y1;
              return true;
            }
          }
        }
      }
      for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
        const k2Offset = vOffset + k2;
        let x2 =
          k2 === -d || (k2 !== d && (v2[k2Offset - 1] ?? 0) < (v2[k2Offset + 1] ?? 0))
            ? (v2[k2Offset + 1] ?? 0)
            : (v2[k2Offset - 1] ?? 0) + 1;
        let y2 = x2 - k2;
        while (x2 < n && y2 < m && a[aHi - x2 - 1] === b[bHi - y2 - 1]) {
          x2++;
          y2++;
        }
        v2[k2Offset] = x2;
        if (x2 > n) k2end += 2;
        else if (y2 > m) k2start += 2;
        else if (!front) {
          const k1Offset = vOffset + delta - k2;
          if (k1Offset >= 0 && k1Offset < vLength && v1[k1Offset] !== -1) {
            const x1 = v1[k1Offset] ?? 0;
            if (x1 >= n - x2) {
              this.splitX = aLo + x1;
              this.splitY = bLo + vOffset + x1 - k1Offset;
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** Gives up on a minimal diff and splits at the furthest point the forward search reached. */
  private splitAt(aLo: number, bLo: number, x: number, y: number, n: number, m: number): boolean {
    if (x + y === 0 || x + y === n + m) return false;
    this.splitX = aLo + x;
    this.splitY = bLo + y;
    return true;
  }
}
