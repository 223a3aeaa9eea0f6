import type { Round, Side } from "../../../domain/entities.ts";
import type { ProvisionView } from "../../../domain/view.ts";
import { isBracketed } from "../../text-labels.ts";

/** The filters of the single negotiating text, kept in the URL as `?only=…` so a view can be shared. */
export const FILTERS = ["all", "bracketed", "mine", "changed"] as const;
export type Filter = (typeof FILTERS)[number];
export type OnlyFilter = Exclude<Filter, "all">;

export interface InstrumentSearch {
  only?: OnlyFilter;
  /** The closed round whose close "changed" counts from; the last one closed when absent. */
  since?: string;
}

/** The route's search: an unknown `only` falls back to the whole text rather than an error page. */
export function instrumentSearch(search: Record<string, unknown>): InstrumentSearch {
  const { only, since } = search;
  return {
    ...(only === "bracketed" || only === "mine" || only === "changed" ? { only } : {}),
    ...(typeof since === "string" && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(since) ? { since } : {}),
  };
}

/** Whose proposals are "mine": the viewer's party, or the mediation for its team; observers table none. */
export function sideOf(you: { role: string; party: string | null } | undefined): Side | null {
  if (!you) return null;
  if (you.party) return you.party;
  return you.role.startsWith("mediation") ? "mediation" : null;
}

/** The closed rounds, the last closed first: a round's last change is its closing (rounds are only scheduled, opened and closed). */
export function closedRounds(rounds: readonly Round[]): Round[] {
  return rounds
    .filter((r) => r.state === "closed")
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/** The round whose close the "changed since" filter counts from: the one asked for, else the last closed. */
export function lastClosedRound(rounds: readonly Round[], wanted?: string): Round | null {
  const closed = closedRounds(rounds);
  return closed.find((r) => r.id === wanted) ?? closed[0] ?? null;
}

/**
 * Whether anything the viewer reads of a provision changed after `since`: the provision itself (text,
 * number, status, agreement, reopening, a shared proposal tabled or withdrawn all touch it), a live
 * alternative, or a current position. ISO-8601 UTC instants compare as strings.
 */
export function changedSince(view: ProvisionView, since: string): boolean {
  if (view.provision.updatedAt > since) return true;
  for (const proposal of view.alternatives) if (proposal.updatedAt > since) return true;
  for (const position of view.positions) if (position.updatedAt > since) return true;
  return false;
}

export interface FilterContext {
  side: Side | null;
  /** The closing instant of the last closed round, or null when none has closed. */
  since: string | null;
}

/** Whether a provision is shown under a filter. */
export function matches(view: ProvisionView, filter: Filter, ctx: FilterContext): boolean {
  switch (filter) {
    case "all":
      return true;
    case "bracketed":
      return isBracketed(view.provision.status);
    case "mine":
      return ctx.side !== null && view.alternatives.some((p) => p.by === ctx.side);
    case "changed":
      return ctx.since !== null && changedSince(view, ctx.since);
  }
}

export type FilterCounts = Record<Filter, number>;

/** How many provisions each filter shows, in one pass over the text. */
export function countFilters(views: readonly ProvisionView[], ctx: FilterContext): FilterCounts {
  const counts: FilterCounts = { all: 0, bracketed: 0, mine: 0, changed: 0 };
  for (const view of views) for (const filter of FILTERS) if (matches(view, filter, ctx)) counts[filter]++;
  return counts;
}
