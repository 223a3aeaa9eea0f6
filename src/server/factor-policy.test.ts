import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { STEP_UP_MS } from "./auth/step-up.ts";
import { NEGOTIATION, startTestApp, type TestApp, type TestRole } from "./test-app.ts";
import { expectProblem } from "./test-http.ts";
import { totpCode } from "./testing/factor-kit.ts";

/** Issue 14: who must have a second factor (operator, mediation lead), and step-up before sensitive acts. */

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`second-factor policy on ${dialect.name}`, () => {
    let t: TestApp;
    let clock = Date.parse("2026-12-05T12:00:00Z");
    const now = () => new Date(clock);
    beforeAll(async () => {
      t = await startTestApp(dialect, { now });
    }, 120_000);
    afterAll(async () => t?.dispose());

    const as = async (role: TestRole, options: InjectOptions) => (await t.as(role)).request(options);
    const post = (role: TestRole, url: string, payload?: object) =>
      as(role, { method: "POST", url, ...(payload ? { payload } : {}) });
    const get = (role: TestRole, url: string) => as(role, { method: "GET", url });
    const secrets = new Map<TestRole, string>();
    const enrol = async (role: TestRole) => {
      const started = await post(role, "/api/account/factors/totp");
      expect(started.statusCode).toBe(201);
      const { secret } = started.json() as { secret: string };
      expect(
        (await post(role, "/api/account/factors/totp/confirm", { code: totpCode(secret, now()) })).statusCode,
      ).toBe(200);
      secrets.set(role, secret);
    };
    const command = (role: TestRole, type: string, body: object) =>
      post(role, `/api/negotiations/${NEGOTIATION}/commands/${type}`, body);

    it("a lead requires a second factor of every member: those without one are asked to set it up; outsiders still see nothing", async () => {
      // The lead must have one first, or they would lock themselves out.
      expectProblem(
        await command("mediation-lead", "require-second-factor", { required: true }),
        403,
        "second_factor.setup_required",
      );
      await enrol("mediation-lead");
      expect((await command("mediation-lead", "require-second-factor", { required: true })).statusCode).toBe(
        201,
      );
      expect((await get("mediation-lead", `/api/negotiations/${NEGOTIATION}`)).statusCode).toBe(200);
      expectProblem(
        await get("am-head", `/api/negotiations/${NEGOTIATION}`),
        403,
        "second_factor.setup_required",
      );
      expectProblem(
        await get("am-head", `/api/negotiations/${NEGOTIATION}/instrument`),
        403,
        "second_factor.setup_required",
      );
      expectProblem(await get("outsider", `/api/negotiations/${NEGOTIATION}`), 404, "not_found");
      // Setting up is allowed, and then the member enters.
      await enrol("am-head");
      expect((await get("am-head", `/api/negotiations/${NEGOTIATION}`)).statusCode).toBe(200);
      expect((await get("am-head", "/api/account/factors")).json()).toMatchObject({ required: true });
      // Removing the last factor while the negotiation requires one: refused, nothing changed.
      expectProblem(
        await as("am-head", { method: "DELETE", url: "/api/account/factors/totp" }),
        409,
        "second_factor.last",
      );
      expect((await get("am-head", "/api/account/factors")).json()).toMatchObject({
        totp: true,
        recoveryCodesLeft: 10,
      });
    });

    it("step-up: releasing a statement or agreeing a provision ten minutes after the last check asks for the factor again", async () => {
      clock += STEP_UP_MS + 1_000;
      const released = await command("mediation-lead", "release-statement", { statementId: "st-joint" });
      expectProblem(released, 401, "step_up.required");
      const agreed = await command("mediation-lead", "mark-agreed", { provisionId: "art1", baseVersion: 1 });
      expectProblem(agreed, 401, "step_up.required");
      // Other acts are not held up.
      expect((await get("mediation-lead", `/api/negotiations/${NEGOTIATION}/instrument`)).statusCode).toBe(
        200,
      );
      const secret = secrets.get("mediation-lead") ?? "";
      expect(
        (await post("mediation-lead", "/api/account/step-up", { code: totpCode(secret, now()) })).statusCode,
      ).toBe(204);
      const again = await command("mediation-lead", "release-statement", { statementId: "st-joint" });
      expect((again.json() as { code?: string }).code).not.toBe("step_up.required");
    });

    it("the full history export is a sensitive act; a token does it only if its owner allowed it", async () => {
      const secret = secrets.get("am-head") ?? "";
      clock += 31_000;
      await post("am-head", "/api/account/step-up", { code: totpCode(secret, now()) });
      const plain = (await post("am-head", "/api/tokens", { name: "plain" })).json() as { token: string };
      const allowed = (
        await post("am-head", "/api/tokens", { name: "export", acts: ["history-export"] })
      ).json() as {
        token: string;
      };
      const exportWith = (token: string) =>
        t.app.inject({
          method: "GET",
          url: `/api/negotiations/${NEGOTIATION}/history-export`,
          headers: { authorization: `Bearer ${token}` },
        });
      expectProblem(await exportWith(plain.token), 403, "token.act_not_allowed");
      expect((await exportWith(allowed.token)).statusCode).toBe(200);
      clock += STEP_UP_MS + 1_000;
      expectProblem(
        await get("am-head", `/api/negotiations/${NEGOTIATION}/history-export`),
        401,
        "step_up.required",
      );
    });

    it("an operator may require a second factor of every account; those without one can only set it up", async () => {
      expectProblem(
        await as("operator", {
          method: "PUT",
          url: "/api/settings/security",
          payload: { requireSecondFactor: true },
        }),
        403,
        "second_factor.setup_required",
      );
      await enrol("operator");
      const set = await as("operator", {
        method: "PUT",
        url: "/api/settings/security",
        payload: { requireSecondFactor: true },
      });
      expect(set.json()).toEqual({ requireSecondFactor: true });
      // Credentials are cached for up to five seconds; a fresh sign-in reads the setting at once.
      clock += 6_000;
      expectProblem(await get("outsider", "/api/negotiations"), 403, "second_factor.setup_required");
      expect((await get("outsider", "/api/session")).statusCode).toBe(200);
      expect((await get("outsider", "/api/account/factors")).json()).toMatchObject({
        required: true,
        totp: false,
      });
      await enrol("outsider");
      clock += 6_000;
      expect((await get("outsider", "/api/negotiations")).statusCode).toBe(200);
      await as("operator", {
        method: "PUT",
        url: "/api/settings/security",
        payload: { requireSecondFactor: false },
      });
    });

    it("an operator removes every factor of an account that lost them all: its sessions end, a password signs in again", async () => {
      const outsider = await t.store.database
        .selectFrom("accounts")
        .select("id")
        .where("email", "=", "outsider@elsewhere.parley.test")
        .executeTakeFirstOrThrow();
      expectProblem(await post("am-head", `/api/accounts/${outsider.id}/remove-factors`), 403, "forbidden");
      clock += 31_000;
      await post("operator", "/api/account/step-up", {
        code: totpCode(secrets.get("operator") ?? "", now()),
      });
      const listed = async () =>
        (
          (await get("operator", "/api/accounts")).json() as {
            accounts: { id: string; secondFactor: boolean }[];
          }
        ).accounts.find((a) => a.id === outsider.id)?.secondFactor;
      expect(await listed()).toBe(true);
      expect((await post("operator", `/api/accounts/${outsider.id}/remove-factors`)).statusCode).toBe(204);
      expect(await listed()).toBe(false);
      expectProblem(await get("outsider", "/api/session"), 401, "unauthenticated");
      const again = await t.app.inject({
        method: "POST",
        url: "/api/session",
        payload: { email: "outsider@elsewhere.parley.test", password: "correct horse battery staple" },
      });
      expect(again.json()).toHaveProperty("account");
    });
  });
}
