import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { provisionInText } from "../../domain/view.ts";
import {
  EMAIL_MODES,
  emailMode,
  followChoice,
  setEmailMode,
  setFollowChoice,
} from "../../store/notification-settings.ts";
import { inboxEntries, markRead, unreadCounts } from "../../store/notifications.ts";
import { requirePrincipal } from "../auth/authenticate.ts";
import type { ServerContext } from "../context.ts";
import { memberOf } from "../membership.ts";
import { follows } from "../notifications/derive.ts";
import { membershipsOf } from "../notifications/memberships.ts";
import { presentEntry } from "../notifications/present.ts";
import { idParam } from "./views.ts";

const entryRef = z.strictObject({
  negotiationId: idParam,
  id: z.string().regex(/^[a-z]+(:[A-Za-z0-9_-]+)?:\d{1,12}$/, "scope:seq"),
});
const preferences = z.object({ email: z.enum(EMAIL_MODES), mailConfigured: z.boolean() });
const followState = z.object({
  following: z.boolean(),
  /** What the member's role would follow without a choice of their own. */
  byRole: z.boolean(),
  /** The member's own choice, or null: none made. */
  choice: z.boolean().nullable(),
});

/** The inbox: entries across the reader's negotiations, read markers, e-mail preference, follows. */
export function inboxRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/inbox",
    {
      schema: {
        tags: ["inbox"],
        summary: "What needs me, across my negotiations (or one), newest first, with unread counts",
        querystring: z.strictObject({
          negotiationId: idParam.optional(),
          unread: z.enum(["true", "false"]).default("false"),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (request) => {
      const { account } = requirePrincipal(request);
      // Entries of commits this instance has heard of are derived before the answer (read your own writes).
      await ctx.notifier.caughtUp();
      const { negotiationId, unread, limit } = request.query;
      // Another negotiation's id, real or not, filters to nothing: the same answer whether it exists or not.
      const memberships = await membershipsOf(ctx.store, account.email, negotiationId);
      const rows = await inboxEntries(ctx.store.database, memberships, {
        limit,
        unreadOnly: unread === "true",
      });
      const counts = await unreadCounts(ctx.store.database, memberships);
      const entries = [];
      const titles = new Map<string, string>();
      for (const row of rows) {
        const { state } = await ctx.store.viewAs(row.negotiation_id, account.email);
        const entry = presentEntry(row, state);
        titles.set(entry.negotiationId, entry.negotiationTitle);
        entries.push(entry);
      }
      const negotiations = [];
      for (const m of memberships) {
        const title =
          titles.get(m.negotiationId) ??
          (await ctx.store.viewAs(m.negotiationId, account.email)).state.negotiation?.title ??
          m.negotiationId;
        negotiations.push({
          negotiationId: m.negotiationId,
          title,
          unread: counts.get(m.negotiationId) ?? 0,
        });
      }
      return { entries, unread: [...counts.values()].reduce((a, b) => a + b, 0), negotiations };
    },
  );

  r.post(
    "/api/inbox/read",
    {
      schema: {
        tags: ["inbox"],
        summary: "Mark entries read: those named, or all of one negotiation, or all",
        body: z.strictObject({
          negotiationId: idParam.optional(),
          entries: z.array(entryRef).max(500).optional(),
        }),
        response: { 200: z.object({ marked: z.number(), unread: z.number() }) },
      },
    },
    async (request) => {
      const { account } = requirePrincipal(request);
      await ctx.notifier.caughtUp();
      const { negotiationId, entries } = request.body;
      const memberships = await membershipsOf(ctx.store, account.email, negotiationId);
      const named = entries?.map((e) => {
        const cut = e.id.lastIndexOf(":");
        return {
          negotiationId: e.negotiationId,
          scope: e.id.slice(0, cut),
          scopeSeq: Number(e.id.slice(cut + 1)),
        };
      });
      const marked = await markRead(ctx.store.database, memberships, ctx.now(), named);
      const all = negotiationId ? await membershipsOf(ctx.store, account.email) : memberships;
      const counts = await unreadCounts(ctx.store.database, all);
      return { marked, unread: [...counts.values()].reduce((a, b) => a + b, 0) };
    },
  );

  r.get(
    "/api/account/notification-preferences",
    {
      schema: {
        tags: ["inbox"],
        summary: "How often Parley e-mails me about my inbox: each entry, a daily digest, or never",
        response: { 200: preferences },
      },
    },
    async (request) => {
      const { account } = requirePrincipal(request);
      return { email: await emailMode(ctx.store.database, account.id), mailConfigured: ctx.mailer !== null };
    },
  );

  r.put(
    "/api/account/notification-preferences",
    {
      schema: {
        tags: ["inbox"],
        summary: "Choose how often Parley e-mails me",
        body: z.strictObject({ email: z.enum(EMAIL_MODES) }),
        response: { 200: preferences },
      },
    },
    async (request) => {
      const { account } = requirePrincipal(request);
      await setEmailMode(ctx.store.database, account.id, request.body.email, ctx.now());
      return { email: request.body.email, mailConfigured: ctx.mailer !== null };
    },
  );

  const followParams = z.object({ negotiationId: idParam, provisionId: idParam });
  const followOf = async (
    request: Parameters<typeof memberOf>[1],
    negotiationId: string,
    provisionId: string,
  ) => {
    const { member, view } = await memberOf(ctx, request, negotiationId);
    // A provision one cannot read, or one withdrawn from the draft, answers exactly as one that does not exist.
    provisionInText(view, provisionId);
    return { member, view };
  };

  r.get(
    "/api/negotiations/:negotiationId/provisions/:provisionId/follow",
    {
      schema: {
        tags: ["inbox"],
        summary: "Whether I follow this provision (new proposals and positions on it reach my inbox)",
        params: followParams,
        response: { 200: followState },
      },
    },
    async (request) => {
      const { negotiationId, provisionId } = request.params;
      const { member } = await followOf(request, negotiationId, provisionId);
      const choice = await followChoice(ctx.store.database, negotiationId, member.id, provisionId);
      return { ...follows(member, choice), choice };
    },
  );

  r.post(
    "/api/negotiations/:negotiationId/provisions/:provisionId/follow",
    {
      schema: {
        tags: ["inbox"],
        summary: "Follow or unfollow this provision",
        params: followParams,
        body: z.strictObject({ following: z.boolean() }),
        response: { 200: followState },
      },
    },
    async (request) => {
      const { negotiationId, provisionId } = request.params;
      const { member } = await followOf(request, negotiationId, provisionId);
      await setFollowChoice(
        ctx.store.database,
        { negotiationId, memberId: member.id, provisionId },
        request.body.following,
        ctx.now(),
      );
      const choice = request.body.following;
      return { ...follows(member, choice), choice };
    },
  );
}
