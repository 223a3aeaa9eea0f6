import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp } from "./test-app.ts";

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`API on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("a delegation proposes with the version it read; a stale write gets 409 with the current provision", async () => {
      const am = await t.as("am-head");
      const read = await am.request({
        method: "GET",
        url: `/api/negotiations/${NEGOTIATION}/provisions/art-8`,
      });
      expect(read.statusCode).toBe(200);
      const version = (read.json() as { provision: { version: number } }).provision.version;
      const url = `/api/negotiations/${NEGOTIATION}/commands/table-proposal`;
      const first = await am.request({
        method: "POST",
        url,
        payload: {
          provisionId: "art-8",
          proposalKind: "replace",
          text: "Crossing points shall open within six months.",
          baseVersion: version,
        },
      });
      expect(first.statusCode).toBe(201);
      const az = await t.as("az-head");
      const stale = await az.request({
        method: "POST",
        url,
        payload: {
          provisionId: "art-8",
          proposalKind: "replace",
          text: "Crossing points shall open when agreed.",
          baseVersion: version,
        },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.headers["content-type"]).toContain("application/problem+json");
      const problem = stale.json() as { code: string; currentVersion: number; current: { text: string } };
      expect(problem.code).toBe("conflict.stale");
      expect(problem.currentVersion).toBe(version + 1);
    });

    it("refuses unknown fields, wrong types and malformed ids with problem+json and writes nothing", async () => {
      const am = await t.as("am-head");
      const before = await am.request({ method: "GET", url: `/api/negotiations/${NEGOTIATION}/history` });
      const url = `/api/negotiations/${NEGOTIATION}/commands/write-note`;
      for (const payload of [
        { text: "x", scope: "shared", extra: 1 },
        { text: 42, scope: "shared" },
        { text: "x", scope: "party:zz zz" },
      ]) {
        const response = await am.request({ method: "POST", url, payload });
        expect(response.statusCode).toBe(400);
        expect((response.json() as { code: string }).code).toBe("validation");
      }
      const malformed = await am.request({
        method: "GET",
        url: `/api/negotiations/${encodeURIComponent("bad id!")}/instrument`,
      });
      expect(malformed.statusCode).toBe(400);
      const after = await am.request({ method: "GET", url: `/api/negotiations/${NEGOTIATION}/history` });
      expect(after.body).toBe(before.body);
    });

    it("the API description marks exactly the open routes as needing no sign-in", async () => {
      const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
        paths: Record<string, Record<string, { security?: unknown[] }>>;
      };
      const open = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => Array.isArray(op.security) && op.security.length === 0)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      expect(open.sort()).toEqual(
        [
          "GET /api/invitations/{token}",
          "GET /api/password-resets/{token}",
          "GET /api/setup/{token}",
          "POST /api/password-resets/{token}",
          "POST /api/setup/{token}",
          "GET /api/public/negotiations/{negotiationId}/releases",
          "GET /healthz",
          "GET /readyz",
          "POST /api/invitations/{token}/accept",
          "POST /api/session",
          "POST /api/session/passkey/options",
          "POST /api/session/passkey",
        ].sort(),
      );
    });

    it("every answer carries its request id and is not cached: reads, errors, unknown routes, router errors", async () => {
      const am = await t.as("am-head");
      const answers = [
        await am.request({ method: "GET", url: `/api/negotiations/${NEGOTIATION}/instrument` }),
        await am.request({ method: "GET", url: "/api/negotiations/no-such-thing/instrument" }),
        await t.app.inject({ method: "GET", url: `/api/negotiations/${NEGOTIATION}` }),
        await am.request({ method: "GET", url: "/api/nowhere" }),
        await am.request({ method: "GET", url: "/api/negotiations/%E0%A4%A/instrument" }),
      ];
      const ids = new Set<string>();
      for (const answer of answers) {
        expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
        ids.add(String(answer.headers["x-request-id"]));
        expect(answer.headers["cache-control"]).toBe("no-store");
        expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      }
      expect(ids.size).toBe(answers.length);
      // API answers are data: nothing may load in them or frame them, and other sites may not read them.
      for (const answer of answers) {
        expect(answer.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(answer.headers["x-frame-options"]).toBe("DENY");
        expect(answer.headers["cross-origin-resource-policy"]).toBe("same-origin");
        expect(answer.headers["strict-transport-security"]).toContain("max-age=");
      }
      // Pages (the API documentation, the home page or web app) get the full set a browser page needs.
      for (const url of ["/api/docs", "/"]) {
        const page = await t.app.inject({ method: "GET", url });
        expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
        expect(page.headers["cross-origin-opener-policy"]).toBe("same-origin");
        expect(page.headers["x-content-type-options"]).toBe("nosniff");
      }
      expect(answers.map((a) => a.statusCode)).toEqual([200, 404, 401, 404, 400]);
    });
  });
}
