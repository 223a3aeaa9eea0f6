import type {
  ClaimKind,
  KeyIssueStatus,
  MemberRole,
  ProposalKind,
  ProvisionKind,
  SessionKind,
  Side,
  Stance,
  StatementKind,
} from "./entities.ts";
import type { PartyId, Scope } from "./scope.ts";

/**
 * Domain events, named in the past tense. Each carries everything its projection needs, so that a
 * viewer's history folds into their state without reading anything outside their scopes.
 */
interface E<T extends string, D> {
  type: T;
  scope: Scope;
  data: D;
}

export type DomainEvent =
  | E<"negotiation.created", { negotiationId: string; title: string; description: string }>
  | E<"party.added", { partyId: PartyId; name: string; shortName: string }>
  | E<"member.added", { memberId: string; name: string; email: string; title: string; role: MemberRole }>
  | E<"member.removed", { memberId: string }>
  | E<"second-factor.required-set", { negotiationId: string; required: boolean }>
  | E<"round.scheduled", { roundId: string; name: string; venue: string; startsOn: string; endsOn: string }>
  | E<"round.opened", { roundId: string }>
  | E<"round.closed", { roundId: string; summary: string }>
  | E<
      "session.scheduled",
      {
        sessionId: string;
        roundId: string;
        sessionKind: SessionKind;
        title: string;
        date: string;
        party: PartyId | null;
      }
    >
  | E<"session.attendance.recorded", { sessionId: string; memberIds: string[] }>
  | E<"session.outcome.recorded", { sessionId: string; outcome: string; provisionIds: string[] }>
  | E<"instrument.created", { title: string }>
  | E<"instrument.edited", { title: string; openingFormula: string; closingFormula: string }>
  | E<"instrument.tabled", Record<string, never>>
  | E<
      "provision.added",
      {
        provisionId: string;
        provisionKind: ProvisionKind;
        parentId: string | null;
        number: string;
        heading: string;
        text: string;
        order: number;
      }
    >
  | E<"provision.renumbered", { provisionId: string; number: string }>
  | E<"provision.edited", { provisionId: string; heading: string; text: string }>
  | E<"provision.moved", { provisionId: string; parentId: string | null; order: number }>
  | E<"provision.withdrawn", { provisionId: string }>
  | E<
      "proposal.tabled",
      {
        proposalId: string;
        provisionId: string;
        proposalKind: ProposalKind;
        text: string;
        rationale: string;
        by: Side;
        bridging: boolean;
        epoch: number;
      }
    >
  | E<"proposal.withdrawn", { proposalId: string }>
  | E<
      "position.taken",
      {
        positionId: string;
        provisionId: string;
        proposalId: string | null;
        party: PartyId;
        stance: Stance;
        comment: string;
        counterProposalId: string | null;
        epoch: number;
      }
    >
  | E<
      "provision.agreed_ad_referendum",
      { provisionId: string; proposalId: string | null; text: string; deleted: boolean }
    >
  | E<"provision.agreed", { provisionId: string; proposalId: string | null; text: string; deleted: boolean }>
  | E<"provision.reopened", { provisionId: string; reason: string; by: Side }>
  | E<"instrument.adopted", Record<string, never>>
  | E<"act.initialled", { date: string }>
  | E<"act.signed", { date: string }>
  | E<"act.ratified", { date: string; party: PartyId }>
  | E<"act.entered_into_force", { date: string }>
  | E<"key_issue.raised", { keyIssueId: string; title: string; description: string; provisionIds: string[] }>
  | E<"key_issue.linked", { keyIssueId: string; provisionIds: string[] }>
  | E<"key_issue.position.stated", { positionId: string; keyIssueId: string; party: PartyId; text: string }>
  | E<"key_issue.status.changed", { keyIssueId: string; status: KeyIssueStatus }>
  | E<
      "statement.drafted",
      {
        statementId: string;
        statementKind: StatementKind;
        party: PartyId | null;
        title: string;
        text: string;
      }
    >
  | E<"statement.revised", { statementId: string; title: string; text: string }>
  | E<"statement.approved", { statementId: string; party: PartyId }>
  | E<
      "statement.released",
      {
        statementId: string;
        statementKind: StatementKind;
        party: PartyId | null;
        issuedBy: string;
        negotiationTitle: string;
        title: string;
        text: string;
        /** The revision released: joint statements only (null: drafted in private, its revisions not said). */
        revision: number | null;
      }
    >
  | E<
      "incident.recorded",
      {
        incidentId: string;
        title: string;
        occurredOn: string;
        location: string;
        description: string;
        keyIssueIds: string[];
      }
    >
  | E<
      "incident.claim.recorded",
      {
        claimId: string;
        incidentId: string;
        claimKind: ClaimKind;
        source: string;
        sourceParty: PartyId | null;
        respondsTo: string | null;
        text: string;
        statedOn: string;
      }
    >
  | E<
      "note.written",
      {
        noteId: string;
        target: { kind: import("./entities.ts").NoteTargetKind; id: string } | null;
        text: string;
      }
    >;

export type EventType = DomainEvent["type"];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** A domain event with the envelope fields the fold needs: who and when. */
export type AppliedEvent = DomainEvent & { negotiationId: string; actor: string; at: string };
