import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Store } from "../store/store.ts";
import { sameSecret } from "./auth/secrets.ts";
import { HttpError } from "./problem.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route checks its own credential (not a session or a personal API token): /metrics. */
    ownCredential?: boolean;
  }
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The server's metrics, in a registry of its own (several apps in one process, as in the tests, never mix
 * theirs). Labels are bounded and say nothing of any negotiation: routes by their pattern (`:negotiationId`,
 * never the id), store operations by name, caches by name. Nothing here holds an id, a title or an address.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: "parley_http_request_duration_seconds",
    help: "HTTP requests by method, route pattern and status class",
    labelNames: ["method", "route", "status"] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  /** From an event's instant to its frames sent to this server's live connections. */
  readonly fanoutLag = new Histogram({
    name: "parley_live_fanout_lag_seconds",
    help: "Time from an event's commit to its delivery to this server's live connections",
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly appends = new Histogram({
    name: "parley_store_append_duration_seconds",
    help: "Write transactions of commands, from the lock to the commit",
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: "parley_store_errors_total",
    help: "Database failures (refused commands are not failures), by operation",
    labelNames: ["operation"] as const,
    registers: [this.registry],
  });

  constructor(store: Store, options: { processMetrics?: boolean } = {}) {
    // Process metrics (memory, event loop lag, handles) start timers that live as long as the process: only
    // for the server that `parley serve` runs, not for every app a test builds.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: "parley_" });
    for (const operation of ["append", "ping"] as const) this.storeErrors.inc({ operation }, 0);
    const unobserve = store.observe({
      appended: (seconds) => this.appends.observe(seconds),
      failed: (operation) => this.storeErrors.inc({ operation }),
    });
    this.close = () => {
      unobserve();
      this.registry.clear();
    };
    const caches = this.caches;
    caches.set("states", () => store.cachedStates);
    new Gauge({
      name: "parley_cache_entries",
      help: "Entries in this server's in-memory caches, by cache",
      labelNames: ["cache"] as const,
      registers: [this.registry],
      collect() {
        for (const [cache, size] of caches) this.set({ cache }, size());
      },
    });
    const live = this.live;
    new Gauge({
      name: "parley_live_connections",
      help: "Live streams open on this server",
      registers: [this.registry],
      collect() {
        this.set(live.connections());
      },
    });
    new Gauge({
      name: "parley_live_rooms",
      help: "Negotiations with a live stream open on this server",
      registers: [this.registry],
      collect() {
        this.set(live.rooms());
      },
    });
    new Gauge({
      name: "parley_notifications_listening",
      help: "1 while this server hears other servers' commits (always on SQLite; PostgreSQL's LISTEN connection)",
      registers: [this.registry],
      collect() {
        this.set(live.listening() ? 1 : 0);
      },
    });
  }

  /** Stops observing the store. */
  readonly close: () => void;

  private readonly caches = new Map<string, () => number>();
  /** What the live stream reports (set by it once it is registered). */
  readonly live = { connections: () => 0, rooms: () => 0, listening: () => true };

  /** Reports a cache's size as `parley_cache_entries{cache="name"}` (names are fixed words, never data). */
  cache(name: string, size: () => number): void {
    this.caches.set(name, size);
  }

  /** Times every request by its route's pattern (unmatched requests share one label). */
  instrument(app: FastifyInstance): void {
    app.addHook("onResponse", (request, reply, done) => {
      this.requests.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? "(unmatched)",
          status: `${Math.floor(reply.statusCode / 100)}xx`,
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }

  /** `GET /metrics` in Prometheus' text format, for whoever `mayScrape` lets in; anyone else finds no route. */
  route(app: FastifyInstance, token: string | undefined): void {
    app.get(
      "/metrics",
      { schema: { hide: true }, config: { ownCredential: true } },
      async (request, reply) => {
        if (!mayScrape(request, token))
          throw new HttpError("not_found", 404, `No route ${request.method} ${request.url.split("?")[0]}.`);
        reply.type(this.registry.contentType);
        return this.registry.metrics();
      },
    );
  }
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip"];

/**
 * With PARLEY_METRICS_TOKEN set, the scraper must send it as a bearer token. Without it, only a caller on
 * this machine may read the metrics, and not through a proxy: a reverse proxy on the same machine connects
 * from loopback too, but adds its forwarding headers (Caddy, nginx and others do).
 */
export function mayScrape(request: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const header = request.headers.authorization ?? "";
    return header.startsWith("Bearer ") && sameSecret(header.slice("Bearer ".length), token);
  }
  if (!LOOPBACK.has(request.socket.remoteAddress ?? "")) return false;
  return PROXY_HEADERS.every((name) => request.headers[name] === undefined);
}
