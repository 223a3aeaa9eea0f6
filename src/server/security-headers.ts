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
export function registerSecurityHeaders(
  app: FastifyInstance,
  headers: readonly [string, string][],
  alsoPerRequest?: (request: FastifyRequest, raw: ServerResponse) => void,
): void {
  // One hook for all the headers set as the request arrives: each hook costs a step of Fastify's runner.
  app.addHook("onRequest", (request, reply, done) => {
    setHeaders(reply.raw, headers);
    alsoPerRequest?.(request, reply.raw);
    done();
  });
}

/** Sets the headers on a raw response (also for errors the router raises before any hook runs). */
export function setHeaders(raw: ServerResponse, headers: readonly [string, string][]): void {
  for (const [name, value] of headers) raw.setHeader(name, value);
}
