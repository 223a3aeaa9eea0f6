import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../domain/scope.ts";
import { setAccount } from "../store/accounts.ts";
import { DIALECTS } from "../store/test-stores.ts";
import type { AppRoute } from "./app.ts";
import { WEB_DIR } from "./routes/home.ts";
import { NEGOTIATION, PASSWORD, ROLE_EMAILS, startTestApp, type TestApp, type TestRole } from "./test-app.ts";
import {
  type Actor,
  ALL_ROLES,
  actorOf,
  actorsOf,
  type Built,
  COMMAND_PREFIX,
  cookieOf,
  documentedInputs,
  everyObject,
  type Focus,
  fingerprint,
  ghostOf,
  isNotFoundOf,
  isPolicyRefusal,
  looksLikeReference,
  MEMBER_ROLES,
  type MemberExpectation,
  mayActorIssue,
  type NegotiationRoute,
  negotiationRoute,
  type Obj,
  openLive,
  problemOf,
  requestOf,
  until,
  urlOf,
} from "./test-leak.ts";
import { FACTOR_ROUTES } from "./testing/factor-leak.ts";

/**
 * Issue 3, "How it is checked": the leak matrix. Generated from the routes the app registers and from the
 * policy table: every route × every role × objects in every scope. A thing a role cannot read must answer
 * exactly like a thing that does not exist; everything else as the policy says.
 */

type Method = "GET" | "HEAD" | "POST" | "DELETE" | "PATCH" | "PUT";
const GHOST_NEGOTIATION = ghostOf(NEGOTIATION);

async function send(
  t: TestApp,
  role: TestRole,
  method: Method,
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  const options: InjectOptions = { method, url };
  if (body !== undefined) options.payload = body as InjectOptions["payload"];
  return (await t.as(role)).request(options);
}

/** A recipe's request, as this role. */
async function sendBuilt(
  t: TestApp,
  role: TestRole,
  method: Method,
  pattern: string,
  negotiationId: string,
  built: Built,
): Promise<LightMyRequestResponse> {
  return (await t.as(role)).request(requestOf(method, pattern, negotiationId, built));
}

const summary = (response: LightMyRequestResponse) =>
  `${response.statusCode} ${String(problemOf(response).code ?? "")}`.trim();

/** Content in every scope a route can name: proposals, incidents and claims the demo lacks. */
async function createScopedObjects(t: TestApp): Promise<Set<string>> {
  const created = new Set<string>();
  const command = async (role: TestRole, type: string, body: Record<string, unknown>) => {
    const response = await send(t, role, "POST", `/api/negotiations/${NEGOTIATION}/commands/${type}`, body);
    if (response.statusCode !== 201)
      throw new Error(`${role} ${type}: ${response.statusCode} ${response.body}`);
    for (const id of Object.values((response.json() as { ids: Record<string, string> }).ids)) created.add(id);
  };
  const writers: [TestRole, Scope][] = [
    ["am-head", "party:am"],
    ["am-head", "caucus:am"],
    ["az-head", "party:az"],
    ["az-head", "caucus:az"],
    ["mediation-lead", "mediation"],
    ["am-head", "shared"],
  ];
  for (const [role, scope] of writers) {
    const version = (await t.store.fullState(NEGOTIATION)).get("provision", "art-13")?.version ?? 0;
    await command(role, "table-proposal", {
      provisionId: "art-13",
      proposalKind: "replace",
      text: `Text kept in ${scope}.`,
      scope,
      baseVersion: version,
    });
    if (scope === "shared") continue;
    await command(role, "record-incident", {
      title: `Incident in ${scope}`,
      occurredOn: "2023-04-23",
      description: "Neutral.",
      scope,
    });
    await command(role, "record-claim", {
      incidentId: "inc-checkpoint",
      claimKind: "claim",
      source: "Neutral source",
      text: "Neutral.",
      statedOn: "2023-04-23",
      scope,
    });
  }
  return created;
}

/** Ids the matrix names when a kind has several objects in one scope: harmless to act on. */
const PREFERRED = new Set(["blinken", "am", "r3", "r3-plenary", "art-13", "ki-border", "inc-checkpoint"]);

/** One object per kind and scope, preferring the ones created for the purpose. */
function representatives(all: readonly Obj[], created: ReadonlySet<string>): Obj[] {
  const rank = (o: Obj) => (created.has(o.id) || PREFERRED.has(o.id) ? 1 : 0);
  const best = new Map<string, Obj>();
  for (const obj of all) {
    const key = `${obj.kind} ${obj.scope}`;
    const current = best.get(key);
    if (!current || rank(obj) > rank(current)) best.set(key, obj);
  }
  return [...best.values()];
}

const routeKey = (r: AppRoute) => `${r.method} ${r.url}`;

/** The scopes each role reads, for checks outside any negotiation (filled once the fixture is up). */
const actorScopes = new Map<TestRole, ReadonlySet<string>>();

/**
 * The routes outside any negotiation, with what each role gets. Keys are "METHOD url" as registered;
 * a route missing here (and not under a negotiation) fails the route-table test.
 */
type Check = (t: TestApp, method: Method) => Promise<string[]>;

/** Pages and documents anyone may fetch: each role gets the very same bytes, for each of the paths given. */
const publicPage =
  (...paths: string[]): Check =>
  async (t, method) => {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const role of ALL_ROLES) {
      for (const path of paths) {
        const response = await send(t, role, method, path);
        if (response.statusCode >= 400) problems.push(`${method} ${path} as ${role}: ${response.statusCode}`);
        seen.set(fingerprint(response, [NEGOTIATION, GHOST_NEGOTIATION]), `${path} as ${role}`);
      }
    }
    if (seen.size !== 1) problems.push(`${method} ${paths[0]} differs: ${[...seen.values()].join(", ")}`);
    return problems;
  };

/** One of the browser app's built assets, if it is built. */
function anAsset(): string {
  const dir = join(WEB_DIR, "assets");
  const name = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith(".js")) : undefined;
  return `/assets/${name ?? "index.js"}`;
}

const statusByRole =
  (
    path: string | ((role: TestRole) => string),
    expected: (role: TestRole) => number,
    body?: unknown,
  ): Check =>
  async (t, method) => {
    const problems: string[] = [];
    for (const role of ALL_ROLES) {
      const url = typeof path === "string" ? path : path(role);
      const response = await send(t, role, method, url, body);
      if (response.statusCode !== expected(role))
        problems.push(`${method} ${url} as ${role}: ${summary(response)}, expected ${expected(role)}`);
    }
    return problems;
  };

const signedIn = (ok: number) => (role: TestRole) => (role === "anonymous" ? 401 : ok);

async function signInFresh(t: TestApp, role: Exclude<TestRole, "anonymous">) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/session",
    payload: { email: ROLE_EMAILS[role], password: PASSWORD },
  });
  const cookie = response.cookies.find((c) => c.name === "parley_session")?.value ?? "";
  const csrf = response.statusCode === 200 ? (response.json() as { csrfToken: string }).csrfToken : "";
  return { response, cookie, csrf };
}

/**
 * A one-time link's route once its link is dead (here: an operator exists, so no setup link lives): each role
 * gets exactly what a route that does not exist gives (a path of the same length where nothing is registered).
 */
const answersAsMissing =
  (path: string, body?: unknown): Check =>
  async (t, method) => {
    const problems: string[] = [];
    const nowhere = path.replace(/^\/(api\/)?[a-z]/, (m) => `${m.slice(0, -1)}x`);
    for (const role of ALL_ROLES) {
      const live = await send(t, role, method, path, body);
      const none = await send(t, role, method, nowhere, body);
      if (fingerprint(live, [path]) !== fingerprint(none, [nowhere]))
        problems.push(
          `${method} ${path} as ${role}: ${summary(live)} unlike a missing route's ${summary(none)}`,
        );
    }
    return problems;
  };

const operatorOnly = (ok: number) => (r: TestRole) => (r === "anonymous" ? 401 : r === "operator" ? ok : 403);

const OTHER_ROUTES: Readonly<Record<string, Check>> = {
  // Second factors, step-up and what happened to my account (issue 14).
  ...FACTOR_ROUTES,
  "GET /": publicPage("/"),
  // The browser app's pages are one page, the same whether the negotiation in the path exists or not.
  "GET /sign-in": publicPage("/sign-in"),
  "GET /negotiations": publicPage("/negotiations"),
  "GET /account": publicPage("/account"),
  // What a negotiation released is read by the browser app from the API; the page itself is the same for all.
  "GET /public/*": publicPage(`/public/${NEGOTIATION}`, `/public/${GHOST_NEGOTIATION}`),
  "GET /negotiations/*": publicPage(`/negotiations/${NEGOTIATION}`, `/negotiations/${GHOST_NEGOTIATION}`),
  // The invitation page is the same page whatever the token: only the API tells a live link from a dead one.
  "GET /invite/*": publicPage("/invite/inv_not-a-real-token"),
  // Likewise the reset page and the operator's screen: the API decides what each shows.
  "GET /reset/*": publicPage("/reset/reset_not-a-real-token"),
  "GET /operator": publicPage("/operator"),
  // The first-run page exists only for a live setup link: with an operator, for no one.
  "GET /setup/:token": answersAsMissing("/setup/setup_not-a-real-token"),
  "GET /api/setup/:token": answersAsMissing("/api/setup/setup_not-a-real-token"),
  "POST /api/setup/:token": answersAsMissing("/api/setup/setup_not-a-real-token", {
    name: "Matrix",
    email: "matrix@example.org",
    password: "a long enough password",
  }),
  "GET /api/password-resets/:token": statusByRole("/api/password-resets/reset_not-a-real-token", () => 404),
  "POST /api/password-resets/:token": statusByRole("/api/password-resets/reset_not-a-real-token", () => 404, {
    password: "a long enough password",
  }),
  // The inbox page is the app's one page too; what it lists comes from the API.
  "GET /inbox": publicPage("/inbox"),
  "GET /assets/*": publicPage(anAsset()),
  "GET /healthz": publicPage("/healthz"),
  "GET /readyz": publicPage("/readyz"),
  // Read from this machine (inject connects from loopback, with no proxy's headers): counts and timings of
  // route patterns only, the same for every role, naming no negotiation and no account.
  "GET /metrics": async (t, method) => {
    const problems: string[] = [];
    for (const role of ALL_ROLES) {
      const response = await send(t, role, method, "/metrics");
      if (response.statusCode !== 200) problems.push(`${method} /metrics as ${role}: ${summary(response)}`);
      for (const secret of [NEGOTIATION, GHOST_NEGOTIATION, ...Object.values(ROLE_EMAILS)])
        if (response.body.includes(secret)) problems.push(`${method} /metrics as ${role} names ${secret}`);
    }
    return problems;
  },
  "GET /api/openapi.json": publicPage("/api/openapi.json"),
  "GET /api/docs": publicPage("/api/docs"),
  "GET /api/docs/": publicPage("/api/docs/"),
  "GET /api/docs/json": publicPage("/api/docs/json"),
  "GET /api/docs/yaml": publicPage("/api/docs/yaml"),
  "GET /api/docs/static/index.html": publicPage("/api/docs/static/index.html"),
  "GET /api/docs/static/swagger-initializer.js": publicPage("/api/docs/static/swagger-initializer.js"),
  "GET /api/docs/static/*": publicPage("/api/docs/static/swagger-ui.css"),
  "GET /api/session": statusByRole("/api/session", signedIn(200)),
  "POST /api/session": async (t) => {
    const problems: string[] = [];
    for (const role of ALL_ROLES) {
      const response =
        role === "anonymous"
          ? await t.app.inject({
              method: "POST",
              url: "/api/session",
              payload: { email: ROLE_EMAILS.outsider, password: "not the password" },
            })
          : (await signInFresh(t, role)).response;
      if (response.statusCode !== signedIn(200)(role))
        problems.push(`sign-in as ${role}: ${summary(response)}`);
    }
    return problems;
  },
  "DELETE /api/session": async (t) => {
    const problems: string[] = [];
    for (const role of ALL_ROLES) {
      let response: LightMyRequestResponse;
      if (role === "anonymous") response = await send(t, role, "DELETE", "/api/session");
      else {
        // A session of its own, so the agent's session lives on for the other tests.
        const { cookie, csrf } = await signInFresh(t, role);
        response = await t.app.inject({
          method: "DELETE",
          url: "/api/session",
          headers: { cookie: `parley_session=${cookie}`, "x-csrf-token": csrf },
        });
      }
      if (response.statusCode !== signedIn(204)(role))
        problems.push(`sign-out as ${role}: ${summary(response)}`);
    }
    return problems;
  },
  "POST /api/tokens": statusByRole("/api/tokens", signedIn(201), { name: "Matrix token" }),
  "GET /api/tokens": async (t, method) => {
    const problems = await statusByRole("/api/tokens", signedIn(200))(t, method);
    if (method === "HEAD") return problems;
    // Each account lists its own tokens only.
    for (const role of ALL_ROLES.filter((r) => r !== "anonymous")) {
      await send(t, role, "POST", "/api/tokens", { name: `token of ${role}` });
      const names = (
        (await send(t, role, "GET", "/api/tokens")).json() as { tokens: { name: string }[] }
      ).tokens
        .map((x) => x.name)
        .filter((n) => n.startsWith("token of "));
      if (names.join() !== `token of ${role}`) problems.push(`${role} lists tokens ${names.join(", ")}`);
    }
    return problems;
  },
  "DELETE /api/tokens/:tokenId": async (t) => {
    const problems: string[] = [];
    const owner = await send(t, "am-head", "POST", "/api/tokens", { name: "am-head's token" });
    const tokenId = (owner.json() as { id: string }).id;
    for (const role of ALL_ROLES) {
      if (role === "am-head") continue;
      const theirs = await send(t, role, "DELETE", `/api/tokens/${tokenId}`);
      const ghost = ghostOf(tokenId);
      const none = await send(t, role, "DELETE", `/api/tokens/${ghost}`);
      if (fingerprint(theirs, [tokenId]) !== fingerprint(none, [ghost]))
        problems.push(`${role}: another account's token answers unlike a missing one`);
      if (none.statusCode !== signedIn(404)(role))
        problems.push(`${role} revoking a missing token: ${summary(none)}`);
    }
    const own = await send(t, "am-head", "DELETE", `/api/tokens/${tokenId}`);
    if (own.statusCode !== 204) problems.push(`am-head revoking its own token: ${summary(own)}`);
    return problems;
  },
  // Account self-service acts on the caller's own account only. Routes that end sessions run on a throwaway
  // account, so the agents' sessions live on for the other checks (which is itself checked).
  "POST /api/account/password": async (t, method) => {
    const wrong = { currentPassword: "not the password", newPassword: "a new password, long enough" };
    const problems = await statusByRole(
      "/api/account/password",
      (r) => (r === "anonymous" ? 401 : 403),
      wrong,
    )(t, method);
    const own = await throwawayAccount(t);
    const changed = await own.send("POST", "/api/account/password", {
      currentPassword: PASSWORD,
      newPassword: "a new password, long enough",
    });
    if (changed.statusCode !== 204) problems.push(`changing a password: ${summary(changed)}`);
    return [...problems, ...(await agentsStillSignedIn(t))];
  },
  "GET /api/account/sessions": async (t, method) => {
    const problems = await statusByRole("/api/account/sessions", signedIn(200))(t, method);
    if (method === "HEAD") return problems;
    const seen = new Map<string, TestRole>();
    for (const role of ALL_ROLES.filter((r) => r !== "anonymous")) {
      const sessions = (
        (await send(t, role, "GET", "/api/account/sessions")).json() as {
          sessions: { id: string; current: boolean }[];
        }
      ).sessions;
      if (sessions.filter((x) => x.current).length !== 1)
        problems.push(`${role}: not exactly one current session`);
      for (const { id } of sessions) {
        const other = seen.get(id);
        if (other) problems.push(`${role} and ${other} both list session ${id}`);
        seen.set(id, role);
      }
    }
    return problems;
  },
  "DELETE /api/account/sessions/:sessionId": async (t) => {
    const problems: string[] = [];
    const fresh = await signInFresh(t, "am-head");
    const asOwner = (m: Method, url: string) =>
      t.app.inject({
        method: m,
        url,
        headers: { cookie: `parley_session=${fresh.cookie}`, "x-csrf-token": fresh.csrf },
      });
    const listed = (await asOwner("GET", "/api/account/sessions")).json() as {
      sessions: { id: string; current: boolean }[];
    };
    const sessionId = listed.sessions.find((x) => x.current)?.id ?? "";
    for (const role of ALL_ROLES) {
      if (role === "am-head") continue;
      const theirs = await send(t, role, "DELETE", `/api/account/sessions/${sessionId}`);
      const ghost = ghostOf(sessionId);
      const none = await send(t, role, "DELETE", `/api/account/sessions/${ghost}`);
      if (fingerprint(theirs, [sessionId]) !== fingerprint(none, [ghost]))
        problems.push(`${role}: another account's session answers unlike a missing one`);
      if (none.statusCode !== signedIn(404)(role))
        problems.push(`${role} ending a missing session: ${summary(none)}`);
    }
    const own = await asOwner("DELETE", `/api/account/sessions/${sessionId}`);
    if (own.statusCode !== 204) problems.push(`am-head ending its own session: ${summary(own)}`);
    return [...problems, ...(await agentsStillSignedIn(t))];
  },
  "POST /api/account/sign-out-everywhere": async (t, method) => {
    const problems: string[] = [];
    const anonymous = await send(t, "anonymous", method, "/api/account/sign-out-everywhere", {});
    if (anonymous.statusCode !== 401)
      problems.push(`sign-out-everywhere as anonymous: ${summary(anonymous)}`);
    const own = await throwawayAccount(t);
    const everything = await own.send("POST", "/api/account/sign-out-everywhere", { revokeTokens: true });
    if (everything.statusCode !== 200) problems.push(`signing out everywhere: ${summary(everything)}`);
    return [...problems, ...(await agentsStillSignedIn(t))];
  },
  "GET /api/accounts": statusByRole("/api/accounts", operatorOnly(200)),
  // A fresh address each run: only the operator's request makes the account (and its link); the rest write nothing.
  "POST /api/accounts": (t, method) =>
    statusByRole("/api/accounts", operatorOnly(201), {
      email: `matrix-${randomUUID()}@example.org`,
      name: "Matrix account",
    })(t, method),
  "POST /api/accounts/:accountId/:action": async (t, method) => {
    const problems: string[] = [];
    for (const action of ["disable", "enable", "grant-host", "revoke-host"])
      problems.push(
        ...(await statusByRole(`/api/accounts/${randomUUID()}/${action}`, operatorOnly(404))(t, method)),
      );
    return problems;
  },
  "POST /api/accounts/:accountId/reset-link": statusByRole(
    `/api/accounts/${randomUUID()}/reset-link`,
    operatorOnly(404),
  ),
  "GET /api/invitations/:token": statusByRole("/api/invitations/inv_not-a-real-token", () => 404),
  "POST /api/invitations/:token/accept": statusByRole(
    "/api/invitations/inv_not-a-real-token/accept",
    () => 404,
    {
      password: "a long enough password",
    },
  ),
  "GET /api/negotiations": async (t, method) => {
    const problems = await statusByRole("/api/negotiations", signedIn(200))(t, method);
    if (method === "HEAD") return problems;
    for (const role of ALL_ROLES.filter((r) => r !== "anonymous")) {
      const ids = (
        (await send(t, role, "GET", "/api/negotiations")).json() as { negotiations: { id: string }[] }
      ).negotiations.map((n) => n.id);
      const member = (MEMBER_ROLES as readonly TestRole[]).includes(role);
      if (ids.includes(NEGOTIATION) !== member) problems.push(`${role} lists ${ids.join(", ")}`);
    }
    return problems;
  },
  // The inbox: each account its own entries, of negotiations it is a member of, in scopes it reads.
  "GET /api/inbox": async (t, method) => {
    const problems = await statusByRole("/api/inbox?unread=false", signedIn(200))(t, method);
    if (method === "HEAD") return problems;
    await t.context.notifier.settled();
    for (const role of ALL_ROLES.filter((r) => r !== "anonymous")) {
      const { entries } = (await send(t, role, "GET", "/api/inbox?unread=false&limit=200")).json() as {
        entries: { negotiationId: string; id: string }[];
      };
      const member = (MEMBER_ROLES as readonly TestRole[]).includes(role);
      // Every member has entries here (the matrix's own writes), outsiders none; each only of scopes it reads.
      if (member !== entries.length > 0) problems.push(`${role} has ${entries.length} inbox entries`);
      const readable = actorScopes.get(role) ?? new Set<string>();
      for (const e of entries) {
        const scope = e.id.slice(0, e.id.lastIndexOf(":"));
        if (!readable.has(scope)) problems.push(`${role} has an entry of ${scope}`);
      }
    }
    return problems;
  },
  "POST /api/inbox/read": statusByRole("/api/inbox/read", signedIn(200), {
    negotiationId: GHOST_NEGOTIATION,
  }),
  "GET /api/account/notification-preferences": statusByRole(
    "/api/account/notification-preferences",
    signedIn(200),
  ),
  "PUT /api/account/notification-preferences": statusByRole(
    "/api/account/notification-preferences",
    signedIn(200),
    { email: "daily" },
  ),
  // Only accounts an operator lets host may create negotiations: of the test accounts, the mediation lead.
  "POST /api/negotiations": statusByRole(
    "/api/negotiations",
    (r) => (r === "anonymous" ? 401 : r === "mediation-lead" ? 201 : 403),
    { title: "Matrix talks" },
  ),
};

/** An account of no role, signed in, to run what ends its own sessions. */
async function throwawayAccount(t: TestApp) {
  const email = `throwaway-${randomUUID()}@elsewhere.parley.test`;
  await setAccount(t.store.database, { email, name: "Throwaway", password: PASSWORD }, new Date());
  const response = await t.app.inject({
    method: "POST",
    url: "/api/session",
    payload: { email, password: PASSWORD },
  });
  const cookie = response.cookies.find((c) => c.name === "parley_session")?.value ?? "";
  const { csrfToken } = response.json() as { csrfToken: string };
  return {
    send: (method: Method, url: string, payload: object) =>
      t.app.inject({
        method,
        url,
        headers: { cookie: `parley_session=${cookie}`, "x-csrf-token": csrfToken },
        payload,
      }),
  };
}

/** What one account did to its own sessions left every other account's as they were. */
async function agentsStillSignedIn(t: TestApp): Promise<string[]> {
  const problems: string[] = [];
  for (const role of ALL_ROLES.filter((r) => r !== "anonymous")) {
    const response = await send(t, role, "GET", "/api/session");
    if (response.statusCode !== 200) problems.push(`${role} was signed out: ${summary(response)}`);
  }
  return problems;
}

/** The "no such thing" answer about this id (a HEAD carries only its status). */
function answersMissing(response: LightMyRequestResponse, id: string, method: Method): boolean {
  return method === "HEAD" ? response.statusCode === 404 : isNotFoundOf(response, id);
}

/** What a member should get from a negotiation route, given the policy. */
function allowedFor(expectation: MemberExpectation, actor: Actor): boolean {
  if (expectation.kind === "status" || expectation.kind === "websocket") return true;
  return mayActorIssue(actor, expectation.type);
}

/** A member's upgrade to the live stream is greeted; on a missing negotiation it is refused. */
async function liveAsMember(t: TestApp, role: TestRole, actor: Actor, pattern: string): Promise<string[]> {
  if (role === "anonymous") return [];
  const cookie = await cookieOf(t, role);
  const problems: string[] = [];
  const stream = await openLive(t, urlOf(pattern, NEGOTIATION, {}), cookie);
  try {
    await until(() => stream.messages.length > 0);
    const hello = JSON.parse(stream.messages[0] ?? "{}") as { type?: string; memberId?: string };
    if (hello.type !== "hello" || hello.memberId !== actor.member?.id)
      problems.push(`live as ${role}: greeted with ${stream.messages[0]}`);
  } finally {
    stream.close();
  }
  const refused = await openLive(t, urlOf(pattern, GHOST_NEGOTIATION, {}), cookie).then(
    (s) => {
      s.close();
      return "opened";
    },
    (error: Error) => error.message,
  );
  if (refused !== "Unexpected server response: 404")
    problems.push(`live on a missing negotiation as ${role}: ${refused}`);
  return problems;
}

/** Non-members: the upgrade itself is refused, as on a missing negotiation. */
async function liveRefused(t: TestApp, role: TestRole, pattern: string): Promise<string | null> {
  const cookie = role === "anonymous" ? null : await cookieOf(t, role);
  const outcome = async (negotiationId: string) =>
    openLive(t, urlOf(pattern, negotiationId, {}), cookie).then(
      (s) => {
        s.close();
        return "opened";
      },
      (error: Error) => error.message,
    );
  const real = await outcome(NEGOTIATION);
  const none = await outcome(GHOST_NEGOTIATION);
  const want = `Unexpected server response: ${role === "anonymous" ? 401 : 404}`;
  return real === want && none === want ? null : `live as ${role}: ${real} / ${none}`;
}

function memberVerdict(
  expectation: MemberExpectation,
  actor: Actor,
  response: LightMyRequestResponse,
): string | null {
  switch (expectation.kind) {
    case "websocket":
      return null;
    case "status":
      return response.statusCode === expectation.status ? null : `expected ${expectation.status}`;
    case "policy":
      if (mayActorIssue(actor, expectation.type))
        return response.statusCode === expectation.allowed ? null : `expected ${expectation.allowed}`;
      return response.statusCode === 403 ? null : "expected 403 (policy)";
    case "command":
      if (!mayActorIssue(actor, expectation.type))
        return isPolicyRefusal(response, expectation.type) ? null : "expected the policy's 403";
      if (isPolicyRefusal(response, expectation.type)) return "refused although the policy allows it";
      // Past the policy: the command's own rules answer (201, 400, 403 of a finer rule, 409, 422), never 401/404.
      return [401, 404].includes(response.statusCode) || response.statusCode >= 500
        ? "not authorized as a member"
        : null;
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`leak matrix on ${dialect.name}`, () => {
    let t: TestApp;
    let actors: Map<TestRole, Actor>;
    let all: Obj[];
    let reps: Obj[];
    let routes: AppRoute[];

    beforeAll(async () => {
      t = await startTestApp(dialect);
      const created = await createScopedObjects(t);
      actors = await actorsOf(t);
      for (const [role, actor] of actors) actorScopes.set(role, actor.readable);
      all = await everyObject(t);
      reps = representatives(all, created);
      // Commands that spend an object (a withdrawal) come last, so the others still find it live.
      routes = [...t.routes].sort(
        (a, b) => Number(a.url.endsWith("/withdraw-proposal")) - Number(b.url.endsWith("/withdraw-proposal")),
      );
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("has objects in every scope for the matrix to name", () => {
      const scopesOf = (kind: string) => new Set(reps.filter((o) => o.kind === kind).map((o) => o.scope));
      const everyScope: Scope[] = ["shared", "party:am", "party:az", "caucus:am", "caucus:az", "mediation"];
      for (const kind of ["proposal", "incident", "claim", "note"])
        expect(scopesOf(kind)).toEqual(new Set(everyScope));
      expect(scopesOf("statement")).toEqual(new Set(["shared", "party:am", "party:az", "mediation"]));
      expect(scopesOf("session")).toEqual(new Set(["shared", "caucus:am", "caucus:az"]));
      expect(scopesOf("release")).toEqual(new Set(["public"]));
    });

    it("knows how to exercise every route the app serves, and every object each one names", async () => {
      const unknown: string[] = [];
      for (const route of routes) {
        const recipe = negotiationRoute(route.method, route.url);
        if (!recipe) {
          if (!OTHER_ROUTES[routeKey(route)] && !OTHER_ROUTES[routeKey({ ...route, method: "GET" })])
            unknown.push(`${routeKey(route)}: no recipe`);
          continue;
        }
        const inputs = await documentedInputs(t, route.method === "HEAD" ? "GET" : route.method, route.url);
        if (!inputs && recipe.member(actorOf(actors, "observer")).kind === "websocket") continue;
        if (!inputs) {
          unknown.push(`${routeKey(route)}: not in the OpenAPI document`);
          continue;
        }
        const declared = new Set([
          ...Object.keys(recipe.refs),
          ...(recipe.plain ?? []),
          ...(recipe.creates ?? []),
        ]);
        for (const input of inputs) {
          if (!declared.has(input)) unknown.push(`${routeKey(route)}: input ${input} unknown to the matrix`);
          else if (looksLikeReference(input) && !(input in recipe.refs) && !recipe.creates?.includes(input))
            unknown.push(`${routeKey(route)}: ${input} names an object but is not exercised as one`);
        }
      }
      expect(unknown).toEqual([]);
      expect(routes.filter((r) => r.url.startsWith(COMMAND_PREFIX))).toHaveLength(38);
    }, 60_000);

    it("outside any negotiation: each role gets what its account allows; public pages are the same for everyone", async () => {
      const problems: string[] = [];
      for (const route of routes) {
        if (negotiationRoute(route.method, route.url)) continue;
        const check = OTHER_ROUTES[routeKey(route)] ?? OTHER_ROUTES[routeKey({ ...route, method: "GET" })];
        if (check) problems.push(...(await check(t, route.method as Method)));
      }
      expect(problems).toEqual([]);
    }, 60_000);

    it("on a negotiation: anonymous 401 and non-members 404 whether it exists or not; members as the policy says", async () => {
      const problems: string[] = [];
      let requests = 0;
      for (const route of routes) {
        const recipe = negotiationRoute(route.method, route.url);
        if (!recipe) continue;
        const method = route.method as Method;
        // Every role at once, as real clients would.
        await Promise.all(
          ALL_ROLES.map(async (role) => {
            const actor = actorOf(actors, role);
            const built = recipe.build({ actor, versions: new Map(), unique: randomUUID() });
            const real = await sendBuilt(t, role, method, route.url, NEGOTIATION, built);
            const none = await sendBuilt(t, role, method, route.url, GHOST_NEGOTIATION, built);
            requests += 2;
            const at = `${routeKey(route)} as ${role}`;
            const same = fingerprint(real, [NEGOTIATION]) === fingerprint(none, [GHOST_NEGOTIATION]);
            if (recipe.member(actor).kind === "websocket") {
              // A plain request is no way in: the same answer for everyone, the negotiation existing or not.
              if (!same || real.statusCode < 400)
                problems.push(`${at} (no upgrade): ${summary(real)} / ${summary(none)}`);
              if (method !== "GET") return;
              if (actor.member) problems.push(...(await liveAsMember(t, role, actor, route.url)));
              else {
                const refused = await liveRefused(t, role, route.url);
                if (refused) problems.push(refused);
              }
              return;
            }
            if (recipe.public) {
              if (real.statusCode !== 200 || none.statusCode !== 200)
                problems.push(`${at}: ${summary(real)}`);
            } else if (!actor.member) {
              const status = role === "anonymous" ? 401 : 404;
              if (real.statusCode !== status || !same)
                problems.push(`${at}: ${summary(real)} / ${summary(none)}`);
            } else {
              if (none.statusCode !== 404) problems.push(`${at} on a missing negotiation: ${summary(none)}`);
              const verdict = memberVerdict(recipe.member(actor), actor, real);
              if (verdict) problems.push(`${at}: ${summary(real)}, ${verdict}`);
            }
          }),
        );
      }
      expect(problems).toEqual([]);
      expect(requests).toBeGreaterThan(1000);
    }, 120_000);

    it("naming an object: one the role cannot read answers byte for byte like a missing one; a readable one as the policy says", async () => {
      const problems: string[] = [];
      const full = await t.store.fullState(NEGOTIATION);
      const versions = new Map(full.all("provision").map((p) => [p.id, p.version]));
      let hidden = 0;
      let readable = 0;
      for (const route of routes) {
        const recipe: NegotiationRoute | null = negotiationRoute(route.method, route.url);
        if (!recipe || recipe.public) continue;
        const method = route.method as Method;
        const expectation = recipe.member;
        for (const [name, kinds] of Object.entries(recipe.refs)) {
          const inPath = route.url.includes(`:${name}`);
          await Promise.all(
            MEMBER_ROLES.map(async (role) => {
              const actor = actorOf(actors, role);
              const allowed = allowedFor(expectation(actor), actor);
              // Objects of the kinds the input names; for path ids, hidden objects of every other kind too.
              const candidates = reps.filter(
                (o) => kinds.includes(o.kind) || (inPath && method === "GET" && !actor.readable.has(o.scope)),
              );
              for (const obj of candidates) {
                const visible = all.some(
                  (o) => o.id === obj.id && kinds.includes(o.kind) && actor.readable.has(o.scope),
                );
                const unique = randomUUID();
                const ask = (focus: Focus) => {
                  const built = recipe.build({ actor, focus, versions, unique });
                  return sendBuilt(t, role, method, route.url, NEGOTIATION, built);
                };
                const at = `${routeKey(route)} as ${role}, ${name} = ${obj.kind} in ${obj.scope}`;
                const real = await ask({ name, obj });
                if (!visible) {
                  hidden += 1;
                  const ghost = { ...obj, id: ghostOf(obj.id) };
                  const none = await ask({ name, obj: ghost });
                  if (fingerprint(real, [obj.id]) !== fingerprint(none, [ghost.id]))
                    problems.push(`${at}: ${summary(real)} but a missing id gets ${summary(none)}`);
                  else if (allowed && !answersMissing(none, ghost.id, method))
                    problems.push(`${at}: the lookup is never reached (${summary(none)})`);
                  continue;
                }
                readable += 1;
                if (!allowed) {
                  const verdict = memberVerdict(expectation(actor), actor, real);
                  if (verdict) problems.push(`${at}: ${summary(real)}, ${verdict}`);
                  continue;
                }
                if (answersMissing(real, obj.id, method)) {
                  problems.push(`${at}: a readable object is reported missing`);
                  continue;
                }
                const want = expectation(actor);
                const status =
                  want.kind === "status"
                    ? want.status
                    : (recipe.readableStatus?.({ actor, focus: { name, obj }, versions, unique }) ?? null);
                if (status !== null && real.statusCode !== status)
                  problems.push(`${at}: ${summary(real)} ${real.body.slice(0, 200)}, expected ${status}`);
              }
            }),
          );
        }
      }
      expect(problems).toEqual([]);
      expect(hidden).toBeGreaterThan(300);
      expect(readable).toBeGreaterThan(300);
    }, 120_000);

    it("a member removed mid-session gets, at once and on the same session, what an outsider gets", async () => {
      const email = "leaving@am.parley.test";
      await setAccount(t.store.database, { email, name: "Leaving Adviser", password: PASSWORD }, new Date());
      const added = await send(t, "am-head", "POST", `/api/negotiations/${NEGOTIATION}/commands/add-member`, {
        name: "Leaving Adviser",
        email,
        role: "delegation",
        rank: "member",
        partyId: "am",
      });
      expect(added.statusCode).toBe(201);
      const signIn = await t.app.inject({
        method: "POST",
        url: "/api/session",
        payload: { email, password: PASSWORD },
      });
      const cookie = `parley_session=${signIn.cookies.find((c) => c.name === "parley_session")?.value ?? ""}`;
      const headers = { cookie, "x-csrf-token": (signIn.json() as { csrfToken: string }).csrfToken };
      const asLeaver = (method: Method, url: string, built: Built = {}) => {
        const options = requestOf(method, url, NEGOTIATION, built);
        return t.app.inject({ ...options, url, headers: { ...headers, ...(options.headers ?? {}) } });
      };
      const notes = `/api/negotiations/${NEGOTIATION}/notes`;
      expect((await asLeaver("GET", notes)).statusCode).toBe(200);

      const memberId = (added.json() as { ids: { memberId: string } }).ids.memberId;
      const removed = await send(
        t,
        "am-head",
        "POST",
        `/api/negotiations/${NEGOTIATION}/commands/remove-member`,
        {
          memberId,
        },
      );
      expect(removed.statusCode).toBe(201);
      const problems: string[] = [];
      const outsider = actorOf(actors, "outsider");
      for (const route of routes) {
        const recipe = negotiationRoute(route.method, route.url);
        if (!recipe || recipe.public || recipe.member(outsider).kind === "websocket") continue;
        const built = recipe.build({ actor: outsider, versions: new Map(), unique: randomUUID() });
        const method = route.method as Method;
        const real = await asLeaver(method, urlOf(route.url, NEGOTIATION, built), built);
        const none = await asLeaver(method, urlOf(route.url, GHOST_NEGOTIATION, built), built);
        if (
          real.statusCode !== 404 ||
          fingerprint(real, [NEGOTIATION]) !== fingerprint(none, [GHOST_NEGOTIATION])
        )
          problems.push(`${routeKey(route)}: ${summary(real)} / ${summary(none)}`);
      }
      expect(problems).toEqual([]);
    }, 60_000);
  });
}
