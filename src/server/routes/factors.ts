import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import QRCode from "qrcode";
import { z } from "zod";
import { listNotices, listSignIns } from "../../store/account-notices.ts";
import {
  confirmTotp,
  countFactors,
  factorSummary,
  markFactorChecked,
  pendingTotpSecret,
  removeFactor,
  replaceRecoveryCodes,
  startTotp,
} from "../../store/factors.ts";
import { addPasskey, listPasskeys, renamePasskey } from "../../store/passkeys.ts";
import { type Principal, requirePrincipal } from "../auth/authenticate.ts";
import { newRecoveryCodes, recoveryCodeHash } from "../auth/recovery-codes.ts";
import { requireStepUp } from "../auth/step-up.ts";
import { tellOwner } from "../auth/tell-owner.ts";
import { newTotpSecret, totpStep, totpUri } from "../auth/totp.ts";
import { registrationOptions, registrationResponse, verifyRegistration } from "../auth/webauthn.ts";
import type { ServerContext } from "../context.ts";
import { storedText } from "../fields.ts";
import { HttpError } from "../problem.ts";
import { factorRequiredFor } from "./factor-policy.ts";

/** A passkey's credential id, base64url (authenticators make them up to 1023 bytes). */
const passkeyParam = z.object({ passkeyId: z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/, "a credential id") });
const passkeyName = storedText(100).trim().min(1);
const ownPasskey = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
const recoveryCodes = z.array(z.string()).nullable();

/**
 * My second factors: an authenticator app (TOTP), passkeys, recovery codes; and what happened to my account.
 * Changing factors asks for a recent second factor (step-up) once the account has one; the first one can be
 * set up with the password session alone. Removing a factor ends every other session of the account.
 */
export function factorRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.database;
  const announce = async (hashes: readonly string[]) => {
    for (const credentialHash of hashes) await ctx.hub.revoke({ credentialHash });
  };
  /** Step-up for changing factors, once there is a factor to step up with (read afresh, not from the cache). */
  const stepUpToChange = async (principal: Principal) => {
    if ((await countFactors(db, principal.account.id)) > 0)
      await requireStepUp(
        db,
        { ...principal, facts: { ...principal.facts, hasSecondFactor: true } },
        "change-factors",
        ctx.now(),
      );
    else if (principal.via === "token") await requireStepUp(db, principal, "change-factors", ctx.now());
  };
  /** The first factor brings ten recovery codes (shown once); later factors keep the codes there are. */
  const codesForFirstFactor = async (accountId: string): Promise<string[] | null> => {
    const summary = await factorSummary(db, accountId);
    return summary.recoveryCodesLeft === 0 ? newRecoveryCodes() : null;
  };
  const added = async (request: FastifyRequest, principal: Principal, detail: string) => {
    // Presenting the new factor just now counts as checking it.
    if (principal.sessionHash) await markFactorChecked(db, principal.sessionHash, ctx.now());
    ctx.credentials.forget({ accountId: principal.account.id });
    await tellOwner(ctx, { accountId: principal.account.id, kind: "factor.added", detail });
    request.log.info(`account ${principal.account.id}: ${detail}`);
  };

  r.get(
    "/api/account/factors",
    {
      schema: {
        tags: ["factors"],
        summary: "My second factors (never a secret), and whether a policy requires one",
        response: {
          200: z.object({
            totp: z.boolean(),
            passkeys: z.array(ownPasskey),
            recoveryCodesLeft: z.number(),
            required: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const [summary, passkeys, required] = await Promise.all([
        factorSummary(db, principal.account.id),
        listPasskeys(db, principal.account.id),
        factorRequiredFor(ctx, principal),
      ]);
      return { totp: summary.totp, passkeys, recoveryCodesLeft: summary.recoveryCodesLeft, required };
    },
  );

  r.post(
    "/api/account/factors/totp",
    {
      schema: {
        tags: ["factors"],
        summary:
          "Start setting up an authenticator app: a new secret, its otpauth URI and a QR code (SVG data URL); confirm with a first code",
        response: { 201: z.object({ secret: z.string(), uri: z.string(), qr: z.string() }) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await stepUpToChange(principal);
      const secret = newTotpSecret();
      if (!(await startTotp(db, principal.account.id, secret, ctx.now())))
        throw new HttpError(
          "second_factor.exists",
          409,
          "An authenticator app is set up already; remove it first.",
        );
      const uri = totpUri(secret, principal.account.email, "Parley");
      const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
      const qr = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
      return reply.code(201).send({ secret, uri, qr });
    },
  );

  r.post(
    "/api/account/factors/totp/confirm",
    {
      schema: {
        tags: ["factors"],
        summary:
          "Confirm the authenticator app with a first code; the first factor of an account brings ten recovery codes, shown this once",
        body: z.strictObject({ code: z.string().min(1).max(40) }),
        response: { 200: z.object({ recoveryCodes }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const key = `factor:${principal.account.id}`;
      await ctx.limiter.attempt(key, request.ip);
      const secret = await pendingTotpSecret(db, principal.account.id);
      const step = secret ? totpStep(secret, request.body.code, ctx.now()) : null;
      const codes = await codesForFirstFactor(principal.account.id);
      const confirmed =
        step !== null &&
        (await confirmTotp(db, {
          accountId: principal.account.id,
          step,
          recoveryHashes: codes?.map(recoveryCodeHash) ?? null,
          now: ctx.now(),
        }));
      if (!confirmed)
        throw new HttpError("second_factor.invalid", 401, "The code is not valid; nothing was changed.");
      await ctx.limiter.succeeded(key, request.ip);
      await added(request, principal, "An authenticator app was set up.");
      return { recoveryCodes: codes };
    },
  );

  r.delete(
    "/api/account/factors/totp",
    { schema: { tags: ["factors"], summary: "Remove my authenticator app; my other sessions end" } },
    async (request, reply) => {
      await remove(request, { kind: "totp" }, "The authenticator app was removed.");
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/account/factors/recovery-codes",
    {
      schema: {
        tags: ["factors"],
        summary: "Replace my recovery codes with ten new ones (shown this once); the old ones stop working",
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      if ((await countFactors(db, principal.account.id)) === 0)
        throw new HttpError("forbidden", 403, "Recovery codes come with a second factor: set one up first.");
      await stepUpToChange(principal);
      const codes = newRecoveryCodes();
      await db
        .transaction()
        .execute((trx) =>
          replaceRecoveryCodes(trx, principal.account.id, codes.map(recoveryCodeHash), ctx.now()),
        );
      return { recoveryCodes: codes };
    },
  );

  r.post(
    "/api/account/factors/passkeys/options",
    {
      schema: {
        tags: ["factors"],
        summary: "Options to create a passkey (navigator.credentials.create), and the challenge's id",
        response: { 200: z.object({ challengeId: z.string(), options: z.unknown() }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      await stepUpToChange(principal);
      return registrationOptions(ctx, principal.account);
    },
  );

  r.post(
    "/api/account/factors/passkeys",
    {
      schema: {
        tags: ["factors"],
        summary:
          "Add a passkey from the browser's answer, with a name; the first factor brings recovery codes",
        body: z.strictObject({ challengeId: z.uuid(), name: passkeyName, response: registrationResponse }),
        response: { 201: z.object({ passkey: ownPasskey, recoveryCodes }) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await stepUpToChange(principal);
      const passkey = await verifyRegistration(
        ctx,
        principal.account,
        request.body.challengeId,
        request.body.response,
      );
      const codes = await codesForFirstFactor(principal.account.id);
      const now = ctx.now();
      await db.transaction().execute(async (trx) => {
        await addPasskey(trx, { ...passkey, name: request.body.name, now });
        if (codes) await replaceRecoveryCodes(trx, principal.account.id, codes.map(recoveryCodeHash), now);
      });
      await added(request, principal, `A passkey "${request.body.name}" was added.`);
      return reply.code(201).send({
        passkey: { id: passkey.id, name: request.body.name, createdAt: now.toISOString(), lastUsedAt: null },
        recoveryCodes: codes,
      });
    },
  );

  r.patch(
    "/api/account/factors/passkeys/:passkeyId",
    {
      schema: {
        tags: ["factors"],
        summary: "Rename one of my passkeys",
        params: passkeyParam,
        body: z.strictObject({ name: passkeyName }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (!(await renamePasskey(db, principal.account.id, request.params.passkeyId, request.body.name)))
        throw new HttpError("not_found", 404, "No such passkey.");
      return reply.code(204).send();
    },
  );

  r.delete(
    "/api/account/factors/passkeys/:passkeyId",
    {
      schema: {
        tags: ["factors"],
        summary: "Remove one of my passkeys; my other sessions end",
        params: passkeyParam,
      },
    },
    async (request, reply) => {
      await remove(request, { kind: "passkey", id: request.params.passkeyId }, "A passkey was removed.");
      return reply.code(204).send();
    },
  );

  r.get(
    "/api/account/activity",
    {
      schema: {
        tags: ["factors"],
        summary: "What happened to my account: my last sign-ins (time, address, device, factor) and notices",
        response: {
          200: z.object({
            signIns: z.array(
              z.object({
                at: z.string(),
                address: z.string().nullable(),
                userAgent: z.string().nullable(),
                factor: z.string().nullable(),
              }),
            ),
            notices: z.array(
              z.object({ id: z.string(), kind: z.string(), detail: z.string(), createdAt: z.string() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const [signIns, notices] = await Promise.all([
        listSignIns(db, principal.account.id),
        listNotices(db, principal.account.id),
      ]);
      return { signIns, notices };
    },
  );

  async function remove(
    request: FastifyRequest,
    factor: { kind: "totp" } | { kind: "passkey"; id: string },
    detail: string,
  ): Promise<void> {
    const principal = requirePrincipal(request);
    // Another account's passkey answers exactly like a missing one: checked before the step-up.
    const ownsIt =
      factor.kind === "totp"
        ? (await factorSummary(db, principal.account.id)).totp
        : (await listPasskeys(db, principal.account.id)).some((p) => p.id === factor.id);
    if (!ownsIt) throw new HttpError("not_found", 404, "No such factor.");
    await stepUpToChange(principal);
    const result = await removeFactor(db, {
      accountId: principal.account.id,
      factor,
      mayRemoveLast: !(await factorRequiredFor(ctx, principal)),
      keepSessionHash: principal.sessionHash,
      now: ctx.now(),
    });
    if (result === "missing") throw new HttpError("not_found", 404, "No such factor.");
    if (result === "last")
      throw new HttpError(
        "second_factor.last",
        409,
        "A second factor is required here: add another before removing the last one. Nothing was changed.",
      );
    await announce(result);
    ctx.credentials.forget({ accountId: principal.account.id });
    await tellOwner(ctx, { accountId: principal.account.id, kind: "factor.removed", detail });
  }
}
