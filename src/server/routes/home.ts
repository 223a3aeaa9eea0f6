import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { packageRoot } from "../../formats/package-root.ts";
import type { ServerContext } from "../context.ts";
import { missingUnless, setupLive } from "./setup.ts";

/** The browser app as `vite build` leaves it (`npm start` builds it first); PARLEY_WEB_DIR serves another build. */
export const WEB_DIR = join(packageRoot(), "dist/web");
/** The app's own routes: each answers with the app's page, which routes in the browser. */
const CLIENT_ROUTES = [
  "/",
  "/sign-in",
  "/negotiations",
  "/negotiations/*",
  "/invite/*",
  "/reset/*",
  "/operator",
  "/public/*",
  "/account",
  "/inbox",
];

const HOME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley</title>
<style>
body{font:16px/1.6 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1.5rem;color:#1d2430}
h1{font-family:Georgia,'Times New Roman',serif;font-weight:400;font-size:2.4rem;margin-bottom:.2rem}
p.lead{font-family:Georgia,serif;font-size:1.15rem;color:#3b4656}
a{color:#1f5fa8}ul{padding-left:1.2rem}code{background:#f2f4f7;padding:.1rem .3rem;border-radius:3px}
</style></head><body>
<h1>Parley</h1>
<p class="lead">The workspace in which a mediated negotiation of an agreement text is run: rounds of talks,
a single negotiating text with bracketed alternatives, positions, private caucuses, statements, and a record
every party can verify.</p>
<ul>
<li><a href="/api/docs">API documentation</a> (OpenAPI 3.1 at <a href="/api/openapi.json">/api/openapi.json</a>)</li>
<li>Sign in: <code>POST /api/session</code> with the e-mail and password printed when the demo was created;
the browser app arrives with the web app issue.</li>
<li>Public statements: <code>GET /api/public/negotiations/armenia-azerbaijan-2023/releases</code></li>
</ul>
</body></html>`;

/** The browser app when it is built (else a plain home page), and the health probes. */
export function homeRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  webDir = process.env.PARLEY_WEB_DIR ?? WEB_DIR,
): void {
  const index = join(webDir, "index.html");
  if (existsSync(index)) {
    for (const url of CLIENT_ROUTES) {
      app.get(url, { schema: { hide: true } }, async (_request, reply) =>
        reply.type("text/html; charset=utf-8").send(await readFile(index)),
      );
    }
    // The first-run page exists only for a live setup link; any other is a page that does not exist.
    app.get(
      "/setup/:token",
      { schema: { hide: true }, preValidation: missingUnless(setupLive(ctx)) },
      async (_request, reply) => reply.type("text/html; charset=utf-8").send(await readFile(index)),
    );
    // Built assets carry a content hash in their names, so they may be cached for good.
    app.register(async (assets) => {
      assets.addHook("onSend", async (_request, reply) => {
        if (reply.statusCode === 200) reply.header("cache-control", "public, max-age=31536000, immutable");
      });
      await assets.register(fastifyStatic, {
        root: join(webDir, "assets"),
        prefix: "/assets/",
        decorateReply: false,
        index: false,
        schemaHide: true,
      });
    });
  } else {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply.type("text/html; charset=utf-8").send(HOME),
    );
  }
  app.get("/healthz", { schema: { tags: ["operations"], summary: "Liveness", security: [] } }, async () => ({
    status: "ok",
  }));
  app.get(
    "/readyz",
    {
      schema: {
        tags: ["operations"],
        summary: "Readiness: the store answers, and (PostgreSQL) this server hears the others' changes",
        security: [],
      },
    },
    async (_request, reply) => {
      // Without its LISTEN connection a server would serve live streams that miss other servers' commits
      // and trust cached credentials that another server revoked: not ready, until the hub listens again.
      const status = !(await ctx.store.ping())
        ? "store unreachable"
        : ctx.hub.hearsRevocations
          ? "ready"
          : "not listening for other servers' changes";
      return reply.code(status === "ready" ? 200 : 503).send({ status });
    },
  );
}
