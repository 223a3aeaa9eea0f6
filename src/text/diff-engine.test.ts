import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { heaviestIncreasing } from "./diff-engine.ts";

/** The heaviest strictly increasing subsequence by trying every subset: the reference for small inputs. */
function bruteForce(values: number[], weights: number[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << values.length; mask++) {
    let last = Number.NEGATIVE_INFINITY;
    let total = 0;
    let ok = true;
    for (let k = 0; k < values.length && ok; k++) {
      if (!(mask & (1 << k))) continue;
      const v = values[k] ?? 0;
      ok = v > last;
      last = v;
      total += weights[k] ?? 0;
    }
    if (ok) best = Math.max(best, total);
  }
  return best;
}

describe("heaviestIncreasing (which anchors and blocks stay in place)", () => {
  it("finds a strictly increasing chain no other chain outweighs", () => {
    const input = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 50 })), { maxLength: 10 })
      .map((pairs) => [pairs.map(([v]) => v), pairs.map(([, w]) => w)] as const);
    fc.assert(
      fc.property(input, ([values, weights]) => {
        const chain = heaviestIncreasing(values, weights);
        for (let k = 1; k < chain.length; k++) {
          expect(chain[k] ?? 0).toBeGreaterThan(chain[k - 1] ?? 0);
          expect(values[chain[k] ?? 0] ?? 0).toBeGreaterThan(values[chain[k - 1] ?? 0] ?? 0);
        }
        const total = chain.reduce((sum, k) => sum + (weights[k] ?? 0), 0);
        expect(total).toBe(bruteForce([...values], [...weights]));
      }),
      { numRuns: 300 },
    );
  });
});
