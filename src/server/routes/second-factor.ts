import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { factorSummary, markFactorChecked } from "../../store/factors.ts";
import { accountById } from "../../store/sessions.ts";
import { type PendingSession, requirePrincipal } from "../auth/authenticate.ts";
import { checkCode, openSession, signedInBody } from "../auth/sign-in.ts";
import { tellOwner } from "../auth/tell-owner.ts";
import { assertionOptions, authenticationResponse, verifyAssertion } from "../auth/webauthn.ts";
import type { ServerContext } from "../context.ts";
import { HttpError } from "../problem.ts";

const codeBody = z.strictObject({ code: z.string().min(1).max(40) });
const assertionBody = z.strictObject({ challengeId: z.uuid(), response: authenticationResponse });
const optionsBody = z.object({ challengeId: z.string(), options: z.unknown() });

function pendingOf(request: FastifyRequest): PendingSession {
  if (!request.pendingSession)
    throw new HttpError("second_factor.required", 401, "Sign in with your password first.");
  return request.pendingSession;
}

/**
 * Completing a sign-in with the second factor (a typed code or a passkey), signing in with a passkey alone,
 * and step-up (the factor again, before a sensitive act). Completing a sign-in ends the half-session and opens
 * a new full one (a fresh token: nothing learnt of the half-session's cookie is worth anything after).
 */
export function secondFactorRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const log = (request: FastifyRequest) => (message: string) => request.log.warn(message);
  // A recovery code in use usually means a lost authenticator, or someone else holding the codes.
  const recoveryUsed = async (accountId: string) => {
    const { recoveryCodesLeft } = await factorSummary(ctx.store.database, accountId);
    await tellOwner(ctx, {
      accountId,
      kind: "recovery-code.used",
      detail: `A recovery code was used to sign in; ${recoveryCodesLeft} left.`,
    });
  };

  r.post(
    "/api/session/factor",
    {
      schema: {
        tags: ["session"],
        summary:
          "Complete a password sign-in with a code from the authenticator app or a recovery code (each accepted once)",
        body: codeBody,
        response: { 200: signedInBody },
      },
    },
    async (request, reply) => {
      const pending = pendingOf(request);
      const used = await checkCode(ctx, pending.account, request.body.code, request.ip);
      if (used === "recovery") await recoveryUsed(pending.account.id);
      return openSession(ctx, request, reply, pending.account, `password+${used}`);
    },
  );

  r.post(
    "/api/session/factor/passkey/options",
    {
      schema: {
        tags: ["session"],
        summary: "Options to complete a password sign-in with one of the account's passkeys",
        response: { 200: optionsBody },
      },
    },
    async (request) => assertionOptions(ctx, "second-factor", pendingOf(request).account),
  );

  r.post(
    "/api/session/factor/passkey",
    {
      schema: {
        tags: ["session"],
        summary: "Complete a password sign-in with a passkey's assertion",
        body: assertionBody,
        response: { 200: signedInBody },
      },
    },
    async (request, reply) => {
      const pending = pendingOf(request);
      await verifyAssertion(
        ctx,
        "second-factor",
        pending.account,
        request.body.challengeId,
        request.body.response,
        log(request),
      );
      return openSession(ctx, request, reply, pending.account, "password+passkey");
    },
  );

  r.post(
    "/api/session/passkey/options",
    {
      schema: {
        tags: ["session"],
        summary:
          "Options to sign in with a passkey alone (a discoverable credential: no e-mail address asked)",
        security: [],
        response: { 200: optionsBody },
      },
    },
    async () => assertionOptions(ctx, "sign-in", null),
  );

  r.post(
    "/api/session/passkey",
    {
      schema: {
        tags: ["session"],
        summary: "Sign in with a passkey alone (user verification required); sets the session cookie",
        security: [],
        body: assertionBody,
        response: { 200: signedInBody },
      },
    },
    async (request, reply) => {
      const { accountId } = await verifyAssertion(
        ctx,
        "sign-in",
        null,
        request.body.challengeId,
        request.body.response,
        log(request),
      );
      const account = await accountById(ctx.store.database, accountId);
      if (!account || account.disabled)
        throw new HttpError(
          "second_factor.invalid",
          401,
          "The passkey's answer is not valid here; nothing was changed.",
        );
      return openSession(ctx, request, reply, account, "passkey");
    },
  );

  r.post(
    "/api/account/step-up",
    {
      schema: {
        tags: ["session"],
        summary:
          "Confirm it is me with a code (app or recovery), before a sensitive act; valid for 10 minutes",
        body: codeBody,
      },
    },
    async (request, reply) => {
      const principal = requireSessionPrincipal(request);
      if ((await checkCode(ctx, principal.account, request.body.code, request.ip)) === "recovery")
        await recoveryUsed(principal.account.id);
      await markFactorChecked(ctx.store.database, principal.sessionHash, ctx.now());
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/account/step-up/passkey/options",
    {
      schema: {
        tags: ["session"],
        summary: "Options to confirm it is me with one of my passkeys",
        response: { 200: optionsBody },
      },
    },
    async (request) => assertionOptions(ctx, "step-up", requireSessionPrincipal(request).account),
  );

  r.post(
    "/api/account/step-up/passkey",
    {
      schema: {
        tags: ["session"],
        summary: "Confirm it is me with a passkey's assertion, before a sensitive act; valid for 10 minutes",
        body: assertionBody,
      },
    },
    async (request, reply) => {
      const principal = requireSessionPrincipal(request);
      await verifyAssertion(
        ctx,
        "step-up",
        principal.account,
        request.body.challengeId,
        request.body.response,
        log(request),
      );
      await markFactorChecked(ctx.store.database, principal.sessionHash, ctx.now());
      return reply.code(204).send();
    },
  );
}

/** Step-up belongs to browser sessions: an API token has no factor to present. */
function requireSessionPrincipal(request: FastifyRequest) {
  const principal = requirePrincipal(request);
  if (principal.via !== "session" || !principal.sessionHash)
    throw new HttpError("forbidden", 403, "Only a signed-in browser session can confirm a second factor.");
  return { ...principal, sessionHash: principal.sessionHash };
}
