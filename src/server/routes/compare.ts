import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { notFound } from "../../domain/errors.ts";
import type { NegotiationState } from "../../domain/state.ts";
import { countsInText, instrumentOutline, provisionInText } from "../../domain/view.ts";
import type { Block } from "../../text/index.ts";
import type { ServerContext } from "../context.ts";
import { memberOf } from "../membership.ts";
import { progressByRound, provisionTrend, roundStates } from "../progress.ts";
import { idParam } from "./views.ts";

const params = z.object({ negotiationId: idParam });

/** The provisions of a state as blocks for document comparison (stable ids, numbers as labels). */
function blocksOf(view: NegotiationState): Block[] {
  return instrumentOutline(view)
    .filter(({ provision }) => countsInText(provision))
    .map(({ provision }) => ({
      id: provision.id,
      label: provision.number || provision.provisionKind,
      text: provision.text,
    }));
}

/** How close the deal is: compare alternatives, versions and statements; progress per round; the last mile. */
export function compareRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["compare"];

  r.get(
    "/api/negotiations/:negotiationId/provisions/:provisionId/compare",
    {
      schema: {
        tags,
        summary: "Word-level compare of two alternatives of a provision (`base` is its current text)",
        params: params.extend({ provisionId: idParam }),
        querystring: z.strictObject({ a: idParam, b: idParam }),
      },
    },
    async (request) => {
      const { negotiationId, provisionId } = request.params;
      const { view } = await memberOf(ctx, request, negotiationId);
      const provision = provisionInText(view, provisionId);
      const textOf = (ref: string) => {
        if (ref === "base") return provision.text;
        const proposal = view.get("proposal", ref);
        if (!proposal || proposal.provisionId !== provisionId) throw notFound("proposal", ref);
        return proposal.text;
      };
      const a = textOf(request.query.a);
      const b = textOf(request.query.b);
      return {
        a: request.query.a,
        b: request.query.b,
        ...((await ctx.comparer.run({ kind: "words", a, b, budgetMs: 500 })) as object),
      };
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/provisions/:provisionId/convergence",
    {
      schema: {
        tags,
        summary: "How close the live alternatives of a provision are, round by round",
        params: params.extend({ provisionId: idParam }),
      },
    },
    async (request) => {
      const { negotiationId, provisionId } = request.params;
      const { view, scopes } = await memberOf(ctx, request, negotiationId);
      provisionInText(view, provisionId);
      return provisionTrend(ctx.store, negotiationId, view, scopes, provisionId);
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/instrument/compare",
    {
      schema: {
        tags,
        summary:
          "Compare the instrument at a round's close (or `current`) with another: moves, renumbering, word changes",
        params,
        querystring: z.strictObject({ from: idParam, to: idParam.default("current") }),
      },
    },
    async (request) => {
      const { negotiationId } = request.params;
      const { view, scopes } = await memberOf(ctx, request, negotiationId);
      const rounds = await roundStates(ctx.store, negotiationId, view, scopes);
      const stateOf = (ref: string) => {
        if (ref === "current") return view;
        const found = rounds.find((x) => x.roundId === ref);
        if (!found) throw notFound("closed round", ref);
        return found.state;
      };
      const a = blocksOf(stateOf(request.query.from));
      const b = blocksOf(stateOf(request.query.to));
      const result = await ctx.comparer.run({ kind: "documents", a, b, budgetMs: 2_000 });
      return { from: request.query.from, to: request.query.to, a, b, comparison: result };
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/statements/compare",
    {
      schema: {
        tags,
        summary:
          "Compare two statements (drafts I may read, or released ones): identical, near-identical, diverging passages",
        params,
        querystring: z.strictObject({ a: idParam, b: idParam }),
      },
    },
    async (request) => {
      const { view } = await memberOf(ctx, request, request.params.negotiationId);
      const textOf = (id: string) => {
        const statement = view.get("statement", id) ?? view.get("release", id);
        if (!statement) throw notFound("statement", id);
        return { id, title: statement.title, text: statement.text };
      };
      const a = textOf(request.query.a);
      const b = textOf(request.query.b);
      return {
        a,
        b,
        comparison: await ctx.comparer.run({ kind: "statements", a: a.text, b: b.text, budgetMs: 1_000 }),
      };
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/progress",
    {
      schema: {
        tags,
        summary:
          "Share of the instrument agreed per round and now, a convergence-weighted index, the last mile",
        params,
      },
    },
    async (request) => {
      const { negotiationId } = request.params;
      const { view, scopes } = await memberOf(ctx, request, negotiationId);
      return progressByRound(ctx.store, negotiationId, view, scopes);
    },
  );
}
