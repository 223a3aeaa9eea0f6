import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import { parseScope, type Scope } from "../../domain/scope.ts";
import { keyIssuesInText, provisionInText } from "../../domain/view.ts";
import { findBlanks } from "../../text/index.ts";
import { requireStepUp } from "../auth/step-up.ts";
import type { ServerContext } from "../context.ts";
import { memberOf, memberOfNow } from "../membership.ts";
import { instrumentView, negotiationSummary } from "../presenters.ts";
import { presentedJson } from "../view-cache.ts";

export const idParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "a well-formed id");
const negotiationParams = z.object({ negotiationId: idParam });

/** Read routes: each asks `memberOf` (authorize) and presents only the member's filtered view. */
export function viewRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["negotiation"];

  r.get(
    "/api/negotiations/:negotiationId",
    {
      schema: {
        tags,
        summary: "The negotiation as I may see it, with my abilities",
        params: negotiationParams,
      },
    },
    async (request) => {
      const { member, view } = await memberOf(ctx, request, request.params.negotiationId);
      return negotiationSummary(member, view);
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/instrument",
    { schema: { tags, summary: "The single negotiating text in document order", params: negotiationParams } },
    async (request, reply) => {
      const { negotiationId } = request.params;
      // The hot read: answered without waiting whenever the store knows its state is current.
      const { view } =
        memberOfNow(ctx, request, negotiationId) ?? (await memberOf(ctx, request, negotiationId));
      return presentedJson(reply, view, "instrument", instrumentView);
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/provisions/:provisionId",
    {
      schema: {
        tags,
        summary: "One provision: alternatives, positions, notes, key issues and history",
        params: negotiationParams.extend({ provisionId: idParam }),
      },
    },
    async (request) => {
      const { negotiationId, provisionId } = request.params;
      const { view, scopes } = await memberOf(ctx, request, negotiationId);
      const provision = provisionInText(view, provisionId);
      const proposals = view.all("proposal").filter((p) => p.provisionId === provisionId);
      const proposalIds = new Set(proposals.map((p) => p.id));
      const history = (await ctx.store.history(negotiationId, scopes)).filter((e) => {
        const data = e.data as Record<string, unknown>;
        return data.provisionId === provisionId || proposalIds.has(String(data.proposalId));
      });
      return {
        provision,
        blanks: findBlanks(provision.text),
        proposals,
        positions: view.all("position").filter((p) => p.provisionId === provisionId),
        notes: view.all("note").filter((n) => n.target?.kind === "provision" && n.target.id === provisionId),
        keyIssues: keyIssuesInText(view).filter((k) => k.provisionIds.includes(provisionId)),
        history,
      };
    },
  );

  const list = (
    path: string,
    summary: string,
    pick: (v: Awaited<ReturnType<typeof memberOf>>["view"]) => object,
  ) =>
    r.get(
      `/api/negotiations/:negotiationId/${path}`,
      { schema: { tags, summary, params: negotiationParams } },
      async (request, reply) => {
        const { negotiationId } = request.params;
        const { view } =
          memberOfNow(ctx, request, negotiationId) ?? (await memberOf(ctx, request, negotiationId));
        return presentedJson(reply, view, path, pick);
      },
    );
  list("members", "Parties, members and observers", (v) => ({
    parties: v.all("party"),
    members: v.activeMembers(),
  }));
  list("rounds", "Rounds and their sessions", (v) => ({
    rounds: v.all("round"),
    sessions: v.all("session"),
  }));
  list("key-issues", "Key issues and each party's positions I may read", (v) => ({
    keyIssues: keyIssuesInText(v),
    positions: v.all("key_issue_position"),
  }));
  list("statements", "Statements I may read, and what was released", (v) => ({
    statements: v.all("statement"),
    releases: v.all("release"),
  }));
  list("incidents", "Incidents with their claims, responses and reactions", (v) => ({
    incidents: v.all("incident"),
    claims: v.all("claim"),
  }));
  list("notes", "Notes in every scope I may read", (v) => ({ notes: v.all("note") }));

  r.get(
    "/api/negotiations/:negotiationId/history",
    {
      schema: {
        tags: ["record"],
        summary: "The events I may read, oldest first; `after=scope:seq,…` resumes after those positions",
        params: negotiationParams,
        querystring: z.strictObject({ after: z.string().max(2_000).optional() }),
      },
    },
    async (request) => {
      const { scopes } = await memberOf(ctx, request, request.params.negotiationId);
      return {
        events: await ctx.store.history(
          request.params.negotiationId,
          scopes,
          parseResume(request.query.after),
        ),
      };
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/receipts",
    {
      schema: {
        tags: ["record"],
        summary: "Signed receipts of the chains I may read, and the server's public key",
        params: negotiationParams,
      },
    },
    async (request) => {
      const { scopes } = await memberOf(ctx, request, request.params.negotiationId);
      return {
        ...ctx.store.publicKey,
        receipts: await ctx.store.receipts(request.params.negotiationId, scopes),
      };
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/history-export",
    {
      schema: {
        tags: ["record"],
        summary: "My chains and receipts as one document, for `parley verify --file`",
        params: negotiationParams,
      },
    },
    async (request) => {
      const { scopes, principal } = await memberOf(ctx, request, request.params.negotiationId);
      // The full history is a sensitive act: a recent second factor, or a token allowed it.
      await requireStepUp(ctx.store.database, principal, "history-export", ctx.now());
      return ctx.store.exportHistory(request.params.negotiationId, scopes);
    },
  );

  r.post(
    "/api/negotiations/:negotiationId/checkpoints",
    {
      schema: {
        tags: ["record"],
        summary: "Sign every chain head now; returns the receipts I may keep",
        params: negotiationParams,
      },
    },
    async (request, reply) => {
      const { scopes } = await memberOf(ctx, request, request.params.negotiationId);
      const receipts = await ctx.store.checkpoint(request.params.negotiationId, "on-demand");
      return reply
        .code(201)
        .send({ ...ctx.store.publicKey, receipts: receipts.filter((x) => scopes.has(x.scope)) });
    },
  );

  r.get(
    "/api/public/negotiations/:negotiationId/releases",
    {
      schema: {
        tags: ["public"],
        summary: "Statements released to the public (anyone may read)",
        security: [],
        params: negotiationParams,
      },
    },
    async (request) => {
      try {
        const { state } = await ctx.store.viewAs(request.params.negotiationId, null);
        return { releases: state.all("release") };
      } catch (error) {
        // An unknown negotiation looks like one that released nothing.
        if (error instanceof DomainError && error.code === "negotiation.missing") return { releases: [] };
        throw error;
      }
    },
  );
}

/** `shared:12,party:am:3` → { shared: 12, "party:am": 3 }; malformed parts are a validation error. */
export function parseResume(after: string | undefined): Partial<Record<Scope, number>> {
  const out: Partial<Record<Scope, number>> = {};
  if (!after) return out;
  for (const part of after.split(",")) {
    const colon = part.lastIndexOf(":");
    const scope = parseScope(part.slice(0, colon));
    const seq = Number(part.slice(colon + 1));
    if (!scope || !Number.isInteger(seq) || seq < 0)
      throw new DomainError("validation", `Bad resume point: ${part.slice(0, 80)}`);
    out[scope] = seq;
  }
  return out;
}
