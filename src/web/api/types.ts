/** The shapes of the API responses the app reads (see /api/openapi.json); entities are the domain's types. */
import type {
  Instrument,
  Member,
  MemberRole,
  Negotiation,
  Party,
  ProvisionStatus,
  Round,
} from "../../domain/entities.ts";
import type { Scope } from "../../domain/scope.ts";
import type { ProvisionView } from "../../domain/view.ts";
import type { Blank } from "../../text/blanks.ts";

export interface Account {
  email: string;
  name: string;
  operator: boolean;
  /** May create negotiations (an operator grants it). */
  mayHost: boolean;
}

export interface SessionInfo {
  account: Account;
  csrfToken: string | null;
}

export interface NegotiationListItem {
  id: string;
  title: string;
  memberId: string;
  role: MemberRole;
}

export interface Audience {
  scope: Scope;
  label: string;
  readers: string[];
}

export interface NegotiationSummary {
  negotiation: Negotiation | null;
  parties: Party[];
  members: Member[];
  rounds: Round[];
  instrument: Instrument | null;
  provisionCounts: Partial<Record<ProvisionStatus, number>>;
  you: {
    memberId: string;
    role: string;
    party: string | null;
    abilities: Record<string, boolean>;
    writableScopes: Audience[];
  };
}

/** A provision of the text as the instrument view gives it: with the blanks left in its text. */
export interface InstrumentProvision extends ProvisionView {
  blanks: Blank[];
}

export interface InstrumentResponse {
  instrument: Instrument | null;
  /** The blanks left in the whole text. */
  blanks: number;
  provisions: InstrumentProvision[];
}

export interface LastMileItem {
  id: string;
  number: string;
  status: ProvisionStatus;
  convergence: number;
  keyIssues: string[];
}

export interface ProgressReport {
  total: number;
  byStatus: Record<ProvisionStatus, { count: number; share: number }>;
  index: number;
  lastMile: LastMileItem[];
  openIssues: { issue: string; provisions: string[] }[];
  timedOut: boolean;
}

export interface ProgressResponse {
  rounds: { roundId: string; name: string; progress: ProgressReport }[];
  current: ProgressReport;
}
