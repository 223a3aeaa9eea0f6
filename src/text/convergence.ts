import { Budget, type Deadline } from "./deadline.ts";
import { DiffEngine } from "./diff-engine.ts";
import { Vocabulary } from "./vocabulary.ts";
import { diffTexts } from "./word-diff.ts";

export interface ConvergenceOptions {
  readonly deadline?: Deadline;
}

/** Change in convergence below which a provision counts as stable between rounds. */
const STABLE_BAND = 0.02;

/** Shared vocabulary and engine for many comparisons under one deadline. */
export interface ConvergenceContext {
  readonly vocab: Vocabulary;
  readonly engine: DiffEngine;
  readonly budget: Budget;
}

/** A context for scoring many provisions under one deadline. */
export function convergenceContext(options: ConvergenceOptions = {}): ConvergenceContext {
  const budget = new Budget(options.deadline);
  return { vocab: new Vocabulary(), engine: new DiffEngine(budget), budget };
}

/** Mean pairwise word similarity of the alternatives, within a shared context. */
export function convergenceIn(alternatives: readonly string[], context: ConvergenceContext): number {
  if (alternatives.length < 2) return 1;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < alternatives.length; i++) {
    for (let j = i + 1; j < alternatives.length; j++) {
      const a = alternatives[i] ?? "";
      const b = alternatives[j] ?? "";
      sum += a === b ? 1 : diffTexts(a, b, context.vocab, context.engine).similarity;
      pairs++;
    }
  }
  return sum / pairs;
}

/**
 * How close a provision's live alternatives are, 0..1: their mean pairwise word similarity. 1 when there is at
 * most one alternative or all are identical; every proposer's text counts, so two parties tabling the same
 * wording against a third raise it.
 */
export function convergence(alternatives: readonly string[], options: ConvergenceOptions = {}): number {
  return convergenceIn(alternatives, convergenceContext(options));
}

export interface RoundAlternatives {
  readonly round: string;
  readonly alternatives: readonly string[];
}

export interface ConvergenceTrend {
  readonly points: ReadonlyArray<{
    readonly round: string;
    readonly convergence: number;
    readonly change: number | null;
  }>;
  /** Last round's convergence minus the first's. */
  readonly change: number;
  /** converging or diverging when the change exceeds ±0.02; stable otherwise or with fewer than two rounds. */
  readonly direction: "converging" | "diverging" | "stable";
}

/** Convergence of one provision round by round, with the change from round to round and the overall direction. */
export function convergenceTrend(
  seriesByRound: readonly RoundAlternatives[],
  options: ConvergenceOptions = {},
): ConvergenceTrend {
  const context = convergenceContext(options);
  let previous: number | null = null;
  const points = seriesByRound.map(({ round, alternatives }) => {
    const value = convergenceIn(alternatives, context);
    const change = previous === null ? null : value - previous;
    previous = value;
    return { round, convergence: value, change };
  });
  const first = points[0]?.convergence ?? 0;
  const change = (points.at(-1)?.convergence ?? 0) - first;
  const direction = change > STABLE_BAND ? "converging" : change < -STABLE_BAND ? "diverging" : "stable";
  return { points, change, direction };
}
