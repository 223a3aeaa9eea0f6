import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type CommandType, commandSchemas } from "../../domain/commands.ts";
import { DomainError } from "../../domain/errors.ts";
import { countFactors } from "../../store/factors.ts";
import { membershipsOf } from "../../store/memberships.ts";
import { requirePrincipal, setupRequired } from "../auth/authenticate.ts";
import { isSensitiveAct, requireStepUp } from "../auth/step-up.ts";
import type { ServerContext } from "../context.ts";
import { memberOf } from "../membership.ts";
import { HttpError } from "../problem.ts";
import { idParam } from "./views.ts";

/**
 * The ids of new things are chosen by the server, never by the caller: ids are unique per negotiation, so a
 * caller-chosen id that collided with one in a scope they cannot read would tell them it exists.
 */
const NEW_IDS: Partial<Record<CommandType, readonly string[]>> = {
  "add-member": ["memberId"],
  "schedule-round": ["roundId"],
  "schedule-session": ["sessionId"],
  "add-provision": ["provisionId"],
  "table-proposal": ["proposalId"],
  "take-position": ["positionId"],
  "raise-key-issue": ["keyIssueId"],
  "state-key-issue-position": ["positionId"],
  "draft-statement": ["statementId"],
  "record-incident": ["incidentId"],
  "record-claim": ["claimId"],
  "write-note": ["noteId"],
};

/** Commands that change a provision must say which version they were based on; a stale one gets 409. */
const VERSIONED: ReadonlySet<CommandType> = new Set([
  "renumber-provision",
  "edit-provision",
  "move-provision",
  "withdraw-provision",
  "mark-agreed-ad-referendum",
  "mark-agreed",
  "reopen-provision",
  "table-proposal",
]);

const newId = (field: string) => `${field.replace(/Id$/, "").toLowerCase()}-${randomUUID()}`;

const eventView = z.object({
  scope: z.string(),
  scopeSeq: z.number(),
  type: z.string(),
  at: z.string(),
  data: z.unknown(),
});

/** One POST route per domain command, documented by the command's own schema. */
export function commandRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  for (const schema of commandSchemas) {
    const type = schema.shape.type.value;
    if (type === "create-negotiation") continue;
    const generated = NEW_IDS[type] ?? [];
    const omit = Object.fromEntries(["type", ...generated].map((k) => [k, true])) as Record<string, true>;
    // The command's own schema, less what the server supplies (its type from the path, new ids).
    let body = (schema as unknown as z.ZodObject<z.ZodRawShape>).omit(
      omit as never,
    ) as z.ZodObject<z.ZodRawShape>;
    if (type === "table-proposal")
      body = body.partial({ provisionId: true } as never) as z.ZodObject<z.ZodRawShape>;
    if (type === "take-position") {
      body = body.extend({ counter: z.strictObject({ text: z.string().max(100_000) }).optional() });
    }
    r.post(
      `/api/negotiations/:negotiationId/commands/${type}`,
      {
        schema: {
          tags: ["commands"],
          summary: `${type.replaceAll("-", " ")}${VERSIONED.has(type) ? " (carries baseVersion of the provision)" : ""}`,
          params: z.object({ negotiationId: idParam }),
          body,
          response: { 201: z.object({ ids: z.record(z.string(), z.string()), events: z.array(eventView) }) },
        },
      },
      async (request, reply) => {
        const { negotiationId } = request.params;
        const { member, principal, view } = await memberOf(ctx, request, negotiationId);
        // The sensitive acts ask for a recent second factor (or a token allowed them).
        if (isSensitiveAct(type))
          await requireStepUp(ctx.store.database, principal, type, ctx.now(), {
            negotiationRequiresFactor: view.negotiation?.requireSecondFactor === true,
          });
        // A lead without a second factor would lock themselves out by requiring one.
        if (
          type === "require-second-factor" &&
          (request.body as { required?: boolean }).required &&
          (await countFactors(ctx.store.database, principal.account.id)) === 0
        )
          throw setupRequired();
        const input: Record<string, unknown> = { ...(request.body as Record<string, unknown>), type };
        const ids: Record<string, string> = {};
        for (const field of generated) ids[field] = newId(field);
        Object.assign(input, ids);
        if (type === "table-proposal" && input.proposalKind === "new") {
          ids.provisionId = newId("provisionId");
          input.provisionId = ids.provisionId;
        } else if (type === "table-proposal" && typeof input.provisionId !== "string") {
          throw new DomainError("validation", "provisionId is required, except for a new provision.");
        }
        const counter = input.counter as { text: string } | undefined;
        if (type === "take-position" && counter) {
          ids.counterProposalId = newId("proposalId");
          input.counter = { proposalId: ids.counterProposalId, text: counter.text };
        }
        const needsVersion =
          VERSIONED.has(type) && !(type === "table-proposal" && input.proposalKind === "new");
        if (needsVersion && input.baseVersion === undefined) {
          throw new DomainError(
            "validation",
            "baseVersion (the provision's version you based this on) is required.",
          );
        }
        const { events } = await ctx.store.execute(negotiationId, input, member.id);
        return reply.code(201).send({
          ids,
          events: events.map(({ scope, scopeSeq, type: t, at, data }) => ({
            scope,
            scopeSeq,
            type: t,
            at,
            data,
          })),
        });
      },
    );
  }

  r.post(
    "/api/negotiations",
    {
      schema: {
        tags: ["commands"],
        summary: "Create a negotiation; I become its mediation lead (accounts an operator lets host only)",
        body: z.strictObject({
          title: z.string().trim().min(1).max(300),
          description: z.string().max(2_000).default(""),
          // The parties, added with the negotiation in one transaction: all of it is created, or nothing.
          parties: z
            .array(
              z.strictObject({
                partyId: z.string().max(32),
                name: z.string().max(300),
                shortName: z.string().max(40).default(""),
              }),
            )
            .max(50)
            .default([]),
        }),
        response: { 201: z.object({ negotiationId: z.string() }) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (!principal.account.mayHost)
        throw new HttpError(
          "host.not_allowed",
          403,
          "This account may not host negotiations; an operator can allow it.",
        );
      const { parties } = request.body;
      const seen = new Set<string>();
      for (const [i, party] of parties.entries()) {
        if (seen.has(party.partyId))
          throw new DomainError(
            "validation",
            `Two parties have the id ${party.partyId}: each needs its own.`,
            {
              issues: [{ path: `body.parties.${i}.partyId`, message: "a party id already given" }],
            },
          );
        seen.add(party.partyId);
      }
      const negotiationId = `negotiation-${randomUUID()}`;
      const leadId = `member-${randomUUID()}`;
      await ctx.store.executeAll(negotiationId, [
        {
          command: {
            type: "create-negotiation",
            negotiationId,
            title: request.body.title,
            description: request.body.description,
            lead: { memberId: leadId, name: principal.account.name, email: principal.account.email },
          },
          actor: principal.account.id,
        },
        // Added by the new lead, as the policy wants; a bad id or name refuses the whole negotiation.
        ...parties.map((party) => ({ command: { type: "add-party", ...party }, actor: leadId })),
      ]);
      return reply.code(201).send({ negotiationId });
    },
  );

  r.get(
    "/api/negotiations",
    { schema: { tags: ["negotiation"], summary: "The negotiations I am a member of" } },
    async (request) => {
      const principal = requirePrincipal(request);
      // From an index and the projection (see membershipsOf), not by building every negotiation's state.
      const mine = (await membershipsOf(ctx.store.database, principal.account.email)).map((m) => ({
        id: m.negotiationId,
        title: m.title,
        memberId: m.memberId,
        role: m.role,
      }));
      return { negotiations: mine };
    },
  );
}
