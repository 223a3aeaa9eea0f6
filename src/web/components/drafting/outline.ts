/**
 * Where a provision of the draft may go, and what a new one would be numbered: derived from the text in
 * document order, as the instrument view gives it. The server decides; this only offers sensible choices.
 */
import type { Provision, ProvisionKind } from "../../../domain/entities.ts";
import { marginLabel } from "../../text-labels.ts";

type Placed = Pick<Provision, "id" | "provisionKind" | "parentId" | "number" | "deleted">;

/** A place to move a provision to, as move-provision takes it. */
export interface MoveChoice {
  /** "Up, before Article 2", "Down, after PP3", "Into Article 3". */
  label: string;
  parentId: string | null;
  afterId: string | null;
}

/** The order of the parts of a text: preamble, then articles (and their paragraphs), then final clauses. */
const RANK: Record<ProvisionKind, number> = { preamble: 0, article: 1, paragraph: 1, final: 2 };

const live = <T extends Placed>(provisions: readonly T[]) => provisions.filter((p) => !p.deleted);

/** The provisions under a parent (null: the top level), in document order. */
export function childrenOf<T extends Placed>(provisions: readonly T[], parentId: string | null): T[] {
  return live(provisions).filter((p) => p.parentId === parentId);
}

/**
 * The moves open to a provision: one place up or down, never out of its part of the text (a preamble
 * paragraph does not slip past an article, though one out of place may move back), and, for a paragraph, to the end of any other article or final clause.
 */
export function moveChoices(provisions: readonly Placed[], provisionId: string): MoveChoice[] {
  const self = provisions.find((p) => p.id === provisionId);
  if (!self || self.deleted) return [];
  const siblings = childrenOf(provisions, self.parentId);
  const at = siblings.findIndex((p) => p.id === provisionId);
  const choices: MoveChoice[] = [];
  const before = siblings[at - 1];
  if (before && RANK[before.provisionKind] >= RANK[self.provisionKind]) {
    // Before the one above: after whatever precedes it, or first of all.
    choices.push({
      label: `Up, before ${marginLabel(before)}`,
      parentId: self.parentId,
      afterId: siblings[at - 2]?.id ?? null,
    });
  }
  const after = siblings[at + 1];
  if (after && RANK[after.provisionKind] <= RANK[self.provisionKind]) {
    choices.push({ label: `Down, after ${marginLabel(after)}`, parentId: self.parentId, afterId: after.id });
  }
  if (self.provisionKind === "paragraph") {
    for (const article of live(provisions)) {
      if (!holdsParagraphs(article) || article.id === self.parentId) continue;
      const last = childrenOf(provisions, article.id).at(-1);
      choices.push({
        label: `Into ${marginLabel(article)}`,
        parentId: article.id,
        afterId: last?.id ?? null,
      });
    }
  }
  return choices;
}

/** Articles hold numbered paragraphs, and so do final clauses (articles of the instrument too). */
export const holdsParagraphs = (p: Pick<Provision, "provisionKind">): boolean =>
  p.provisionKind === "article" || p.provisionKind === "final";

/** Where a new provision of a kind goes: after the last of its kind, so preamble, articles, final clauses stay in order. */
export function placeOfNew(
  provisions: readonly Placed[],
  kind: ProvisionKind,
  parentId: string | null,
): { parentId: string | null; afterId: string | null } {
  const siblings = childrenOf(provisions, parentId);
  if (kind === "paragraph") return { parentId, afterId: siblings.at(-1)?.id ?? null };
  // After every sibling that comes before or with this kind.
  const before = siblings.filter((p) => RANK[p.provisionKind] <= RANK[kind]);
  return { parentId: null, afterId: before.at(-1)?.id ?? null };
}

/** The number a new provision would take: the next after the highest of its sequence ("PP3", "4", "2"). */
export function nextNumber(
  provisions: readonly Placed[],
  kind: ProvisionKind,
  parentId: string | null,
): string {
  const highest = (list: readonly Placed[]) =>
    Math.max(
      0,
      ...list.map((p) => Number.parseInt(p.number.replace(/^\D+/, ""), 10)).filter(Number.isFinite),
    );
  if (kind === "preamble") {
    return `PP${highest(childrenOf(provisions, null).filter((p) => p.provisionKind === "preamble")) + 1}`;
  }
  if (kind === "paragraph") return String(highest(childrenOf(provisions, parentId)) + 1);
  // Final clauses continue the articles' sequence: they are articles of the instrument too.
  const top = childrenOf(provisions, null);
  const articles = top.filter((p) => p.provisionKind === "article");
  return String(
    highest(
      kind === "article" ? articles : [...articles, ...top.filter((p) => p.provisionKind === "final")],
    ) + 1,
  );
}

/** The kind of provision in words, for buttons and headings. */
export const KIND_WORDS: Record<ProvisionKind, string> = {
  preamble: "preamble paragraph",
  article: "article",
  paragraph: "paragraph",
  final: "final clause",
};
