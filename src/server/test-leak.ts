import { randomInt } from "node:crypto";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { COMMAND_TYPES, type CommandType } from "../domain/commands.ts";
import type { Entity, EntityKind, Member } from "../domain/entities.ts";
import { mayIssue, readableScopes, writableScopes } from "../domain/policy.ts";
import { audiencesOf, type PartyId, type Scope } from "../domain/scope.ts";
import type { NegotiationState } from "../domain/state.ts";
import { NEGOTIATION, PASSWORD, ROLE_EMAILS, type TestApp, type TestRole } from "./test-app.ts";

/**
 * Shared by the leak matrix and the marker scan: who each test role is by the policy, the recipes that
 * exercise every route with and without a named object, and the comparison of two responses byte for byte.
 */

export const MEMBER_ROLES = [
  "mediation-lead",
  "mediation-member",
  "am-head",
  "am-member",
  "az-head",
  "az-member",
  "observer",
] as const satisfies readonly TestRole[];
export const ALL_ROLES: readonly TestRole[] = [...MEMBER_ROLES, "operator", "outsider", "anonymous"];

/** A test role as the policy sees it: its member record (if any), the scopes it reads and writes. */
export interface Actor {
  role: TestRole;
  member: Member | null;
  party: PartyId | null;
  readable: ReadonlySet<Scope>;
  /** Writable scopes, narrowest audience first (party, mediation, caucus, shared). */
  writable: readonly Scope[];
}

export async function actorsOf(t: TestApp): Promise<Map<TestRole, Actor>> {
  const full = await t.store.fullState(NEGOTIATION);
  const parties = full.partyIds();
  const actors = new Map<TestRole, Actor>();
  for (const role of ALL_ROLES) {
    const email = role === "anonymous" ? null : ROLE_EMAILS[role];
    const { viewer } = await t.store.viewAs(NEGOTIATION, email);
    const member = viewer.kind === "member" ? viewer.member : null;
    const writable = member
      ? [...writableScopes(member, parties)].sort(
          (a, b) => audiencesOf(a, parties).size - audiencesOf(b, parties).size,
        )
      : [];
    actors.set(role, {
      role,
      member,
      party: member?.role.kind === "delegation" ? member.role.party : null,
      readable: readableScopes(viewer, parties),
      writable,
    });
  }
  return actors;
}

export function actorOf(actors: ReadonlyMap<TestRole, Actor>, role: TestRole): Actor {
  const actor = actors.get(role);
  if (!actor) throw new Error(`no actor ${role}`);
  return actor;
}

/** True when the policy table lets this actor issue the command at all. */
export function mayActorIssue(actor: Actor, type: CommandType): boolean {
  return actor.member !== null && mayIssue(actor.member, type);
}

/** Something a route can name: an entity, with what a recipe needs to name it consistently. */
export interface Obj {
  kind: EntityKind;
  id: string;
  scope: Scope;
  provisionId?: string;
  incidentId?: string;
}

export function objOf(entity: Entity): Obj {
  const obj: Obj = { kind: entity.kind, id: entity.id, scope: entity.scope };
  if (entity.kind === "proposal") obj.provisionId = entity.provisionId;
  if (entity.kind === "claim") obj.incidentId = entity.incidentId;
  return obj;
}

/** Every entity of the store, as objects a route can name. */
export async function everyObject(t: TestApp): Promise<Obj[]> {
  const full: NegotiationState = await t.store.fullState(NEGOTIATION);
  return [...full.entities()].map(objOf);
}

/**
 * An id of the same shape that names nothing: the same length, the same prefix up to the first '-', letters
 * where there were letters and digits where there were digits. Responses about it and about a real id can
 * then be compared byte for byte once each id is replaced by one placeholder.
 */
export function ghostOf(id: string): string {
  const cut = id.indexOf("-") + 1;
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const tail = [...id.slice(cut)]
    .map((ch) => {
      if (/[0-9]/.test(ch)) return String(randomInt(10));
      if (/[a-z]/.test(ch)) return letters[randomInt(26)];
      if (/[A-Z]/.test(ch)) return (letters[randomInt(26)] ?? "q").toUpperCase();
      return ch;
    })
    .join("");
  return `${id.slice(0, cut)}${tail}`;
}

const VOLATILE_HEADERS = new Set(["date", "x-request-id"]);

/** A response as bytes to compare: status, headers but the volatile ones, body; the given ids made alike. */
export function fingerprint(response: LightMyRequestResponse, ids: readonly string[]): string {
  const headers = Object.entries(response.headers)
    .filter(([name]) => !VOLATILE_HEADERS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  let text = `${response.statusCode}\n${JSON.stringify(headers)}\n${response.rawPayload.toString("latin1")}`;
  for (const id of ids) text = text.split(id).join("<ID>");
  return text;
}

/** Every byte a client receives, headers included, as text to search. */
export function receivedText(response: LightMyRequestResponse): string {
  return `${response.statusCode}\n${JSON.stringify(response.headers)}\n${response.rawPayload.toString("utf8")}`;
}

export function problemOf(response: LightMyRequestResponse): Record<string, unknown> {
  try {
    const body = response.json() as unknown;
    return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The policy's refusal: 403 `forbidden` naming the command (finer rules refuse without naming it). */
export function isPolicyRefusal(response: LightMyRequestResponse, type: CommandType): boolean {
  const problem = problemOf(response);
  return response.statusCode === 403 && problem.code === "forbidden" && problem.command === type;
}

/** The "no such thing" answer about this id. */
export function isNotFoundOf(response: LightMyRequestResponse, id: string): boolean {
  const problem = problemOf(response);
  return response.statusCode === 404 && problem.code === "not_found" && problem.id === id;
}

// ---------------------------------------------------------------------------------------------------------
// Recipes: how to exercise each route, with an optional focus on one object named by one parameter or field.

export interface Focus {
  /** The parameter or body field (dotted for nested fields) that names the object. */
  name: string;
  obj: Obj;
}

export interface RecipeContext {
  actor: Actor;
  focus?: Focus;
  /** Current version of each provision (versioned commands must carry the right one to reach the lookup). */
  versions: ReadonlyMap<string, number>;
  /** A fresh suffix, for values that must differ per request (e-mail addresses). */
  unique: string;
}

export interface Built {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** A body that is not JSON (a draft to import). */
  raw?: { contentType: string; payload: string };
}

export interface Recipe {
  /** Parameters or body fields that name an object, with the kinds each may name. */
  refs: Readonly<Record<string, readonly EntityKind[]>>;
  /** Parameters or body fields that name nothing (free values). */
  plain?: readonly string[];
  /** Fields that name a new thing rather than an existing one (a party being added). */
  creates?: readonly string[];
  build(c: RecipeContext): Built;
  /** The status the rules give a role the policy lets through, on a readable focus, when they fix it. */
  readableStatus?(c: RecipeContext & { focus: Focus }): number | null;
}

const narrowest = (a: Actor): Scope => a.writable[0] ?? "shared";
/** The focus object's own scope when the actor may write there, else the actor's narrowest. */
const scopeFor = (a: Actor, obj: Obj): Scope => (a.writable.includes(obj.scope) ? obj.scope : narrowest(a));
const focusId = (c: RecipeContext, name: string, fallback: string): string =>
  c.focus?.name === name ? c.focus.obj.id : fallback;
const focused = (c: RecipeContext, name: string): Obj | undefined =>
  c.focus?.name === name ? c.focus.obj : undefined;
const versionOf = (c: RecipeContext, provisionId: string): number => c.versions.get(provisionId) ?? 0;
const NOTE_TARGETS: readonly EntityKind[] = [
  "negotiation",
  "round",
  "session",
  "provision",
  "proposal",
  "key_issue",
  "statement",
  "incident",
  "claim",
];

/**
 * One recipe per command. Defaults are chosen to stop at a rule after authorization (a stale version, a
 * closed round, an id taken) or to write harmless neutral content, so the matrix can run them all.
 */
export const COMMAND_RECIPES: Readonly<Record<Exclude<CommandType, "create-negotiation">, Recipe>> = {
  "add-party": {
    refs: {},
    plain: ["name", "shortName"],
    creates: ["partyId"],
    build: () => ({ body: { partyId: "am", name: "Again" } }),
  },
  "add-member": {
    refs: { partyId: ["party"] },
    plain: ["name", "email", "title", "role", "rank"],
    build: (c) => ({
      // An address already in the negotiation: refused as member.exists once authorized.
      body: {
        name: "Matrix Invitee",
        email: "olson@mediation.parley.test",
        role: "delegation",
        rank: "member",
        partyId: focusId(c, "partyId", c.actor.party ?? "am"),
      },
    }),
  },
  "require-second-factor": {
    refs: {},
    // Lifting the requirement (it is off in the demo): the lead's command succeeds and changes nothing else.
    plain: ["required"],
    build: () => ({ body: { required: false } }),
  },
  "remove-member": {
    refs: { memberId: ["member"] },
    // The only mediation lead: refused as member.last_lead (or by the head's own-delegation rule).
    build: (c) => ({ body: { memberId: focusId(c, "memberId", "blinken") } }),
  },
  "schedule-round": {
    refs: {},
    plain: ["name", "venue", "startsOn", "endsOn"],
    build: () => ({
      body: { name: "Matrix round", venue: "Online", startsOn: "2030-01-02", endsOn: "2030-01-01" },
    }),
  },
  "open-round": {
    refs: { roundId: ["round"] },
    build: (c) => ({ body: { roundId: focusId(c, "roundId", "r3") } }),
  },
  "close-round": {
    refs: { roundId: ["round"] },
    plain: ["summary"],
    build: (c) => ({ body: { roundId: focusId(c, "roundId", "r3") } }),
  },
  "schedule-session": {
    refs: { roundId: ["round"], partyId: ["party"] },
    plain: ["sessionKind", "title", "date"],
    build: (c) => {
      const party = focused(c, "partyId");
      return {
        body: {
          roundId: focusId(c, "roundId", "r3"),
          sessionKind: party ? "caucus" : "plenary",
          title: "Matrix session",
          date: "2023-05-02",
          ...(party ? { partyId: party.id } : {}),
        },
      };
    },
  },
  "record-attendance": {
    refs: { sessionId: ["session"], memberIds: ["member"] },
    build: (c) => ({
      body: {
        sessionId: focusId(c, "sessionId", "r3-plenary"),
        memberIds: [focusId(c, "memberIds", "blinken")],
      },
    }),
    readableStatus: () => 201,
  },
  "record-outcome": {
    refs: { sessionId: ["session"], provisionIds: ["provision"] },
    plain: ["outcome"],
    build: (c) => {
      const provision = focused(c, "provisionIds");
      return {
        body: {
          sessionId: focusId(c, "sessionId", "r3-plenary"),
          outcome: "Matrix outcome.",
          provisionIds: provision ? [provision.id] : [],
        },
      };
    },
    readableStatus: () => 201,
  },
  "create-instrument": { refs: {}, plain: ["title"], build: () => ({ body: { title: "Matrix" } }) },
  "add-provision": {
    refs: { parentId: ["provision"], afterId: ["provision"] },
    plain: ["provisionKind", "number", "heading", "text"],
    // art-8 is no child of art-12: refused as validation after the parent is looked up.
    build: (c) => ({
      body: {
        provisionKind: "paragraph",
        parentId: focusId(c, "parentId", "art-12"),
        afterId: focusId(c, "afterId", "art-8"),
        text: "Matrix",
      },
    }),
  },
  "renumber-provision": {
    refs: { provisionId: ["provision"] },
    plain: ["number", "baseVersion"],
    build: (c) => ({
      body: { provisionId: focusId(c, "provisionId", "art-12"), number: "99", baseVersion: 0 },
    }),
  },
  // The demo's text is tabled: a member the policy lets through is refused as instrument.tabled (422).
  "edit-instrument": {
    refs: {},
    plain: ["title", "openingFormula", "closingFormula"],
    build: () => ({ body: { closingFormula: "Matrix" } }),
  },
  "edit-provision": {
    refs: { provisionId: ["provision"] },
    plain: ["heading", "text", "baseVersion"],
    build: (c) => {
      const provisionId = focusId(c, "provisionId", "art-12");
      return { body: { provisionId, text: "Matrix", baseVersion: versionOf(c, provisionId) } };
    },
  },
  "move-provision": {
    refs: { provisionId: ["provision"], parentId: ["provision"], afterId: ["provision"] },
    plain: ["baseVersion"],
    build: (c) => {
      const provisionId = focusId(c, "provisionId", "art-12");
      return {
        body: {
          provisionId,
          parentId: focused(c, "parentId")?.id ?? null,
          afterId: focusId(c, "afterId", "art-8"),
          baseVersion: versionOf(c, provisionId),
        },
      };
    },
  },
  "withdraw-provision": {
    refs: { provisionId: ["provision"] },
    plain: ["baseVersion"],
    build: (c) => {
      const provisionId = focusId(c, "provisionId", "art-12");
      return { body: { provisionId, baseVersion: versionOf(c, provisionId) } };
    },
  },
  // The demo's articles are numbered in order: renumbering changes nothing (201, no events).
  "renumber-text": { refs: {}, build: () => ({ body: {} }) },
  "table-text": { refs: {}, build: () => ({ body: {} }) },
  "table-proposal": {
    refs: {
      provisionId: ["provision"],
      "newProvision.parentId": ["provision"],
      "newProvision.afterId": ["provision"],
    },
    plain: [
      "proposalKind",
      "text",
      "rationale",
      "scope",
      "baseVersion",
      "newProvision",
      "newProvision.provisionKind",
      "newProvision.number",
      "newProvision.heading",
    ],
    build: (c) => {
      if (c.focus?.name.startsWith("newProvision.")) {
        return {
          body: {
            proposalKind: "new",
            text: "Matrix text",
            scope: "shared",
            newProvision: {
              provisionKind: "paragraph",
              parentId: focusId(c, "newProvision.parentId", "art-12"),
              afterId: focusId(c, "newProvision.afterId", "art-8"),
            },
          },
        };
      }
      // Version 0 is stale for every provision: refused as conflict.stale after the lookup.
      return {
        body: {
          provisionId: focusId(c, "provisionId", "art-12"),
          proposalKind: "replace",
          text: "Matrix text",
          scope: "shared",
          baseVersion: 0,
        },
      };
    },
  },
  "withdraw-proposal": {
    refs: { proposalId: ["proposal"] },
    // Already withdrawn in the demo: refused as proposal.not_live or proposal.not_own.
    build: (c) => ({ body: { proposalId: focusId(c, "proposalId", "p-art1-az") } }),
  },
  "take-position": {
    refs: { provisionId: ["provision"], proposalId: ["proposal"], partyId: ["party"] },
    plain: ["stance", "comment", "scope", "counter", "counter.text"],
    build: (c) => {
      const proposal = focused(c, "proposalId");
      const party = focused(c, "partyId");
      return {
        body: {
          // art-1 is agreed: refused as provision.agreed_locked unless the focus is elsewhere.
          provisionId: proposal?.provisionId ?? focusId(c, "provisionId", "art-1"),
          proposalId: proposal?.id ?? null,
          stance: "reserve",
          scope: proposal ? scopeFor(c.actor, proposal) : narrowest(c.actor),
          ...(party ? { partyId: party.id } : {}),
        },
      };
    },
    readableStatus: (c) => (c.focus.name === "proposalId" ? 201 : null),
  },
  "mark-agreed-ad-referendum": markAgreedRecipe(),
  "mark-agreed": markAgreedRecipe(),
  "reopen-provision": {
    refs: { provisionId: ["provision"] },
    plain: ["reason", "baseVersion"],
    build: (c) => ({ body: { provisionId: focusId(c, "provisionId", "art-12"), baseVersion: 0 } }),
  },
  "adopt-instrument": { refs: {}, build: () => ({ body: {} }) },
  "record-act": {
    refs: { partyId: ["party"] },
    plain: ["stage", "date"],
    // The act is not signed yet: refused as act.order.
    build: (c) => ({
      body: { stage: "ratified", date: "2023-05-04", partyId: focusId(c, "partyId", c.actor.party ?? "am") },
    }),
  },
  "raise-key-issue": {
    refs: { provisionIds: ["provision"] },
    plain: ["title", "description"],
    build: (c) => {
      const provision = focused(c, "provisionIds");
      return { body: { title: "Matrix issue", provisionIds: provision ? [provision.id] : [] } };
    },
    readableStatus: () => 201,
  },
  "link-key-issue": {
    refs: { keyIssueId: ["key_issue"], provisionIds: ["provision"] },
    build: (c) => ({
      body: {
        keyIssueId: focusId(c, "keyIssueId", "ki-border"),
        provisionIds: [focusId(c, "provisionIds", "art-12")],
      },
    }),
    readableStatus: () => 201,
  },
  "state-key-issue-position": {
    refs: { keyIssueId: ["key_issue"] },
    plain: ["text", "scope"],
    build: (c) => ({
      body: {
        keyIssueId: focusId(c, "keyIssueId", "ki-border"),
        text: "Matrix position.",
        scope: narrowest(c.actor),
      },
    }),
    readableStatus: () => 201,
  },
  "set-key-issue-status": {
    refs: { keyIssueId: ["key_issue"] },
    plain: ["status"],
    build: (c) => ({ body: { keyIssueId: focusId(c, "keyIssueId", "ki-border"), status: "narrowing" } }),
    readableStatus: () => 201,
  },
  "draft-statement": {
    refs: {},
    plain: ["statementKind", "title", "text"],
    build: (c) => ({
      body: { statementKind: c.actor.party ? "party" : "mediator", title: "Matrix draft", text: "Matrix." },
    }),
  },
  "revise-statement": {
    refs: { statementId: ["statement"] },
    plain: ["title", "text"],
    build: (c) => ({
      body: { statementId: focusId(c, "statementId", "st-joint"), text: "Matrix revision." },
    }),
  },
  "approve-statement": {
    refs: { statementId: ["statement"] },
    build: (c) => ({ body: { statementId: focusId(c, "statementId", "st-joint") } }),
  },
  "release-statement": {
    refs: { statementId: ["statement"] },
    build: (c) => ({ body: { statementId: focusId(c, "statementId", "st-joint") } }),
  },
  "record-incident": {
    refs: { keyIssueIds: ["key_issue"] },
    plain: ["title", "occurredOn", "location", "description", "scope"],
    build: (c) => {
      const issue = focused(c, "keyIssueIds");
      return {
        body: {
          title: "Matrix incident",
          occurredOn: "2023-04-23",
          description: "Matrix.",
          keyIssueIds: issue ? [issue.id] : [],
          scope: narrowest(c.actor),
        },
      };
    },
    readableStatus: () => 201,
  },
  "record-claim": {
    refs: { incidentId: ["incident"], respondsTo: ["claim"], sourcePartyId: ["party"] },
    plain: ["claimKind", "source", "text", "statedOn", "scope"],
    build: (c) => {
      const incident = focused(c, "incidentId");
      const answered = focused(c, "respondsTo");
      const party = focused(c, "sourcePartyId");
      const about = incident ?? answered;
      return {
        body: {
          incidentId: incident?.id ?? answered?.incidentId ?? "inc-checkpoint",
          claimKind: answered ? "response" : "claim",
          source: "Matrix source",
          text: "Matrix claim.",
          statedOn: "2023-04-23",
          scope: about ? scopeFor(c.actor, about) : narrowest(c.actor),
          ...(answered ? { respondsTo: answered.id } : {}),
          ...(party ? { sourcePartyId: party.id } : {}),
        },
      };
    },
    readableStatus: () => 201,
  },
  "write-note": {
    refs: { "target.id": NOTE_TARGETS },
    plain: ["text", "scope", "target", "target.kind"],
    build: (c) => {
      const target = focused(c, "target.id");
      return {
        body: {
          text: "Matrix note.",
          scope: target ? scopeFor(c.actor, target) : narrowest(c.actor),
          ...(target ? { target: { kind: target.kind, id: target.id } } : {}),
        },
      };
    },
    readableStatus: () => 201,
  },
};

function markAgreedRecipe(): Recipe {
  return {
    refs: { provisionId: ["provision"], proposalId: ["proposal"] },
    plain: ["baseVersion"],
    build: (c) => {
      const proposal = focused(c, "proposalId");
      if (proposal?.provisionId) {
        // The current version, so the command gets as far as looking the proposal up.
        return {
          body: {
            provisionId: proposal.provisionId,
            proposalId: proposal.id,
            baseVersion: versionOf(c, proposal.provisionId),
          },
        };
      }
      return { body: { provisionId: focusId(c, "provisionId", "art-12"), proposalId: null, baseVersion: 0 } };
    },
  };
}

/** What a member gets from a route, by the policy. */
export type MemberExpectation =
  | { kind: "status"; status: number }
  | { kind: "command"; type: CommandType }
  | { kind: "policy"; type: CommandType; allowed: number }
  /** A WebSocket: a member's upgrade is accepted and greeted (a plain GET is not the way in). */
  | { kind: "websocket" };

/** A route under a negotiation: a read, or a write with its own policy. */
export interface NegotiationRoute extends Recipe {
  member(actor: Actor): MemberExpectation;
  /** Anyone may call it, member or not (the public releases). */
  public?: boolean;
}

const view = (recipe: Partial<Recipe> = {}): NegotiationRoute => ({
  refs: {},
  build: () => ({}),
  ...recipe,
  member: () => ({ kind: "status", status: 200 }),
});

/** The read routes and the non-command writes under a negotiation, by URL pattern. */
export const NEGOTIATION_ROUTES: Readonly<Record<string, NegotiationRoute>> = {
  "GET /api/negotiations/:negotiationId": view(),
  "GET /api/negotiations/:negotiationId/instrument": view(),
  "GET /api/negotiations/:negotiationId/members": view(),
  "GET /api/negotiations/:negotiationId/rounds": view(),
  "GET /api/negotiations/:negotiationId/key-issues": view(),
  "GET /api/negotiations/:negotiationId/statements": view(),
  "GET /api/negotiations/:negotiationId/incidents": view(),
  "GET /api/negotiations/:negotiationId/notes": view(),
  "GET /api/negotiations/:negotiationId/receipts": view(),
  "GET /api/negotiations/:negotiationId/history-export": view(),
  "GET /api/negotiations/:negotiationId/progress": view(),
  "GET /api/negotiations/:negotiationId/history": view({ plain: ["after"] }),
  "GET /api/negotiations/:negotiationId/provisions/:provisionId": view({
    refs: { provisionId: ["provision"] },
    build: (c) => ({ params: { provisionId: focusId(c, "provisionId", "art-13") } }),
  }),
  "GET /api/negotiations/:negotiationId/provisions/:provisionId/convergence": view({
    refs: { provisionId: ["provision"] },
    build: (c) => ({ params: { provisionId: focusId(c, "provisionId", "art-13") } }),
  }),
  "GET /api/negotiations/:negotiationId/provisions/:provisionId/compare": view({
    refs: { provisionId: ["provision"], a: ["proposal"], b: ["proposal"] },
    build: (c) => {
      const proposal = focused(c, "a") ?? focused(c, "b");
      return {
        params: { provisionId: proposal?.provisionId ?? focusId(c, "provisionId", "art-13") },
        query: { a: focusId(c, "a", "base"), b: focusId(c, "b", "base") },
      };
    },
  }),
  "GET /api/negotiations/:negotiationId/instrument/compare": view({
    refs: { from: ["round"], to: ["round"] },
    build: (c) => ({ query: { from: focusId(c, "from", "r3"), to: focusId(c, "to", "current") } }),
  }),
  "GET /api/negotiations/:negotiationId/statements/compare": view({
    refs: { a: ["statement", "release"], b: ["statement", "release"] },
    build: (c) => ({ query: { a: focusId(c, "a", "st-joint"), b: focusId(c, "b", "st-joint") } }),
  }),
  "GET /api/public/negotiations/:negotiationId/releases": { ...view(), public: true },
  "GET /api/negotiations/:negotiationId/export": view({
    refs: { at: ["round"] },
    plain: ["format", "footnotes"],
    build: (c) => {
      const round = focused(c, "at");
      return { query: { format: "md", footnotes: "true", ...(round ? { at: round.id } : {}) } };
    },
  }),
  "GET /api/negotiations/:negotiationId/statements/:statementId/export": view({
    refs: { statementId: ["statement", "release"] },
    build: (c) => ({ params: { statementId: focusId(c, "statementId", "st-joint") } }),
  }),
  "POST /api/negotiations/:negotiationId/import": view({
    plain: ["format", "preview"],
    build: () => ({
      query: { format: "md", preview: "true" },
      raw: { contentType: "text/markdown", payload: "# Draft\n\n## Article 13\n\nImported text.\n" },
    }),
  }),
  "GET /api/negotiations/:negotiationId/live": {
    ...view({ plain: ["resume"] }),
    member: () => ({ kind: "websocket" }),
  },
  "POST /api/negotiations/:negotiationId/checkpoints": {
    refs: {},
    build: () => ({}),
    member: () => ({ kind: "status", status: 201 }),
  },
  // Following a provision is one's own inbox setting: every member may, on what they read.
  "GET /api/negotiations/:negotiationId/provisions/:provisionId/follow": view({
    refs: { provisionId: ["provision"] },
    build: (c) => ({ params: { provisionId: focusId(c, "provisionId", "art-13") } }),
  }),
  "POST /api/negotiations/:negotiationId/provisions/:provisionId/follow": view({
    refs: { provisionId: ["provision"] },
    plain: ["following"],
    build: (c) => ({
      params: { provisionId: focusId(c, "provisionId", "art-13") },
      body: { following: true },
    }),
  }),
  "POST /api/negotiations/:negotiationId/invitations": {
    refs: { partyId: ["party"] },
    plain: ["email", "name", "title", "role", "rank"],
    build: (c) => ({
      body: {
        email: `invitee-${c.unique}@am.parley.test`,
        name: "Matrix Invitee",
        role: "delegation",
        rank: "member",
        partyId: focusId(c, "partyId", c.actor.party ?? "am"),
      },
    }),
    // Inviting is adding a member by another road: the same row of the policy table.
    member: () => ({ kind: "policy", type: "add-member", allowed: 201 }),
  },
  "GET /api/negotiations/:negotiationId/invitations": {
    refs: {},
    build: () => ({}),
    // Those who may invite see what is waiting for an answer; the same row of the policy table.
    member: () => ({ kind: "policy", type: "add-member", allowed: 200 }),
  },
};

export const COMMAND_PREFIX = "/api/negotiations/:negotiationId/commands/";

/** The recipe for a route under a negotiation (HEAD as its GET), or null when the matrix does not know it. */
export function negotiationRoute(method: string, url: string): NegotiationRoute | null {
  if (url.startsWith(COMMAND_PREFIX) && method === "POST") {
    const type = url.slice(COMMAND_PREFIX.length) as CommandType;
    if (!COMMAND_TYPES.includes(type) || type === "create-negotiation") return null;
    const recipe = COMMAND_RECIPES[type];
    return { ...recipe, member: () => ({ kind: "command", type }) };
  }
  return NEGOTIATION_ROUTES[`${method === "HEAD" ? "GET" : method} ${url}`] ?? null;
}

/** The request for a built recipe: its URL, and its body as JSON or raw. */
export function requestOf(
  method: string,
  pattern: string,
  negotiationId: string,
  built: Built,
): InjectOptions {
  const options: InjectOptions = {
    method: method as InjectOptions["method"],
    url: urlOf(pattern, negotiationId, built),
  };
  if (built.raw) {
    options.payload = built.raw.payload;
    options.headers = { "content-type": built.raw.contentType };
  } else if (built.body !== undefined) options.payload = built.body as InjectOptions["payload"];
  return options;
}

/** The URL of a route with its parameters (and query) filled in. */
export function urlOf(pattern: string, negotiationId: string, built: Built): string {
  const params: Record<string, string> = { negotiationId, ...(built.params ?? {}) };
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(built.query ?? {}).toString();
  return query ? `${path}?${query}` : path;
}

// ---------------------------------------------------------------------------------------------------------
// The OpenAPI document: which parameters and body fields each route takes, to check the recipes know them.

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** Every parameter and body field (nested ones dotted) a route documents; null for undocumented routes. */
export async function documentedInputs(t: TestApp, method: string, url: string): Promise<string[] | null> {
  await t.app.ready();
  const doc = t.app.swagger() as unknown as OpenApiDocument;
  const path = url.replace(/:(\w+)/g, "{$1}");
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) return null;
  const names = (operation.parameters ?? []).map((p) => p.name).filter((n) => n !== "negotiationId");
  const walk = (schema: JsonSchema | undefined, prefix: string) => {
    for (const variant of [schema, ...(schema?.anyOf ?? [])]) {
      for (const [name, child] of Object.entries(variant?.properties ?? {})) {
        names.push(`${prefix}${name}`);
        walk(child, `${prefix}${name}.`);
      }
    }
  };
  walk(operation.requestBody?.content?.["application/json"]?.schema, "");
  return [...new Set(names)];
}

/** A documented input that looks like it names an object: `…Id`, `…Ids`, `id`, `respondsTo`. */
export function looksLikeReference(name: string): boolean {
  const last = name.split(".").at(-1) ?? name;
  return /(^id$|Id$|Ids$)/.test(last) || last === "respondsTo";
}

// ---------------------------------------------------------------------------------------------------------
// Sessions and the live stream.

/** A new session of this role's account (its own cookie, so the fixture's agent lives on). */
export async function cookieOf(t: TestApp, role: Exclude<TestRole, "anonymous">): Promise<string> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/session",
    payload: { email: ROLE_EMAILS[role], password: PASSWORD },
  });
  const cookie = response.cookies.find((c) => c.name === "parley_session")?.value;
  if (!cookie) throw new Error(`sign-in as ${role} failed: ${response.body}`);
  return `parley_session=${cookie}`;
}

export interface LiveStream {
  /** Every message received, as sent. */
  messages: string[];
  events(): { scope: string; scopeSeq: number }[];
  close(): void;
}

/** Opens the live stream as this cookie (or none); rejects with the HTTP status when the upgrade is refused. */
export async function openLive(t: TestApp, url: string, cookie: string | null): Promise<LiveStream> {
  const messages: string[] = [];
  const socket = await t.app.injectWS(
    url,
    { headers: cookie ? { cookie } : {} },
    { onInit: (ws) => ws.on("message", (data: Buffer) => messages.push(data.toString("utf8"))) },
  );
  return {
    messages,
    events: () =>
      messages
        .map((m) => JSON.parse(m) as { type: string; event?: { scope: string; scopeSeq: number } })
        .flatMap((m) => (m.type === "event" && m.event ? [m.event] : [])),
    close: () => socket.terminate(),
  };
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
