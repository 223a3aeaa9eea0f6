import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { setMayHost } from "../../store/accounts.ts";
import { listAccounts, setAccountDisabled } from "../../store/sessions.ts";
import { requirePrincipal } from "../auth/authenticate.ts";
import { issueResetLink } from "../auth/one-time-links.ts";
import type { ServerContext } from "../context.ts";
import { uuidParam } from "../fields.ts";
import { sendLinkMail } from "../mail/link-mail.ts";
import { HttpError } from "../problem.ts";

const accountView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  operator: z.boolean(),
  mayHost: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
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
        response: {
          201: z.object({
            /** Only when no mail went out: a mailed link goes to the account's owner alone. */
            link: z.string().optional(),
            expiresAt: z.string(),
            /** sent: e-mailed to the account's owner; off: no mail configured; failed: pass it on by hand. */
            mail: z.enum(["sent", "off", "failed"]),
            mailError: z.string().optional(),
          }),
        },
      },
    },
    async (request, reply) => {
      operator(request);
      const { accountId } = request.params;
      const account = (await listAccounts(ctx.store.database)).find((a) => a.id === accountId);
      if (!account) throw missing(accountId);
      if (account.disabled)
        throw new HttpError("account.disabled", 409, "The account is disabled: enable it first.");
      // The link is stored before any mail is attempted: a mail server that is down loses nothing, and the
      // operator still gets the link to pass on.
      const { link, expiresAt } = await issueResetLink(ctx.store, accountId, ctx.publicUrl, ctx.now());
      const mailed = await sendLinkMail(ctx.mailer, "password-reset", account.email, link, expiresAt);
      if (mailed.mail === "failed") {
        request.log.warn({ detail: mailed.detail }, "password-reset mail not sent");
        return reply.code(201).send({
          link,
          expiresAt,
          mail: "failed",
          mailError:
            "The link was made, but the e-mail to the account's owner could not be sent (the mail server did not accept it). Give them the link yourself.",
        });
      }
      // A mailed link goes to the owner alone: the operator, who reads no negotiation, cannot use it to sign in
      // as a member.
      if (mailed.mail === "sent") return reply.code(201).send({ expiresAt, mail: "sent" });
      return reply.code(201).send({ link, expiresAt, mail: mailed.mail });
    },
  );
}
