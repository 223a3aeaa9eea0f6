import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { hashPassword } from "../../store/accounts.ts";
import { findPasswordReset, neverSignedIn, usePasswordReset } from "../../store/password-resets.ts";
import { refuseWeakPassword } from "../auth/password-policy.ts";
import { secretHash } from "../auth/secrets.ts";
import type { ServerContext } from "../context.ts";
import { HttpError } from "../problem.ts";
import { password } from "./setup.ts";

const invalid = () =>
  new HttpError(
    "reset.invalid",
    404,
    "This password-reset link is not valid: it was used, it expired, or it never existed. Ask an operator for a new one.",
  );

const params = z.object({ token: z.string().max(100) });

/** A one-time link an operator made for an account: its owner chooses a new password with it. */
export function passwordResetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/password-resets/:token",
    {
      schema: {
        tags: ["session"],
        summary: "Whose password a reset link sets, and until when it works",
        security: [],
        params,
        response: {
          200: z.object({
            email: z.string(),
            name: z.string(),
            expiresAt: z.string(),
            /** The account never signed in (an operator just made it, say): the link sets its first password. */
            firstPassword: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      const found = await findPasswordReset(ctx.store.database, secretHash(request.params.token), ctx.now());
      if (!found) throw invalid();
      return {
        email: found.email,
        name: found.name,
        expiresAt: found.expiresAt,
        firstPassword: await neverSignedIn(ctx.store.database, found.accountId),
      };
    },
  );

  r.post(
    "/api/password-resets/:token",
    {
      schema: {
        tags: ["session"],
        summary: "Set a new password with a reset link (single use); ends every session of the account",
        security: [],
        params,
        body: z.strictObject({ password }),
      },
    },
    async (request, reply) => {
      const tokenHash = secretHash(request.params.token);
      // Refused before the slow hash when the link is dead; checked again, atomically, when it is spent.
      const found = await findPasswordReset(ctx.store.database, tokenHash, ctx.now());
      if (!found) throw invalid();
      refuseWeakPassword(request.body.password, found);
      const passwordHash = await hashPassword(request.body.password);
      const accountId = await ctx.store.writeTransaction((trx) =>
        usePasswordReset(trx, tokenHash, passwordHash, ctx.now()),
      );
      if (!accountId) throw invalid();
      // Whoever held a session of this account (the reason for a reset, often) is out at once, on every server.
      await ctx.hub.revoke({ accountId });
      return reply.code(204).send();
    },
  );
}
