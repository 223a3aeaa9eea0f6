import { verify } from "@node-rs/argon2";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  changePassword,
  endEverything,
  endOwnSession,
  listOwnSessions,
} from "../../store/account-sessions.ts";
import { accountByEmail } from "../../store/sessions.ts";
import { requirePrincipal } from "../auth/authenticate.ts";
import { clearSessionCookie } from "../auth/cookies.ts";
import { refuseWeakPassword } from "../auth/password-policy.ts";
import { requireStepUp } from "../auth/step-up.ts";
import type { ServerContext } from "../context.ts";
import { uuidParam } from "../fields.ts";
import { HttpError } from "../problem.ts";
import { PASSWORD_RULE } from "./invitations.ts";

const ownSession = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastSeenAt: z.string().nullable(),
  userAgent: z.string().nullable(),
  address: z.string().nullable(),
  current: z.boolean(),
});

/**
 * Account self-service: change my password, my sessions, sign out everywhere. Every route acts on the caller's
 * own account only; ending a credential is announced as a revocation, so caches forget it and live streams
 * opened with it close, on every server.
 */
export function ownAccountRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const announce = async (hashes: readonly string[]) => {
    for (const credentialHash of hashes) await ctx.hub.revoke({ credentialHash });
  };

  r.post(
    "/api/account/password",
    {
      schema: {
        tags: ["session"],
        summary:
          "Change my password (the current one re-entered; a recent second factor when the account has one); every other session of the account ends, this one stays",
        body: z.strictObject({ currentPassword: z.string().max(1024), newPassword: PASSWORD_RULE }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      // A stolen session must not be able to take the account over: the second factor again if it is stale.
      await requireStepUp(ctx.store.database, principal, "change-password", ctx.now());
      const { email } = principal.account;
      refuseWeakPassword(request.body.newPassword, principal.account, "body.newPassword");
      // A password check like sign-in's, so counted by the same limits: a stolen session must not become
      // unlimited guesses at the password.
      await ctx.limiter.attempt(email, request.ip);
      const found = await accountByEmail(ctx.store.database, email);
      const ok = found
        ? await verify(found.passwordHash, request.body.currentPassword).catch(() => false)
        : false;
      if (!found || !ok)
        throw new HttpError("password.wrong", 403, "The current password is wrong; nothing was changed.");
      await ctx.limiter.succeeded(email, request.ip);
      const ended = await changePassword(ctx.store.database, {
        accountId: found.id,
        newPassword: request.body.newPassword,
        keepSessionHash: principal.sessionHash,
        now: ctx.now(),
      });
      await announce(ended);
      return reply.code(204).send();
    },
  );

  r.get(
    "/api/account/sessions",
    {
      schema: {
        tags: ["session"],
        summary: "My live sessions: where and when each was opened, and which one is this one",
        response: { 200: z.object({ sessions: z.array(ownSession) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return {
        sessions: await listOwnSessions(
          ctx.store.database,
          principal.account.id,
          principal.sessionHash,
          ctx.now(),
        ),
      };
    },
  );

  r.delete(
    "/api/account/sessions/:sessionId",
    {
      schema: {
        tags: ["session"],
        summary: "End one of my sessions",
        params: z.object({ sessionId: uuidParam }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { sessionId } = request.params;
      const ended = await endOwnSession(ctx.store.database, principal.account.id, sessionId, ctx.now());
      // Another account's session reads exactly like one that does not exist.
      if (!ended) throw new HttpError("not_found", 404, `No session with id ${sessionId}.`);
      await announce([ended]);
      if (ended === principal.sessionHash) clearSessionCookie(reply, ctx.secureCookies);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/account/sign-out-everywhere",
    {
      schema: {
        tags: ["session"],
        summary: "End all my sessions, this one included, and with revokeTokens all my API tokens too",
        body: z.strictObject({ revokeTokens: z.boolean().default(false) }).optional(),
        response: { 200: z.object({ sessionsEnded: z.number(), tokensRevoked: z.number() }) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const ended = await endEverything(ctx.store.database, principal.account.id, {
        revokeTokens: request.body?.revokeTokens ?? false,
        now: ctx.now(),
      });
      await announce([...ended.sessions, ...ended.tokens]);
      clearSessionCookie(reply, ctx.secureCookies);
      return { sessionsEnded: ended.sessions.length, tokensRevoked: ended.tokens.length };
    },
  );
}
