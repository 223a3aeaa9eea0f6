import type {} from "@fastify/cookie";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AccountRecord } from "../../store/sessions.ts";
import { findApiToken, findSession } from "../../store/sessions.ts";
import type { Store } from "../../store/store.ts";
import { HttpError } from "../problem.ts";
import type { CredentialCache } from "./credential-cache.ts";
import { sameSecret, secretHash } from "./secrets.ts";

export const SESSION_COOKIE = "parley_session";
export const CSRF_HEADER = "x-csrf-token";

/** Who is calling: an account, signed in by a session cookie or by a personal API token. */
export interface Principal {
  account: AccountRecord;
  via: "session" | "token";
  /** Hash of the session token (sessions only), to end it at sign-out. */
  sessionHash?: string;
  /** Hash of the API token (tokens only), to close streams opened with it when it is revoked. */
  tokenHash?: string;
  csrfToken?: string;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
/** Signing in is authenticated by the password, not the cookie; it ends whatever session the cookie names. */
const signingIn = (request: FastifyRequest) =>
  request.method === "POST" && request.routeOptions.url === "/api/session";

/**
 * Authenticates every request before routing: a bearer token, else the session cookie. The credential is
 * read from the store, or from the cache of recent reads that every revocation empties at once (see
 * CredentialCache), so disabling an account or ending its sessions takes effect at once. Writes made with a
 * cookie must carry the session's CSRF token in a header that a cross-site form cannot set; sign-in is exempt,
 * so a live session planted in the browser cannot keep its owner from signing in (sign-in ends it).
 */
export function registerAuthentication(
  app: FastifyInstance,
  store: Store,
  credentials: CredentialCache,
  now: () => Date,
): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request) => {
    request.principal = await principalOf(request, store, credentials, now);
    if (request.principal?.via === "session" && !SAFE.has(request.method) && !signingIn(request)) {
      const sent = request.headers[CSRF_HEADER];
      const expected = request.principal.csrfToken ?? "";
      if (typeof sent !== "string" || !sameSecret(sent, expected)) {
        throw new HttpError(
          "csrf",
          403,
          `Cookie-authenticated writes need the ${CSRF_HEADER} header of the session.`,
        );
      }
    }
  });
}

async function principalOf(
  request: FastifyRequest,
  store: Store,
  credentials: CredentialCache,
  now: () => Date,
): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  const at = now();
  if (authorization !== undefined) {
    const match = /^Bearer (\S+)$/.exec(authorization);
    const tokenHash = match?.[1] ? secretHash(match[1]) : "";
    const account = tokenHash ? await tokenAccount(store, credentials, tokenHash, at) : null;
    // A bad token is an error, not anonymity: the caller meant to authenticate.
    if (!account)
      throw new HttpError(
        "unauthenticated",
        401,
        "The API token is not valid.",
        {},
        { "www-authenticate": "Bearer" },
      );
    return { account, via: "token", tokenHash };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const sessionHash = secretHash(cookie);
  const session = await liveSession(store, credentials, sessionHash, at);
  return session
    ? { account: session.account, via: "session", sessionHash, csrfToken: session.csrfToken ?? "" }
    : null;
}

async function liveSession(store: Store, credentials: CredentialCache, hash: string, at: Date) {
  const cached = credentials.get(hash, at.getTime());
  if (cached) return cached;
  const generation = credentials.startRead();
  const session = await findSession(store.database, hash, at);
  if (!session) return null;
  const credential = {
    account: session.account,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.getTime(),
  };
  credentials.set(hash, credential, at.getTime(), generation);
  return credential;
}

async function tokenAccount(store: Store, credentials: CredentialCache, hash: string, at: Date) {
  const cached = credentials.get(hash, at.getTime());
  if (cached) return cached.account;
  const generation = credentials.startRead();
  const account = await findApiToken(store.database, hash);
  if (account)
    credentials.set(hash, { account, expiresAt: Number.POSITIVE_INFINITY }, at.getTime(), generation);
  return account;
}

/** The caller's principal, or a 401. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError("unauthenticated", 401, "Sign in first.");
  return request.principal;
}
