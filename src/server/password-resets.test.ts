import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { PASSWORD, ROLE_EMAILS, startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem, signIn, storeSnapshot, withBearer, withSession } from "./test-http.ts";

/** Issue 11: a password-reset link an operator makes sets a new password once and ends every session. */

const DAY = 24 * 60 * 60 * 1000;
const NEW_PASSWORD = "a brand new long password";

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`password resets on ${dialect.name}`, () => {
    let t: TestApp;
    let clock = Date.now();
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false, now: () => new Date(clock) });
    }, 120_000);
    afterAll(async () => t?.dispose());

    const linkFor = async (email: string): Promise<string> => {
      const operator = await t.as("operator");
      const list = (await operator.request({ method: "GET", url: "/api/accounts" })).json() as {
        accounts: { id: string; email: string }[];
      };
      const id = list.accounts.find((a) => a.email === email)?.id;
      const response = await operator.request({ method: "POST", url: `/api/accounts/${id}/reset-link` });
      expect(response.statusCode).toBe(201);
      const { link } = response.json() as { link: string };
      return link.slice(link.lastIndexOf("/") + 1);
    };
    const read = (token: string) => t.app.inject({ method: "GET", url: `/api/password-resets/${token}` });
    const use = (token: string, password: string) =>
      t.app.inject({ method: "POST", url: `/api/password-resets/${token}`, payload: { password } });

    it("sets the new password once, ends every session and API token of the account, and the old password is gone", async () => {
      const email = ROLE_EMAILS["az-member"];
      const token = await linkFor(email);
      expect((await read(token)).json()).toMatchObject({ email, name: expect.any(String) });
      const sessions = [await signIn(t.app, email, PASSWORD), await signIn(t.app, email, PASSWORD)];
      const first = sessions[0] as (typeof sessions)[number];
      const minted = await t.app.inject({
        method: "POST",
        url: "/api/tokens",
        headers: withSession(first.token, first.csrf),
        payload: { name: "minted from a stolen session" },
      });
      const apiToken = (minted.json() as { token: string }).token;
      expect((await use(token, NEW_PASSWORD)).statusCode).toBe(204);
      const byToken = await t.app.inject({
        method: "GET",
        url: "/api/session",
        headers: withBearer(apiToken),
      });
      expect(byToken.statusCode).toBe(401);
      for (const s of sessions) {
        const after = await t.app.inject({
          method: "GET",
          url: "/api/session",
          headers: withSession(s.token),
        });
        expect(after.statusCode).toBe(401);
      }
      expect((await signIn(t.app, email, PASSWORD)).response.statusCode).toBe(401);
      expect((await signIn(t.app, email, NEW_PASSWORD)).response.statusCode).toBe(200);

      // Used: a clear 404, and nothing written.
      const before = await storeSnapshot(t.store);
      expectProblem(await read(token), 404, "reset.invalid");
      expectProblem(await use(token, "yet another long password"), 404, "reset.invalid");
      expect(await storeSnapshot(t.store)).toEqual(before);
      expect((await signIn(t.app, email, NEW_PASSWORD)).response.statusCode).toBe(200);
    });

    it("a short, common or context-word password is refused and the link still works", async () => {
      const email = ROLE_EMAILS.observer;
      const token = await linkFor(email);
      expectProblem(await use(token, "short"), 400, "validation");
      expectProblem(await use(token, "1qaz2wsx3edc"), 400, "password.common");
      // The account's own address, whatever the case.
      expectProblem(
        await use(token, `${email.split("@")[0]?.toUpperCase()} forever and ever`),
        400,
        "password.context",
      );
      expect((await read(token)).statusCode).toBe(200);
    });

    it("a disabled account's link stops working", async () => {
      const email = ROLE_EMAILS.outsider;
      const token = await linkFor(email);
      const operator = await t.as("operator");
      const list = (await operator.request({ method: "GET", url: "/api/accounts" })).json() as {
        accounts: { id: string; email: string }[];
      };
      const id = list.accounts.find((a) => a.email === email)?.id;
      await operator.request({ method: "POST", url: `/api/accounts/${id}/disable` });
      expectProblem(await use(token, NEW_PASSWORD), 404, "reset.invalid");
    });
    // Last: the clock moves past every session too.
    it("an expired link, a replaced link and a made-up one are refused alike and write nothing", async () => {
      const email = ROLE_EMAILS["am-member"];
      const replaced = await linkFor(email);
      const expiring = await linkFor(email);
      const before = await storeSnapshot(t.store);
      expectProblem(await use(replaced, NEW_PASSWORD), 404, "reset.invalid");
      expectProblem(await use("reset_made-up", NEW_PASSWORD), 404, "reset.invalid");
      clock += DAY + 1;
      expectProblem(await read(expiring), 404, "reset.invalid");
      expectProblem(await use(expiring, NEW_PASSWORD), 404, "reset.invalid");
      expect(await storeSnapshot(t.store)).toEqual(before);
      expect((await signIn(t.app, email, PASSWORD)).response.statusCode).toBe(200);
    });
  });
}
