import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../../store/test-stores.ts";
import type { TestApp, TestRole } from "../test-app.ts";
import { startTestApp } from "../test-app.ts";
import { totpCode } from "../testing/factor-kit.ts";
import { command, listen, signInAs, Tap, until, waitFor } from "./test-live.ts";

/** Issue 14: a lead's requirement of a second factor closes the open streams of members who have none. */

const REVOKED = 4403;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(
    `live streams under a second-factor requirement on ${dialect.name}`,
    () => {
      let t: TestApp;
      let base = "";
      beforeAll(async () => {
        t = await startTestApp(dialect);
        base = await listen(t);
      }, 120_000);
      afterAll(async () => t?.dispose());

      const enrol = async (role: TestRole) => {
        const agent = await t.as(role);
        const started = await agent.request({ method: "POST", url: "/api/account/factors/totp" });
        const { secret } = started.json() as { secret: string };
        const confirmed = await agent.request({
          method: "POST",
          url: "/api/account/factors/totp/confirm",
          payload: { code: totpCode(secret, new Date()) },
        });
        expect(confirmed.statusCode).toBe(200);
      };

      it("the member without a factor is closed out at once; one with a factor keeps reading", async () => {
        const without = await Tap.open(base, await signInAs(t, "az-member"), "without");
        const withFactor = await Tap.open(base, await signInAs(t, "az-head"), "with");
        await enrol("az-head");
        await enrol("mediation-lead");
        await command(t, "mediation-lead", "require-second-factor", { required: true });
        await waitFor(() => without.closed !== null, 5_000, "close");
        expect(without.closed?.code).toBe(REVOKED);
        await until(withFactor, "second-factor.required-set");
        expect(withFactor.closed).toBeNull();
        withFactor.close();
      });
    },
  );
}
