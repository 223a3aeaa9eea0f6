import { describe, expect, it } from "vitest";
import { parseCommand } from "../domain/commands.ts";
import { execute } from "../domain/decide.ts";
import type { ProvisionStatus } from "../domain/entities.ts";
import type { AppliedEvent } from "../domain/events.ts";
import { NegotiationState } from "../domain/state.ts";
import { DEMO_NEGOTIATION_ID, type DemoStep, demoMembers, demoScenario } from "./scenario.ts";

interface Run {
  state: NegotiationState;
  events: AppliedEvent[];
  /** Agreed provisions when each round closed, by round id. */
  agreedAtClose: Map<string, number>;
}

/** Runs every step through the same path a user's command takes: parse, then execute. */
function run(steps: DemoStep[]): Run {
  const state = new NegotiationState();
  const events: AppliedEvent[] = [];
  const agreedAtClose = new Map<string, number>();
  for (const [index, step] of steps.entries()) {
    try {
      events.push(
        ...execute(state, parseCommand(step.command), {
          negotiationId: DEMO_NEGOTIATION_ID,
          actor: step.actor,
          at: step.at,
        }),
      );
    } catch (error) {
      throw new Error(`step ${index} (${step.command.type} by ${step.actor}) failed: ${String(error)}`, {
        cause: error,
      });
    }
    if (step.command.type === "close-round") {
      const agreed = state.all("provision").filter((p) => p.status === "agreed").length;
      agreedAtClose.set(step.command.roundId, agreed);
    }
  }
  return { state, events, agreedAtClose };
}

describe("the demo negotiation", () => {
  const steps = demoScenario();
  const { state, events, agreedAtClose } = run(steps);

  it("is created by the system account and moves forward in time", () => {
    expect(steps[0]?.actor).toBe("system");
    expect(steps[0]?.command.type).toBe("create-negotiation");
    const instants = steps.map((s) => Date.parse(s.at));
    for (let i = 1; i < instants.length; i++) expect(instants[i]).toBeGreaterThan(instants[i - 1] ?? 0);
    expect(steps.at(-1)?.command).toMatchObject({ type: "close-round", roundId: "r3" });
  });

  it("happens within a round's dates while that round is open", () => {
    let open: string | null = null;
    for (const event of events) {
      if (event.type === "round.opened") open = event.data.roundId;
      const round = open === null ? undefined : state.get("round", open);
      if (round) {
        const day = event.at.slice(0, 10);
        expect(day >= round.startsOn && day <= round.endsOn, `${event.type} at ${event.at}`).toBe(true);
      }
      if (event.type === "round.closed") open = null;
    }
  });

  it("leaves provisions in every status", () => {
    const statuses = new Set(state.all("provision").map((p) => p.status));
    const every: ProvisionStatus[] = ["open", "bracketed", "agreed_ad_referendum", "agreed", "reopened"];
    expect([...statuses].sort()).toEqual([...every].sort());
    expect(state.all("provision").filter((p) => p.status === "agreed").length).toBeGreaterThanOrEqual(5);
  });

  it("brackets the border article between Armenia, Azerbaijan and a US bridging proposal", () => {
    const live = state.all("proposal").filter((p) => p.provisionId === "art-3" && p.state === "live");
    expect(live.map((p) => [p.by, p.bridging, p.scope])).toEqual([
      ["am", false, "shared"],
      ["az", false, "shared"],
      ["mediation", true, "shared"],
    ]);
  });

  it("makes more progress in each round", () => {
    const [r1, r2, r3] = ["r1", "r2", "r3"].map((id) => agreedAtClose.get(id) ?? 0);
    expect(r1).toBeGreaterThan(0);
    expect(r2).toBeGreaterThan(r1 ?? 0);
    expect(r3).toBeGreaterThan(r2 ?? 0);
  });

  it("has three rounds, the two earlier ones closed before Round 3 began", () => {
    const rounds = state.all("round");
    expect(rounds.map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
    expect(rounds.every((r) => r.state === "closed")).toBe(true);
    const r3 = state.get("round", "r3");
    expect(r3).toMatchObject({ startsOn: "2023-05-01", endsOn: "2023-05-04" });
    const opened = events.find((e) => e.type === "round.opened" && e.data.roundId === "r3")?.at ?? "";
    for (const id of ["r1", "r2"]) {
      const closed = events.find((e) => e.type === "round.closed" && e.data.roundId === id)?.at ?? "";
      expect(closed < opened).toBe(true);
    }
    const kinds = state.all("session").filter((s) => s.roundId === "r3");
    expect(kinds.map((s) => [s.sessionKind, s.scope])).toEqual([
      ["opening", "shared"],
      ["plenary", "shared"],
      ["caucus", "caucus:am"],
      ["caucus", "caucus:az"],
      ["bilateral", "shared"],
      ["closing", "shared"],
    ]);
    expect(state.get("session", "r3-closing")?.attendance).toHaveLength(7);
  });

  it("keeps notes in every scope a member can write", () => {
    const scopes = new Set(state.all("note").map((n) => n.scope));
    for (const scope of ["shared", "party:am", "party:az", "caucus:am", "caucus:az", "mediation"]) {
      expect(scopes, scope).toContain(scope);
    }
  });

  it("takes positions of every stance, some only in caucus", () => {
    const positions = state.all("position");
    const stances = new Set(positions.map((p) => p.stance));
    for (const stance of ["accept", "accept_ad_referendum", "reserve", "reject", "counter_propose"]) {
      expect(stances, stance).toContain(stance);
    }
    expect(positions.some((p) => p.scope === "caucus:am")).toBe(true);
    expect(positions.some((p) => p.scope === "caucus:az")).toBe(true);
    const kip = state.all("key_issue_position").map((p) => p.scope);
    expect(new Set(kip)).toEqual(new Set(["shared", "party:am", "caucus:am", "caucus:az"]));
  });

  it("releases both party readouts and the mediator's statement, not the joint draft", () => {
    const releases = state.all("release");
    expect(releases.map((r) => [r.statementKind, r.party]).sort()).toEqual([
      ["mediator", null],
      ["party", "am"],
      ["party", "az"],
    ]);
    expect(releases.every((r) => r.scope === "public")).toBe(true);
    const am = state.get("release", "st-am")?.text ?? "";
    const az = state.get("release", "st-az")?.text ?? "";
    expect(am).not.toBe(az);
    expect(am).toContain("hosting negotiations between Armenia and Azerbaijan");
    expect(az).toContain("hosting negotiations between Azerbaijan and Armenia");
    const mediator = state.get("release", "st-mediator")?.text ?? "";
    expect(mediator).toContain("tangible progress");
    expect(mediator).toContain("within sight, within reach");
    expect(mediator).toContain("The last mile of any marathon is always the hardest");
    const joint = state.get("statement", "st-joint");
    expect(joint?.approvals).toEqual(["am"]);
    expect(state.get("release", "st-joint")).toBeUndefined();
  });

  it("records the checkpoint incident with a claim, a response and a reaction", () => {
    const incident = state.get("incident", "inc-checkpoint");
    expect(incident?.keyIssueIds).toEqual(["ki-connectivity", "ki-residents"]);
    const claims = state.all("claim").filter((c) => c.incidentId === "inc-checkpoint");
    expect(claims.map((c) => c.claimKind)).toEqual(["claim", "response", "reaction"]);
    expect(claims[1]?.respondsTo).toBe(claims[0]?.id);
  });

  it("links the key issues to provisions", () => {
    const issues = state.all("key_issue").map((k) => [k.id, k.provisionIds.length > 0]);
    expect(issues).toEqual([
      ["ki-border", true],
      ["ki-connectivity", true],
      ["ki-residents", true],
    ]);
  });

  it("signs members in with reserved test addresses only", () => {
    const members = demoMembers();
    expect(members).toHaveLength(state.all("member").length);
    for (const m of members) expect(m.email).toMatch(/@[a-z.]+\.parley\.test$/);
  });
});

describe("the demo is deterministic", () => {
  it("gives the same events when run twice", () => {
    expect(run(demoScenario()).events).toEqual(run(demoScenario()).events);
  });
});
