import { type ConvergenceOptions, convergenceContext, convergenceIn } from "./convergence.ts";

/** Status of a provision, as the domain tracks it (open → bracketed → agreed ad referendum → agreed; reopened). */
export type ProvisionStatus = "open" | "bracketed" | "agreed_ad_referendum" | "agreed" | "reopened";

/** What progress needs to know of a provision; the domain maps its provisions to this shape. */
export interface ProvisionProgressInput {
  readonly id: string;
  /** Its current number, e.g. "7" or "7.2". */
  readonly number: string;
  readonly status: ProvisionStatus;
  /** Live alternatives (bracketed options), or the single text when there is one. */
  readonly alternatives: readonly string[];
  readonly keyIssues: readonly string[];
  /** Blanks left in its text ("____", "[date]"): while any is, the provision counts as open (0 by default). */
  readonly blanks?: number;
}

/**
 * Weight of each status in the progress index. Agreed counts fully; ad referendum nearly (only capital's approval
 * is missing). Other statuses count their convergence times a weight: bracketed text is being negotiated; reopened
 * text was agreed once but is disputed again; open text has not been negotiated, so even one draft counts little.
 */
export const STATUS_WEIGHTS: Readonly<Record<ProvisionStatus, number>> = {
  agreed: 1,
  agreed_ad_referendum: 0.9,
  bracketed: 0.8,
  reopened: 0.6,
  open: 0.3,
};

const STATUSES: readonly ProvisionStatus[] = [
  "open",
  "bracketed",
  "reopened",
  "agreed_ad_referendum",
  "agreed",
];

export interface LastMileItem {
  readonly id: string;
  readonly number: string;
  readonly status: ProvisionStatus;
  readonly convergence: number;
  readonly keyIssues: readonly string[];
  /** Blanks still to fill in its text: "2 blanks to fill", even when its wording is agreed. */
  readonly blanks: number;
}

export interface ProgressReport {
  readonly total: number;
  readonly byStatus: Readonly<Record<ProvisionStatus, { readonly count: number; readonly share: number }>>;
  /** 0..1: each provision's status weight (times its convergence unless agreed or ad referendum), averaged. */
  readonly index: number;
  /** Provisions not yet agreed, furthest apart first: what still divides the parties. */
  readonly lastMile: LastMileItem[];
  /** Key issues behind the last mile, by how many of its provisions they touch. */
  readonly openIssues: ReadonlyArray<{ readonly issue: string; readonly provisions: readonly string[] }>;
  readonly timedOut: boolean;
}

const byNumber = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Progress of an instrument: counts and shares by status, a convergence-weighted index, and the last mile. */
export function computeProgress(
  provisions: readonly ProvisionProgressInput[],
  options: ConvergenceOptions = {},
): ProgressReport {
  const context = convergenceContext(options);
  const counts: Record<ProvisionStatus, number> = {
    open: 0,
    bracketed: 0,
    reopened: 0,
    agreed_ad_referendum: 0,
    agreed: 0,
  };
  let weighted = 0;
  const lastMile: LastMileItem[] = [];
  for (const p of provisions) {
    const blanks = p.blanks ?? 0;
    // A text with blanks is not finished, whatever was agreed about its wording: it counts as open.
    const counted = blanks > 0 ? "open" : p.status;
    counts[counted]++;
    if (counted === "agreed") {
      weighted += STATUS_WEIGHTS.agreed;
      continue;
    }
    const value = convergenceIn(p.alternatives, context);
    weighted += STATUS_WEIGHTS[counted] * (counted === "agreed_ad_referendum" ? 1 : value);
    lastMile.push({
      id: p.id,
      number: p.number,
      status: p.status,
      convergence: value,
      keyIssues: p.keyIssues,
      blanks,
    });
  }
  const rank = (s: ProvisionStatus) => STATUSES.indexOf(s);
  lastMile.sort(
    (x, y) =>
      x.convergence - y.convergence || rank(x.status) - rank(y.status) || byNumber(x.number, y.number),
  );
  const issues = new Map<string, string[]>();
  for (const item of lastMile) {
    for (const issue of item.keyIssues) issues.set(issue, [...(issues.get(issue) ?? []), item.number]);
  }
  const total = provisions.length;
  const share = (n: number) => (total === 0 ? 0 : n / total);
  const byStatus = Object.fromEntries(
    STATUSES.map((s) => [s, { count: counts[s], share: share(counts[s]) }]),
  );
  return {
    total,
    byStatus: byStatus as ProgressReport["byStatus"],
    index: share(weighted),
    lastMile,
    openIssues: [...issues]
      .map(([issue, numbers]) => ({ issue, provisions: numbers }))
      .sort((x, y) => y.provisions.length - x.provisions.length || x.issue.localeCompare(y.issue)),
    timedOut: context.budget.timedOut,
  };
}
