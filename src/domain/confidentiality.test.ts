import { describe, expect, it } from "vitest";
import type { CommandInput } from "./commands.ts";
import { errorOf, type Kit, MEMBERS as M, setUp } from "./test-kit.ts";

interface Probe {
  what: string;
  /** Puts something with the id "hidden" where the prober cannot read it. */
  hide: (kit: Kit) => void;
  actor: string;
  command: CommandInput;
}

const claimOn = (incidentId: string): CommandInput => ({
  type: "record-claim",
  claimId: "c",
  incidentId,
  claimKind: "claim",
  source: "S",
  text: "T",
  statedOn: "2023-05-01",
});

const PROBES: Probe[] = [
  {
    what: "Azerbaijan answering Armenia's private proposal",
    hide: (kit) =>
      kit.run(M.amHead, {
        type: "table-proposal",
        proposalId: "hidden",
        provisionId: "art1",
        proposalKind: "replace",
        text: "Fallback.",
        scope: "party:am",
      }),
    actor: M.azHead,
    command: {
      type: "take-position",
      positionId: "x",
      provisionId: "art1",
      proposalId: "hidden",
      stance: "reject",
      scope: "party:az",
    },
  },
  {
    what: "Azerbaijan withdrawing a proposal made in Armenia's caucus",
    hide: (kit) =>
      kit.run(M.lead, {
        type: "table-proposal",
        proposalId: "hidden",
        provisionId: "art1",
        proposalKind: "replace",
        text: "Bridge.",
        scope: "caucus:am",
      }),
    actor: M.azHead,
    command: { type: "withdraw-proposal", proposalId: "hidden" },
  },
  {
    what: "the mediation noting on Armenia's private incident record",
    hide: (kit) =>
      kit.run(M.amMember, {
        type: "record-incident",
        incidentId: "hidden",
        title: "T",
        occurredOn: "2023-05-01",
        description: "D",
        scope: "party:am",
      }),
    actor: M.lead,
    command: {
      type: "write-note",
      noteId: "n",
      text: "?",
      scope: "mediation",
      target: { kind: "incident", id: "hidden" },
    },
  },
  {
    what: "the mediation releasing Armenia's draft statement",
    hide: (kit) =>
      kit.run(M.amHead, {
        type: "draft-statement",
        statementId: "hidden",
        statementKind: "party",
        title: "T",
        text: "Draft.",
      }),
    actor: M.lead,
    command: { type: "release-statement", statementId: "hidden" },
  },
  {
    what: "Armenia revising the mediator's draft statement",
    hide: (kit) =>
      kit.run(M.mediator, {
        type: "draft-statement",
        statementId: "hidden",
        statementKind: "mediator",
        title: "T",
        text: "Draft.",
      }),
    actor: M.amHead,
    command: { type: "revise-statement", statementId: "hidden", text: "Ours." },
  },
  {
    what: "Azerbaijan claiming about an incident recorded in Armenia's caucus",
    hide: (kit) =>
      kit.run(M.amHead, {
        type: "record-incident",
        incidentId: "hidden",
        title: "T",
        occurredOn: "2023-05-01",
        description: "D",
        scope: "caucus:am",
      }),
    actor: M.azMember,
    command: claimOn("hidden"),
  },
  {
    what: "Azerbaijan noting on a caucus session with Armenia",
    hide: (kit) => {
      kit.run(M.lead, {
        type: "schedule-round",
        roundId: "r",
        name: "R",
        venue: "V",
        startsOn: "2023-05-01",
        endsOn: "2023-05-04",
      });
      kit.run(M.lead, {
        type: "schedule-session",
        sessionId: "hidden",
        roundId: "r",
        sessionKind: "caucus",
        title: "C",
        date: "2023-05-02",
        partyId: "am",
      });
    },
    actor: M.azHead,
    command: {
      type: "write-note",
      noteId: "n",
      text: "?",
      scope: "party:az",
      target: { kind: "session", id: "hidden" },
    },
  },
  {
    what: "Armenia noting on the mediation's internal incident",
    hide: (kit) =>
      kit.run(M.mediator, {
        type: "record-incident",
        incidentId: "hidden",
        title: "T",
        occurredOn: "2023-05-01",
        description: "D",
        scope: "mediation",
      }),
    actor: M.amHead,
    command: {
      type: "write-note",
      noteId: "n",
      text: "?",
      scope: "shared",
      target: { kind: "incident", id: "hidden" },
    },
  },
];

describe("something in an unreadable scope looks exactly like nothing", () => {
  for (const probe of PROBES) {
    it(probe.what, () => {
      const withHidden = setUp();
      probe.hide(withHidden);
      const without = setUp();
      const seen = errorOf(() => withHidden.run(probe.actor, probe.command));
      const absent = errorOf(() => without.run(probe.actor, probe.command));
      expect(seen?.code).toBe("not_found");
      // Same code, status, sentence and details: nothing tells the prober that "hidden" exists.
      expect({ ...seen, message: seen?.message }).toEqual({ ...absent, message: absent?.message });
      expect(seen?.status).toBe(404);
    });
  }

  it("a nonexistent id and a hidden id differ only by the id in the sentence", () => {
    const kit = setUp();
    PROBES[0]?.hide(kit);
    const hidden = errorOf(() => kit.run(M.azHead, { type: "withdraw-proposal", proposalId: "hidden" }));
    const ghost = errorOf(() => kit.run(M.azHead, { type: "withdraw-proposal", proposalId: "ghost" }));
    expect(hidden?.message.replace("hidden", "<id>")).toBe(ghost?.message.replace("ghost", "<id>"));
    expect(hidden?.details).toEqual({ kind: "proposal", id: "hidden" });
    expect(ghost?.details).toEqual({ kind: "proposal", id: "ghost" });
  });
});
