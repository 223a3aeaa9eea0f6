import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listAccounts, setAccountDisabled } from "../../store/sessions.ts";
import { requirePrincipal } from "../auth/authenticate.ts";
import type { ServerContext } from "../context.ts";
import { uuidParam } from "../fields.ts";
import { HttpError } from "../problem.ts";

/** The operator's routes: accounts only. Operators read no negotiation they are not a member of. */
export function accountRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const operator = (request: Parameters<typeof requirePrincipal>[0]) => {
    const principal = requirePrincipal(request);
    if (!principal.account.operator)
      throw new HttpError("forbidden", 403, "Only an operator manages accounts.");
    return principal;
  };

  r.get(
    "/api/accounts",
    { schema: { tags: ["operations"], summary: "Every account (operator)" } },
    async (request) => {
      operator(request);
      return { accounts: await listAccounts(ctx.store.database) };
    },
  );

  r.post(
    "/api/accounts/:accountId/:action",
    {
      schema: {
        tags: ["operations"],
        summary: "Disable (ends its sessions and tokens at once) or enable an account (operator)",
        params: z.object({ accountId: uuidParam, action: z.enum(["disable", "enable"]) }),
      },
    },
    async (request, reply) => {
      operator(request);
      const found = await setAccountDisabled(
        ctx.store.database,
        request.params.accountId,
        request.params.action === "disable",
        ctx.now(),
      );
      if (found && request.params.action === "disable")
        await ctx.hub.revoke({ accountId: request.params.accountId });
      if (!found) throw new HttpError("not_found", 404, `No account ${request.params.accountId}.`);
      return reply.code(204).send();
    },
  );
}
