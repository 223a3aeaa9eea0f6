import fc from "fast-check";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { NEGOTIATION, PASSWORD, ROLE_EMAILS, startTestApp, type TestApp } from "./test-app.ts";
import {
  expectProblem,
  type StoreSnapshot,
  signIn,
  storeSnapshot,
  withBearer,
  withSession,
} from "./test-http.ts";

/**
 * Fuzzes every route the app registers with random bodies, ids and query strings, as signed-in members (by
 * cookie and by API token), as the operator and anonymously: the server never fails (no 5xx), every refusal is problem+json
 * with a stable code, and nothing a refused request or a read carried reaches the store.
 */

const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 400);

/** Percent-encodes any string as a URL path segment or query part, lone surrogates included (as U+FFFD). */
function encode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    out +=
      byte < 128 && /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Ids that exist in the demo, for requests that get past the first checks. */
const REAL_IDS = [NEGOTIATION, "art-8", "art-1", "am", "az", "shared", "party:am", "disable", "enable"];
/** Sent as they are: traversal, bad escapes, separators. */
const RAW_SEGMENTS = [
  "..",
  ".",
  "../..",
  "..%2f..%2fetc%2fpasswd",
  "%2e%2e",
  "%2e%2e%2f%2e%2e",
  "..;",
  "%00",
  "%ff",
  "%c0%af",
  "%",
  "%zz",
  "%E2%80%AE",
  "a/b",
  "a%2Fb",
  "",
  "~",
  "%20",
  "%0d%0aSet-Cookie:%20x=y",
];

const idArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...REAL_IDS).map(encode) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 80 }).map(encode) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map(encode) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", minLength: 200, maxLength: 4000 }).map(encode) },
  { weight: 3, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
);

const FIELD_NAMES = [
  "type",
  "text",
  "scope",
  "title",
  "name",
  "email",
  "password",
  "role",
  "rank",
  "partyId",
  "memberId",
  "provisionId",
  "proposalId",
  "baseVersion",
  "proposalKind",
  "counter",
  "stance",
  "after",
  "resume",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
];
const keyArb = fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 20 }));
const valueArb = fc.oneof(
  fc.constantFrom(
    ...REAL_IDS,
    "new",
    "replace",
    "accept",
    "lead",
    "head",
    "observer",
    "a@b.test",
    "nul\u0000inside",
    -1,
    0,
    1,
    1e308,
  ),
  fc.string({ maxLength: 200 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

type Body =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "raw"; contentType: string; text: string };

const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Body>({ kind: "none" }) },
  { weight: 3, arbitrary: fc.jsonValue().map((value): Body => ({ kind: "json", value })) },
  { weight: 2, arbitrary: fc.anything().map((value): Body => ({ kind: "json", value })) },
  {
    weight: 5,
    arbitrary: fc
      .dictionary(keyArb, valueArb, { maxKeys: 8 })
      .map((value): Body => ({ kind: "json", value })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          "application/json",
          "application/json; charset=utf-16",
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "",
        ),
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.constantFrom(
            "{",
            '{"a":',
            "[1,2",
            "null",
            '"',
            "\u0000",
            '{"__proto__":{"admin":true}}',
            "1e999999",
          ),
        ),
      )
      .map(([contentType, text]): Body => ({ kind: "raw", contentType, text })),
  },
);

const queryArb: fc.Arbitrary<string> = fc.oneof(
  fc.constant(""),
  fc
    .array(
      fc.tuple(
        keyArb,
        fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("shared:1", "party:am:3,x", "")),
      ),
      {
        maxLength: 4,
      },
    )
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")}` : "")),
  fc.constantFrom(
    "?",
    "?&&&",
    "?a",
    "?a=%zz",
    "?%",
    "?after=shared:1&after=shared:2",
    "?__proto__[x]=1",
    "?a[b][c]=1",
  ),
);

type Signed = "lead" | "am-head" | "operator";
type Caller = Signed | "bearer" | "anonymous";
const callerArb = fc.constantFrom<Caller>("lead", "am-head", "operator", "bearer", "anonymous");
const EMAILS: Record<Signed, string> = {
  lead: ROLE_EMAILS["mediation-lead"],
  "am-head": ROLE_EMAILS["am-head"],
  operator: ROLE_EMAILS.operator,
};

interface Credentials {
  token: string;
  csrf: string;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`fuzzing every route on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    }, 120_000);
    afterAll(async () => t?.dispose());

    it(`about ${RUNS} random requests over every route: no 5xx, refusals are problem+json with a code, and refusals write nothing`, async () => {
      const routes = t.routes.filter((r) => r.method !== "OPTIONS");
      expect(routes.length).toBeGreaterThan(60);
      const sessions = new Map<Signed, Credentials>();
      const signInAs = async (who: Signed) => {
        const { token, csrf } = await signIn(t.app, EMAILS[who], PASSWORD);
        sessions.set(who, { token, csrf });
      };
      for (const who of Object.keys(EMAILS) as Signed[]) await signInAs(who);
      const lead = sessions.get("lead") as Credentials;
      const apiToken = (
        (
          await t.app.inject({
            method: "POST",
            url: "/api/tokens",
            headers: withSession(lead.token, lead.csrf),
            payload: { name: "fuzz" },
          })
        ).json() as { token: string }
      ).token;
      const seen = new Map<string, Set<number>>();
      let before: StoreSnapshot = await storeSnapshot(t.store);

      const requestArb = fc.record({
        ids: fc.array(idArb, { minLength: 3, maxLength: 3 }),
        query: queryArb,
        body: bodyArb,
        caller: callerArb,
      });

      // Every route gets its share of the runs.
      const perRoute = Math.max(1, Math.ceil(RUNS / routes.length));
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(requestArb, async ({ ids, query, body, caller }) => {
            let n = 0;
            const path = route.url.replace(/:[A-Za-z]+|\*/g, () => ids[n++ % ids.length] ?? "x");
            const headers: Record<string, string> = {};
            if (caller === "bearer") Object.assign(headers, withBearer(apiToken));
            else if (caller !== "anonymous") {
              const creds = sessions.get(caller) as Credentials;
              Object.assign(headers, withSession(creds.token, creds.csrf));
            }
            const options: InjectOptions = {
              method: route.method as InjectOptions["method"],
              url: `${path}${query}`,
              headers,
            };
            const withBody = !["GET", "HEAD"].includes(route.method);
            if (withBody && body.kind === "json") {
              const text = JSON.stringify(body.value);
              if (text !== undefined) {
                options.payload = text;
                headers["content-type"] = "application/json";
              }
            } else if (withBody && body.kind === "raw") {
              options.payload = body.text;
              if (body.contentType) headers["content-type"] = body.contentType;
            }
            const response: LightMyRequestResponse = await t.app.inject(options);
            const what = `${options.method} ${options.url} as ${caller} → ${response.statusCode} ${response.body.slice(0, 300)}`;
            const statuses = seen.get(`${route.method} ${route.url}`) ?? new Set();
            statuses.add(response.statusCode);
            seen.set(`${route.method} ${route.url}`, statuses);

            expect(response.statusCode, what).toBeLessThan(500);
            if (response.statusCode >= 400) {
              expect(response.headers["content-type"], what).toContain("application/problem+json");
              if (route.method !== "HEAD") {
                const problem = response.json() as { code?: unknown; status?: unknown };
                expect(typeof problem.code, what).toBe("string");
                expect(problem.status, what).toBe(response.statusCode);
              }
            }
            const after = await storeSnapshot(t.store);
            if (response.statusCode >= 400 || route.method === "GET" || route.method === "HEAD") {
              expect(after, what).toEqual(before);
            }
            before = after;
            // A random request may have signed a caller out: sign them in again for the next one.
            if (route.method === "DELETE" && route.url === "/api/session" && response.statusCode === 204) {
              if (caller !== "bearer" && caller !== "anonymous") await signInAs(caller);
              before = await storeSnapshot(t.store);
            }
          }),
          { numRuns: perRoute, endOnFailure: true },
        );
      }
      // Every route was reached at least once.
      expect(seen.size).toBe(new Set(routes.map((r) => `${r.method} ${r.url}`)).size);
    }, 120_000);

    it("an oversized body gets 413 payload_too_large on every write route and writes nothing", async () => {
      const lead = await t.as("mediation-lead");
      const before = await storeSnapshot(t.store);
      const huge = JSON.stringify({ text: "x".repeat(1024 * 1024 + 1), scope: "shared" });
      const writes = t.routes.filter(
        (r) => r.method === "POST" || r.method === "PUT" || r.method === "PATCH",
      );
      expect(writes.length).toBeGreaterThan(30);
      for (const route of writes) {
        const url = route.url.replace(":negotiationId", NEGOTIATION).replace(/:[A-Za-z]+/g, "x");
        const response = await lead.request({
          method: route.method as InjectOptions["method"],
          url,
          payload: huge,
          headers: { "content-type": "application/json" },
        });
        expectProblem(response, 413, "payload_too_large");
      }
      expect(await storeSnapshot(t.store)).toEqual(before);
    });
  });
}
