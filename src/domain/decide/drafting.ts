import type { Provision } from "../entities.ts";
import { ensure } from "../errors.ts";
import type { DomainEvent } from "../events.ts";
import type { Deciders } from "./context.ts";
import { draftingInstrument, openInstrument } from "./provisions.ts";
import { checkPlacement, orderFor, siblingsOf, subtree } from "./structure.ts";

/**
 * Writing the text from scratch. Until the mediation tables it, the text is the mediation's draft: edited,
 * moved and withdrawn directly, with the record showing each change. Once tabled, these are refused and every
 * change is a proposal (`decide/provisions.ts`). Renumbering is the one edit allowed at every stage.
 */
export const drafting: Deciders<
  | "edit-instrument"
  | "edit-provision"
  | "move-provision"
  | "withdraw-provision"
  | "renumber-text"
  | "table-text"
> = {
  "edit-instrument": (ctx, c) => {
    const instrument = draftingInstrument(ctx);
    ensure(
      c.title !== undefined || c.openingFormula !== undefined || c.closingFormula !== undefined,
      "validation",
      "Say what changes: title, openingFormula or closingFormula.",
    );
    return [
      ctx.event("instrument.edited", "shared", {
        title: c.title ?? instrument.title,
        openingFormula: c.openingFormula ?? instrument.openingFormula,
        closingFormula: c.closingFormula ?? instrument.closingFormula,
      }),
    ];
  },

  "edit-provision": (ctx, c) => {
    draftingInstrument(ctx);
    ensure(
      c.heading !== undefined || c.text !== undefined,
      "validation",
      "Say what changes: heading or text.",
    );
    const provision = ctx.find("provision", c.provisionId);
    ctx.version(provision, c.baseVersion);
    return [
      ctx.event("provision.edited", "shared", {
        provisionId: provision.id,
        heading: c.heading ?? provision.heading,
        text: c.text ?? provision.text,
      }),
    ];
  },

  "move-provision": (ctx, c) => {
    draftingInstrument(ctx);
    const provision = ctx.find("provision", c.provisionId);
    ctx.version(provision, c.baseVersion);
    // Checked before the shape of the text: moving an article into itself is first of all a loop.
    for (let at: string | null = c.parentId; at !== null; at = ctx.find("provision", at).parentId) {
      ensure(
        at !== provision.id,
        "provision.move_into_itself",
        "A provision cannot be moved into itself or into one of its own paragraphs.",
      );
    }
    checkPlacement(ctx, provision.provisionKind, c.parentId);
    ensure(c.afterId !== provision.id, "validation", "A provision cannot be placed after itself.");
    const order = orderFor(ctx, c.parentId, c.afterId, provision.id);
    return [
      ctx.event("provision.moved", "shared", { provisionId: provision.id, parentId: c.parentId, order }),
    ];
  },

  "withdraw-provision": (ctx, c) => {
    draftingInstrument(ctx);
    const provision = ctx.find("provision", c.provisionId);
    ctx.version(provision, c.baseVersion);
    // Its paragraphs go with it, each withdrawal on the record.
    return subtree(ctx, provision).map((p) =>
      ctx.event("provision.withdrawn", "shared", { provisionId: p.id }),
    );
  },

  "renumber-text": (ctx) => {
    openInstrument(ctx);
    const events: DomainEvent[] = [];
    const renumber = (provision: Provision, number: string) => {
      if (provision.number !== number)
        events.push(ctx.event("provision.renumbered", "shared", { provisionId: provision.id, number }));
    };
    const inText = (p: Provision) => !p.deleted;
    const body = siblingsOf(ctx, null).filter(
      (p) => inText(p) && (p.provisionKind === "article" || p.provisionKind === "final"),
    );
    for (const [i, article] of body.entries()) {
      renumber(article, String(i + 1));
      for (const [j, paragraph] of siblingsOf(ctx, article.id).filter(inText).entries())
        renumber(paragraph, String(j + 1));
    }
    return events;
  },

  "table-text": (ctx) => {
    draftingInstrument(ctx);
    return [ctx.event("instrument.tabled", "shared", {})];
  },
};
