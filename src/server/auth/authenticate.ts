import type {} from "@fastify/cookie";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AccountRecord } from "../../store/sessions.ts";
import { findApiToken, findSession } from "../../store/sessions.ts";
import type { Store } from "../../store/store.ts";
import { HttpError } from "../problem.ts";
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
 * Authenticates every request before routing: a bearer token, else the session cookie. The account is read
 * afresh on every request, so disabling it or ending its sessions takes effect at once. Writes made with a
 * cookie must carry the session's CSRF token in a header that a cross-site form cannot set; sign-in is exempt,
 * so a live session planted in the browser cannot keep its owner from signing in (sign-in ends it).
 */
export function registerAuthentication(app: FastifyInstance, store: Store, now: () => Date): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request) => {
    request.principal = await principalOf(request, store, now);
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
  now: () => Date,
): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer (\S+)$/.exec(authorization);
    const tokenHash = match?.[1] ? secretHash(match[1]) : "";
    const account = tokenHash ? await findApiToken(store.database, tokenHash) : null;
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
  const session = await findSession(store.database, sessionHash, now());
  return session
    ? { account: session.account, via: "session", sessionHash, csrfToken: session.csrfToken }
    : null;
}

/** The caller's principal, or a 401. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError("unauthenticated", 401, "Sign in first.");
  return request.principal;
}
