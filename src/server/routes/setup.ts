import type { FastifyInstance, FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { createAccount, hashPassword } from "../../store/accounts.ts";
import { claimSetupToken, hasOperator, setupTokenLive } from "../../store/setup-tokens.ts";
import { SETUP_LOCK } from "../auth/one-time-links.ts";
import { refuseWeakPassword } from "../auth/password-policy.ts";
import { secretHash } from "../auth/secrets.ts";
import type { ServerContext } from "../context.ts";
import { storedText } from "../fields.ts";
import { HttpError } from "../problem.ts";

/** Passwords of accounts: 12 to 1,024 characters (as for invitations). */
export const password = z.string().min(12).max(1024);

const tokenOf = (request: FastifyRequest) => (request.params as { token?: unknown }).token;

/**
 * Runs once the body is parsed (a missing route parses it too) and before it is validated: unless `live` says the link in the path works, the request
 * gets the very answer of a route that does not exist (status, headers, body), so a dead, used or guessed
 * link, or any link once an operator exists, tells nothing.
 */
export function missingUnless(live: (token: string) => Promise<boolean>): preValidationAsyncHookHandler {
  return async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const token = tokenOf(request);
    if (typeof token === "string" && token.length <= 100 && (await live(token))) return;
    reply.callNotFound();
    return reply;
  };
}

/** Whether a setup token is live: unused, unexpired, and no operator exists yet. */
export const setupLive = (ctx: ServerContext) => (token: string) =>
  setupTokenLive(ctx.store.database, secretHash(token), ctx.now());

/**
 * A body of a type nothing parses is left unread. A missing route never reads one (Fastify answers it 404,
 * where a route would answer 415 before any hook runs), so a setup route must reach `missingUnless` first
 * to answer a dead link exactly as a missing route; a live link then gets the 400 of a missing body.
 */
const leaveUnread = (
  _request: FastifyRequest,
  _payload: unknown,
  done: (e: null, body?: undefined) => void,
) => done(null, undefined);

/** The first run: the one-time link `parley serve` prints creates the first operator account. */
export async function setupRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // A scope of their own, so the catch-all parser applies to these routes only.
  await app.register(async (scope) => {
    scope.addContentTypeParser("*", leaveUnread);
    routes(scope, ctx);
  });
}

function routes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preValidation = missingUnless(setupLive(ctx));

  r.get(
    "/api/setup/:token",
    {
      preValidation,
      schema: {
        tags: ["operations"],
        summary: "Whether a setup link works (else the 404 of a missing route)",
        security: [],
        params: z.object({ token: z.string().max(100) }),
        response: { 200: z.object({ ready: z.literal(true) }) },
      },
    },
    async () => ({ ready: true as const }),
  );

  r.post(
    "/api/setup/:token",
    {
      preValidation,
      schema: {
        tags: ["operations"],
        summary: "Create the first operator account with a setup link (then sign in with it)",
        security: [],
        params: z.object({ token: z.string().max(100) }),
        body: z.strictObject({
          name: storedText(300).trim().min(1),
          email: z.email().max(254),
          password,
        }),
        response: { 201: z.object({ email: z.string() }) },
      },
    },
    async (request, reply) => {
      const tokenHash = secretHash(request.params.token);
      refuseWeakPassword(request.body.password, request.body);
      const passwordHash = await hashPassword(request.body.password);
      const email = request.body.email.toLowerCase();
      // The token is spent and the operator created together, or neither (a taken address writes nothing).
      const outcome = await ctx.store.writeTransaction(async (trx) => {
        if (await hasOperator(trx)) return "gone";
        if (!(await claimSetupToken(trx, tokenHash, ctx.now()))) return "gone";
        const id = await createAccount(
          trx,
          { email, name: request.body.name, passwordHash, operator: true },
          ctx.now(),
        );
        if (id === null)
          throw new HttpError("account.exists", 409, `An account with ${email} exists already.`);
        return "created";
      }, SETUP_LOCK);
      if (outcome === "gone") {
        // Another request used the link while this one hashed the password: answer as if it never existed.
        reply.callNotFound();
        return reply;
      }
      request.log.info("first operator account created with the setup link");
      return reply.code(201).send({ email });
    },
  );
}
