import { isPartyId } from "../../../domain/scope.ts";

/** One party as typed into the new-negotiation form. */
export interface PartyRow {
  key: number;
  name: string;
  shortName: string;
  partyId: string;
  /** True once the user typed an id: then it is no longer derived from the short name. */
  idTyped: boolean;
}

/** A party id derived from a name: lower-case letters, digits and '-', starting with a letter, 32 at most. */
export function suggestPartyId(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  return slug;
}

/** What is wrong with the parties, in words (empty when they may be sent). */
export function partyProblems(rows: readonly PartyRow[]): string[] {
  const problems: string[] = [];
  if (rows.length < 2) problems.push("A negotiation needs at least two parties.");
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const n = i + 1;
    if (!row.name.trim()) problems.push(`Party ${n} needs a name.`);
    if (!isPartyId(row.partyId))
      problems.push(
        `Party ${n}: the id must be lower-case letters, digits and '-', starting with a letter (at most 32).`,
      );
    else if (seen.has(row.partyId)) problems.push(`Party ${n}: the id ${row.partyId} is already used.`);
    seen.add(row.partyId);
  });
  return problems;
}
