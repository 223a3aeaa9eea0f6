import { afterEach, describe, expect, it } from "vitest";
import { DIALECTS } from "../../store/test-stores.ts";
import { NEGOTIATION, ROLE_EMAILS, startTestApp, type TestApp } from "../test-app.ts";
import { command, listen, signInAs, Tap, until, waitFor } from "./test-live.ts";

/**
 * Access withdrawn while a stream is being opened: after its request was authenticated and the member looked
 * up, before the connection joined the room where revocations and membership changes find it. The stream
 * must still close, and carry nothing written after the withdrawal.
 */

const REVOKED = 4403;

/**
 * Holds the stream's last look-up of its member (the second for this e-mail: one before the upgrade, one in
 * the handler), with its answer already made, until `release`; `reached` resolves when it is held.
 */
function holdSecondLookup(t: TestApp, email: string) {
  const original = t.store.viewAs.bind(t.store);
  let calls = 0;
  let reached: () => void = () => undefined;
  let release: () => void = () => undefined;
  const reachedP = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Every look-up goes through viewAs, where it can be held (not the store's answer-at-once path).
  t.store.viewAsNow = () => undefined;
  t.store.viewAs = async (negotiationId, who) => {
    const answer = await original(negotiationId, who);
    if (who === email && ++calls === 2) {
      reached();
      await gate;
    }
    return answer;
  };
  return { reached: reachedP, release };
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`a stream opened as access is withdrawn, on ${dialect.name}`, () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.dispose();
      t = undefined;
    });

    it("signing out while the stream opens closes it (revoked) and it carries nothing after", async () => {
      const app = await startTestApp(dialect);
      t = app;
      const base = await listen(app);
      const session = await signInAs(app, "am-member");
      const colleague = await Tap.open(base, await signInAs(app, "am-head"), "colleague");
      const held = holdSecondLookup(app, ROLE_EMAILS["am-member"]);
      const tap = await Tap.open(base, session, "opening");
      await held.reached;
      const out = await app.app.inject({
        method: "DELETE",
        url: "/api/session",
        headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
      });
      expect(out.statusCode).toBe(204);
      held.release();
      await command(app, "am-head", "write-note", { text: "AFTER-SIGN-OUT", scope: "party:am" });
      await until(colleague, "AFTER-SIGN-OUT");
      await waitFor(() => tap.closed !== null, 2_000, "the stream to close");
      expect(tap.closed?.code).toBe(REVOKED);
      expect(tap.has("AFTER-SIGN-OUT")).toBe(false);
      colleague.close();
    });

    it("removing the member while their stream opens closes it (revoked) and it carries nothing after", async () => {
      const app = await startTestApp(dialect);
      t = app;
      const base = await listen(app);
      const session = await signInAs(app, "am-member");
      const colleague = await Tap.open(base, await signInAs(app, "am-head"), "colleague");
      const full = await app.store.fullState(NEGOTIATION);
      const member = [...full.entities()].find(
        (e) => e.kind === "member" && e.email === ROLE_EMAILS["am-member"],
      );
      const held = holdSecondLookup(app, ROLE_EMAILS["am-member"]);
      const tap = await Tap.open(base, session, "opening");
      await held.reached;
      await command(app, "mediation-lead", "remove-member", { memberId: member?.id });
      await until(colleague, "member.removed");
      held.release();
      await command(app, "am-head", "write-note", { text: "AFTER-REMOVAL", scope: "party:am" });
      await until(colleague, "AFTER-REMOVAL");
      await waitFor(() => tap.closed !== null, 2_000, "the stream to close");
      expect(tap.closed?.code).toBe(REVOKED);
      expect(tap.has("AFTER-REMOVAL")).toBe(false);
      colleague.close();
    });
  });
}
