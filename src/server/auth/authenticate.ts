import type { FastifyInstance, FastifyRequest } from "fastify";
import { LAST_SEEN_GRANULARITY_MS, touchSession } from "../../store/account-sessions.ts";
import type { AccountRecord, FactorFacts } from "../../store/sessions.ts";
import { findApiToken, findSession } from "../../store/sessions.ts";
import type { Store } from "../../store/store.ts";
import { HttpError } from "../problem.ts";
import { sessionCookieOf } from "./cookies.ts";
import type { CachedCredential, CredentialCache } from "./credential-cache.ts";
import { sameSecret, secretHash } from "./secrets.ts";

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
  /** When the session expires (ms since the epoch); live streams opened with it close then. */
  expiresAt?: number;
  /** Whether the account has a second factor, and whether the operator requires one of every account. */
  facts: FactorFacts;
  /** Sessions: how it signed in ("password", "password+totp", "passkey", ...). */
  factor?: string | null;
  /** Sessions: when a second factor was last checked (ms since the epoch), as of the credential's read. */
  factorCheckedAt?: number | null;
  /** API tokens: the sensitive acts its owner allowed it. */
  acts?: readonly string[];
}

/** A password sign-in waiting for its second factor: it can do nothing but complete it. */
export interface PendingSession {
  account: AccountRecord;
  sessionHash: string;
  csrfToken: string;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
    pendingSession: PendingSession | null;
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
  app.decorateRequest("pendingSession", null);
  // A callback hook, not an async one: most requests carry a cached credential and finish here at once,
  // with no promise and no closure made for them (closures are only made on the slow paths: under tsx each
  // one costs a property definition for its name).
  app.addHook("onRequest", (request, _reply, done) => {
    // /metrics takes a scraper's token of its own, which is no account's credential.
    if (request.routeOptions.config.ownCredential) return done();
    try {
      const found = principalOf(request, store, credentials, now().getTime());
      if (found instanceof Promise) found.then((principal) => settle(request, principal, done), done);
      else settle(request, found, done);
    } catch (error) {
      done(error as Error);
    }
  });
}

function settle(
  request: FastifyRequest,
  found: Principal | PendingSession | null,
  done: (error?: Error) => void,
): void {
  if (found && !("via" in found)) {
    // A half-session is nobody to every route but the ones completing it (which read pendingSession), so
    // no route can forget to refuse it.
    request.pendingSession = found;
    const sent = request.headers[CSRF_HEADER];
    const csrfOk = typeof sent === "string" && sameSecret(sent, found.csrfToken);
    done(SAFE.has(request.method) || signingIn(request) || csrfOk ? undefined : csrfError());
    return;
  }
  request.principal = found;
  done(csrfRefusal(request) ?? setupRefusal(request));
}

/** Routes an account must reach to set up its second factor (and to sign out) while a policy demands one. */
const SETUP_PATHS = ["/api/session", "/api/account/"];

/**
 * When the operator requires a second factor and the account has none, the API answers every other route with
 * 403 `second_factor.setup_required` (the app shows the set-up screen). Pages and public routes still load.
 */
function setupRefusal(request: FastifyRequest): HttpError | undefined {
  const facts = request.principal?.facts;
  if (!facts || facts.hasSecondFactor || !facts.requiredForAll) return undefined;
  const url = request.routeOptions.url ?? request.url;
  if (!url.startsWith("/api/") || SETUP_PATHS.some((p) => url.startsWith(p))) return undefined;
  return setupRequired();
}

export function setupRequired(): HttpError {
  return new HttpError(
    "second_factor.setup_required",
    403,
    "A second factor is required: set up an authenticator app or a passkey first (/account).",
  );
}

function csrfError(): HttpError {
  return new HttpError(
    "csrf",
    403,
    `Cookie-authenticated writes need the ${CSRF_HEADER} header of the session.`,
  );
}

/** A bearer token's principal; a bad token is an error, not anonymity: the caller meant to authenticate. */
function tokenPrincipal(found: CachedCredential | null, tokenHash: string): Principal {
  if (!found)
    throw new HttpError(
      "unauthenticated",
      401,
      "The API token is not valid.",
      {},
      { "www-authenticate": "Bearer" },
    );
  return { account: found.account, via: "token", tokenHash, facts: found.facts, acts: found.acts ?? [] };
}

function sessionPrincipal(
  session: CachedCredential | null,
  sessionHash: string,
): Principal | PendingSession | null {
  if (!session) return null;
  if (session.pending) return { account: session.account, sessionHash, csrfToken: session.csrfToken ?? "" };
  return {
    account: session.account,
    via: "session",
    sessionHash,
    csrfToken: session.csrfToken ?? "",
    expiresAt: session.expiresAt,
    facts: session.facts,
    factor: session.factor ?? null,
    factorCheckedAt: session.factorCheckedAt ?? null,
  };
}

/** Why a cookie-authenticated write is refused (no CSRF header of its session), or undefined. */
function csrfRefusal(request: FastifyRequest): HttpError | undefined {
  const principal = request.principal;
  if (principal?.via !== "session" || SAFE.has(request.method) || signingIn(request)) return undefined;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent === "string" && sameSecret(sent, principal.csrfToken ?? "")) return undefined;
  return csrfError();
}

type Maybe<T> = T | Promise<T>;

/** The caller: from the cache when it holds the credential (synchronously), else read from the store. */
function principalOf(
  request: FastifyRequest,
  store: Store,
  credentials: CredentialCache,
  at: number,
): Maybe<Principal | PendingSession | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer (\S+)$/.exec(authorization);
    const tokenHash = match?.[1] ? secretHash(match[1]) : "";
    if (!tokenHash) return tokenPrincipal(null, tokenHash);
    const cached = credentials.get(tokenHash, at);
    if (cached) return tokenPrincipal(cached, tokenHash);
    return readToken(store, credentials, tokenHash, at).then((found) => tokenPrincipal(found, tokenHash));
  }
  const cookie = sessionCookieOf(request);
  if (!cookie) return null;
  const sessionHash = secretHash(cookie);
  const cached = credentials.get(sessionHash, at);
  if (cached) return sessionPrincipal(cached, sessionHash);
  return readSession(store, credentials, sessionHash, at).then((found) =>
    sessionPrincipal(found, sessionHash),
  );
}

async function readSession(
  store: Store,
  credentials: CredentialCache,
  hash: string,
  at: number,
): Promise<CachedCredential | null> {
  const generation = credentials.startRead();
  const session = await findSession(store.database, hash, new Date(at));
  if (!session) return null;
  // "Last seen" for the owner's list of sessions, recorded coarsely (reads from the cache are not counted).
  // Only a hint: failing to record it must not fail the request.
  if (!session.lastSeenAt || at - session.lastSeenAt.getTime() > LAST_SEEN_GRANULARITY_MS)
    await touchSession(store.database, hash, new Date(at)).catch(() => undefined);
  const credential: CachedCredential = {
    account: session.account,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.getTime(),
    facts: session.facts,
    pending: session.pending,
    factor: session.factor,
    factorCheckedAt: session.factorCheckedAt,
  };
  credentials.set(hash, credential, at, generation);
  return credential;
}

async function readToken(
  store: Store,
  credentials: CredentialCache,
  hash: string,
  at: number,
): Promise<CachedCredential | null> {
  const generation = credentials.startRead();
  const found = await findApiToken(store.database, hash);
  if (!found) return null;
  const credential: CachedCredential = {
    account: found.account,
    expiresAt: Number.POSITIVE_INFINITY,
    facts: found.facts,
    acts: found.acts,
  };
  credentials.set(hash, credential, at, generation);
  return credential;
}

/** The caller's principal, or a 401. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError("unauthenticated", 401, "Sign in first.");
  return request.principal;
}
