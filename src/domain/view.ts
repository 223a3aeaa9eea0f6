import type { KeyIssue, Member, Position, Proposal, Provision } from "./entities.ts";
import { notFound } from "./errors.ts";
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

/**
 * The one lookup of a provision for a read: a withdrawn one left the text while drafting and is answered
 * exactly as one that never was (only the history keeps it), like one the viewer cannot read.
 */
export function provisionInText(view: NegotiationState, provisionId: string): Provision {
  const provision = view.get("provision", provisionId);
  if (!provision || provision.withdrawn) throw notFound("provision", provisionId);
  return provision;
}

/**
 * Whether a provision counts in the text (progress, blank totals, adoption): on the shared text, neither
 * withdrawn while drafting nor agreed for deletion. Every count of "the text" uses this, so they agree.
 */
export function countsInText(provision: Provision): boolean {
  return provision.scope === "shared" && !provision.deleted && !provision.withdrawn;
}

/** Key issues as a viewer reads them: a provision withdrawn after it was linked is no longer named. */
export function keyIssuesInText(view: NegotiationState): KeyIssue[] {
  return view.all("key_issue").map((issue) => {
    const provisionIds = issue.provisionIds.filter((id) => !view.get("provision", id)?.withdrawn);
    return provisionIds.length === issue.provisionIds.length ? issue : { ...issue, provisionIds };
  });
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
