import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../store/test-stores.ts";
import { secretHash } from "./auth/secrets.ts";
import { type Agent, NEGOTIATION, PASSWORD, ROLE_EMAILS, startTestApp, type TestApp } from "./test-app.ts";
import { expectProblem, signIn, storeSnapshot, withSession } from "./test-http.ts";

/** Sign-up by invitation only: single-use, expiring links bound to one role, on both stores. */

const INVITE_URL = `/api/negotiations/${NEGOTIATION}/invitations`;
const DAY = 24 * 60 * 60 * 1000;
const NEW_PASSWORD = "a new and long enough password";

interface Invitee {
  email: string;
  name: string;
  title?: string;
  role: "mediation" | "delegation" | "observer";
  rank?: "lead" | "member" | "head";
  partyId?: string;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`invitations on ${dialect.name}`, () => {
    let t: TestApp;
    let clock = Date.now();
    beforeAll(async () => {
      t = await startTestApp(dialect, { now: () => new Date(clock) });
    }, 120_000);
    afterAll(async () => t?.dispose());

    const invite = (agent: Agent, invitee: Invitee) =>
      agent.request({ method: "POST", url: INVITE_URL, payload: invitee });
    /** Invites and returns the token from the link. */
    const invited = async (agent: Agent, invitee: Invitee): Promise<string> => {
      const response = await invite(agent, invitee);
      expect(response.statusCode).toBe(201);
      const { link } = response.json() as { link: string };
      return link.slice(link.lastIndexOf("/") + 1);
    };
    const read = (token: string) => t.app.inject({ method: "GET", url: `/api/invitations/${token}` });
    const accept = (token: string, password: string) =>
      t.app.inject({ method: "POST", url: `/api/invitations/${token}/accept`, payload: { password } });

    it("a mediation lead invites a delegation member, who joins with a password and reads what the delegation reads", async () => {
      const lead = await t.as("mediation-lead");
      const invitee = {
        email: "New.Adviser@AM.parley.test",
        name: "New Adviser",
        role: "delegation",
        rank: "member",
        partyId: "am",
      } as const;
      const created = await invite(lead, invitee);
      expect(created.statusCode).toBe(201);
      const { link, expiresAt } = created.json() as { link: string; expiresAt: string };
      expect(link).toMatch(/^http:\/\/localhost:4700\/invite\/inv_[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(expiresAt) - clock).toBe(7 * DAY);
      const token = link.slice(link.lastIndexOf("/") + 1);
      const stored = await t.store.database.selectFrom("invitations").selectAll().execute();
      expect(JSON.stringify(stored).includes(token)).toBe(false);
      expect(stored.map((s) => s.token_hash)).toContain(secretHash(token));

      const offer = await read(token);
      expect(offer.statusCode).toBe(200);
      expect(offer.json()).toMatchObject({
        email: "new.adviser@am.parley.test",
        name: "New Adviser",
        role: "delegation",
        rank: "member",
        partyId: "am",
        accountExists: false,
      });

      const before = await storeSnapshot(t.store);
      expectProblem(await accept(token, "short"), 400, "validation");
      const common = expectProblem(await accept(token, "qwerty123456"), 400, "password.common");
      expect(common.issues).toEqual([
        { path: "body.password", message: expect.stringMatching(/too common/) },
      ]);
      expectProblem(await accept(token, "all about parley!"), 400, "password.context");
      expect(await storeSnapshot(t.store)).toEqual(before);

      const joined = await accept(token, NEW_PASSWORD);
      expect(joined.statusCode).toBe(201);
      const { negotiationId, memberId } = joined.json() as { negotiationId: string; memberId: string };
      expect(negotiationId).toBe(NEGOTIATION);

      const { response, token: session } = await signIn(t.app, invitee.email, NEW_PASSWORD);
      expect(response.statusCode).toBe(200);
      const summary = await t.app.inject({
        method: "GET",
        url: `/api/negotiations/${NEGOTIATION}`,
        headers: withSession(session),
      });
      expect(summary.statusCode).toBe(200);
      expect(summary.json()).toMatchObject({
        you: { memberId, role: "delegation-member", party: "am" },
      });
      const history = await t.app.inject({
        method: "GET",
        url: `/api/negotiations/${NEGOTIATION}/history`,
        headers: withSession(session),
      });
      const scopes = new Set((history.json() as { events: { scope: string }[] }).events.map((e) => e.scope));
      expect(scopes).toContain("party:am");
      expect(scopes).toContain("shared");
      for (const scope of scopes) expect(["public", "shared", "caucus:am", "party:am"]).toContain(scope);
      const members = (
        await lead.request({ method: "GET", url: `/api/negotiations/${NEGOTIATION}/members` })
      ).json() as {
        members: { id: string; email: string }[];
      };
      expect(members.members).toContainEqual(
        expect.objectContaining({ id: memberId, email: "new.adviser@am.parley.test" }),
      );

      // The link is spent.
      const afterJoin = await storeSnapshot(t.store);
      expectProblem(await accept(token, NEW_PASSWORD), 404, "invitation.invalid");
      expectProblem(await accept(token, "another long password"), 404, "invitation.invalid");
      expectProblem(await read(token), 404, "invitation.invalid");
      expect(await storeSnapshot(t.store)).toEqual(afterJoin);
    });

    it("two simultaneous accepts of one link: exactly one joins", async () => {
      const lead = await t.as("mediation-lead");
      const token = await invited(lead, {
        email: "racer@observer.parley.test",
        name: "Racer",
        role: "observer",
      });
      const before = await storeSnapshot(t.store);
      const responses = await Promise.all([accept(token, NEW_PASSWORD), accept(token, NEW_PASSWORD)]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 404]);
      const after = await storeSnapshot(t.store);
      expect(after.events).toBe(before.events + 1);
      expect(after.accounts).toBe(before.accounts + 1);
    });

    it("a link expires after 7 days", async () => {
      const lead = await t.as("mediation-lead");
      const start = clock;
      const late = await invited(lead, {
        email: "late@observer.parley.test",
        name: "Late",
        role: "observer",
      });
      const timely = await invited(lead, {
        email: "timely@observer.parley.test",
        name: "Timely",
        role: "observer",
      });
      try {
        clock = start + 7 * DAY - 60_000;
        expect((await accept(timely, NEW_PASSWORD)).statusCode).toBe(201);
        clock = start + 7 * DAY + 60_000;
        const before = await storeSnapshot(t.store);
        expectProblem(await read(late), 404, "invitation.invalid");
        expectProblem(await accept(late, NEW_PASSWORD), 404, "invitation.invalid");
        expect(await storeSnapshot(t.store)).toEqual(before);
        expectProblem(
          (await signIn(t.app, "late@observer.parley.test", NEW_PASSWORD)).response,
          401,
          "unauthenticated",
        );
      } finally {
        clock = start;
      }
    });

    it("a link that never existed reads like a spent one", async () => {
      for (const token of [`inv_${"A".repeat(43)}`, "x", "%2e%2e%2f"]) {
        expectProblem(await read(token), 404, "invitation.invalid");
        expectProblem(await accept(token, NEW_PASSWORD), 404, "invitation.invalid");
      }
    });

    it("pending invitations are listed to those who may invite, never with their links, and leave the list once used", async () => {
      const lead = await t.as("mediation-lead");
      const token = await invited(lead, {
        email: "pending.adviser@az.parley.test",
        name: "Pending Adviser",
        role: "delegation",
        partyId: "az",
      });
      const list = async (agent: Agent) => {
        const response = await agent.request({ method: "GET", url: INVITE_URL });
        return { status: response.statusCode, body: response.body };
      };
      const byLead = await list(lead);
      expect(byLead.status).toBe(200);
      expect(byLead.body).toContain("pending.adviser@az.parley.test");
      expect(byLead.body.includes(token)).toBe(false);
      // Azerbaijan's head sees the invitation into their delegation; Armenia's head does not.
      expect((await list(await t.as("az-head"))).body).toContain("Pending Adviser");
      expect((await list(await t.as("am-head"))).body.includes("Pending Adviser")).toBe(false);
      for (const role of ["observer", "am-member", "mediation-member"] as const)
        expectProblem(await (await t.as(role)).request({ method: "GET", url: INVITE_URL }), 403, "forbidden");
      expect((await accept(token, NEW_PASSWORD)).statusCode).toBe(201);
      expect((await list(lead)).body.includes("Pending Adviser")).toBe(false);
    });

    it("pending invitations into every seat: each role lists exactly those it may see, never a token or its hash", async () => {
      const seats: { who: "mediation-lead" | "am-head" | "az-head"; seat: string; invitee: Invitee }[] = [
        { who: "mediation-lead", seat: "mediation", invitee: { email: "", name: "", role: "mediation" } },
        { who: "mediation-lead", seat: "observer", invitee: { email: "", name: "", role: "observer" } },
        {
          who: "mediation-lead",
          seat: "am",
          invitee: { email: "", name: "", role: "delegation", partyId: "am" },
        },
        { who: "am-head", seat: "am", invitee: { email: "", name: "", role: "delegation", partyId: "am" } },
        { who: "az-head", seat: "az", invitee: { email: "", name: "", role: "delegation", partyId: "az" } },
      ];
      const secrets: string[] = [];
      const names: { name: string; seat: string }[] = [];
      for (const [i, { who, seat, invitee }] of seats.entries()) {
        const name = `Seat${seat}By${who.replace(/-/g, "")}N${i}`;
        const token = await invited(await t.as(who), {
          ...invitee,
          email: `seat-${i}@${seat}.parley.test`,
          name,
        });
        secrets.push(token, secretHash(token));
        names.push({ name, seat });
      }
      const sees: Record<string, (seat: string) => boolean> = {
        "mediation-lead": () => true,
        "am-head": (seat) => seat === "am",
        "az-head": (seat) => seat === "az",
      };
      for (const role of [
        "mediation-lead",
        "mediation-member",
        "am-head",
        "am-member",
        "az-head",
        "az-member",
        "observer",
      ] as const) {
        const response = await (await t.as(role)).request({ method: "GET", url: INVITE_URL });
        for (const secret of secrets) expect(response.body.includes(secret)).toBe(false);
        const may = sees[role];
        if (!may) {
          expectProblem(response, 403, "forbidden");
          continue;
        }
        expect(response.statusCode).toBe(200);
        const listed = (response.json() as { invitations: { name: string }[] }).invitations.map(
          (i) => i.name,
        );
        for (const { name, seat } of names)
          expect(listed.includes(name), `${role} and ${name}`).toBe(may(seat));
      }
    });

    it("a head of delegation invites into their own delegation only; an observer invites no one", async () => {
      const amHead = await t.as("am-head");
      const token = await invited(amHead, {
        email: "junior@am.parley.test",
        name: "Junior",
        role: "delegation",
        partyId: "am",
      });
      expect((await read(token)).json()).toMatchObject({ role: "delegation", rank: "member", partyId: "am" });

      const others = await Promise.all(
        (["observer", "am-member", "mediation-member", "outsider"] as const).map((role) => t.as(role)),
      );
      const before = await storeSnapshot(t.store);
      for (const invitee of [
        { email: "spy@az.parley.test", name: "Spy", role: "delegation", partyId: "az" },
        { email: "spy@mediation.parley.test", name: "Spy", role: "mediation" },
        { email: "spy@observer.parley.test", name: "Spy", role: "observer" },
      ] as const) {
        expectProblem(await invite(amHead, invitee), 403, "forbidden");
      }
      for (const agent of others.slice(0, 3)) {
        expectProblem(
          await invite(agent, { email: "friend@observer.parley.test", name: "Friend", role: "observer" }),
          403,
          "forbidden",
        );
      }
      // Someone who is not a member cannot tell the negotiation exists.
      expectProblem(
        await invite(await t.as("outsider"), {
          email: "x@observer.parley.test",
          name: "X",
          role: "observer",
        }),
        404,
        "not_found",
      );
      expect(await storeSnapshot(t.store)).toEqual(before);
    });

    it("an invitation to an existing account joins only with that account's password, and keeps it", async () => {
      const lead = await t.as("mediation-lead");
      const email = ROLE_EMAILS.outsider;
      const token = await invited(lead, { email, name: "Outsider", role: "observer" });
      expect((await read(token)).json()).toMatchObject({ accountExists: true });

      const before = await storeSnapshot(t.store);
      expectProblem(await accept(token, NEW_PASSWORD), 401, "unauthenticated");
      expect(await storeSnapshot(t.store)).toEqual(before);
      expectProblem((await signIn(t.app, email, NEW_PASSWORD)).response, 401, "unauthenticated");

      // The wrong password did not spend the link.
      expect((await accept(token, PASSWORD)).statusCode).toBe(201);
      const { token: session } = await signIn(t.app, email, PASSWORD);
      const summary = await t.app.inject({
        method: "GET",
        url: `/api/negotiations/${NEGOTIATION}`,
        headers: withSession(session),
      });
      expect(summary.json()).toMatchObject({ you: { role: "observer" } });
    });

    it("an invitation whose name or title holds a NUL is refused as invalid and stores nothing", async () => {
      const lead = await t.as("mediation-lead");
      const before = await storeSnapshot(t.store);
      for (const invitee of [
        { email: "nul@observer.parley.test", name: "N\u0000L", role: "observer" },
        { email: "nul@observer.parley.test", name: "Nil", title: "\u0000", role: "observer" },
      ] as const) {
        expectProblem(await invite(lead, invitee), 400, "validation");
      }
      expect(await storeSnapshot(t.store)).toEqual(before);
    });

    it("inviting someone who is already a member is refused and stores no link", async () => {
      const lead = await t.as("mediation-lead");
      const before = await storeSnapshot(t.store);
      const response = await invite(lead, {
        email: ROLE_EMAILS["az-head"].toUpperCase(),
        name: "Again",
        role: "observer",
      });
      expectProblem(response, 422, "member.exists");
      expect(await storeSnapshot(t.store)).toEqual(before);
    });

    it("once the inviter is removed, their invitations no longer work", async () => {
      const lead = await t.as("mediation-lead");
      // A second mediation lead joins, invites someone, and is then removed by the first.
      const second = await invited(lead, {
        email: "co-lead@mediation.parley.test",
        name: "Co-lead",
        role: "mediation",
        rank: "lead",
      });
      const { memberId } = (await accept(second, NEW_PASSWORD)).json() as { memberId: string };
      const coLead = await signIn(t.app, "co-lead@mediation.parley.test", NEW_PASSWORD);
      const created = await t.app.inject({
        method: "POST",
        url: INVITE_URL,
        headers: withSession(coLead.token, coLead.csrf),
        payload: { email: "protege@observer.parley.test", name: "Protégé", role: "observer" },
      });
      expect(created.statusCode).toBe(201);
      const { link } = created.json() as { link: string };
      const token = link.slice(link.lastIndexOf("/") + 1);
      expect((await read(token)).statusCode).toBe(200);

      const removed = await lead.request({
        method: "POST",
        url: `/api/negotiations/${NEGOTIATION}/commands/remove-member`,
        payload: { memberId },
      });
      expect(removed.statusCode).toBe(201);
      const before = await storeSnapshot(t.store);
      expectProblem(await read(token), 404, "invitation.invalid");
      expectProblem(await accept(token, NEW_PASSWORD), 404, "invitation.invalid");
      expect(await storeSnapshot(t.store)).toEqual(before);
      expectProblem(
        (await signIn(t.app, "protege@observer.parley.test", NEW_PASSWORD)).response,
        401,
        "unauthenticated",
      );
    });
  });

  describe.skipIf(!dialect.available)(`invitation password checks on ${dialect.name}`, () => {
    const LIMITS = { perAccount: 3, perAddress: 100, windowSeconds: 600, blockSeconds: 600 };
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: false, limits: LIMITS });
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("an inviter cannot use a link to guess an existing account's password without limit", async () => {
      // The lead may host (the only test account an operator lets host); here it hosts talks of its own.
      const host = await t.as("mediation-lead");
      const created = await host.request({
        method: "POST",
        url: "/api/negotiations",
        payload: { title: "Talks" },
      });
      expect(created.statusCode).toBe(201);
      const { negotiationId } = created.json() as { negotiationId: string };
      const victim = ROLE_EMAILS["am-head"];
      const invitation = await host.request({
        method: "POST",
        url: `/api/negotiations/${negotiationId}/invitations`,
        payload: { email: victim, name: "Victim", role: "observer" },
      });
      const { link } = invitation.json() as { link: string };
      const token = link.slice(link.lastIndexOf("/") + 1);
      const accept = (password: string, remoteAddress: string) =>
        t.app.inject({
          method: "POST",
          url: `/api/invitations/${token}/accept`,
          payload: { password },
          remoteAddress,
        });
      for (let i = 0; i < LIMITS.perAccount; i++) {
        expectProblem(await accept(`guess number ${i}`, `10.9.0.${i}`), 401, "unauthenticated");
      }
      const before = await storeSnapshot(t.store);
      const limited = await accept(PASSWORD, "10.9.1.1");
      expectProblem(limited, 429, "rate_limited");
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      // The same count guards sign-in: the account is blocked there too.
      expectProblem(
        (await signIn(t.app, victim, PASSWORD, { remoteAddress: "10.9.1.2" })).response,
        429,
        "rate_limited",
      );
      expect(await storeSnapshot(t.store)).toEqual(before);
    });
  });
}
