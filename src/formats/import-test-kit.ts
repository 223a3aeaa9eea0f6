import { parseCommand } from "../domain/commands.ts";
import { execute } from "../domain/decide.ts";
import type { Side } from "../domain/entities.ts";
import { NegotiationState } from "../domain/state.ts";
import { viewerOf, viewFor } from "../domain/view.ts";
import type { ImportPlan } from "./import-commands.ts";
import { type InstrumentDocument, instrumentDocument } from "./model.ts";

/**
 * Test helpers for imports: an empty negotiation with the demo's parties and a member per side, and a
 * runner that executes an import plan the way the CLI would (attributed alternatives run as that side).
 */
export const NEGOTIATION = "import-test";
export const LEAD = "lead";
export const HEADS: Record<string, string> = { am: "am-head", az: "az-head" };

let clock = Date.parse("2024-01-01T09:00:00Z");
const at = () => {
  clock += 60_000;
  return new Date(clock).toISOString();
};

function run(state: NegotiationState, actor: string, command: unknown): void {
  execute(state, parseCommand(command), { negotiationId: NEGOTIATION, actor, at: at() });
}

/** A negotiation between Armenia and Azerbaijan with a mediation lead and both heads, and no instrument. */
export function emptyNegotiation(): NegotiationState {
  const state = new NegotiationState();
  run(state, "system", {
    type: "create-negotiation",
    negotiationId: NEGOTIATION,
    title: "Import test",
    lead: { memberId: LEAD, name: "Lead Mediator", email: "lead@mediation.parley.test" },
  });
  run(state, LEAD, { type: "add-party", partyId: "am", name: "Armenia" });
  run(state, LEAD, { type: "add-party", partyId: "az", name: "Azerbaijan" });
  for (const [party, memberId] of Object.entries(HEADS)) {
    run(state, LEAD, {
      type: "add-member",
      memberId,
      name: `Head ${party}`,
      email: `${memberId}@parley.test`,
      role: "delegation",
      rank: "head",
      partyId: party,
    });
  }
  return state;
}

/** Runs a plan: the importer's commands as `importer`, attributed ones as the lead or that party's head. */
export function runPlan(state: NegotiationState, plan: ImportPlan, importer = LEAD): void {
  const actorFor = (side: Side) => (side === "mediation" ? LEAD : (HEADS[side] ?? LEAD));
  for (const { command, as } of plan.commands)
    run(state, as === "importer" ? importer : actorFor(as), command);
}

/** The instrument as the lead reads it. */
export function leadDocument(state: NegotiationState): InstrumentDocument {
  return instrumentDocument(viewFor(state, viewerOf(state, LEAD)), {
    versionLabel: "Imported",
    date: "2024-01-01",
    preparedFor: "",
  });
}

/** What a round trip must keep of a document: structure, texts, alternatives and their proposers. */
export function essentials(doc: InstrumentDocument) {
  return {
    title: doc.title,
    provisions: doc.provisions.map((p) => ({
      kind: p.kind,
      depth: p.depth,
      number: p.number,
      heading: p.heading,
      text: p.text,
      alternatives: p.alternatives.map((a) => ({
        proposer: a.proposerId,
        kind: a.proposalKind === "new" ? "replace" : a.proposalKind,
        text: a.text,
        scope: a.scope,
      })),
    })),
  };
}
