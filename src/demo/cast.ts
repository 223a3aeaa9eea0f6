/**
 * Who takes part in the demo negotiation. The mediation team, the two heads of delegation and their
 * titles come from the seed news report; the two delegation advisers and the observer are invented and
 * say so in their titles. Every address uses the reserved `.test` domain: no mail can ever reach anyone.
 */
export const DEMO_NEGOTIATION_ID = "armenia-azerbaijan-2023";

/** The account that creates the negotiation: not a member, so recorded as "system". */
export const SYSTEM_ACCOUNT = "system";

/** Member ids of the cast, by the part they play in the scenario. */
export const CAST = {
  lead: "blinken",
  sullivan: "sullivan",
  hogan: "hogan",
  olson: "olson",
  bono: "bono",
  amHead: "mirzoyan",
  azHead: "bayramov",
  amAdviser: "hovhannisyan",
  azAdviser: "mammadova",
  observer: "lindqvist",
} as const;

export type CastMemberId = (typeof CAST)[keyof typeof CAST];

export interface DemoMember {
  memberId: CastMemberId;
  name: string;
  email: string;
  title: string;
  roleLabel: string;
  role: "mediation" | "delegation" | "observer";
  rank: "lead" | "member" | "head";
  partyId?: "am" | "az";
}

const MEMBERS: readonly DemoMember[] = [
  {
    memberId: CAST.lead,
    name: "Antony Blinken",
    email: "blinken@mediation.parley.test",
    title: "U.S. Secretary of State",
    roleLabel: "Mediation lead",
    role: "mediation",
    rank: "lead",
  },
  {
    memberId: CAST.sullivan,
    name: "Tom Sullivan",
    email: "sullivan@mediation.parley.test",
    title: "Deputy Chief of Staff for policy to the Secretary of State",
    roleLabel: "Mediation member",
    role: "mediation",
    rank: "member",
  },
  {
    memberId: CAST.hogan,
    name: "Dereck Hogan",
    email: "hogan@mediation.parley.test",
    // As the seed report gives it.
    title: "Acting Assistant of State for European and Eurasian Affairs",
    roleLabel: "Mediation member",
    role: "mediation",
    rank: "member",
  },
  {
    memberId: CAST.olson,
    name: "Erika Olson",
    email: "olson@mediation.parley.test",
    title: "Deputy Secretary of State at the Bureau of European and Eurasian Affairs",
    roleLabel: "Mediation member",
    role: "mediation",
    rank: "member",
  },
  {
    memberId: CAST.bono,
    name: "Louis Bono",
    email: "bono@mediation.parley.test",
    title: "Senior Advisor for Caucasus Negotiations",
    roleLabel: "Mediation member",
    role: "mediation",
    rank: "member",
  },
  {
    memberId: CAST.amHead,
    name: "Ararat Mirzoyan",
    email: "mirzoyan@am.parley.test",
    title: "Foreign Minister of Armenia",
    roleLabel: "Head of delegation, Armenia",
    role: "delegation",
    rank: "head",
    partyId: "am",
  },
  {
    memberId: CAST.azHead,
    name: "Jeyhun Bayramov",
    email: "bayramov@az.parley.test",
    title: "Foreign Minister of Azerbaijan",
    roleLabel: "Head of delegation, Azerbaijan",
    role: "delegation",
    rank: "head",
    partyId: "az",
  },
  {
    memberId: CAST.amAdviser,
    name: "Narek Hovhannisyan",
    email: "hovhannisyan@am.parley.test",
    title: "Delegation adviser (illustrative)",
    roleLabel: "Delegation member, Armenia (illustrative)",
    role: "delegation",
    rank: "member",
    partyId: "am",
  },
  {
    memberId: CAST.azAdviser,
    name: "Aysel Mammadova",
    email: "mammadova@az.parley.test",
    title: "Delegation adviser (illustrative)",
    roleLabel: "Delegation member, Azerbaijan (illustrative)",
    role: "delegation",
    rank: "member",
    partyId: "az",
  },
  {
    memberId: CAST.observer,
    name: "Marta Lindqvist",
    email: "lindqvist@observer.parley.test",
    title: "Observer (illustrative)",
    roleLabel: "Observer (illustrative)",
    role: "observer",
    rank: "member",
  },
];

/** The full cast with the details the scenario needs to add them. */
export function demoCast(): DemoMember[] {
  return MEMBERS.map((m) => ({ ...m }));
}

/** The demo's members, for printing sign-ins; `mayHost` marks the one an operator would let host (the lead). */
export function demoMembers(): {
  memberId: string;
  name: string;
  email: string;
  title: string;
  roleLabel: string;
  mayHost: boolean;
}[] {
  return MEMBERS.map(({ memberId, name, email, title, roleLabel, role, rank }) => ({
    memberId,
    name,
    email,
    title,
    roleLabel,
    mayHost: role === "mediation" && rank === "lead",
  }));
}

/** Who sits at the table in a plenary session of Round 3 (the observer attends the opening only). */
export const AT_THE_TABLE: readonly string[] = [
  CAST.lead,
  CAST.sullivan,
  CAST.hogan,
  CAST.olson,
  CAST.bono,
  CAST.amHead,
  CAST.amAdviser,
  CAST.azHead,
  CAST.azAdviser,
];
