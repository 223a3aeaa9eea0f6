import type { Entity, EntityKind, EntityOf } from "./entities.ts";
import type { AppliedEvent, EventOf, EventType } from "./events.ts";
import { entityKey, type NegotiationState } from "./state.ts";

type Fields<K extends EntityKind> = Omit<
  EntityOf<K>,
  "kind" | "id" | "scope" | "version" | "createdAt" | "updatedAt"
>;

/** Collects the keys of entities an event created or changed, for the store's projection table. */
class Fold {
  readonly touched: string[] = [];
  constructor(
    readonly state: NegotiationState,
    readonly event: AppliedEvent,
  ) {}

  create<K extends EntityKind>(kind: K, id: string, fields: Fields<K>): void {
    const { scope, at } = this.event;
    const entity = {
      ...fields,
      kind,
      id,
      scope,
      version: 1,
      createdAt: at,
      updatedAt: at,
    } as unknown as Entity;
    this.state.put(entity);
    this.touched.push(entityKey(kind, id));
  }

  /** Changes an entity of the event's own scope; anything else is a bug in decide, so it throws. */
  update<K extends EntityKind>(
    kind: K,
    id: string,
    change: (entity: EntityOf<K>) => Partial<Fields<K>>,
  ): void {
    const current = this.state.get(kind, id);
    if (!current) throw new Error(`evolve: ${this.event.type} refers to missing ${kind} ${id}`);
    if (current.scope !== this.event.scope) {
      throw new Error(
        `evolve: ${this.event.type} in ${this.event.scope} may not change ${kind} ${id} in ${current.scope}`,
      );
    }
    const next = { ...current, ...change(current), version: current.version + 1, updatedAt: this.event.at };
    this.state.put(next as Entity);
    this.touched.push(entityKey(kind, id));
  }
}

type Handler<T extends EventType> = (fold: Fold, data: EventOf<T>["data"], event: AppliedEvent) => void;
type Handlers = { [T in EventType]: Handler<T> };

const handlers: Handlers = {
  "negotiation.created": (f, d) =>
    f.create("negotiation", d.negotiationId, { title: d.title, description: d.description }),
  "party.added": (f, d) => f.create("party", d.partyId, { name: d.name, shortName: d.shortName }),
  "member.added": (f, d) =>
    f.create("member", d.memberId, {
      name: d.name,
      email: d.email,
      title: d.title,
      role: d.role,
      active: true,
    }),
  "member.removed": (f, d) => f.update("member", d.memberId, (_) => ({ active: false })),
  "second-factor.required-set": (f, d) =>
    f.update("negotiation", d.negotiationId, (_) => ({ requireSecondFactor: d.required })),
  "round.scheduled": (f, d) =>
    f.create("round", d.roundId, {
      name: d.name,
      venue: d.venue,
      startsOn: d.startsOn,
      endsOn: d.endsOn,
      state: "scheduled",
      summary: "",
    }),
  "round.opened": (f, d) => f.update("round", d.roundId, (_) => ({ state: "open" as const })),
  "round.closed": (f, d) =>
    f.update("round", d.roundId, (_) => ({ state: "closed" as const, summary: d.summary })),
  "session.scheduled": (f, d) =>
    f.create("session", d.sessionId, {
      roundId: d.roundId,
      sessionKind: d.sessionKind,
      title: d.title,
      date: d.date,
      party: d.party,
      attendance: [],
      outcome: "",
      provisionsMoved: [],
    }),
  "session.attendance.recorded": (f, d) =>
    f.update("session", d.sessionId, (_) => ({ attendance: d.memberIds })),
  "session.outcome.recorded": (f, d) =>
    f.update("session", d.sessionId, (_) => ({ outcome: d.outcome, provisionsMoved: d.provisionIds })),
  "instrument.created": (f, d, e) =>
    f.create("instrument", instrumentIdOf(e), {
      title: d.title,
      openingFormula: "",
      closingFormula: "",
      tabledAt: null,
      stage: "negotiating",
      adoptedAt: null,
      initialledOn: null,
      signedOn: null,
      ratifiedBy: {},
      inForceOn: null,
    }),
  "provision.added": (f, d) =>
    f.create("provision", d.provisionId, {
      provisionKind: d.provisionKind,
      parentId: d.parentId,
      number: d.number,
      heading: d.heading,
      text: d.text,
      order: d.order,
      status: "open",
      epoch: 0,
      adoptedProposalId: null,
      deleted: false,
      withdrawn: false,
    }),
  "provision.renumbered": (f, d) => f.update("provision", d.provisionId, (_) => ({ number: d.number })),
  "provision.edited": (f, d) =>
    f.update("provision", d.provisionId, (_) => ({ heading: d.heading, text: d.text })),
  "provision.moved": (f, d) =>
    f.update("provision", d.provisionId, (_) => ({ parentId: d.parentId, order: d.order })),
  "provision.withdrawn": (f, d) => f.update("provision", d.provisionId, (_) => ({ withdrawn: true })),
  "proposal.tabled": (f, d, e) => {
    f.create("proposal", d.proposalId, {
      provisionId: d.provisionId,
      proposalKind: d.proposalKind,
      text: d.text,
      rationale: d.rationale,
      by: d.by,
      bridging: d.bridging,
      authorId: e.actor,
      state: "live",
      epoch: d.epoch,
    });
    // A proposal on the shared text brackets its provision; one kept in a narrower scope must not touch it.
    const provision = f.state.get("provision", d.provisionId);
    if (provision && provision.scope === e.scope) {
      f.update("provision", d.provisionId, (p) => ({
        status: p.status === "reopened" ? ("reopened" as const) : ("bracketed" as const),
      }));
    }
  },
  "proposal.withdrawn": (f, d, e) => {
    f.update("proposal", d.proposalId, (_) => ({ state: "withdrawn" as const }));
    const proposal = f.state.get("proposal", d.proposalId);
    const provision = proposal && f.state.get("provision", proposal.provisionId);
    if (provision && provision.scope === e.scope) {
      // With its last live alternative gone, the provision is no longer bracketed; a provision that only a
      // proposal for a new provision brought in had no text of its own, so it leaves the text with it.
      const live = f.state
        .all("proposal")
        .some((p) => p.provisionId === provision.id && p.scope === e.scope && p.state === "live");
      const unsettled = provision.status === "bracketed" || provision.status === "open";
      f.update("provision", provision.id, (p) => ({
        status: p.status === "bracketed" && !live ? ("open" as const) : p.status,
        deleted: p.deleted || (!live && unsettled && proposal.proposalKind === "new"),
      }));
    }
  },
  "position.taken": (f, d, e) =>
    f.create("position", d.positionId, {
      provisionId: d.provisionId,
      proposalId: d.proposalId,
      party: d.party,
      stance: d.stance,
      comment: d.comment,
      counterProposalId: d.counterProposalId,
      epoch: d.epoch,
      authorId: e.actor,
    }),
  "provision.agreed_ad_referendum": (f, d, e) => settle(f, d, e, "agreed_ad_referendum"),
  "provision.agreed": (f, d, e) => settle(f, d, e, "agreed"),
  "provision.reopened": (f, d) =>
    f.update("provision", d.provisionId, (p) => ({ status: "reopened" as const, epoch: p.epoch + 1 })),
  "instrument.edited": (f, d, e) =>
    f.update("instrument", instrumentIdOf(e), (_) => ({
      title: d.title,
      openingFormula: d.openingFormula,
      closingFormula: d.closingFormula,
    })),
  "instrument.tabled": (f, _d, e) => f.update("instrument", instrumentIdOf(e), (_) => ({ tabledAt: e.at })),
  "instrument.adopted": (f, _d, e) =>
    f.update("instrument", instrumentIdOf(e), (_) => ({ stage: "adopted" as const, adoptedAt: e.at })),
  "act.initialled": (f, d, e) =>
    f.update("instrument", instrumentIdOf(e), (_) => ({
      stage: "initialled" as const,
      initialledOn: d.date,
    })),
  "act.signed": (f, d, e) =>
    f.update("instrument", instrumentIdOf(e), (_) => ({ stage: "signed" as const, signedOn: d.date })),
  "act.ratified": (f, d, e) =>
    f.update("instrument", instrumentIdOf(e), (i) => ({
      ratifiedBy: { ...i.ratifiedBy, [d.party]: d.date },
    })),
  "act.entered_into_force": (f, d, e) =>
    f.update("instrument", instrumentIdOf(e), (_) => ({ stage: "in_force" as const, inForceOn: d.date })),
  "key_issue.raised": (f, d) =>
    f.create("key_issue", d.keyIssueId, {
      title: d.title,
      description: d.description,
      provisionIds: d.provisionIds,
      status: "open",
    }),
  "key_issue.linked": (f, d) =>
    f.update("key_issue", d.keyIssueId, (k) => ({
      provisionIds: [...new Set([...k.provisionIds, ...d.provisionIds])],
    })),
  "key_issue.position.stated": (f, d, e) =>
    f.create("key_issue_position", d.positionId, {
      keyIssueId: d.keyIssueId,
      party: d.party,
      text: d.text,
      authorId: e.actor,
    }),
  "key_issue.status.changed": (f, d) => f.update("key_issue", d.keyIssueId, (_) => ({ status: d.status })),
  "statement.drafted": (f, d, e) =>
    f.create("statement", d.statementId, {
      statementKind: d.statementKind,
      party: d.party,
      title: d.title,
      text: d.text,
      revision: 1,
      approvals: [],
      authorId: e.actor,
    }),
  "statement.revised": (f, d) =>
    f.update("statement", d.statementId, (s) => ({
      title: d.title,
      text: d.text,
      revision: s.revision + 1,
      approvals: [],
    })),
  "statement.approved": (f, d) =>
    f.update("statement", d.statementId, (s) => ({ approvals: [...s.approvals, d.party] })),
  "statement.released": (f, d) =>
    f.create("release", d.statementId, {
      statementId: d.statementId,
      statementKind: d.statementKind,
      party: d.party,
      issuedBy: d.issuedBy,
      negotiationTitle: d.negotiationTitle,
      title: d.title,
      text: d.text,
      revision: d.revision,
    }),
  "incident.recorded": (f, d) =>
    f.create("incident", d.incidentId, {
      title: d.title,
      occurredOn: d.occurredOn,
      location: d.location,
      description: d.description,
      keyIssueIds: d.keyIssueIds,
    }),
  "incident.claim.recorded": (f, d) =>
    f.create("claim", d.claimId, {
      incidentId: d.incidentId,
      claimKind: d.claimKind,
      source: d.source,
      sourceParty: d.sourceParty,
      respondsTo: d.respondsTo,
      text: d.text,
      statedOn: d.statedOn,
    }),
  "note.written": (f, d, e) =>
    f.create("note", d.noteId, { target: d.target, text: d.text, authorId: e.actor }),
};

/** The instrument's id: one instrument per negotiation, named after it. */
function instrumentIdOf(event: AppliedEvent): string {
  return `${event.negotiationId}-instrument`;
}

function settle(
  f: Fold,
  d: EventOf<"provision.agreed">["data"],
  e: AppliedEvent,
  status: "agreed" | "agreed_ad_referendum",
): void {
  f.update("provision", d.provisionId, (p) => ({
    status,
    text: d.text,
    deleted: d.deleted,
    adoptedProposalId: d.proposalId,
    // Agreement closes the epoch of positions only when final; ad referendum keeps the positions so
    // that parties confirm the same alternative.
    epoch: status === "agreed" ? p.epoch + 1 : p.epoch,
  }));
  for (const proposal of f.state.all("proposal")) {
    if (proposal.provisionId !== d.provisionId || proposal.scope !== e.scope || proposal.state !== "live")
      continue;
    f.update("proposal", proposal.id, (_) => ({
      state: proposal.id === d.proposalId ? ("adopted" as const) : ("superseded" as const),
    }));
  }
}

/** Applies one recorded event to the state, in place; returns the keys of the entities it touched. */
export function evolve(state: NegotiationState, event: AppliedEvent): string[] {
  const fold = new Fold(state, event);
  const handler = handlers[event.type] as Handler<EventType>;
  handler(fold, event.data, event);
  return fold.touched;
}
