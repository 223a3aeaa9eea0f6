import helmet from "@fastify/helmet";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { helmetHeaders, registerSecurityHeaders } from "./security-headers.ts";

const OPTIONS = {
  contentSecurityPolicy: {
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], imgSrc: ["'self'", "data:"] },
  },
};

async function responses(register: (app: ReturnType<typeof Fastify>) => Promise<void>) {
  const app = Fastify({ logger: false });
  await register(app);
  app.get("/json", async () => ({ ok: true }));
  app.get("/fail", async () => {
    throw new Error("boom");
  });
  const out = [];
  for (const url of ["/json", "/fail", "/missing"]) {
    const { headers, statusCode } = await app.inject({ method: "GET", url });
    const { date: _date, ...rest } = headers;
    out.push({ statusCode, headers: rest });
  }
  await app.close();
  return out;
}

describe("security headers", () => {
  it("are what @fastify/helmet sets, on success, error and not-found responses alike", async () => {
    const expected = await responses(async (app) => {
      await app.register(helmet, OPTIONS);
    });
    const headers = await helmetHeaders(OPTIONS);
    const actual = await responses(async (app) => registerSecurityHeaders(app, headers));
    expect(actual).toEqual(expected);
    expect(headers.map(([name]) => name)).toContain("Content-Security-Policy");
  });
});
