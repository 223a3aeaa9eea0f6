import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandType } from "../../domain/commands.ts";
import type { Scope } from "../../domain/scope.ts";
import { DIALECTS } from "../../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp, type TestRole } from "../test-app.ts";
import { type Actor, actorOf, actorsOf, MEMBER_ROLES, mayActorIssue } from "../test-leak.ts";
import { command, listen, signInAs, Tap, until, waitFor } from "./test-live.ts";

/**
 * Issue 4, "How it is checked": no event of an unreadable scope ever reaches a connection. Every role keeps a
 * stream open while a scripted negotiation writes notes, proposals, positions and key-issue positions with
 * unique markers in every scope; every frame each role received is scanned, and counted: a connection gets
 * exactly the events of the scopes it reads, and not one frame more (neither existence nor timing leaks).
 */

type MemberRole = (typeof MEMBER_ROLES)[number];

interface Step {
  role: MemberRole;
  type: CommandType;
  scope: Scope;
  body: (marker: string, version: number) => Record<string, unknown>;
}

const RECIPES: {
  type: CommandType;
  body: (scope: Scope, marker: string, version: number) => Record<string, unknown>;
}[] = [
  { type: "write-note", body: (scope, marker) => ({ text: `Note ${marker}`, scope }) },
  {
    type: "table-proposal",
    body: (scope, marker, version) => ({
      provisionId: "art-13",
      proposalKind: "replace",
      text: `Text ${marker}`,
      rationale: `Because ${marker}`,
      scope,
      baseVersion: version,
    }),
  },
  {
    type: "take-position",
    body: (scope, marker) => ({
      provisionId: "art-13",
      stance: "reserve",
      comment: `Comment ${marker}`,
      scope,
    }),
  },
  {
    type: "state-key-issue-position",
    body: (scope, marker) => ({ keyIssueId: "ki-border", text: `Position ${marker}`, scope }),
  },
];

/** Every command each role may issue in each scope it writes, interleaved across scopes and roles. */
function script(actors: ReadonlyMap<TestRole, Actor>): Step[] {
  const byRole: Step[][] = MEMBER_ROLES.map((role) => {
    const actor = actorOf(actors, role);
    const steps: Step[] = [];
    for (const recipe of RECIPES) {
      if (!mayActorIssue(actor, recipe.type)) continue;
      const positions = recipe.type === "take-position" || recipe.type === "state-key-issue-position";
      if (positions && actor.party === null) continue;
      for (const scope of actor.writable)
        steps.push({ role, type: recipe.type, scope, body: (m, v) => recipe.body(scope, m, v) });
    }
    return steps;
  });
  const out: Step[] = [];
  for (let i = 0; byRole.some((s) => i < s.length); i++)
    for (const steps of byRole) {
      const step = steps[i];
      if (step) out.push(step);
    }
  return out;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`live confidentiality on ${dialect.name}`, () => {
    let t: TestApp;
    let base = "";
    let actors: Map<TestRole, Actor>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      base = await listen(t);
      actors = await actorsOf(t);
    }, 120_000);
    afterAll(async () => t?.dispose());

    const openAll = async (label: string) => {
      const taps = new Map<MemberRole, Tap>();
      for (const role of MEMBER_ROLES)
        taps.set(role, await Tap.open(base, await signInAs(t, role), `${role} ${label}`));
      return taps;
    };

    it("sends each role exactly the events of the scopes it reads: markers scanned, frames counted", async () => {
      const taps = await openAll("scan");
      const markers = new Map<string, Scope>();
      const steps = script(actors);
      const scopesWritten = new Set(steps.map((s) => s.scope));
      for (const scope of ["shared", "mediation", "party:am", "party:az", "caucus:am", "caucus:az"] as const)
        expect(scopesWritten, scope).toContain(scope);
      for (const [i, step] of steps.entries()) {
        const marker = `MK${i}X${step.scope.replace(":", "_")}Z`;
        const version = (await t.store.fullState(NEGOTIATION)).get("provision", "art-13")?.version ?? 0;
        const { events } = await command(t, step.role, step.type, step.body(marker, version));
        for (const e of events) if (e.scope !== step.scope) expect(e.scope).toBe("shared");
        markers.set(marker, step.scope);
      }
      // A barrier every role reads: each stream is in order, so anything caused by the script came before it.
      await command(t, "mediation-lead", "write-note", { text: "BARRIER-SCAN", scope: "shared" });
      for (const tap of taps.values()) await until(tap, "BARRIER-SCAN");

      for (const [role, tap] of taps) {
        const readable = actorOf(actors, role).readable;
        for (const frame of tap.frames) {
          for (const [marker, scope] of markers) {
            if (!readable.has(scope) && frame.includes(marker))
              expect.fail(`${role} received a frame with a ${scope} marker: ${frame.slice(0, 200)}`);
          }
        }
        // Every readable marker arrived.
        for (const [marker, scope] of markers)
          if (readable.has(scope)) expect(tap.has(marker), marker).toBe(true);
        // The events received are exactly the member's history: no event more, none less, none twice.
        const history = await t.store.history(NEGOTIATION, readable);
        expect(tap.events.map((e) => `${e.scope}#${e.scopeSeq} ${e.hash}`)).toEqual(
          history.map((e) => `${e.scope}#${e.scopeSeq} ${e.hash}`),
        );
        // And no frame of any other kind: hello, the (empty) presence list once, then events only.
        const kinds = tap.messages.map((m) => m.type);
        expect(kinds[0]).toBe("hello");
        expect(kinds.filter((k) => k === "presence")).toHaveLength(1);
        expect(tap.frames.length).toBe(history.length + 2);
        expect(new Set(tap.events.map((e) => e.scope))).toEqual(
          new Set([...readable].filter((s) => history.some((e) => e.scope === s))),
        );
      }
      // Same readers, same frames: the two mediators, and each delegation's head and member.
      const eventFrames = (role: MemberRole) =>
        taps.get(role)?.frames.filter((f) => f.startsWith('{"type":"event"'));
      expect(eventFrames("mediation-member")).toEqual(eventFrames("mediation-lead"));
      expect(eventFrames("am-member")).toEqual(eventFrames("am-head"));
      expect(eventFrames("az-member")).toEqual(eventFrames("az-head"));
      for (const tap of taps.values()) tap.close();
    }, 120_000);

    it("shows presence only to those who read its scope, and sends the others nothing", async () => {
      const taps = await openAll("presence");
      const tap = (role: MemberRole) => taps.get(role) as Tap;
      const presenceFrames = (role: MemberRole) => tap(role).messages.filter((m) => m.type === "presence");
      await waitFor(
        () => MEMBER_ROLES.every((r) => presenceFrames(r).length === 1),
        10_000,
        "initial presence",
      );
      const barrier = async (text: string) => {
        await command(t, "mediation-lead", "write-note", { text, scope: "shared" });
        for (const r of MEMBER_ROLES) if (!tap(r).closed) await until(tap(r), text);
      };
      const seen = (role: MemberRole) => {
        const last = presenceFrames(role).at(-1);
        return last?.type === "presence"
          ? last.present.map((p) => `${p.memberId} ${p.scope} ${p.provisionId}`)
          : [];
      };
      const amHead = actorOf(actors, "am-head").member?.id ?? "";
      const azHead = actorOf(actors, "az-head").member?.id ?? "";

      tap("am-head").socket.send(
        JSON.stringify({ type: "presence", provisionId: "art-13", scope: "party:am" }),
      );
      await barrier("BARRIER-P1");
      for (const role of MEMBER_ROLES) {
        const sees = role === "am-head" || role === "am-member";
        expect(presenceFrames(role), role).toHaveLength(sees ? 2 : 1);
        expect(seen(role), role).toEqual(sees ? [`${amHead} party:am art-13`] : []);
      }

      tap("az-head").socket.send(JSON.stringify({ type: "presence", provisionId: null, scope: "caucus:az" }));
      await barrier("BARRIER-P2");
      const azAudience: MemberRole[] = ["az-head", "az-member", "mediation-lead", "mediation-member"];
      for (const role of MEMBER_ROLES) {
        const before = role === "am-head" || role === "am-member" ? 2 : 1;
        expect(presenceFrames(role), role).toHaveLength(before + (azAudience.includes(role) ? 1 : 0));
        if (azAudience.includes(role)) expect(seen(role), role).toContain(`${azHead} caucus:az null`);
        else expect(seen(role).join(), role).not.toContain(azHead);
      }

      // A scope the member cannot read is refused to them alone; nobody else hears of it.
      const counts = MEMBER_ROLES.map((r) => tap(r).frames.length);
      tap("am-member").socket.send(
        JSON.stringify({ type: "presence", provisionId: null, scope: "caucus:az" }),
      );
      await waitFor(() => tap("am-member").messages.some((m) => m.type === "error"), 5_000, "refusal");
      await barrier("BARRIER-P3");
      MEMBER_ROLES.forEach((r, i) => {
        expect(tap(r).frames.length, r).toBe((counts[i] ?? 0) + 1 + (r === "am-member" ? 1 : 0));
      });

      // Leaving: only those who saw the entry are told it is gone.
      const before = MEMBER_ROLES.map((r) => presenceFrames(r).length);
      tap("az-head").close();
      await barrier("BARRIER-P4");
      MEMBER_ROLES.forEach((r, i) => {
        if (r === "az-head") return;
        const told = azAudience.includes(r) ? 1 : 0;
        expect(presenceFrames(r).length, r).toBe((before[i] ?? 0) + told);
      });
      for (const r of MEMBER_ROLES) if (r !== "az-head") tap(r).close();
    }, 60_000);
  });
}
