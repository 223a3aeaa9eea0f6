import { z } from "zod";
import { DomainError } from "./errors.ts";
import { isPartyId, parseScope, type Scope } from "./scope.ts";

/**
 * Commands are what users ask for. One zod schema per command gives validation, the TypeScript type and
 * (in the server) the API documentation. Unknown fields are rejected: a typo must not be silently dropped.
 */
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "an id of letters, digits, '_', '.', '-'");
const partyId = z.string().refine(isPartyId, "a party id: lower-case letters, digits and '-'");
const scope = z.string().refine((s) => parseScope(s) !== null, "a scope") as unknown as z.ZodType<Scope>;
const line = (max = 300) => z.string().trim().min(1).max(max);
const optionalLine = (max = 300) => z.string().trim().max(max).default("");
const body = (max = 100_000) => z.string().max(max);
const day = z.iso.date();
const email = z.email().max(254);

const c = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

export const commandSchemas = [
  c("create-negotiation", {
    negotiationId: id,
    title: line(),
    description: optionalLine(2_000),
    lead: z.strictObject({ memberId: id, name: line(), email, title: optionalLine() }),
  }),
  c("add-party", { partyId, name: line(), shortName: optionalLine(40) }),
  c("add-member", {
    memberId: id,
    name: line(),
    email,
    title: optionalLine(),
    role: z.enum(["mediation", "delegation", "observer"]),
    rank: z.enum(["lead", "member", "head"]).default("member"),
    partyId: partyId.optional(),
  }),
  c("remove-member", { memberId: id }),
  c("require-second-factor", { required: z.boolean() }),
  c("schedule-round", { roundId: id, name: line(), venue: line(), startsOn: day, endsOn: day }),
  c("open-round", { roundId: id }),
  c("close-round", { roundId: id, summary: optionalLine(5_000) }),
  c("schedule-session", {
    sessionId: id,
    roundId: id,
    sessionKind: z.enum(["opening", "plenary", "bilateral", "caucus", "closing"]),
    title: line(),
    date: day,
    partyId: partyId.optional(),
  }),
  c("record-attendance", { sessionId: id, memberIds: z.array(id).max(500) }),
  c("record-outcome", {
    sessionId: id,
    outcome: body(20_000),
    provisionIds: z.array(id).max(2_000).default([]),
  }),
  c("create-instrument", { title: line(500) }),
  c("add-provision", {
    provisionId: id,
    provisionKind: z.enum(["preamble", "article", "paragraph", "final"]),
    parentId: id.optional(),
    number: optionalLine(40),
    heading: optionalLine(),
    text: body(),
    afterId: id.optional(),
  }),
  c("renumber-provision", { provisionId: id, number: line(40), baseVersion: z.int().min(0).optional() }),
  // Drafting: while the text is not yet tabled, the mediation writes it directly (no proposals, no positions).
  c("edit-instrument", {
    title: line(500).optional(),
    openingFormula: z.string().trim().max(2_000).optional(),
    closingFormula: z.string().trim().max(2_000).optional(),
  }),
  c("edit-provision", {
    provisionId: id,
    heading: z.string().trim().max(300).optional(),
    text: body().optional(),
    baseVersion: z.int().min(0),
  }),
  c("move-provision", {
    provisionId: id,
    /** The new parent (an article, for a paragraph), or null for the top level. */
    parentId: id.nullable().default(null),
    /** The sibling it goes after, or null for the first place among its new siblings. */
    afterId: id.nullable().default(null),
    baseVersion: z.int().min(0),
  }),
  c("withdraw-provision", { provisionId: id, baseVersion: z.int().min(0) }),
  c("renumber-text", {}),
  c("table-text", {}),
  c("table-proposal", {
    proposalId: id,
    provisionId: id,
    proposalKind: z.enum(["new", "replace", "delete"]),
    text: body().default(""),
    rationale: optionalLine(5_000),
    scope: scope.default("shared"),
    baseVersion: z.int().min(0).optional(),
    newProvision: z
      .strictObject({
        provisionKind: z.enum(["preamble", "article", "paragraph", "final"]),
        parentId: id.optional(),
        number: optionalLine(40),
        heading: optionalLine(),
        afterId: id.optional(),
      })
      .optional(),
  }),
  c("withdraw-proposal", { proposalId: id }),
  c("take-position", {
    positionId: id,
    provisionId: id,
    proposalId: id.nullable().default(null),
    partyId: partyId.optional(),
    stance: z.enum(["accept", "accept_ad_referendum", "reserve", "reject", "counter_propose"]),
    comment: optionalLine(5_000),
    scope: scope.default("shared"),
    counter: z.strictObject({ proposalId: id, text: body() }).optional(),
  }),
  c("mark-agreed-ad-referendum", {
    provisionId: id,
    proposalId: id.nullable().default(null),
    baseVersion: z.int().min(0).optional(),
  }),
  c("mark-agreed", {
    provisionId: id,
    proposalId: id.nullable().default(null),
    baseVersion: z.int().min(0).optional(),
  }),
  c("reopen-provision", {
    provisionId: id,
    reason: optionalLine(5_000),
    baseVersion: z.int().min(0).optional(),
  }),
  c("adopt-instrument", {}),
  c("record-act", {
    stage: z.enum(["initialled", "signed", "ratified", "in_force"]),
    date: day,
    partyId: partyId.optional(),
  }),
  c("raise-key-issue", {
    keyIssueId: id,
    title: line(),
    description: optionalLine(5_000),
    provisionIds: z.array(id).max(2_000).default([]),
  }),
  c("link-key-issue", { keyIssueId: id, provisionIds: z.array(id).min(1).max(2_000) }),
  c("state-key-issue-position", {
    keyIssueId: id,
    positionId: id,
    text: body(20_000),
    scope: scope.default("shared"),
  }),
  c("set-key-issue-status", { keyIssueId: id, status: z.enum(["open", "narrowing", "resolved"]) }),
  c("draft-statement", {
    statementId: id,
    statementKind: z.enum(["party", "mediator", "joint"]),
    title: line(),
    text: body(50_000),
  }),
  c("revise-statement", { statementId: id, title: line().optional(), text: body(50_000) }),
  c("approve-statement", { statementId: id }),
  c("release-statement", { statementId: id }),
  c("record-incident", {
    incidentId: id,
    title: line(),
    occurredOn: day,
    location: optionalLine(),
    description: body(20_000),
    keyIssueIds: z.array(id).max(200).default([]),
    scope: scope.default("shared"),
  }),
  c("record-claim", {
    claimId: id,
    incidentId: id,
    claimKind: z.enum(["claim", "response", "reaction"]),
    source: line(),
    sourcePartyId: partyId.optional(),
    respondsTo: id.optional(),
    text: body(20_000),
    statedOn: day,
    scope: scope.default("shared"),
  }),
  c("write-note", {
    noteId: id,
    target: z
      .strictObject({
        kind: z.enum([
          "negotiation",
          "round",
          "session",
          "provision",
          "proposal",
          "key_issue",
          "statement",
          "incident",
          "claim",
        ]),
        id,
      })
      .optional(),
    text: body(50_000).min(1),
    scope,
  }),
] as const;

export const commandSchema = z.discriminatedUnion(
  "type",
  commandSchemas as unknown as [(typeof commandSchemas)[number], ...(typeof commandSchemas)[number][]],
);

export type Command = z.output<typeof commandSchema>;
export type CommandInput = z.input<typeof commandSchema>;
export type CommandType = Command["type"];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

export const COMMAND_TYPES: readonly CommandType[] = commandSchemas.map((s) => s.shape.type.value);

/** Validates untrusted input into a command, or throws a `validation` DomainError listing every issue. */
export function parseCommand(input: unknown): Command {
  const result = commandSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  throw new DomainError("validation", "The command is not valid.", { issues });
}
