/**
 * The one family of errors the domain raises. `code` is stable and part of the API: clients and tests
 * match on it, so never rename one. `status` is the HTTP status the server maps it to.
 */
export type ErrorCode =
  | "validation"
  | "not_found"
  | "forbidden"
  | "conflict.stale"
  | "conflict.exists"
  | "negotiation.exists"
  | "negotiation.missing"
  | "scope.not_writable"
  | "scope.reference_narrower"
  | "member.exists"
  | "member.last_lead"
  | "member.removed"
  | "party.exists"
  | "party.unknown"
  | "round.exists"
  | "round.state"
  | "round.another_open"
  | "session.state"
  | "instrument.exists"
  | "instrument.missing"
  | "instrument.adopted_locked"
  | "instrument.not_all_agreed"
  | "instrument.blanks_open"
  | "instrument.drafting"
  | "instrument.tabled"
  | "act.order"
  | "provision.exists"
  | "provision.agreed_locked"
  | "provision.not_agreed"
  | "provision.not_accepted_by_all"
  | "provision.deleted"
  | "provision.move_into_itself"
  | "provision.paragraph_without_article"
  | "provision.not_top_level"
  | "proposal.invalid"
  | "proposal.not_live"
  | "proposal.not_own"
  | "proposal.new_must_be_shared"
  | "position.not_own_party"
  | "position.not_delegation"
  | "key_issue.exists"
  | "statement.exists"
  | "statement.not_joint"
  | "statement.already_released"
  | "statement.approval_missing"
  | "statement.already_approved"
  | "incident.exists"
  | "claim.invalid"
  | "note.exists";

const STATUS: Partial<Record<ErrorCode, number>> = {
  validation: 400,
  not_found: 404,
  forbidden: 403,
  "negotiation.missing": 404,
};

/** A broken rule, with a stable code, a human sentence and optional structured details. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.status = STATUS[code] ?? (code.startsWith("conflict") ? 409 : 422);
    this.details = details;
  }
}

/** The "does not exist" error; used for things the actor cannot read as well, so the two look alike. */
export function notFound(kind: string, id: string): DomainError {
  return new DomainError("not_found", `No ${kind} with id ${id}.`, { kind, id });
}

/** Throws a DomainError with `code` unless `condition` holds. */
export function ensure(
  condition: unknown,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): asserts condition {
  if (!condition) throw new DomainError(code, message, details);
}
