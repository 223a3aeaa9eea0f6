import type { ProvisionStatus, Round } from "../../../domain/entities.ts";
import type { RecordedEvent } from "../../../domain/envelope.ts";

/** A provision whose status changed over a round: where it stood before the round and where it stands after. */
export interface Movement {
  provisionId: string;
  from: ProvisionStatus | null;
  to: ProvisionStatus;
}

const field = (data: unknown, key: string): string | null => {
  const value =
    typeof data === "object" && data !== null ? (data as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : null;
};

/**
 * Which provisions moved in each round: the status of every provision at each round's close, compared with
 * its status at the previous round's close (or before any round). The statuses are replayed from the shared
 * events, which is where status changes live (ARCHITECTURE: status changes are explicit shared events); a
 * round still open is measured up to now. Scheduled rounds have not moved anything yet.
 */
export function movementsByRound(
  events: readonly RecordedEvent[],
  rounds: readonly Round[],
): Map<string, Movement[]> {
  const status = new Map<string, ProvisionStatus>();
  // Live shared proposals per provision: withdrawing the last one unbrackets a provision.
  const live = new Map<string, Set<string>>();
  const proposalProvision = new Map<string, string>();
  let before = new Map<string, ProvisionStatus>();
  const result = new Map<string, Movement[]>();
  const roundIds = new Set(rounds.map((r) => r.id));

  const settle = (roundId: string) => {
    const moved: Movement[] = [];
    for (const [provisionId, to] of status) {
      const from = before.get(provisionId) ?? null;
      if (from !== to) moved.push({ provisionId, from, to });
    }
    result.set(roundId, moved);
    before = new Map(status);
  };

  for (const event of events) {
    if (event.scope !== "shared") continue;
    const d = event.data;
    const provisionId = field(d, "provisionId");
    switch (event.type) {
      case "provision.added":
        if (provisionId) status.set(provisionId, "open");
        break;
      case "proposal.tabled": {
        const proposalId = field(d, "proposalId");
        if (!provisionId || !proposalId) break;
        proposalProvision.set(proposalId, provisionId);
        const set = live.get(provisionId) ?? new Set();
        set.add(proposalId);
        live.set(provisionId, set);
        if (status.get(provisionId) !== "reopened") status.set(provisionId, "bracketed");
        break;
      }
      case "proposal.withdrawn": {
        const proposalId = field(d, "proposalId");
        const of = proposalId ? proposalProvision.get(proposalId) : undefined;
        if (!proposalId || !of) break;
        live.get(of)?.delete(proposalId);
        if (status.get(of) === "bracketed" && (live.get(of)?.size ?? 0) === 0) status.set(of, "open");
        break;
      }
      case "provision.agreed_ad_referendum":
      case "provision.agreed":
        if (!provisionId) break;
        status.set(provisionId, event.type === "provision.agreed" ? "agreed" : "agreed_ad_referendum");
        // Agreement settles every live alternative (adopted or superseded).
        live.delete(provisionId);
        break;
      case "provision.reopened":
        if (provisionId) status.set(provisionId, "reopened");
        break;
      case "round.closed": {
        const roundId = field(d, "roundId");
        if (roundId && roundIds.has(roundId)) settle(roundId);
        break;
      }
    }
  }
  const open = rounds.find((r) => r.state === "open");
  if (open && !result.has(open.id)) settle(open.id);
  return result;
}
