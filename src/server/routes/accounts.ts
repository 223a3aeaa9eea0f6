import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { setMayHost } from "../../store/accounts.ts";
import { listAccounts, setAccountDisabled } from "../../store/sessions.ts";
import { requirePrincipal } from "../auth/authenticate.ts";
import { issueResetLink } from "../auth/one-time-links.ts";
import type { ServerContext } from "../context.ts";
import { uuidParam } from "../fields.ts";
import { HttpError } from "../problem.ts";

const accountView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  operator: z.boolean(),
  mayHost: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  /** Has a passkey or an authenticator app (issue 14). */
  secondFactor: z.boolean(),
});

/** The operator's routes: accounts only. Operators read no negotiation they are not a member of. */
export function accountRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const operator = (request: Parameters<typeof requirePrincipal>[0]) => {
    const principal = requirePrincipal(request);
    if (!principal.account.operator)
      throw new HttpError("forbidden", 403, "Only an operator manages accounts.");
    return principal;
  };
  const missing = (accountId: string) => new HttpError("not_found", 404, `No account ${accountId}.`);

  r.get(
    "/api/accounts",
    {
      schema: {
        tags: ["operations"],
        summary: "Every account (operator)",
        response: { 200: z.object({ accounts: z.array(accountView) }) },
      },
    },
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
        summary:
          "Disable (ends its sessions and tokens at once) or enable an account; grant or revoke hosting negotiations (operator)",
        params: z.object({
          accountId: uuidParam,
          action: z.enum(["disable", "enable", "grant-host", "revoke-host"]),
        }),
      },
    },
    async (request, reply) => {
      operator(request);
      const { accountId, action } = request.params;
      const db = ctx.store.database;
      const found =
        action === "disable" || action === "enable"
          ? await setAccountDisabled(db, accountId, action === "disable", ctx.now())
          : await setMayHost(db, accountId, action === "grant-host");
      if (!found) throw missing(accountId);
      // Disabling closes its live streams too. May-host is not a revocation of access: it takes effect as
      // the credential cache renews (within its five seconds), without closing anyone's streams.
      if (action === "disable") await ctx.hub.revoke({ accountId });
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/accounts/:accountId/reset-link",
    {
      schema: {
        tags: ["operations"],
        summary: "A one-time password-reset link for the account, shown once (operator)",
        params: z.object({ accountId: uuidParam }),
        response: { 201: z.object({ link: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request, reply) => {
      operator(request);
      const { accountId } = request.params;
      const account = (await listAccounts(ctx.store.database)).find((a) => a.id === accountId);
      if (!account) throw missing(accountId);
      if (account.disabled)
        throw new HttpError("account.disabled", 409, "The account is disabled: enable it first.");
      return reply.code(201).send(await issueResetLink(ctx.store, accountId, ctx.publicUrl, ctx.now()));
    },
  );
}
