import { describe, expect, it } from "vitest";
import type { Round } from "../../../domain/entities.ts";
import type { RecordedEvent } from "../../../domain/envelope.ts";
import { movementsByRound } from "./moved.ts";

let seq = 0;
const ev = (type: string, data: Record<string, unknown>, scope = "shared"): RecordedEvent =>
  ({ scope, scopeSeq: ++seq, type, data, at: "2023-05-01T09:00:00.000Z" }) as unknown as RecordedEvent;
const round = (id: string, state: Round["state"]) => ({ id, state }) as Round;

describe("which provisions moved in each round", () => {
  it("compares each round's close with the one before, and counts an open round up to now", () => {
    const events = [
      ev("provision.added", { provisionId: "a1" }),
      ev("provision.added", { provisionId: "a2" }),
      ev("provision.added", { provisionId: "a3" }),
      ev("proposal.tabled", { proposalId: "p1", provisionId: "a1" }),
      ev("proposal.tabled", { proposalId: "p2", provisionId: "a2" }),
      ev("round.closed", { roundId: "r1" }),
      ev("provision.agreed", { provisionId: "a1" }),
      // Bracketed and back to open within the round: it did not move.
      ev("proposal.withdrawn", { proposalId: "p2" }),
      ev("proposal.tabled", { proposalId: "p3", provisionId: "a2" }),
      // A proposal kept inside a delegation never changes the shared status.
      ev("proposal.tabled", { proposalId: "p4", provisionId: "a3" }, "party:am"),
      ev("round.closed", { roundId: "r2" }),
      ev("provision.reopened", { provisionId: "a1" }),
      ev("provision.agreed_ad_referendum", { provisionId: "a2" }),
    ];
    const moved = movementsByRound(events, [
      round("r1", "closed"),
      round("r2", "closed"),
      round("r3", "open"),
    ]);
    expect(moved.get("r1")).toEqual([
      { provisionId: "a1", from: null, to: "bracketed" },
      { provisionId: "a2", from: null, to: "bracketed" },
      { provisionId: "a3", from: null, to: "open" },
    ]);
    expect(moved.get("r2")).toEqual([{ provisionId: "a1", from: "bracketed", to: "agreed" }]);
    expect(moved.get("r3")).toEqual([
      { provisionId: "a1", from: "agreed", to: "reopened" },
      { provisionId: "a2", from: "bracketed", to: "agreed_ad_referendum" },
    ]);
  });
});
