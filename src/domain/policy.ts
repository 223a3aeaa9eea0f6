import type { CommandType } from "./commands.ts";
import type { Member } from "./entities.ts";
import { allScopes, caucusScope, type PartyId, partyScope, type Scope } from "./scope.ts";

/**
 * The one place that decides who reads what and who may do what. Routes, live streams, exports, the CLI
 * and the UI's ability map all ask this module; nothing else encodes a permission.
 */
export type Role =
  | "mediation-lead"
  | "mediation-member"
  | "delegation-head"
  | "delegation-member"
  | "observer";

export const ROLES: readonly Role[] = [
  "mediation-lead",
  "mediation-member",
  "delegation-head",
  "delegation-member",
  "observer",
];

/** Who is looking: an active member of the negotiation, or anyone else (who reads only what was released). */
export type Viewer = { kind: "member"; member: Member } | { kind: "public" };

/** The role of a member, as the policy table names it. */
export function roleOf(member: Member): Role {
  switch (member.role.kind) {
    case "mediation":
      return member.role.rank === "lead" ? "mediation-lead" : "mediation-member";
    case "delegation":
      return member.role.rank === "head" ? "delegation-head" : "delegation-member";
    case "observer":
      return "observer";
  }
}

/** The party a member belongs to, or null for the mediation and observers. */
export function partyOf(member: Member): PartyId | null {
  return member.role.kind === "delegation" ? member.role.party : null;
}

const MEDIATION: Role[] = ["mediation-lead", "mediation-member"];
const DELEGATION: Role[] = ["delegation-head", "delegation-member"];
const LEAD: Role[] = ["mediation-lead"];

/**
 * Which roles may issue each command at all. Finer rules (own party only, own proposal only) are checked
 * by the command's decide function, and write scopes by `writableScopes`.
 */
export const COMMAND_POLICY: Readonly<Record<CommandType, readonly Role[]>> = {
  "create-negotiation": [],
  "add-party": LEAD,
  "add-member": ["mediation-lead", "delegation-head"],
  "remove-member": ["mediation-lead", "delegation-head"],
  "require-second-factor": LEAD,
  "schedule-round": MEDIATION,
  "open-round": MEDIATION,
  "close-round": MEDIATION,
  "schedule-session": MEDIATION,
  "record-attendance": MEDIATION,
  "record-outcome": MEDIATION,
  "create-instrument": MEDIATION,
  "add-provision": MEDIATION,
  "renumber-provision": MEDIATION,
  "edit-instrument": MEDIATION,
  "edit-provision": MEDIATION,
  "move-provision": MEDIATION,
  "withdraw-provision": MEDIATION,
  "renumber-text": MEDIATION,
  "table-text": LEAD,
  "table-proposal": [...MEDIATION, ...DELEGATION],
  "withdraw-proposal": [...MEDIATION, ...DELEGATION],
  "take-position": DELEGATION,
  "mark-agreed-ad-referendum": MEDIATION,
  "mark-agreed": MEDIATION,
  "reopen-provision": ["mediation-lead", ...DELEGATION],
  "adopt-instrument": LEAD,
  "record-act": ["mediation-lead", "delegation-head"],
  "raise-key-issue": [...MEDIATION, ...DELEGATION],
  "link-key-issue": MEDIATION,
  "state-key-issue-position": DELEGATION,
  "set-key-issue-status": MEDIATION,
  "draft-statement": [...MEDIATION, ...DELEGATION],
  "revise-statement": [...MEDIATION, ...DELEGATION],
  "approve-statement": ["delegation-head"],
  "release-statement": ["mediation-lead", "delegation-head"],
  "record-incident": [...MEDIATION, ...DELEGATION],
  "record-claim": [...MEDIATION, ...DELEGATION],
  "write-note": [...MEDIATION, ...DELEGATION],
};

/** True when the member's role may issue this kind of command. */
export function mayIssue(member: Member, type: CommandType): boolean {
  return member.active && COMMAND_POLICY[type].includes(roleOf(member));
}

/** The scopes a viewer may read. A removed member reads only what the public reads. */
export function readableScopes(viewer: Viewer, parties: readonly PartyId[]): Set<Scope> {
  if (viewer.kind === "public" || !viewer.member.active) return new Set<Scope>(["public"]);
  const role = viewer.member.role;
  switch (role.kind) {
    case "mediation":
      return new Set(allScopes(parties).filter((s) => !s.startsWith("party:")));
    case "delegation":
      return new Set<Scope>(["public", "shared", caucusScope(role.party), partyScope(role.party)]);
    case "observer":
      return new Set<Scope>(["public", "shared"]);
  }
}

/** The scopes a member may write content into (notes, proposals, positions). Public is only reached by release. */
export function writableScopes(member: Member, parties: readonly PartyId[]): Set<Scope> {
  if (!member.active) return new Set();
  const role = member.role;
  switch (role.kind) {
    case "mediation":
      return new Set<Scope>(["shared", "mediation", ...parties.map((p) => caucusScope(p))]);
    case "delegation":
      return new Set<Scope>(["shared", caucusScope(role.party), partyScope(role.party)]);
    case "observer":
      return new Set();
  }
}

/** True when the viewer may read content of this scope. */
export function mayRead(viewer: Viewer, scope: Scope, parties: readonly PartyId[]): boolean {
  return readableScopes(viewer, parties).has(scope);
}
