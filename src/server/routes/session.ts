import { randomUUID } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  accountByEmail,
  createApiToken,
  endSession,
  listApiTokens,
  revokeApiToken,
} from "../../store/sessions.ts";
import { requirePrincipal } from "../auth/authenticate.ts";
import { clearSessionCookie } from "../auth/cookies.ts";
import { newSecret, secretHash } from "../auth/secrets.ts";
import { accountBody, methodsOf, openPendingSession, openSession, signedInBody } from "../auth/sign-in.ts";
import { requireStepUp, SENSITIVE_ACTS } from "../auth/step-up.ts";
import { tellOwner } from "../auth/tell-owner.ts";
import type { ServerContext } from "../context.ts";
import { storedText, uuidParam } from "../fields.ts";
import { HttpError } from "../problem.ts";

// Verified against when the account does not exist, so a missing account takes as long as a wrong password.
const DUMMY_HASH = await hash("parley-no-such-account");

const account = accountBody;
const secondFactorBody = z.object({
  secondFactor: z.literal("required"),
  methods: z.array(z.enum(["totp", "recovery", "passkey"])),
  csrfToken: z.string(),
});

/** Sign-in, sign-out, the current session, and personal API tokens. */
export function sessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/session",
    {
      schema: {
        tags: ["session"],
        summary:
          "Sign in with e-mail and password; sets the session cookie and returns the CSRF token. An account with a " +
          "second factor gets { secondFactor: 'required', methods } and a half-session that can only complete it " +
          "(POST /api/session/factor or /api/session/factor/passkey)",
        security: [],
        body: z.strictObject({ email: storedText(254), password: z.string().max(1024) }),
        response: { 200: z.union([signedInBody, secondFactorBody]) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      await ctx.limiter.attempt(email, request.ip);
      const found = await accountByEmail(ctx.store.database, email);
      const ok = await verify(found?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
      if (!found || !ok || found.disabled) {
        throw new HttpError("unauthenticated", 401, "The e-mail address or the password is wrong.");
      }
      await ctx.limiter.succeeded(email, request.ip);
      // A new token at every sign-in, and the old one ended: a planted cookie never becomes a session.
      const methods = await methodsOf(ctx, found.id);
      if (methods.length === 0) return openSession(ctx, request, reply, found, "password");
      const csrfToken = await openPendingSession(ctx, request, reply, found);
      return { secondFactor: "required" as const, methods, csrfToken };
    },
  );

  r.get(
    "/api/session",
    {
      schema: {
        tags: ["session"],
        summary: "The signed-in account and the session's CSRF token",
        response: { 200: z.object({ account, csrfToken: z.string().nullable() }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { email, name, operator, mayHost } = principal.account;
      return { account: { email, name, operator, mayHost }, csrfToken: principal.csrfToken ?? null };
    },
  );

  r.delete(
    "/api/session",
    { schema: { tags: ["session"], summary: "Sign out: ends the session" } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (principal.sessionHash) {
        await endSession(ctx.store.database, principal.sessionHash, ctx.now());
        // Live streams opened with this session close too, on every server.
        await ctx.hub.revoke({ credentialHash: principal.sessionHash });
      }
      clearSessionCookie(reply, ctx.secureCookies);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/tokens",
    {
      schema: {
        tags: ["session"],
        summary:
          "Create a personal API token (shown once) for the CLI and integrations; `acts` names the sensitive acts " +
          "(step-up acts) it may do, none by default. Asks for a recent second factor (step-up)",
        body: z.strictObject({
          name: storedText(100).trim().min(1),
          acts: z.array(z.enum(SENSITIVE_ACTS)).max(SENSITIVE_ACTS.length).default([]),
        }),
        response: {
          201: z.object({ id: z.string(), name: z.string(), token: z.string(), acts: z.array(z.string()) }),
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await requireStepUp(ctx.store.database, principal, "create-token", ctx.now());
      const token = newSecret("pt_");
      const id = randomUUID();
      const acts = [...new Set(request.body.acts)];
      // A token never mints a token mightier than itself.
      const beyond = acts.filter((act) => principal.via === "token" && !principal.acts?.includes(act));
      if (beyond.length > 0)
        throw new HttpError(
          "token.act_not_allowed",
          403,
          "A token may only create tokens with its own acts.",
          {
            acts: beyond,
          },
        );
      await createApiToken(ctx.store.database, {
        id,
        tokenHash: secretHash(token),
        accountId: principal.account.id,
        name: request.body.name,
        now: ctx.now(),
        acts,
      });
      await tellOwner(ctx, {
        accountId: principal.account.id,
        kind: "token.created",
        detail: `An API token "${request.body.name}" was created${acts.length ? ` (may: ${acts.join(", ")})` : ""}.`,
      });
      return reply.code(201).send({ id, name: request.body.name, token, acts });
    },
  );

  r.get(
    "/api/tokens",
    { schema: { tags: ["session"], summary: "My API tokens (never their values)" } },
    async (request) => {
      const principal = requirePrincipal(request);
      return { tokens: await listApiTokens(ctx.store.database, principal.account.id) };
    },
  );

  r.delete(
    "/api/tokens/:tokenId",
    {
      schema: {
        tags: ["session"],
        summary: "Revoke one of my API tokens",
        params: z.object({ tokenId: uuidParam }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const revoked = await revokeApiToken(
        ctx.store.database,
        principal.account.id,
        request.params.tokenId,
        ctx.now(),
      );
      if (!revoked) throw new HttpError("not_found", 404, `No token with id ${request.params.tokenId}.`);
      // Streams opened with this token close at once, on every server.
      await ctx.hub.revoke({ credentialHash: revoked });
      return reply.code(204).send();
    },
  );
}
