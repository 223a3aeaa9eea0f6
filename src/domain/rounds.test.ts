import { describe, expect, it } from "vitest";
import { codeOf, type Kit, MEMBERS as M, setUp, viewerFor } from "./test-kit.ts";
import { viewFor } from "./view.ts";

function schedule(kit: Kit, roundId: string, startsOn = "2023-05-01", endsOn = "2023-05-04"): void {
  kit.run(M.lead, {
    type: "schedule-round",
    roundId,
    name: `Round ${roundId}`,
    venue: "Arlington",
    startsOn,
    endsOn,
  });
}

describe("rounds and sessions", () => {
  it("moves a round scheduled → open → closed, with its summary", () => {
    const kit = setUp();
    schedule(kit, "r1");
    expect(kit.state.get("round", "r1")).toMatchObject({ state: "scheduled", venue: "Arlington" });
    kit.run(M.mediator, { type: "open-round", roundId: "r1" });
    expect(kit.state.get("round", "r1")?.state).toBe("open");
    kit.run(M.mediator, { type: "close-round", roundId: "r1", summary: "Tangible progress." });
    expect(kit.state.get("round", "r1")).toMatchObject({ state: "closed", summary: "Tangible progress." });
  });

  it("refuses to open a round twice, to close one not open, or to end a round before it starts", () => {
    const kit = setUp();
    schedule(kit, "r1");
    expect(codeOf(() => kit.run(M.lead, { type: "close-round", roundId: "r1" }))).toBe("round.state");
    kit.run(M.lead, { type: "open-round", roundId: "r1" });
    expect(codeOf(() => kit.run(M.lead, { type: "open-round", roundId: "r1" }))).toBe("round.state");
    kit.run(M.lead, { type: "close-round", roundId: "r1" });
    expect(codeOf(() => kit.run(M.lead, { type: "open-round", roundId: "r1" }))).toBe("round.state");
    expect(codeOf(() => schedule(kit, "r1"))).toBe("conflict.exists");
    expect(codeOf(() => schedule(kit, "r9", "2023-05-04", "2023-05-01"))).toBe("validation");
    expect(codeOf(() => kit.run(M.lead, { type: "open-round", roundId: "nope" }))).toBe("not_found");
  });

  it("holds one round open at a time", () => {
    const kit = setUp();
    schedule(kit, "r1");
    schedule(kit, "r2");
    kit.run(M.lead, { type: "open-round", roundId: "r1" });
    expect(codeOf(() => kit.run(M.lead, { type: "open-round", roundId: "r2" }))).toBe("round.another_open");
    kit.run(M.lead, { type: "close-round", roundId: "r1" });
    expect(codeOf(() => kit.run(M.lead, { type: "open-round", roundId: "r2" }))).toBe("ok");
  });

  it("schedules plenary sessions in shared and a caucus in that party's caucus scope", () => {
    const kit = setUp();
    schedule(kit, "r1");
    kit.run(M.lead, {
      type: "schedule-session",
      sessionId: "s1",
      roundId: "r1",
      sessionKind: "plenary",
      title: "Plenary",
      date: "2023-05-01",
    });
    kit.run(M.lead, {
      type: "schedule-session",
      sessionId: "c-am",
      roundId: "r1",
      sessionKind: "caucus",
      title: "With Armenia",
      date: "2023-05-02",
      partyId: "am",
    });
    expect(kit.state.get("session", "s1")).toMatchObject({ scope: "shared", party: null, attendance: [] });
    expect(kit.state.get("session", "c-am")).toMatchObject({ scope: "caucus:am", party: "am" });
    // Azerbaijan does not even learn that the caucus with Armenia exists.
    expect(viewFor(kit.state, viewerFor(kit, M.azHead)).get("session", "c-am")).toBeUndefined();
    expect(viewFor(kit.state, viewerFor(kit, M.amMember)).get("session", "c-am")).toBeDefined();
    expect(viewFor(kit.state, viewerFor(kit, M.observer)).get("session", "c-am")).toBeUndefined();
    expect(
      codeOf(() =>
        kit.run(M.azHead, {
          type: "write-note",
          noteId: "n",
          text: "?",
          scope: "caucus:az",
          target: { kind: "session", id: "c-am" },
        }),
      ),
    ).toBe("not_found");
  });

  it("needs a known party for a caucus and no party for any other session", () => {
    const kit = setUp();
    schedule(kit, "r1");
    const session = (sessionKind: "caucus" | "bilateral", partyId?: string) =>
      codeOf(() =>
        kit.run(M.lead, {
          type: "schedule-session",
          sessionId: `s${kit.log.length}`,
          roundId: "r1",
          sessionKind,
          title: "S",
          date: "2023-05-02",
          ...(partyId ? { partyId } : {}),
        }),
      );
    expect(session("caucus")).toBe("party.unknown");
    expect(session("caucus", "ge")).toBe("party.unknown");
    expect(session("bilateral", "am")).toBe("validation");
    expect(session("bilateral")).toBe("ok");
  });

  it("refuses sessions in a closed round", () => {
    const kit = setUp();
    schedule(kit, "r1");
    kit.run(M.lead, { type: "open-round", roundId: "r1" });
    kit.run(M.lead, { type: "close-round", roundId: "r1" });
    expect(
      codeOf(() =>
        kit.run(M.lead, {
          type: "schedule-session",
          sessionId: "s",
          roundId: "r1",
          sessionKind: "closing",
          title: "C",
          date: "2023-05-04",
        }),
      ),
    ).toBe("round.state");
  });

  it("records attendance (only the caucus party and the mediation in a caucus) and the outcome", () => {
    const kit = setUp();
    schedule(kit, "r1");
    kit.run(M.lead, {
      type: "schedule-session",
      sessionId: "c-am",
      roundId: "r1",
      sessionKind: "caucus",
      title: "C",
      date: "2023-05-02",
      partyId: "am",
    });
    expect(
      codeOf(() =>
        kit.run(M.mediator, { type: "record-attendance", sessionId: "c-am", memberIds: [M.azHead] }),
      ),
    ).toBe("validation");
    expect(
      codeOf(() =>
        kit.run(M.mediator, { type: "record-attendance", sessionId: "c-am", memberIds: [M.observer] }),
      ),
    ).toBe("validation");
    kit.run(M.mediator, {
      type: "record-attendance",
      sessionId: "c-am",
      memberIds: [M.amHead, M.lead, M.amHead],
    });
    expect(kit.state.get("session", "c-am")?.attendance).toEqual([M.amHead, M.lead]);
    const [event] = kit.run(M.mediator, {
      type: "record-outcome",
      sessionId: "c-am",
      outcome: "Art. 1 closer.",
      provisionIds: ["art1"],
    });
    expect(event?.scope).toBe("caucus:am");
    expect(kit.state.get("session", "c-am")).toMatchObject({
      outcome: "Art. 1 closer.",
      provisionsMoved: ["art1"],
    });
    expect(
      codeOf(() =>
        kit.run(M.lead, { type: "record-outcome", sessionId: "c-am", outcome: "x", provisionIds: ["nope"] }),
      ),
    ).toBe("not_found");
    expect(
      codeOf(() => kit.run(M.lead, { type: "record-attendance", sessionId: "c-am", memberIds: ["ghost"] })),
    ).toBe("not_found");
  });
});
