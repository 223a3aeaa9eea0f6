import type { MemberRole, ProvisionStatus } from "../domain/entities.ts";

/** Every provision status in words: status is never shown by colour alone. */
export const STATUS_WORDS: Record<ProvisionStatus, string> = {
  open: "Open",
  bracketed: "Bracketed",
  reopened: "Reopened",
  agreed_ad_referendum: "Agreed ad referendum",
  agreed: "Agreed",
};

/** The bands of the progress bar, most settled first; reopened provisions count with the bracketed ones. */
export const PROGRESS_BANDS = [
  { key: "agreed", label: "Agreed", statuses: ["agreed"] },
  { key: "ad_referendum", label: "Ad referendum", statuses: ["agreed_ad_referendum"] },
  { key: "bracketed", label: "Bracketed", statuses: ["bracketed", "reopened"] },
  { key: "open", label: "Open", statuses: ["open"] },
] as const satisfies readonly { key: string; label: string; statuses: readonly ProvisionStatus[] }[];

export type BandKey = (typeof PROGRESS_BANDS)[number]["key"];

export interface Segment {
  key: BandKey;
  label: string;
  count: number;
  /** Share of the whole, 0..1; the shares of a bar add up to 1 (or 0 for an empty instrument). */
  share: number;
}

/** The segments of one stacked bar from counts per status. */
export function segmentsOf(counts: Partial<Record<ProvisionStatus, { count: number } | number>>): Segment[] {
  const countOf = (s: ProvisionStatus) => {
    const value = counts[s];
    return typeof value === "number" ? value : (value?.count ?? 0);
  };
  const bands = PROGRESS_BANDS.map((band) => ({
    key: band.key,
    label: band.label,
    count: band.statuses.reduce((sum, s) => sum + countOf(s), 0),
  }));
  const total = bands.reduce((sum, b) => sum + b.count, 0);
  return bands.map((b) => ({ ...b, share: total === 0 ? 0 : b.count / total }));
}

/** "12 of 20 agreed (60%), 3 ad referendum, …": the bar in words, for screen readers and for a glance. */
export function describeSegments(segments: readonly Segment[]): string {
  const total = segments.reduce((sum, s) => sum + s.count, 0);
  if (total === 0) return "No provisions yet";
  return segments
    .filter((s) => s.count > 0)
    .map((s) => `${s.label}: ${s.count} of ${total} (${Math.round(s.share * 100)}%)`)
    .join(", ");
}

/** A member's role in words, e.g. "Head of the Armenia delegation". */
export function roleInWords(role: MemberRole, partyName: (id: string) => string): string {
  switch (role.kind) {
    case "mediation":
      return role.rank === "lead" ? "Lead mediator" : "Mediation team";
    case "delegation":
      return `${role.rank === "head" ? "Head of the" : "Member of the"} ${partyName(role.party)} delegation`;
    case "observer":
      return "Observer";
  }
}
