import type { Provision, ProvisionKind } from "../entities.ts";
import { ensure } from "../errors.ts";
import type { Ctx } from "./context.ts";

/**
 * The shape of the text: preamble paragraphs, articles and final clauses at the top level, numbered
 * paragraphs inside an article or a final clause. Every write that places a provision checks it here.
 */
export function checkPlacement(ctx: Ctx, kind: ProvisionKind, parentId: string | null): void {
  if (kind !== "paragraph") {
    ensure(
      parentId === null,
      "provision.not_top_level",
      `A ${kind === "final" ? "final clause" : kind} stands at the top level of the text, inside nothing.`,
      { provisionKind: kind },
    );
    return;
  }
  // Final clauses are articles too ("Article 16, Entry into force"), with paragraphs of their own.
  const parent = parentId === null ? null : ctx.find("provision", parentId);
  ensure(
    parent !== null && (parent.provisionKind === "article" || parent.provisionKind === "final"),
    "provision.paragraph_without_article",
    "A paragraph belongs inside an article.",
    { parentId },
  );
}

/** The provisions under a parent that are part of the text, in text order. */
export function siblingsOf(ctx: Ctx, parentId: string | null, except?: string): Provision[] {
  return ctx.state
    .all("provision")
    .filter((p) => p.parentId === parentId && p.scope === "shared" && !p.withdrawn && p.id !== except)
    .sort((a, b) => a.order - b.order);
}

/**
 * The sort key for a provision placed after `afterId` among its siblings; `undefined` places it last,
 * `null` first. `except` leaves out the provision being moved.
 */
export function orderFor(
  ctx: Ctx,
  parentId: string | null,
  afterId: string | null | undefined,
  except?: string,
): number {
  const siblings = siblingsOf(ctx, parentId, except);
  if (afterId === undefined) return (siblings.at(-1)?.order ?? 0) + 1;
  if (afterId === null) return (siblings[0]?.order ?? 1) - 1;
  const index = siblings.findIndex((p) => p.id === afterId);
  ensure(index >= 0, "validation", `afterId ${afterId} is not a sibling of the provision.`);
  const after = siblings[index]?.order ?? 0;
  const next = siblings[index + 1]?.order ?? after + 2;
  return (after + next) / 2;
}

/** The provision and everything inside it, outermost first. */
export function subtree(ctx: Ctx, root: Provision): Provision[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    const current = out[i] as Provision;
    out.push(...siblingsOf(ctx, current.id));
  }
  return out;
}
