import type { ServerResponse } from "node:http";
import helmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";

/**
 * The headers @fastify/helmet sets with these options, in its order and spelling, recorded once while it
 * handles one request on a throwaway app. It rebuilds its middleware (and re-parses the CSP) on every
 * request, yet with fixed options (no nonces, no per-route settings) it sets the same headers every time.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const probe = Fastify({ logger: false });
  const headers: [string, string][] = [];
  let recording = true;
  probe.addHook("onRequest", (_request, reply, done) => {
    const raw = reply.raw;
    const setHeader = raw.setHeader;
    raw.setHeader = function record(
      this: ServerResponse,
      name: string,
      value: number | string | readonly string[],
    ) {
      if (recording) headers.push([name, String(value)]);
      return setHeader.call(this, name, value);
    };
    done();
  });
  await probe.register(helmet, options);
  probe.get("/", async () => {
    // Only helmet's hooks have run so far; what Fastify sets when it replies is not helmet's.
    recording = false;
    return "";
  });
  await probe.inject({ method: "GET", url: "/" });
  await probe.close();
  if (headers.length === 0) throw new Error("helmet set no headers");
  return headers;
}

/** Sets these headers on every response, where helmet did: on the raw response, when the request arrives. */
export function registerSecurityHeaders(app: FastifyInstance, headers: readonly [string, string][]): void {
  app.addHook("onRequest", (_request, reply, done) => {
    setHeaders(reply.raw, headers);
    done();
  });
}

/** Sets the headers on a raw response (also for errors the router raises before any hook runs). */
export function setHeaders(raw: ServerResponse, headers: readonly [string, string][]): void {
  for (const [name, value] of headers) raw.setHeader(name, value);
}

/**
 * The headers of JSON API answers, after OWASP's REST Security Cheat Sheet: nothing in them is ever rendered
 * as a page, so no content may load and no page may frame them; cross-origin pages may not read them (CORP);
 * no-store and the request id are set beside. The full set above (helmet's) is for pages the browser renders.
 */
export const API_HEADERS: readonly [string, string][] = [
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Referrer-Policy", "no-referrer"],
  ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
];

/** True for the JSON API, whose answers are data, not pages (its documentation page is a page). */
export function isApiPath(url: string): boolean {
  return url.startsWith("/api/") && !url.startsWith("/api/docs");
}

/**
 * Sets, as each request arrives, the API set on API answers and the page set on everything else, then
 * whatever `alsoPerRequest` adds: one hook, since each hook costs a step of Fastify's runner.
 */
export function registerHeaderSets(
  app: FastifyInstance,
  pages: readonly [string, string][],
  alsoPerRequest: (request: FastifyRequest, raw: ServerResponse) => void,
): void {
  app.addHook("onRequest", (request, reply, done) => {
    setHeaders(reply.raw, isApiPath(request.url) ? API_HEADERS : pages);
    alsoPerRequest(request, reply.raw);
    done();
  });
}
