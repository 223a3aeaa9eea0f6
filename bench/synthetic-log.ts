import type { RecordedEvent } from "../src/domain/envelope.ts";
import { type Kit, MEMBERS as M, setUp } from "../src/domain/test-kit.ts";
import { appendToChain, type ChainHead, genesisHead } from "../src/record/chain.ts";

/**
 * A realistic history of `count` events, made through the domain (so it replays) and sealed into chains:
 * proposals, positions and notes across scopes on a growing instrument.
 */
export function syntheticLog(count: number): RecordedEvent[] {
  const kit: Kit = setUp({ tabled: false });
  // The whole draft first (the mediation writes it, then tables it); the talks then negotiate it.
  for (let n = 1; n <= Math.ceil(count / 10); n++) {
    kit.run(M.lead, {
      type: "add-provision",
      provisionId: `gen${n}`,
      provisionKind: "article",
      number: String(n),
      text: `Article text ${n * 10}.`,
    });
  }
  kit.run(M.lead, { type: "table-text" });
  let i = 0;
  while (kit.log.length < count) {
    i++;
    const provisionId = `gen${Math.floor(i / 10)}`;
    // Every tenth step once added an article; skipping it keeps the mix of the other traffic unchanged.
    if (i % 10 === 0) continue;
    if (i % 10 < 4 && kit.state.get("provision", provisionId)) {
      const by = i % 2 ? M.amHead : M.azHead;
      kit.run(by, {
        type: "table-proposal",
        proposalId: `p${i}`,
        provisionId,
        proposalKind: "replace",
        text: `The Parties shall cooperate on matter ${i}.`,
        scope: i % 3 ? "shared" : `caucus:${i % 2 ? "am" : "az"}`,
      });
    } else if (i % 10 < 6 && kit.state.get("provision", provisionId)) {
      const proposalId = kit.state.get("proposal", `p${i - 2}`) ? `p${i - 2}` : null;
      const proposal = proposalId ? kit.state.get("proposal", proposalId) : undefined;
      if (proposal?.scope === "shared") {
        kit.run(M.azHead, {
          type: "take-position",
          positionId: `x${i}`,
          provisionId,
          proposalId,
          stance: "reserve",
        });
      }
    } else {
      const scopes = ["shared", "mediation", "caucus:am", "party:am"] as const;
      const scope = scopes[i % 4] ?? "shared";
      const author = scope === "party:am" ? M.amHead : M.lead;
      kit.run(author, {
        type: "write-note",
        noteId: `note${i}`,
        text: `Note ${i} on the state of play.`,
        scope,
      });
    }
  }
  const heads = new Map<string, ChainHead>();
  return kit.log.slice(0, count).map((e) => {
    const head = heads.get(e.scope) ?? genesisHead(e.negotiationId, e.scope);
    const sealed = appendToChain(head, {
      negotiationId: e.negotiationId,
      type: e.type,
      actor: e.actor,
      at: e.at,
      data: e.data,
    });
    heads.set(e.scope, sealed.head);
    return sealed.event;
  });
}
