import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { PASSWORD, ROLE_EMAILS, startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem, signIn, storeSnapshot, withSession } from "./test-http.ts";

/** Issue 11, the operator's screen: every account, disable and enable, who may host, reset links. */

interface AccountView {
  id: string;
  email: string;
  name: string;
  operator: boolean;
  mayHost: boolean;
  disabled: boolean;
  createdAt: string;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`operator accounts on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false });
    }, 120_000);
    afterAll(async () => t?.dispose());

    const accounts = async (): Promise<AccountView[]> => {
      const response = await (await t.as("operator")).request({ method: "GET", url: "/api/accounts" });
      expect(response.statusCode).toBe(200);
      return (response.json() as { accounts: AccountView[] }).accounts;
    };
    const byEmail = async (email: string) => {
      const found = (await accounts()).find((a) => a.email === email);
      if (!found) throw new Error(`no account ${email}`);
      return found;
    };
    const act = async (id: string, action: string) =>
      (await t.as("operator")).request({ method: "POST", url: `/api/accounts/${id}/${action}` });

    it("lists every account with its flags and creation time", async () => {
      const list = await accounts();
      expect(list.map((a) => a.email)).toContain(ROLE_EMAILS.outsider);
      const lead = list.find((a) => a.email === ROLE_EMAILS["mediation-lead"]);
      expect(lead).toMatchObject({ mayHost: true, operator: false, disabled: false });
      expect(Date.parse(lead?.createdAt ?? "")).toBeGreaterThan(0);
      expect(list.find((a) => a.email === ROLE_EMAILS.operator)?.operator).toBe(true);
      expect(JSON.stringify(list)).not.toMatch(/password|argon2/);
    });

    it("grants and revokes hosting: only an account that may host creates a negotiation", async () => {
      const outsider = await byEmail(ROLE_EMAILS.outsider);
      const create = async () => {
        const session = await signIn(t.app, ROLE_EMAILS.outsider, PASSWORD);
        return t.app.inject({
          method: "POST",
          url: "/api/negotiations",
          payload: { title: "Outsider talks" },
          headers: withSession(session.token, session.csrf),
        });
      };
      expectProblem(await create(), 403, "host.not_allowed");
      expect((await act(outsider.id, "grant-host")).statusCode).toBe(204);
      expect((await byEmail(ROLE_EMAILS.outsider)).mayHost).toBe(true);
      expect((await create()).statusCode).toBe(201);
      expect((await act(outsider.id, "revoke-host")).statusCode).toBe(204);
      expect((await byEmail(ROLE_EMAILS.outsider)).mayHost).toBe(false);
      expectProblem(await create(), 403, "host.not_allowed");
    });

    it("disabling ends the account's sessions at once; enabling revives none", async () => {
      const member = await byEmail(ROLE_EMAILS["am-member"]);
      const session = await signIn(t.app, member.email, PASSWORD);
      const mine = () =>
        t.app.inject({ method: "GET", url: "/api/session", headers: withSession(session.token) });
      expect((await mine()).statusCode).toBe(200);
      expect((await act(member.id, "disable")).statusCode).toBe(204);
      expect((await byEmail(member.email)).disabled).toBe(true);
      expect((await mine()).statusCode).toBe(401);
      expect((await act(member.id, "enable")).statusCode).toBe(204);
      expect((await mine()).statusCode).toBe(401);
      expect((await signIn(t.app, member.email, PASSWORD)).response.statusCode).toBe(200);
    });

    it("a reset link is shown once: 256 bits, a day to live, kept only as a hash", async () => {
      const outsider = await byEmail(ROLE_EMAILS.outsider);
      const response = await act(outsider.id, "reset-link");
      expect(response.statusCode).toBe(201);
      const { link, expiresAt } = response.json() as { link: string; expiresAt: string };
      expect(link).toMatch(/^http:\/\/localhost:4700\/reset\/reset_[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
      const stored = await t.store.database.selectFrom("password_resets").selectAll().execute();
      expect(JSON.stringify(stored).includes(link.slice(link.lastIndexOf("/") + 1))).toBe(false);
    });

    it("refuses what is not the operator's to do, or not there, and writes nothing", async () => {
      const outsider = await byEmail(ROLE_EMAILS.outsider);
      const lead = await t.as("mediation-lead");
      const before = await storeSnapshot(t.store);
      for (const action of ["grant-host", "revoke-host", "disable", "enable", "reset-link"]) {
        expectProblem(
          await lead.request({ method: "POST", url: `/api/accounts/${outsider.id}/${action}` }),
          403,
          "forbidden",
        );
        expectProblem(await act("00000000-0000-4000-8000-000000000000", action), 404, "not_found");
      }
      expectProblem(await act(outsider.id, "promote"), 400, "validation");
      expect(await storeSnapshot(t.store)).toEqual(before);
      expect((await byEmail(ROLE_EMAILS.outsider)).mayHost).toBe(false);
    });

    it("no reset link for a disabled account", async () => {
      const observer = await byEmail(ROLE_EMAILS.observer);
      await act(observer.id, "disable");
      expectProblem(await act(observer.id, "reset-link"), 409, "account.disabled");
      await act(observer.id, "enable");
    });
  });
}
