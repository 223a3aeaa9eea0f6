import type { Round, Side } from "../../../domain/entities.ts";
import type { ProvisionView } from "../../../domain/view.ts";
import { isBracketed } from "../../text-labels.ts";

/** The filters of the single negotiating text, kept in the URL as `?only=…` so a view can be shared. */
export const FILTERS = ["all", "bracketed", "mine", "changed"] as const;
export type Filter = (typeof FILTERS)[number];
export type OnlyFilter = Exclude<Filter, "all">;

/** The route's search: an unknown `only` falls back to the whole text rather than an error page. */
export function instrumentSearch(search: Record<string, unknown>): { only?: OnlyFilter } {
  const only = search.only;
  return only === "bracketed" || only === "mine" || only === "changed" ? { only } : {};
}

/** Whose proposals are "mine": the viewer's party, or the mediation for its team; observers table none. */
export function sideOf(you: { role: string; party: string | null } | undefined): Side | null {
  if (!you) return null;
  if (you.party) return you.party;
  return you.role.startsWith("mediation") ? "mediation" : null;
}

/** The round whose close the "changed since" filter counts from: the last one closed, by its closing instant. */
export function lastClosedRound(rounds: readonly Round[]): Round | null {
  let last: Round | null = null;
  // A round's last change is its closing (rounds are only scheduled, opened and closed).
  for (const round of rounds)
    if (round.state === "closed" && (!last || round.updatedAt > last.updatedAt)) last = round;
  return last;
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
