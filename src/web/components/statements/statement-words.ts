import type { Party, Release, Statement, StatementKind } from "../../../domain/entities.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { formatDays } from "../../format.ts";

/** A statement as the list shows it: the draft the member reads, its release, or both. */
export interface StatementItem {
  id: string;
  statementKind: StatementKind;
  party: string | null;
  title: string;
  text: string;
  /** The draft's revision; null for a release of a draft the member does not read (its revisions not said). */
  revision: number | null;
  statement: Statement | null;
  release: Release | null;
}

/**
 * Drafts and releases side by side, newest first. A release is a copy in the public scope, so a member who
 * could not read the draft (the mediator, for a party's readout) still lists it as released.
 */
export function statementItems(
  statements: readonly Statement[],
  releases: readonly Release[],
): StatementItem[] {
  const released = new Map(releases.map((r) => [r.statementId, r]));
  const items: StatementItem[] = statements.map((s) => ({
    id: s.id,
    statementKind: s.statementKind,
    party: s.party,
    title: s.title,
    text: s.text,
    revision: s.revision,
    statement: s,
    release: released.get(s.id) ?? null,
  }));
  const drafted = new Set(statements.map((s) => s.id));
  for (const r of releases) {
    if (drafted.has(r.statementId)) continue;
    items.push({
      id: r.statementId,
      statementKind: r.statementKind,
      party: r.party,
      title: r.title,
      text: r.text,
      revision: r.revision,
      statement: null,
      release: r,
    });
  }
  const since = (i: StatementItem) => i.release?.createdAt ?? i.statement?.updatedAt ?? "";
  return items.sort((x, y) => since(y).localeCompare(since(x)));
}

const nameOf = (id: string | null, parties: readonly Party[]) =>
  parties.find((p) => p.id === id)?.name ?? id ?? "";

/** Who speaks: "Armenia delegation", "The mediation", "Joint statement (every party)". */
export function authorInWords(
  item: Pick<StatementItem, "statementKind" | "party">,
  parties: readonly Party[],
) {
  switch (item.statementKind) {
    case "party":
      return `${nameOf(item.party, parties)} delegation`;
    case "mediator":
      return "The mediation";
    case "joint":
      return "Joint statement of every party";
  }
}

/** Parties that have not approved a joint statement's current revision. */
export function missingApprovals(item: StatementItem, parties: readonly Party[]): Party[] {
  const approvals = item.statement?.approvals ?? [];
  return parties.filter((p) => !approvals.includes(p.id));
}

/** Where a statement stands, in words: status is never shown by colour alone. */
export function stateInWords(item: StatementItem, parties: readonly Party[]): string {
  if (item.release) return "Released to the public";
  const draft = `Draft, revision ${item.revision}`;
  if (item.statementKind !== "joint") return draft;
  const missing = missingApprovals(item, parties);
  const approved = parties.filter((p) => !missing.includes(p));
  if (missing.length === 0) return `${draft}: approved by every party, ready to release`;
  if (approved.length === 0) return `${draft}: no party has approved it yet`;
  return `${draft}: approved by ${listInWords(approved.map((p) => p.name))}; awaiting ${listInWords(missing.map((p) => p.name))}`;
}

/** "4 May 2023, 19:02 UTC": a release is read from anywhere, so the time zone is said. */
export function releasedOn(iso: string): string {
  const time = new Date(iso).toLocaleTimeString("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  });
  return `${formatDays(iso.slice(0, 10), iso.slice(0, 10))}, ${time} UTC`;
}

/** "A", "A and B", "A, B and C". */
export function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

type You = NegotiationSummary["you"];

/** Whether the member may revise: only the author side, and only before release. */
export function mayRevise(item: StatementItem, you: You): boolean {
  if (item.release || !item.statement || !you.abilities["revise-statement"]) return false;
  return item.statementKind === "party" ? item.party === you.party : you.party === null;
}

/**
 * Why the member cannot release a statement now (shown beside the disabled button), null when they can, or
 * "hidden" when releasing it is no business of theirs (another side's statement, or already released).
 */
export function releaseBlock(
  item: StatementItem,
  you: You,
  parties: readonly Party[],
): string | null | "hidden" {
  if (item.release || !item.statement) return "hidden";
  if (item.statementKind === "party") {
    if (item.party !== you.party) return "hidden";
    return you.role === "delegation-head" ? null : "Only the head of your delegation releases its statement.";
  }
  if (you.party !== null || you.role === "observer") return "hidden";
  if (you.role !== "mediation-lead") return "Only the lead mediator releases this statement.";
  if (item.statementKind === "joint") {
    const missing = missingApprovals(item, parties);
    if (missing.length > 0)
      return `A joint statement is released only once every party approves it: ${listInWords(missing.map((p) => p.name))} ${missing.length === 1 ? "has" : "have"} not approved yet.`;
  }
  return null;
}
