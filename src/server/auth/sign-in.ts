import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { knownDevice } from "../../store/account-notices.ts";
import { confirmedTotpSecret, spendRecoveryCode, spendTotpStep } from "../../store/factors.ts";
import { passkeyDescriptors } from "../../store/passkeys.ts";
import { type AccountRecord, createSession, endSession, USER_AGENT_MAX } from "../../store/sessions.ts";
import type { ServerContext } from "../context.ts";
import { HttpError } from "../problem.ts";
import { setSessionCookie } from "./cookies.ts";
import { looksLikeRecoveryCode, recoveryCodeHash } from "./recovery-codes.ts";
import { newSecret, secretHash } from "./secrets.ts";
import { tellOwner } from "./tell-owner.ts";
import { totpStep } from "./totp.ts";

/**
 * Opening sessions: a full one once every factor the account has was presented, or a half one that waits for
 * the second factor. Each sign-in gets a fresh token and ends the session the browser came with, so a
 * planted cookie never becomes a session and a half-session never turns into a full one.
 */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** How long a password sign-in waits for its second factor. */
export const PENDING_TTL_MS = 5 * 60 * 1000;

export const accountBody = z.object({
  email: z.string(),
  name: z.string(),
  operator: z.boolean(),
  mayHost: z.boolean(),
});
export const signedInBody = z.object({ account: accountBody, csrfToken: z.string() });

/** The second factors an account can complete a sign-in with. */
export type Method = "totp" | "recovery" | "passkey";

async function endCurrent(ctx: ServerContext, request: FastifyRequest): Promise<void> {
  const current = request.principal?.sessionHash ?? request.pendingSession?.sessionHash;
  if (!current) return;
  await endSession(ctx.store.database, current, ctx.now());
  await ctx.hub.revoke({ credentialHash: current });
}

/** Opens a full session (`factor` says how it was authenticated) and sets its cookie. */
export async function openSession(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  account: AccountRecord,
  factor: string,
): Promise<z.output<typeof signedInBody>> {
  await endCurrent(ctx, request);
  const userAgent = request.headers["user-agent"]?.slice(0, USER_AGENT_MAX) ?? null;
  // A browser this account never completed a sign-in with: its owner is told (not for the very first one).
  const seen = await knownDevice(ctx.store.database, account.id, userAgent);
  const token = newSecret();
  const csrfToken = newSecret();
  const now = ctx.now();
  await createSession(ctx.store.database, {
    tokenHash: secretHash(token),
    accountId: account.id,
    csrfToken,
    now,
    ttlMs: SESSION_TTL_MS,
    userAgent,
    address: request.ip,
    factor,
  });
  if (!seen.device && seen.any)
    await tellOwner(ctx, {
      accountId: account.id,
      kind: "sign-in.new-device",
      detail: `A sign-in from a new device (${userAgent ?? "unknown browser"}, ${request.ip}).`,
    });
  setSessionCookie(reply, token, { secure: ctx.secureCookies, maxAgeSeconds: SESSION_TTL_MS / 1000 });
  const { email, name, operator, mayHost } = account;
  return { account: { email, name, operator, mayHost }, csrfToken };
}

/** Opens a half-session that can only complete the second factor; returns its CSRF token. */
export async function openPendingSession(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  account: AccountRecord,
): Promise<string> {
  await endCurrent(ctx, request);
  const token = newSecret();
  const csrfToken = newSecret();
  await createSession(ctx.store.database, {
    tokenHash: secretHash(token),
    accountId: account.id,
    csrfToken,
    now: ctx.now(),
    ttlMs: PENDING_TTL_MS,
    userAgent: request.headers["user-agent"] ?? null,
    address: request.ip,
    pending: true,
    factor: "password",
  });
  setSessionCookie(reply, token, { secure: ctx.secureCookies, maxAgeSeconds: PENDING_TTL_MS / 1000 });
  return csrfToken;
}

/** The second factors this account has, in the order the sign-in screen offers them; empty for none. */
export async function methodsOf(ctx: ServerContext, accountId: string): Promise<Method[]> {
  const [totp, passkeys] = await Promise.all([
    confirmedTotpSecret(ctx.store.database, accountId),
    passkeyDescriptors(ctx.store.database, accountId),
  ]);
  const methods: Method[] = [];
  if (passkeys.length > 0) methods.push("passkey");
  if (totp) methods.push("totp");
  if (methods.length > 0) methods.push("recovery");
  return methods;
}

/**
 * Checks a typed code: an authenticator app's code (each time step accepted once) or a recovery code (each
 * used once). Attempts are counted by the sign-in limits, per account and address. A wrong code, a used one
 * and a replayed one all get the same 401 `second_factor.invalid`, and change nothing.
 */
export async function checkCode(
  ctx: ServerContext,
  account: AccountRecord,
  code: string,
  address: string,
): Promise<"totp" | "recovery"> {
  const key = `factor:${account.id}`;
  await ctx.limiter.attempt(key, address);
  const now = ctx.now();
  let used: "totp" | "recovery" | null = null;
  if (looksLikeRecoveryCode(code)) {
    if (await spendRecoveryCode(ctx.store.database, account.id, recoveryCodeHash(code), now))
      used = "recovery";
  } else {
    const secret = await confirmedTotpSecret(ctx.store.database, account.id);
    const step = secret ? totpStep(secret, code, now) : null;
    if (step !== null && (await spendTotpStep(ctx.store.database, account.id, step, now))) used = "totp";
  }
  if (!used) throw new HttpError("second_factor.invalid", 401, "The code is not valid; nothing was changed.");
  await ctx.limiter.succeeded(key, address);
  return used;
}
