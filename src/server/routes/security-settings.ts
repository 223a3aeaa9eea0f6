import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  countFactors,
  factorRequiredForAll,
  removeAllFactors,
  setFactorRequiredForAll,
} from "../../store/factors.ts";
import { accountById } from "../../store/sessions.ts";
import { requirePrincipal, setupRequired } from "../auth/authenticate.ts";
import { requireStepUp } from "../auth/step-up.ts";
import { tellOwner } from "../auth/tell-owner.ts";
import type { ServerContext } from "../context.ts";
import { uuidParam } from "../fields.ts";
import { HttpError } from "../problem.ts";

const settings = z.object({ requireSecondFactor: z.boolean() });

/**
 * The operator's security settings: whether every account must have a second factor. Accounts without one
 * are then asked to set it up before anything else (403 `second_factor.setup_required`); the setting is read
 * with each credential, so it takes effect within the credential cache's few seconds.
 */
export function securitySettingsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const operator = (request: Parameters<typeof requirePrincipal>[0]) => {
    const principal = requirePrincipal(request);
    if (!principal.account.operator)
      throw new HttpError("forbidden", 403, "Only an operator changes the security settings.");
    return principal;
  };

  r.get(
    "/api/settings/security",
    {
      schema: {
        tags: ["operations"],
        summary: "Security settings: is a second factor required of every account (operator)",
        response: { 200: settings },
      },
    },
    async (request) => {
      operator(request);
      return { requireSecondFactor: await factorRequiredForAll(ctx.store.database) };
    },
  );

  r.put(
    "/api/settings/security",
    {
      schema: {
        tags: ["operations"],
        summary: "Require (or stop requiring) a second factor of every account (operator)",
        body: z.strictObject({ requireSecondFactor: z.boolean() }),
        response: { 200: settings },
      },
    },
    async (request) => {
      const principal = operator(request);
      const { requireSecondFactor } = request.body;
      // An operator without a factor would lock themselves out of this very screen.
      if (requireSecondFactor && (await countFactors(ctx.store.database, principal.account.id)) === 0)
        throw setupRequired();
      await setFactorRequiredForAll(ctx.store.database, requireSecondFactor);
      request.log.info(`operator ${principal.account.id} set requireSecondFactor=${requireSecondFactor}`);
      return { requireSecondFactor };
    },
  );

  r.post(
    "/api/accounts/:accountId/remove-factors",
    {
      schema: {
        tags: ["operations"],
        summary:
          "Remove every second factor of an account whose owner lost them all; its sessions end (operator, step-up)",
        params: z.object({ accountId: uuidParam }),
      },
    },
    async (request, reply) => {
      const principal = operator(request);
      const { accountId } = request.params;
      if (!(await accountById(ctx.store.database, accountId)))
        throw new HttpError("not_found", 404, `No account ${accountId}.`);
      // It weakens another account's sign-in: the operator confirms it is them, as for their own factors.
      await requireStepUp(ctx.store.database, principal, "change-factors", ctx.now());
      const ended = await removeAllFactors(ctx.store.database, accountId, ctx.now());
      if (ended === null) throw new HttpError("not_found", 404, `No account ${accountId}.`);
      for (const credentialHash of ended) await ctx.hub.revoke({ credentialHash });
      ctx.credentials.forget({ accountId });
      await tellOwner(ctx, {
        accountId,
        kind: "factor.removed",
        detail: "An operator removed all your second factors (you had lost them). Set up a new one.",
      });
      request.log.info(
        `operator ${principal.account.id} removed every second factor of account ${accountId}`,
      );
      return reply.code(204).send();
    },
  );
}
