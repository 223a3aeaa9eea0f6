import type { ScenarioBuilder } from "./builder.ts";
import { CAST, DEMO_NEGOTIATION_ID, demoCast, SYSTEM_ACCOUNT } from "./cast.ts";
import { DRAFT, INSTRUMENT_TITLE } from "./instrument-text.ts";

const DESCRIPTION =
  "US-hosted talks between Armenia and Azerbaijan on a draft Agreement on Peace and Establishment of " +
  "Interstate Relations. Demo data: the round of 1–4 May 2023 in Arlington, Virginia, its participants, " +
  "the parties' readouts, the mediator's remarks and the checkpoint incident follow a news report. " +
  "Everything else is illustrative: the article texts are written for this demo and are not the real " +
  "negotiating text; the earlier rounds, the delegation advisers, the observer, the positions and the " +
  "notes are invented.";

/** The negotiation, its parties and members, and the mediator's first draft of the instrument. */
export function setUp(b: ScenarioBuilder): void {
  const cast = demoCast();
  const lead = cast.find((m) => m.memberId === CAST.lead);
  if (!lead) throw new Error("demo: the cast has no lead");

  b.at("2023-01-09T14:00:00Z").run(SYSTEM_ACCOUNT, {
    type: "create-negotiation",
    negotiationId: DEMO_NEGOTIATION_ID,
    title: "Armenia–Azerbaijan peace talks",
    description: DESCRIPTION,
    lead: { memberId: lead.memberId, name: lead.name, email: lead.email, title: lead.title },
  });
  b.run(CAST.lead, { type: "add-party", partyId: "am", name: "Armenia" });
  b.run(CAST.lead, { type: "add-party", partyId: "az", name: "Azerbaijan" });

  // The lead invites the mediation team, the heads of delegation and the observer; each head then
  // builds their own delegation.
  const heads = new Set<string>([CAST.amHead, CAST.azHead]);
  const invitedBy = (m: (typeof cast)[number]): string =>
    m.role === "delegation" && m.rank === "member"
      ? m.partyId === "am"
        ? CAST.amHead
        : CAST.azHead
      : CAST.lead;
  const ordered = [
    ...cast.filter((m) => m.memberId !== CAST.lead && (m.role !== "delegation" || heads.has(m.memberId))),
    ...cast.filter((m) => m.role === "delegation" && !heads.has(m.memberId)),
  ];
  for (const m of ordered) {
    b.run(invitedBy(m), {
      type: "add-member",
      memberId: m.memberId,
      name: m.name,
      email: m.email,
      title: m.title,
      role: m.role,
      rank: m.rank,
      ...(m.partyId ? { partyId: m.partyId } : {}),
    });
  }

  b.at("2023-01-10T15:00:00Z").run(CAST.bono, { type: "create-instrument", title: INSTRUMENT_TITLE });
  for (const p of DRAFT) {
    b.run(
      CAST.bono,
      {
        type: "add-provision",
        provisionId: p.id,
        provisionKind: p.kind,
        number: p.number,
        heading: p.heading,
        text: p.text,
      },
      1,
    );
  }
  // The first preamble paragraph names the parties (it was negotiated as a paragraph); the articles follow
  // the words that lead into them.
  b.run(CAST.bono, { type: "edit-instrument", closingFormula: "Have agreed as follows:" });
  // The first draft is complete: the lead tables it, and from then on every change is a proposal.
  b.run(CAST.lead, { type: "table-text" });
  b.note(
    CAST.bono,
    "note-working-methods",
    "shared",
    "Working methods: the mediation keeps the single negotiating text. Every change is tabled as a " +
      "proposal on the provision it concerns, and agreement is recorded provision by provision. Nothing is " +
      "agreed until everything is agreed. The article texts in this demo are illustrative.",
    { kind: "negotiation", id: DEMO_NEGOTIATION_ID },
  );

  // The three cross-cutting questions, raised by the mediation with the provisions they touch.
  b.run(CAST.bono, {
    type: "raise-key-issue",
    keyIssueId: "ki-border",
    title: "Delimitation of the border",
    description: "On what basis the State border is delimited, and when demarcation may begin.",
    provisionIds: ["art-3", "art-4"],
  });
  b.run(CAST.bono, {
    type: "raise-key-issue",
    keyIssueId: "ki-connectivity",
    title: "Transport links (connectivity)",
    description: "Which routes reopen, under whose jurisdiction, and with what guarantees of passage.",
    provisionIds: ["art-7", "art-8"],
  });
  b.run(CAST.bono, {
    type: "raise-key-issue",
    keyIssueId: "ki-residents",
    title: "Rights and security of residents",
    description:
      "Guarantees for the rights and security of people living in the areas affected by the conflict.",
    provisionIds: ["art-9"],
  });
}
