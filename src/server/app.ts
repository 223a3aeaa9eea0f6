import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Store } from "../store/store.ts";
import { registerAuthentication } from "./auth/authenticate.ts";
import { CredentialCache } from "./auth/credential-cache.ts";
import { type LimitSettings, SignInLimiter } from "./auth/limits.ts";
import { Comparer } from "./compare/comparer.ts";
import type { ServerContext } from "./context.ts";
import { LiveHub } from "./live/hub.ts";
import type { PresenceTimings } from "./live/presence.ts";
import { liveRoutes } from "./live/stream.ts";
import { Mailer } from "./mail/mailer.ts";
import type { MailSettings } from "./mail/settings.ts";
import { ServerMetrics } from "./metrics.ts";
import { Notifier, type NotifierTimings } from "./notifications/notifier.ts";
import { HttpError, sendProblem } from "./problem.ts";
import { ownAccountRoutes } from "./routes/account.ts";
import { accountRoutes } from "./routes/accounts.ts";
import { commandRoutes } from "./routes/commands.ts";
import { compareRoutes } from "./routes/compare.ts";
import { documentRoutes } from "./routes/documents.ts";
import { factorRoutes } from "./routes/factors.ts";
import { homeRoutes } from "./routes/home.ts";
import { inboxRoutes } from "./routes/inbox.ts";
import { invitationRoutes } from "./routes/invitations.ts";
import { passwordResetRoutes } from "./routes/password-resets.ts";
import { secondFactorRoutes } from "./routes/second-factor.ts";
import { securitySettingsRoutes } from "./routes/security-settings.ts";
import { sessionRoutes } from "./routes/session.ts";
import { setupRoutes } from "./routes/setup.ts";
import { viewRoutes } from "./routes/views.ts";
import { API_HEADERS, helmetHeaders, isApiPath, registerHeaderSets, setHeaders } from "./security-headers.ts";

/** A route the app serves, as registered (for tests that must cover every route). */
export interface AppRoute {
  method: string;
  url: string;
}

export interface AppOptions {
  store: Store;
  now?: () => Date;
  /** pino options, or false for none (tests). Secrets and content are never logged. */
  logger?: boolean | object;
  secureCookies?: boolean;
  publicUrl?: string;
  limits?: LimitSettings;
  /** Origins whose pages may open the live stream (default: the public URL's origin). */
  allowedOrigins?: string[];
  bodyLimit?: number;
  /** How often presence is repeated to other instances, and how long theirs is trusted (tests shorten them). */
  presence?: PresenceTimings;
  /** Where mail goes (see mail/settings.ts: PARLEY_SMTP_URL); none: nothing is sent. */
  mail?: MailSettings | null;
  /** How often the daily digest is looked for (tests shorten it). */
  notifications?: NotifierTimings;
  /** The bearer token /metrics asks for; without one, only direct callers on this machine may read it. */
  metricsToken?: string;
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's `trustProxy`: addresses or ranges, comma-separated,
   * or "loopback"), so the sign-in limits count each client's address rather than the proxy's. None by default.
   */
  trustProxy?: string;
  /** Adds process metrics (memory, event loop) to /metrics: for the server `parley serve` runs. */
  processMetrics?: boolean;
}

/** Builds the HTTP API: authenticate → validate → authorize → command or view → present, for every route. */
export async function buildApp(
  options: AppOptions,
): Promise<{ app: FastifyInstance; context: ServerContext; routes: readonly AppRoute[] }> {
  // The same headers @fastify/helmet would set, computed once: it rebuilds them on every request.
  const securityHeaders = await helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
      },
    },
  });
  const app = Fastify({
    logger:
      options.logger === false || options.logger === undefined
        ? false
        : {
            ...(typeof options.logger === "object" ? options.logger : {}),
            // Cookies, tokens and bodies are never written to the log.
            redact: [
              "req.headers.authorization",
              "req.headers.cookie",
              'req.headers["x-csrf-token"]',
              'res.headers["set-cookie"]',
            ],
          },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: options.trustProxy ?? false,
    // Errors the router raises before any route runs (a malformed escape, an overlong id) are problems too.
    frameworkErrors: (error, request, reply) => {
      setHeaders(reply.raw, isApiPath(request.url) ? API_HEADERS : securityHeaders);
      sendProblem(error, request, reply);
    },
  });
  const routes: AppRoute[] = [];
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      new HttpError("not_found", 404, `No route ${request.method} ${request.url.split("?")[0]}.`),
      request,
      reply,
    ),
  );
  // The security headers (the API's set or the pages' set), the request id and no-store are set as the request arrives, on the raw response (no
  // per-reply hook): a route may still choose its own cache-control (the web app's hashed assets), and errors
  // raised before any hook runs set them themselves.
  registerHeaderSets(app, securityHeaders, (request, raw) => {
    raw.setHeader("x-request-id", request.id);
    raw.setHeader("cache-control", "no-store");
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Parley API",
        version: "0.1.0",
        description:
          "Run a mediated negotiation of an agreement text. Every read is filtered by the caller's visibility scopes; " +
          "errors are RFC 9457 problem+json with a stable `code`. Cookie-authenticated writes carry `x-csrf-token`.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "parley_session" },
          token: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  const store = options.store;
  const now = options.now ?? (() => new Date());
  const limiter = await SignInLimiter.open(store, options.limits);
  const hub = await LiveHub.start(store);
  const mailer = options.mail ? new Mailer(options.mail) : null;
  const publicUrl = options.publicUrl ?? "http://localhost:4700";
  const context: ServerContext = {
    store,
    limiter,
    comparer: new Comparer(),
    hub,
    credentials: new CredentialCache(hub),
    now,
    secureCookies: options.secureCookies ?? false,
    publicUrl,
    mailer,
    notifier: Notifier.start({
      store,
      hub,
      mailer,
      now,
      // The context's, not the one given: a server on port 0 sets its address once it listens.
      publicUrl: () => context.publicUrl,
      log: app.log,
      timings: options.notifications,
    }),
    metrics: new ServerMetrics(store, { processMetrics: options.processMetrics ?? false }),
  };
  context.metrics.instrument(app);
  app.addHook("onClose", async () => {
    context.metrics.close();
    limiter.shutdown();
    await context.notifier.close();
    mailer?.close();
    await context.comparer.close();
    await context.hub.close();
  });
  context.metrics.cache("credentials", () => context.credentials.size);
  registerAuthentication(app, store, context.credentials, now);

  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  homeRoutes(app, context);
  context.metrics.route(app, options.metricsToken);
  sessionRoutes(app, context);
  secondFactorRoutes(app, context);
  factorRoutes(app, context);
  securitySettingsRoutes(app, context);
  accountRoutes(app, context);
  ownAccountRoutes(app, context);
  await setupRoutes(app, context);
  passwordResetRoutes(app, context);
  invitationRoutes(app, context);
  inboxRoutes(app, context);
  commandRoutes(app, context);
  viewRoutes(app, context);
  compareRoutes(app, context);
  await documentRoutes(app, context);
  await liveRoutes(
    app,
    context,
    context.hub,
    options.allowedOrigins ?? [new URL(context.publicUrl).origin],
    options.presence,
  );
  return { app, context, routes };
}
