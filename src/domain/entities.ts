import type { PartyId, Scope } from "./scope.ts";

/**
 * The projected state is a set of entities, each living in exactly one scope. An event only creates or
 * changes entities of its own scope, so a viewer's state is simply the entities of the scopes they read.
 */
interface Base<K extends string> {
  kind: K;
  id: string;
  scope: Scope;
  /** Number of events that changed this entity; writes carry it to detect stale edits. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type MediationRank = "lead" | "member";
export type DelegationRank = "head" | "member";

export type MemberRole =
  | { kind: "mediation"; rank: MediationRank }
  | { kind: "delegation"; party: PartyId; rank: DelegationRank }
  | { kind: "observer" };

export interface Negotiation extends Base<"negotiation"> {
  title: string;
  description: string;
  /** The mediation lead requires every member to sign in with a second factor (absent: not required). */
  requireSecondFactor?: boolean;
}

export interface Party extends Base<"party"> {
  name: string;
  shortName: string;
}

export interface Member extends Base<"member"> {
  name: string;
  email: string;
  title: string;
  role: MemberRole;
  active: boolean;
}

export type RoundState = "scheduled" | "open" | "closed";

export interface Round extends Base<"round"> {
  name: string;
  venue: string;
  startsOn: string;
  endsOn: string;
  state: RoundState;
  summary: string;
}

export type SessionKind = "opening" | "plenary" | "bilateral" | "caucus" | "closing";

export interface Session extends Base<"session"> {
  roundId: string;
  sessionKind: SessionKind;
  title: string;
  date: string;
  party: PartyId | null;
  attendance: string[];
  outcome: string;
  provisionsMoved: string[];
}

export type ActStage = "negotiating" | "adopted" | "initialled" | "signed" | "in_force";

export interface Instrument extends Base<"instrument"> {
  title: string;
  /** The words before the preamble that name the parties, e.g. "The Republic of Ardenia and …,"; "" when none. */
  openingFormula: string;
  /** The words between the preamble and the articles, e.g. "Have agreed as follows:"; "" when none. */
  closingFormula: string;
  /**
   * When the mediation tabled the text; null while it still drafts. Before, the mediation edits the text
   * directly and nobody takes positions; after, every change is a proposal.
   */
  tabledAt: string | null;
  stage: ActStage;
  adoptedAt: string | null;
  initialledOn: string | null;
  signedOn: string | null;
  ratifiedBy: Record<PartyId, string>;
  inForceOn: string | null;
}

export type ProvisionKind = "preamble" | "article" | "paragraph" | "final";
export type ProvisionStatus = "open" | "bracketed" | "agreed_ad_referendum" | "agreed" | "reopened";

export interface Provision extends Base<"provision"> {
  provisionKind: ProvisionKind;
  parentId: string | null;
  number: string;
  heading: string;
  /** The base text: the agreed text once agreed, else the text the alternatives would replace. */
  text: string;
  order: number;
  status: ProvisionStatus;
  /** Bumped at each agreement and reopening; positions count only within the current epoch. */
  epoch: number;
  /** The proposal adopted by the last agreement, or null when the base text was adopted. */
  adoptedProposalId: string | null;
  deleted: boolean;
  /** Withdrawn by the mediation while drafting: out of the text and every view, kept only in the history. */
  withdrawn: boolean;
}

export type ProposalKind = "new" | "replace" | "delete";
export type ProposalState = "live" | "withdrawn" | "adopted" | "superseded";
/** Who a proposal or position speaks for: a party, or the mediation for bridging proposals. */
export type Side = PartyId | "mediation";

export interface Proposal extends Base<"proposal"> {
  provisionId: string;
  proposalKind: ProposalKind;
  text: string;
  rationale: string;
  by: Side;
  bridging: boolean;
  authorId: string;
  state: ProposalState;
  epoch: number;
}

export type Stance = "accept" | "accept_ad_referendum" | "reserve" | "reject" | "counter_propose";

export interface Position extends Base<"position"> {
  provisionId: string;
  /** The alternative answered: a proposal id, or null for the provision's base text. */
  proposalId: string | null;
  party: PartyId;
  stance: Stance;
  comment: string;
  counterProposalId: string | null;
  epoch: number;
  authorId: string;
}

export type KeyIssueStatus = "open" | "narrowing" | "resolved";

export interface KeyIssue extends Base<"key_issue"> {
  title: string;
  description: string;
  provisionIds: string[];
  status: KeyIssueStatus;
}

export interface KeyIssuePosition extends Base<"key_issue_position"> {
  keyIssueId: string;
  party: PartyId;
  text: string;
  authorId: string;
}

export type StatementKind = "party" | "mediator" | "joint";

export interface Statement extends Base<"statement"> {
  statementKind: StatementKind;
  party: PartyId | null;
  title: string;
  text: string;
  revision: number;
  /** Parties that approved the current revision (joint statements only). */
  approvals: PartyId[];
  authorId: string;
}

/** A statement as released to the public: a self-contained copy, so the public sees nothing else. */
export interface Release extends Base<"release"> {
  statementId: string;
  statementKind: StatementKind;
  party: PartyId | null;
  issuedBy: string;
  negotiationTitle: string;
  title: string;
  text: string;
  /** The revision released, for a joint statement; null for one drafted in private (its revisions are not said). */
  revision: number | null;
}

export interface Incident extends Base<"incident"> {
  title: string;
  occurredOn: string;
  location: string;
  description: string;
  keyIssueIds: string[];
}

export type ClaimKind = "claim" | "response" | "reaction";

export interface Claim extends Base<"claim"> {
  incidentId: string;
  claimKind: ClaimKind;
  source: string;
  sourceParty: PartyId | null;
  respondsTo: string | null;
  text: string;
  statedOn: string;
}

export type NoteTargetKind =
  | "negotiation"
  | "round"
  | "session"
  | "provision"
  | "proposal"
  | "key_issue"
  | "statement"
  | "incident"
  | "claim";

export interface Note extends Base<"note"> {
  target: { kind: NoteTargetKind; id: string } | null;
  text: string;
  authorId: string;
}

export type Entity =
  | Negotiation
  | Party
  | Member
  | Round
  | Session
  | Instrument
  | Provision
  | Proposal
  | Position
  | KeyIssue
  | KeyIssuePosition
  | Statement
  | Release
  | Incident
  | Claim
  | Note;

export type EntityKind = Entity["kind"];
interface EntityByKind {
  negotiation: Negotiation;
  party: Party;
  member: Member;
  round: Round;
  session: Session;
  instrument: Instrument;
  provision: Provision;
  proposal: Proposal;
  position: Position;
  key_issue: KeyIssue;
  key_issue_position: KeyIssuePosition;
  statement: Statement;
  release: Release;
  incident: Incident;
  claim: Claim;
  note: Note;
}
export type EntityOf<K extends EntityKind> = EntityByKind[K];
