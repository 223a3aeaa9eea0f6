import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { createAccount, setMayHost, unusablePasswordHash } from "../../store/accounts.ts";
import { listAccounts, setAccountDisabled } from "../../store/sessions.ts";
import { requirePrincipal } from "../auth/authenticate.ts";
import { issueResetLink, resetLinkIn } from "../auth/one-time-links.ts";
import type { ServerContext } from "../context.ts";
import { storedText, uuidParam } from "../fields.ts";
import { type LinkMailKind, sendLinkMail } from "../mail/link-mail.ts";
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

/** A link for an account's owner, and what became of its mail. */
const mailedLink = {
  /** Only when no mail went out: a mailed link goes to the account's owner alone. */
  link: z.string().optional(),
  expiresAt: z.string(),
  /** sent: e-mailed to the account's owner; off: no mail configured; failed: pass it on by hand. */
  mail: z.enum(["sent", "off", "failed"]),
  mailError: z.string().optional(),
};

/** The operator's routes: accounts only. Operators read no negotiation they are not a member of. */
export function accountRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const operator = (request: Parameters<typeof requirePrincipal>[0]) => {
    const principal = requirePrincipal(request);
    if (!principal.account.operator)
      throw new HttpError("forbidden", 403, "Only an operator manages accounts.");
    return principal;
  };
  // A mailed link goes to the owner alone: the operator, who reads no negotiation, cannot use it to sign in
  // as a member. Unmailed, it is the operator's to pass on, shown this once.
  const mailLink = async (
    kind: LinkMailKind,
    to: string,
    { link, expiresAt }: { link: string; expiresAt: string },
    log: { warn: (o: object, m: string) => void },
  ): Promise<z.infer<z.ZodObject<typeof mailedLink>>> => {
    const mailed = await sendLinkMail(ctx.mailer, kind, to, link, expiresAt);
    if (mailed.mail === "sent") return { expiresAt, mail: "sent" };
    if (mailed.mail === "off") return { link, expiresAt, mail: "off" };
    log.warn({ detail: mailed.detail }, `${kind} mail not sent`);
    return {
      link,
      expiresAt,
      mail: "failed",
      mailError:
        "The link was made, but the e-mail to the account's owner could not be sent (the mail server did not accept it). Give them the link yourself.",
    };
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
    "/api/accounts",
    {
      schema: {
        tags: ["operations"],
        summary:
          "Create an account with no password yet, and a one-time link (a day) with which its owner chooses one (operator)",
        body: z.strictObject({
          email: z.email().max(254),
          name: storedText(300).trim().min(1),
          mayHost: z.boolean().optional(),
          operator: z.boolean().optional(),
        }),
        response: { 201: z.object({ id: z.string(), email: z.string(), ...mailedLink }) },
      },
    },
    async (request, reply) => {
      operator(request);
      const { name, mayHost, operator: isOperator } = request.body;
      const email = request.body.email.toLowerCase();
      // Hashed before the transaction (argon2 takes a while); its secret is gone at once.
      const passwordHash = await unusablePasswordHash();
      // The account and its link are one write: a taken address leaves neither.
      const { id, link } = await ctx.store.writeTransaction(async (trx) => {
        const created = await createAccount(
          trx,
          { email, name, passwordHash, mayHost: mayHost === true, operator: isOperator === true },
          ctx.now(),
        );
        if (created === null)
          throw new HttpError("account.exists", 409, `An account with ${email} exists already.`);
        return { id: created, link: await resetLinkIn(trx, created, ctx.publicUrl, ctx.now()) };
      });
      request.log.info({ accountId: id }, "account created by an operator");
      return reply
        .code(201)
        .send({ id, email, ...(await mailLink("new-account", email, link, request.log)) });
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
        response: { 201: z.object(mailedLink) },
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
      return reply
        .code(201)
        .send(await mailLink("password-reset", account.email, { link, expiresAt }, request.log));
    },
  );
}
