import type { Member, Position, Proposal, Provision } from "./entities.ts";
import { readableScopes, type Viewer } from "./policy.ts";
import type { NegotiationState } from "./state.ts";

/** The part of the state a viewer may read: the entities of their scopes, nothing else. */
export function viewFor(state: NegotiationState, viewer: Viewer): NegotiationState {
  return state.filtered(readableScopes(viewer, state.partyIds()));
}

/** The viewer for a member id or e-mail address: an active member, or the public. */
export function viewerOf(state: NegotiationState, memberIdOrEmail: string | null): Viewer {
  if (memberIdOrEmail === null) return { kind: "public" };
  const needle = memberIdOrEmail.toLowerCase();
  const member = state
    .all("member")
    .find((m: Member) => m.active && (m.id === memberIdOrEmail || m.email === needle));
  return member ? { kind: "member", member } : { kind: "public" };
}

export interface ProvisionView {
  provision: Provision;
  depth: number;
  /** Live alternatives the viewer can read, tabled on any scope they read. */
  alternatives: Proposal[];
  positions: Position[];
}

/**
 * The instrument as the viewer reads it: provisions in document order (depth-first), each with the live
 * alternatives and the current-epoch positions from the viewer's scopes only.
 */
export function instrumentOutline(view: NegotiationState): ProvisionView[] {
  const children = new Map<string | null, Provision[]>();
  for (const provision of view.all("provision")) {
    // Withdrawn while drafting: out of the text (its paragraphs were withdrawn with it), kept in the history.
    if (provision.withdrawn) continue;
    const siblings = children.get(provision.parentId) ?? [];
    siblings.push(provision);
    children.set(provision.parentId, siblings);
  }
  const proposals = new Map<string, Proposal[]>();
  for (const proposal of view.all("proposal")) {
    if (proposal.state !== "live") continue;
    const list = proposals.get(proposal.provisionId) ?? [];
    list.push(proposal);
    proposals.set(proposal.provisionId, list);
  }
  const positions = new Map<string, Position[]>();
  for (const position of view.all("position")) {
    const list = positions.get(position.provisionId) ?? [];
    list.push(position);
    positions.set(position.provisionId, list);
  }
  const out: ProvisionView[] = [];
  const walk = (parentId: string | null, depth: number) => {
    const siblings = (children.get(parentId) ?? []).sort((a, b) => a.order - b.order);
    for (const provision of siblings) {
      out.push({
        provision,
        depth,
        alternatives: proposals.get(provision.id) ?? [],
        positions: (positions.get(provision.id) ?? []).filter((p) => p.epoch === provision.epoch),
      });
      walk(provision.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
