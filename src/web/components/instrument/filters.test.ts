import { describe, expect, it } from "vitest";
import type { Position, Proposal, Provision, Round } from "../../../domain/entities.ts";
import type { ProvisionView } from "../../../domain/view.ts";
import { countFilters, instrumentSearch, lastClosedRound, matches, sideOf } from "./filters.ts";

const base = { version: 1, createdAt: "2023-01-01T00:00:00.000Z", scope: "shared" as const };

function provision(id: string, status: Provision["status"], updatedAt: string): Provision {
  return {
    ...base,
    kind: "provision",
    id,
    updatedAt,
    provisionKind: "article",
    parentId: null,
    number: id,
    heading: "",
    text: "Text.",
    order: 1,
    status,
    epoch: 0,
    adoptedProposalId: null,
    deleted: false,
    withdrawn: false,
  };
}

function proposal(id: string, by: string, updatedAt: string): Proposal {
  return {
    ...base,
    kind: "proposal",
    id,
    updatedAt,
    provisionId: "x",
    proposalKind: "replace",
    text: "Other text.",
    rationale: "",
    by,
    bridging: by === "mediation",
    authorId: "m",
    state: "live",
    epoch: 0,
  };
}

function position(updatedAt: string): Position {
  return {
    ...base,
    kind: "position",
    id: `pos-${updatedAt}`,
    updatedAt,
    provisionId: "x",
    proposalId: null,
    party: "am",
    stance: "accept",
    comment: "",
    counterProposalId: null,
    epoch: 0,
    authorId: "m",
  };
}

function round(id: string, state: Round["state"], updatedAt: string): Round {
  return {
    ...base,
    kind: "round",
    id,
    updatedAt,
    name: id,
    venue: "",
    startsOn: "2023-01-01",
    endsOn: "2023-01-02",
    state,
    summary: "",
  };
}

const view = (p: Provision, alternatives: Proposal[] = [], positions: Position[] = []): ProvisionView => ({
  provision: p,
  depth: 0,
  alternatives,
  positions,
});

const BEFORE = "2023-03-01T10:00:00.000Z";
const CLOSE = "2023-03-02T10:00:00.000Z";
const AFTER = "2023-03-03T10:00:00.000Z";

describe("the negotiating text's filters", () => {
  const text = [
    view(provision("1", "agreed", BEFORE)),
    view(provision("2", "bracketed", BEFORE), [proposal("a", "am", BEFORE), proposal("b", "az", AFTER)]),
    view(provision("3", "reopened", AFTER)),
    view(provision("4", "bracketed", BEFORE), [proposal("c", "mediation", BEFORE)], [position(AFTER)]),
    view(provision("5", "open", CLOSE)),
  ];

  it("counts each filter: bracketed includes reopened, mine is by the viewer's side, changed is after the close", () => {
    expect(countFilters(text, { side: "am", since: CLOSE })).toEqual({
      all: 5,
      bracketed: 3,
      mine: 1,
      changed: 3,
    });
    expect(countFilters(text, { side: "mediation", since: CLOSE }).mine).toBe(1);
  });

  it("a change at the very instant of the close belongs to the closed round", () => {
    expect(matches(text[4] as ProvisionView, "changed", { side: null, since: CLOSE })).toBe(false);
  });

  it("with no closed round and no side, changed and mine show nothing", () => {
    expect(countFilters(text, { side: null, since: null })).toMatchObject({ mine: 0, changed: 0 });
  });

  it("the last closed round is the one closed last, whatever the order of the list", () => {
    const rounds = [round("r2", "closed", AFTER), round("r1", "closed", BEFORE), round("r3", "open", AFTER)];
    expect(lastClosedRound(rounds)?.id).toBe("r2");
    expect(lastClosedRound([round("r1", "scheduled", BEFORE)])).toBeNull();
    // Asked for an earlier round (what moved in the last round), or one that is not closed: the last closed.
    expect(lastClosedRound(rounds, "r1")?.id).toBe("r1");
    expect(lastClosedRound(rounds, "r3")?.id).toBe("r2");
  });

  it("the viewer's side: a party's delegation, the mediation, or none for an observer", () => {
    expect(sideOf({ role: "delegation-head", party: "am" })).toBe("am");
    expect(sideOf({ role: "mediation-member", party: null })).toBe("mediation");
    expect(sideOf({ role: "observer", party: null })).toBeNull();
  });

  it("the URL keeps only known filters", () => {
    expect(instrumentSearch({ only: "changed", since: "r2" })).toEqual({ only: "changed", since: "r2" });
    expect(instrumentSearch({ since: "../x" })).toEqual({});
    expect(instrumentSearch({ only: "<script>" })).toEqual({});
  });
});
