import { COMMAND_TYPES, type CommandType } from "../domain/commands.ts";
import type { Member } from "../domain/entities.ts";
import { mayIssue, partyOf, roleOf, writableScopes } from "../domain/policy.ts";
import { audiencesOf, type Scope, scopeParts } from "../domain/scope.ts";
import type { NegotiationState } from "../domain/state.ts";
import { countsInText, instrumentOutline } from "../domain/view.ts";
import { findBlanks } from "../text/index.ts";

/** Who reads a scope, in words and by name: shown before and after every write ("Visible to: …"). */
export function audienceOf(
  scope: Scope,
  view: NegotiationState,
): { scope: Scope; label: string; readers: string[] } {
  const parties = new Map(view.all("party").map((p) => [p.id, p.name]));
  const { kind, party } = scopeParts(scope);
  const partyName = party ? (parties.get(party) ?? party) : "";
  const label = {
    public: "Visible to: anyone (released to the public)",
    shared: "Visible to: every delegation, the mediation and observers",
    mediation: "Visible to: the mediation team only",
    caucus: `Visible to: the ${partyName} delegation and the mediation`,
    party: `Visible to: the ${partyName} delegation only`,
  }[kind];
  const audiences = audiencesOf(scope, [...parties.keys()]);
  const readers = view
    .activeMembers()
    .filter((m) => {
      if (m.role.kind === "mediation") return audiences.has("mediation");
      if (m.role.kind === "observer") return audiences.has("observer");
      return audiences.has(`delegation:${m.role.party}`);
    })
    .map((m) => m.name);
  return { scope, label, readers };
}

/** The ability map for the UI: what this member may do, and where they may write. */
export function abilitiesOf(member: Member, view: NegotiationState) {
  const abilities = Object.fromEntries(COMMAND_TYPES.map((t) => [t, mayIssue(member, t)])) as Record<
    CommandType,
    boolean
  >;
  return {
    memberId: member.id,
    role: roleOf(member),
    party: partyOf(member),
    abilities,
    writableScopes: [...writableScopes(member, view.partyIds())].map((s) => audienceOf(s, view)),
  };
}

/** The negotiation's dashboard data as this member may see it. */
export function negotiationSummary(member: Member, view: NegotiationState) {
  const provisions = view.all("provision").filter(countsInText);
  const byStatus: Record<string, number> = {};
  for (const p of provisions) byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
  return {
    negotiation: view.negotiation ?? null,
    parties: view.all("party"),
    members: view.activeMembers(),
    rounds: view.all("round"),
    instrument: view.all("instrument")[0] ?? null,
    provisionCounts: byStatus,
    you: abilitiesOf(member, view),
  };
}

/**
 * The single negotiating text in document order, with the alternatives and positions the viewer reads, and
 * the blanks left in each provision's text (and their total) so a reader sees what is still to fill. The
 * total counts the provisions progress counts (`countsInText`), so the two never disagree.
 */
export function instrumentView(view: NegotiationState) {
  const provisions = instrumentOutline(view).map((v) => ({ ...v, blanks: findBlanks(v.provision.text) }));
  return {
    instrument: view.all("instrument")[0] ?? null,
    blanks: provisions.reduce((n, v) => n + (countsInText(v.provision) ? v.blanks.length : 0), 0),
    provisions,
  };
}
