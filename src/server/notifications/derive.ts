import type { Member } from "../../domain/entities.ts";
import { readableScopes } from "../../domain/policy.ts";
import type { NegotiationState } from "../../domain/state.ts";
import type { NotifiableEvent, NotificationRow } from "../../store/notifications.ts";

/** What an inbox entry is about. */
export type EntryKind =
  | "statement.approval"
  | "proposal"
  | "position"
  | "round.scheduled"
  | "round.opened"
  | "invitation.accepted";

export interface DeriveInput {
  negotiationId: string;
  /** The negotiation's whole current state: who the members are, what each side took part in. */
  state: NegotiationState;
  events: readonly NotifiableEvent[];
  /** Explicit follow choices: member id → provision id → following. */
  choices: ReadonlyMap<string, ReadonlyMap<string, boolean>>;
  /** Members who joined by invitation: their member id → the inviter's member id. */
  invitedBy: ReadonlyMap<string, string>;
  now: string;
}

/**
 * Whether a member follows a provision: their own choice if they made one; otherwise the mediation and every
 * delegation follow every provision (each is a party to the whole text: a proposal on any article is theirs to
 * answer), an observer none. Whom the entry reaches is still limited to who may read the event's scope.
 */
export function follows(
  member: Member,
  choice: boolean | null | undefined,
): { following: boolean; byRole: boolean } {
  const byRole = followsByRole(member);
  return { following: choice ?? byRole, byRole };
}

function followsByRole(member: Member): boolean {
  return member.role.kind !== "observer";
}

/**
 * The inbox entries a batch of events makes: for each event, the active members who may read its scope and
 * whom it concerns. An entry is keyed by the event's (scope, scope_seq), so it names nothing beyond the event the
 * recipient reads anyway. One's own actions make no entry (save an accepted invitation, for its inviter).
 */
export function deriveEntries(input: DeriveInput): NotificationRow[] {
  const { state, negotiationId } = input;
  const members = state.activeMembers();
  const parties = state.partyIds();
  const readers = new Map(
    members.map((m) => [m.id, readableScopes({ kind: "member", member: m }, parties)] as const),
  );
  const rows: NotificationRow[] = [];
  const add = (
    member: Member,
    event: NotifiableEvent,
    kind: EntryKind,
    targetKind: string,
    targetId: string,
  ) => {
    if (!readers.get(member.id)?.has(event.scope)) return;
    rows.push({
      negotiation_id: negotiationId,
      scope: event.scope,
      scope_seq: event.scopeSeq,
      recipient: member.id,
      email: member.email.toLowerCase(),
      kind,
      target_kind: targetKind,
      target_id: targetId,
      at: event.at,
      created_at: input.now,
      read_at: null,
    });
  };
  const others = (event: NotifiableEvent) => members.filter((m) => m.id !== event.actor);

  for (const event of input.events) {
    const d = event.data;
    switch (event.type) {
      case "proposal.tabled":
      case "position.taken": {
        const provisionId = String(d.provisionId);
        const kind = event.type === "proposal.tabled" ? "proposal" : "position";
        for (const m of others(event)) {
          const choice = input.choices.get(m.id)?.get(provisionId);
          if (choice ?? followsByRole(m)) add(m, event, kind, "provision", provisionId);
        }
        break;
      }
      case "round.scheduled":
      case "round.opened":
        for (const m of others(event)) add(m, event, event.type, "round", String(d.roundId));
        break;
      case "statement.drafted":
      case "statement.revised": {
        const statement = state.get("statement", String(d.statementId));
        if (statement?.statementKind !== "joint") break;
        if (state.get("release", statement.id)) break;
        for (const m of others(event)) {
          const role = m.role;
          if (role.kind !== "delegation" || role.rank !== "head") continue;
          if (statement.approvals.includes(role.party)) continue;
          add(m, event, "statement.approval", "statement", statement.id);
        }
        break;
      }
      case "member.added": {
        const inviter = input.invitedBy.get(String(d.memberId));
        const member = inviter ? state.get("member", inviter) : undefined;
        if (member?.active) add(member, event, "invitation.accepted", "member", String(d.memberId));
        break;
      }
    }
  }
  return rows;
}
