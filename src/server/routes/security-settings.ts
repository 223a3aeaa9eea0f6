import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { countFactors, factorRequiredForAll, setFactorRequiredForAll } from "../../store/factors.ts";
import { requirePrincipal, setupRequired } from "../auth/authenticate.ts";
import type { ServerContext } from "../context.ts";
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
}
