import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { DEMO_NEGOTIATION_ID, demoMembers, demoScenario } from "../demo/scenario.ts";
import { setAccount } from "../store/accounts.ts";
import type { StoreLocation } from "../store/connect.ts";
import { Store } from "../store/store.ts";
import type { TestDialect } from "../store/test-stores.ts";
import { type AppRoute, buildApp } from "./app.ts";
import type { LimitSettings } from "./auth/limits.ts";
import type { ServerContext } from "./context.ts";
import type { PresenceTimings } from "./live/presence.ts";
import type { MailSettings } from "./mail/settings.ts";

/** Test fixture: the API on a fresh store of one dialect, with the demo negotiation and an account per role. */
export const PASSWORD = "correct horse battery staple";
export const NEGOTIATION = DEMO_NEGOTIATION_ID;

/** The demo cast by role, plus an operator and an account that belongs to no negotiation. */
export const ROLE_EMAILS = {
  "mediation-lead": "blinken@mediation.parley.test",
  "mediation-member": "sullivan@mediation.parley.test",
  "am-head": "mirzoyan@am.parley.test",
  "am-member": "hovhannisyan@am.parley.test",
  "az-head": "bayramov@az.parley.test",
  "az-member": "mammadova@az.parley.test",
  observer: "lindqvist@observer.parley.test",
  operator: "operator@ops.parley.test",
  outsider: "outsider@elsewhere.parley.test",
} as const;
export type TestRole = keyof typeof ROLE_EMAILS | "anonymous";

export interface Agent {
  role: TestRole;
  /** Sends a request as this agent: its session cookie, and its CSRF token on writes. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  /** Where the store lives, to open a second store (another "server") on the same database. */
  location: StoreLocation;
  /** Every route the app registered (method and URL pattern). */
  routes: readonly AppRoute[];
  /** The server's context (its notifier, to wait until entries are derived). */
  context: ServerContext;
  as(role: TestRole): Promise<Agent>;
  dispose(): Promise<void>;
}

/** Builds the app on a fresh store, runs the demo scenario through it, and creates the accounts. */
export interface TestAppOptions {
  demo?: boolean;
  /** Sign-in limits; generous by default so tests never trip them by accident. */
  limits?: LimitSettings;
  /** The server's clock (sessions, invitations); the real clock by default. */
  now?: () => Date;
  /** Presence timings between instances (see live/presence.ts). */
  presence?: PresenceTimings;
  /** False: no operator account (a store on its first run). */
  operator?: boolean;
  /** Where the app sends mail (a test SMTP server); none by default. */
  mail?: MailSettings;
  /** The bearer token /metrics asks for (else only loopback callers read it). */
  metricsToken?: string;
}

export async function startTestApp(dialect: TestDialect, options: TestAppOptions = {}): Promise<TestApp> {
  const { location, dispose } = await dialect.fresh();
  const store = await Store.open(location);
  if (options.demo !== false) {
    for (const step of demoScenario())
      await store.execute(NEGOTIATION, step.command, step.actor, { at: step.at });
  }
  const now = new Date();
  for (const { email, name, mayHost } of demoMembers())
    await setAccount(store.database, { email, name, password: PASSWORD, mayHost }, now);
  if (options.operator !== false)
    await setAccount(
      store.database,
      { email: ROLE_EMAILS.operator, name: "Operator", password: PASSWORD, operator: true },
      now,
    );
  await setAccount(
    store.database,
    { email: ROLE_EMAILS.outsider, name: "Outsider", password: PASSWORD },
    now,
  );
  const { app, routes, context } = await buildApp({
    store,
    limits: options.limits ?? { perAccount: 1000, perAddress: 1000, windowSeconds: 60, blockSeconds: 60 },
    ...(options.now ? { now: options.now } : {}),
    ...(options.presence ? { presence: options.presence } : {}),
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });
  const agents = new Map<TestRole, Agent>();

  const as = async (role: TestRole): Promise<Agent> => {
    const cached = agents.get(role);
    if (cached) return cached;
    let cookie = "";
    let csrf = "";
    if (role !== "anonymous") {
      const response = await app.inject({
        method: "POST",
        url: "/api/session",
        payload: { email: ROLE_EMAILS[role], password: PASSWORD },
      });
      if (response.statusCode !== 200) throw new Error(`sign-in as ${role} failed: ${response.body}`);
      const set = response.cookies.find((c) => c.name === "parley_session");
      cookie = `parley_session=${set?.value ?? ""}`;
      csrf = (response.json() as { csrfToken: string }).csrfToken;
    }
    const agent: Agent = {
      role,
      request: (opts) =>
        app.inject({
          ...opts,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(csrf && opts.method !== "GET" ? { "x-csrf-token": csrf } : {}),
            ...(opts.headers ?? {}),
          },
        }),
    };
    agents.set(role, agent);
    return agent;
  };

  return {
    app,
    store,
    location,
    routes,
    context,
    as,
    dispose: async () => {
      await app.close();
      await store.close();
      await dispose();
    },
  };
}
