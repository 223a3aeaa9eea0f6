import type { ScenarioBuilder } from "./builder.ts";
import { CAST } from "./cast.ts";
import { PROPOSED } from "./instrument-text.ts";

/*
 * Rounds 1 and 2 are ILLUSTRATIVE: their dates, venues and everything said in them are invented, so that
 * Round 3 (the one the seed report describes) has a history of progress behind it.
 */
const { bono, olson, hogan, sullivan, amHead, azHead, amAdviser, azAdviser } = CAST;
const TEAM = [CAST.lead, sullivan, hogan, olson, bono, amHead, amAdviser, azHead, azAdviser];

/** Round 1: the easy provisions settle, the border article is bracketed. Five provisions agreed. */
export function roundOne(b: ScenarioBuilder): void {
  const r1 = { mediator: bono, am: amAdviser, az: azAdviser, tag: "r1" };
  b.at("2023-01-11T15:00:00Z").run(bono, {
    type: "schedule-round",
    roundId: "r1",
    name: "Round 1 (illustrative)",
    venue: "Washington, D.C. (illustrative)",
    startsOn: "2023-01-16",
    endsOn: "2023-01-17",
  });
  b.run(bono, {
    type: "schedule-session",
    sessionId: "r1-opening",
    roundId: "r1",
    sessionKind: "opening",
    title: "Opening plenary",
    date: "2023-01-16",
  });
  b.run(bono, {
    type: "schedule-session",
    sessionId: "r1-closing",
    roundId: "r1",
    sessionKind: "closing",
    title: "Closing session",
    date: "2023-01-17",
  });

  b.at("2023-01-16T14:00:00Z").run(CAST.lead, { type: "open-round", roundId: "r1" });
  b.run(bono, { type: "record-attendance", sessionId: "r1-opening", memberIds: TEAM });
  b.agree(r1, "pp1").agree(r1, "pp2");

  b.run(amHead, {
    type: "table-proposal",
    proposalId: "p-art2-am",
    provisionId: "art-2",
    proposalKind: "replace",
    text: PROPOSED.art2Am,
    rationale: "Ties the renunciation of force to the peaceful settlement of disputes.",
  });
  b.agree({ ...r1, am: amHead, az: azHead }, "art-2", "p-art2-am");
  b.agree(r1, "art-5").agree(r1, "fc-18");

  // Armenia needs its capital's approval of the ratification clause: agreed ad referendum for now.
  b.position(
    amHead,
    "pos-fc-16-am-r1",
    "fc-16",
    null,
    "accept_ad_referendum",
    "Subject to approval in Yerevan.",
  );
  b.position(azHead, "pos-fc-16-az-r1", "fc-16", null, "accept");
  b.run(bono, { type: "mark-agreed-ad-referendum", provisionId: "fc-16" });
  b.run(bono, {
    type: "record-outcome",
    sessionId: "r1-opening",
    outcome: "Programme of work adopted. The preamble's first two paragraphs and Articles 2 and 5 agreed.",
    provisionIds: ["pp1", "pp2", "art-2", "art-5"],
  });

  b.at("2023-01-17T14:00:00Z").run(amHead, {
    type: "table-proposal",
    proposalId: "p-art3-am",
    provisionId: "art-3",
    proposalKind: "replace",
    text: PROPOSED.art3Am,
    rationale: "A clear legal basis for delimitation, and delimitation before demarcation.",
  });
  b.counterPropose(
    azHead,
    "pos-art-3-az-r1",
    "art-3",
    "p-art3-am",
    { proposalId: "p-art3-az", text: PROPOSED.art3Az },
    "Delimitation must follow international law and the maps; demarcation can proceed section by section.",
  );
  b.position(
    amHead,
    "pos-art-3-am-r1",
    "art-3",
    "p-art3-az",
    "reject",
    "Leaves the basis of delimitation open.",
  );
  b.run(amAdviser, {
    type: "state-key-issue-position",
    keyIssueId: "ki-border",
    positionId: "kip-border-am",
    text: "Delimitation on the basis of the boundary at the dissolution of the USSR; demarcation after delimitation.",
  });
  b.run(azAdviser, {
    type: "state-key-issue-position",
    keyIssueId: "ki-border",
    positionId: "kip-border-az",
    text: "Delimitation in accordance with international law, using all relevant maps; demarcation section by section.",
  });
  b.run(bono, { type: "record-attendance", sessionId: "r1-closing", memberIds: TEAM });
  b.run(bono, {
    type: "record-outcome",
    sessionId: "r1-closing",
    outcome:
      "Article 18 agreed; Article 16 agreed ad referendum. Article 3 bracketed between the two delegations' texts.",
    provisionIds: ["fc-18", "fc-16", "art-3"],
  });
  b.run(CAST.lead, {
    type: "close-round",
    roundId: "r1",
    summary: "Five provisions agreed, one ad referendum. The border article is the first hard issue.",
  });
  b.note(
    olson,
    "note-r1-debrief",
    "mediation",
    "Debrief: the preamble and the classic clauses went quickly. Article 3 is where the talks will be won " +
      "or lost; prepare a bridging text that keeps both a legal basis and section-by-section demarcation.",
    { kind: "round", id: "r1" },
  );
}

/** Round 2: more provisions agreed, connectivity and dispute settlement come on the table. Ten agreed. */
export function roundTwo(b: ScenarioBuilder): void {
  const r2 = { mediator: bono, am: amAdviser, az: azAdviser, tag: "r2" };
  b.at("2023-03-06T15:00:00Z").run(bono, {
    type: "schedule-round",
    roundId: "r2",
    name: "Round 2 (illustrative)",
    venue: "By secure video conference (illustrative)",
    startsOn: "2023-03-20",
    endsOn: "2023-03-21",
  });
  b.run(bono, {
    type: "schedule-session",
    sessionId: "r2-plenary",
    roundId: "r2",
    sessionKind: "plenary",
    title: "Plenary",
    date: "2023-03-20",
  });
  b.run(bono, {
    type: "schedule-session",
    sessionId: "r2-closing",
    roundId: "r2",
    sessionKind: "closing",
    title: "Closing session",
    date: "2023-03-21",
  });

  b.at("2023-03-20T13:00:00Z").run(CAST.lead, { type: "open-round", roundId: "r2" });
  b.run(bono, { type: "record-attendance", sessionId: "r2-plenary", memberIds: TEAM });
  // Yerevan has approved the ratification clause: Armenia confirms, and it is agreed.
  b.position(amHead, "pos-fc-16-am-r2", "fc-16", null, "accept", "Approved by the Government.");
  b.run(bono, { type: "mark-agreed", provisionId: "fc-16" });
  b.agree(r2, "pp3");

  b.run(azAdviser, {
    type: "table-proposal",
    proposalId: "p-art1-az",
    provisionId: "art-1",
    proposalKind: "replace",
    text: PROPOSED.art1Az,
    rationale: "Anchors the article in the Charter and the Helsinki Final Act.",
  });
  b.run(azAdviser, { type: "withdraw-proposal", proposalId: "p-art1-az" });
  b.agree(r2, "art-1").agree(r2, "art-6");

  b.run(bono, {
    type: "table-proposal",
    proposalId: "p-art9-bridge",
    provisionId: "art-9",
    proposalKind: "replace",
    text: PROPOSED.art9Bridge,
    rationale: "Bridging: refers to each Party's international human rights obligations.",
  });
  b.agree({ ...r2, am: amHead, az: azHead }, "art-9", "p-art9-bridge");
  b.run(bono, {
    type: "record-outcome",
    sessionId: "r2-plenary",
    outcome: "Article 16 confirmed. The third preamble paragraph and Articles 1, 6 and 9 agreed.",
    provisionIds: ["fc-16", "pp3", "art-1", "art-6", "art-9"],
  });

  b.at("2023-03-21T13:00:00Z").run(amHead, {
    type: "table-proposal",
    proposalId: "p-art7-am",
    provisionId: "art-7",
    proposalKind: "replace",
    text: PROPOSED.art7Am,
    rationale: "Routes remain under the jurisdiction of the State they cross.",
  });
  b.run(azHead, {
    type: "table-proposal",
    proposalId: "p-art7-az",
    provisionId: "art-7",
    proposalKind: "replace",
    text: PROPOSED.art7Az,
    rationale: "Passage along the connecting routes must be unimpeded.",
  });
  b.position(amHead, "pos-art-7-am-r2", "art-7", "p-art7-az", "reject", "Unacceptable without jurisdiction.");
  b.position(azHead, "pos-art-7-az-r2", "art-7", "p-art7-am", "reject", "Does not guarantee passage.");
  b.run(amAdviser, {
    type: "table-proposal",
    proposalId: "p-art14-am",
    provisionId: "art-14",
    proposalKind: "replace",
    text: PROPOSED.art14Am,
    rationale: "Judicial settlement as the last resort.",
  });
  b.run(bono, { type: "link-key-issue", keyIssueId: "ki-connectivity", provisionIds: ["art-12"] });
  b.run(azAdviser, {
    type: "state-key-issue-position",
    keyIssueId: "ki-connectivity",
    positionId: "kip-connectivity-az",
    text: "Unimpeded, safe and secure movement of persons, vehicles and goods along the connecting routes.",
  });
  b.run(amAdviser, {
    type: "state-key-issue-position",
    keyIssueId: "ki-connectivity",
    positionId: "kip-connectivity-am-internal",
    scope: "party:am",
    text: "Internal line: every route stays under our jurisdiction, with our own border and customs services. No exceptions.",
  });
  b.note(
    amAdviser,
    "note-am-art3-instructions",
    "party:am",
    "Instructions from Yerevan on Article 3: hold to the 1991 boundary as the basis. We may show flexibility " +
      "on sequencing demarcation, but only in caucus and only if the basis is written into the text.",
    { kind: "provision", id: "art-3" },
  );
  b.run(bono, { type: "record-attendance", sessionId: "r2-closing", memberIds: TEAM });
  b.run(bono, {
    type: "record-outcome",
    sessionId: "r2-closing",
    outcome:
      "Articles 7 and 14 opened for negotiation; Article 7 bracketed between the two delegations' texts.",
    provisionIds: ["art-7", "art-14"],
  });
  b.run(CAST.lead, {
    type: "close-round",
    roundId: "r2",
    summary:
      "Ten provisions agreed. Connectivity (Article 7) now divides the delegations alongside the border.",
  });
}
