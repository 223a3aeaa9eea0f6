import type { ScenarioBuilder } from "./builder.ts";
import { AT_THE_TABLE, CAST } from "./cast.ts";
import { PROPOSED } from "./instrument-text.ts";

/*
 * Round 3: the round the seed report describes (Arlington, 1–4 May 2023). Its place, dates and closing
 * attendance are from the report; what happens to each article is illustrative.
 */
const { lead, bono, olson, hogan, sullivan, amHead, azHead, amAdviser, azAdviser } = CAST;
const MEDIATION = [lead, sullivan, hogan, olson, bono];
/** Who the seed report's photograph shows at the closing session. */
const AT_THE_CLOSING = [sullivan, hogan, lead, olson, bono, amHead, azHead];

/** Schedules Round 3 and its sessions, before the incident of April. */
export function scheduleRoundThree(b: ScenarioBuilder): void {
  b.at("2023-04-17T14:00:00Z").run(bono, {
    type: "schedule-round",
    roundId: "r3",
    name: "Round 3: Arlington",
    venue: "George Shultz National Foreign Affairs Training Center, Arlington, Virginia",
    startsOn: "2023-05-01",
    endsOn: "2023-05-04",
  });
  const session = (
    sessionId: string,
    sessionKind: "opening" | "plenary" | "bilateral" | "caucus" | "closing",
    title: string,
    date: string,
    partyId?: "am" | "az",
  ) =>
    b.run(
      bono,
      {
        type: "schedule-session",
        sessionId,
        roundId: "r3",
        sessionKind,
        title,
        date,
        ...(partyId ? { partyId } : {}),
      },
      1,
    );
  session("r3-opening", "opening", "Opening session", "2023-05-01");
  session("r3-plenary", "plenary", "Plenary: the border and connectivity", "2023-05-01");
  session("r3-caucus-am", "caucus", "Caucus with the Armenian delegation", "2023-05-02", "am");
  session("r3-caucus-az", "caucus", "Caucus with the Azerbaijani delegation", "2023-05-02", "az");
  session("r3-bilateral", "bilateral", "Bilateral meeting of the two delegations", "2023-05-03");
  session("r3-closing", "closing", "Closing session", "2023-05-04");
}

/** The first three days in Arlington: plenary, a caucus with each side, and the bilateral. */
export function roundThreeTalks(b: ScenarioBuilder): void {
  b.at("2023-05-01T13:00:00Z").run(lead, { type: "open-round", roundId: "r3" });
  b.run(bono, {
    type: "record-attendance",
    sessionId: "r3-opening",
    memberIds: [...AT_THE_TABLE, CAST.observer],
  });
  b.run(bono, {
    type: "record-outcome",
    sessionId: "r3-opening",
    outcome: "The Secretary of State opened the round. Programme of work for four days adopted.",
  });

  // Plenary: the mediation tables its bridging text on the border, and the environment article settles.
  b.at("2023-05-01T15:00:00Z").run(bono, {
    type: "record-attendance",
    sessionId: "r3-plenary",
    memberIds: [...AT_THE_TABLE],
  });
  b.run(bono, {
    type: "table-proposal",
    proposalId: "p-art3-bridge",
    provisionId: "art-3",
    proposalKind: "replace",
    text: PROPOSED.art3Bridge,
    rationale:
      "Bridging proposal: a legal basis and section-by-section demarcation decided by the commission.",
  });
  b.position(amHead, "pos-art-3-am-r3", "art-3", "p-art3-bridge", "reserve", "Needs study in capital.");
  b.position(azHead, "pos-art-3-az-r3", "art-3", "p-art3-bridge", "reserve", "We will revert.");
  b.agree({ mediator: bono, am: amAdviser, az: azAdviser, tag: "r3" }, "art-11");
  b.run(bono, {
    type: "record-outcome",
    sessionId: "r3-plenary",
    outcome: "US bridging proposal on Article 3 tabled; both delegations reserve. Article 11 agreed.",
    provisionIds: ["art-3", "art-11"],
  });

  // Caucus with Armenia: what it tells the mediator stays between them.
  b.at("2023-05-02T13:00:00Z").run(olson, {
    type: "record-attendance",
    sessionId: "r3-caucus-am",
    memberIds: [...MEDIATION, amHead, amAdviser],
  });
  b.position(
    amHead,
    "pos-art-3-am-caucus",
    "art-3",
    "p-art3-bridge",
    "accept_ad_referendum",
    "We could accept the bridging text if Yerevan approves; not to be conveyed to the other side yet.",
    "caucus:am",
  );
  b.run(amAdviser, {
    type: "state-key-issue-position",
    keyIssueId: "ki-residents",
    positionId: "kip-residents-am-caucus",
    scope: "caucus:am",
    text: "After the checkpoint, the residents article needs a guarantee that the roads they depend on stay open.",
  });
  b.note(
    olson,
    "note-caucus-am-bridge",
    "caucus:am",
    "Armenia can live with the bridging formula on Article 3 if the 1991 basis stays in the text. It will " +
      "seek capital's approval before saying so in the bilateral.",
    { kind: "proposal", id: "p-art3-bridge" },
  );
  b.run(olson, {
    type: "record-outcome",
    sessionId: "r3-caucus-am",
    outcome:
      "Armenia open to the bridging text on Article 3, subject to capital. Concern over the residents article.",
    provisionIds: ["art-3", "art-9"],
  });

  // Caucus with Azerbaijan: a softer connectivity text, shown to the mediator only.
  b.at("2023-05-02T17:00:00Z").run(hogan, {
    type: "record-attendance",
    sessionId: "r3-caucus-az",
    memberIds: [...MEDIATION, azHead, azAdviser],
  });
  b.position(
    azHead,
    "pos-art-3-az-caucus",
    "art-3",
    "p-art3-bridge",
    "reserve",
    "The reference to 1991 is difficult; the role of the commission is welcome.",
    "caucus:az",
  );
  b.counterPropose(
    azAdviser,
    "pos-art-7-az-caucus",
    "art-7",
    "p-art7-am",
    { proposalId: "p-art7-az-caucus", text: PROPOSED.art7AzCaucus },
    "A possible landing zone: reciprocity in exchange for unimpeded passage. For the mediator only.",
    "caucus:az",
  );
  b.run(azAdviser, {
    type: "state-key-issue-position",
    keyIssueId: "ki-connectivity",
    positionId: "kip-connectivity-az-caucus",
    scope: "caucus:az",
    text: "Reciprocity is acceptable if the text keeps passage unimpeded, safe and secure.",
  });
  b.note(
    hogan,
    "note-caucus-az-art7",
    "caucus:az",
    "Azerbaijan asks that the words 'unimpeded, safe and secure' stay in Article 7 and is open to " +
      "reciprocity language. Its caucus text is the basis for our next bridging attempt.",
    { kind: "provision", id: "art-7" },
  );
  b.run(hogan, {
    type: "record-outcome",
    sessionId: "r3-caucus-az",
    outcome: "Azerbaijan reserved on the Article 3 bridge; offered a possible landing zone on Article 7.",
    provisionIds: ["art-3", "art-7"],
  });

  bilateral(b);
}

/** The bilateral of 3 May: three provisions agreed ad referendum, one agreed, one reopened. */
function bilateral(b: ScenarioBuilder): void {
  b.at("2023-05-03T13:00:00Z").run(bono, {
    type: "record-attendance",
    sessionId: "r3-bilateral",
    memberIds: [...AT_THE_TABLE],
  });
  b.run(bono, {
    type: "table-proposal",
    proposalId: "p-art4-bridge",
    provisionId: "art-4",
    proposalKind: "replace",
    text: PROPOSED.art4Bridge,
    rationale: "Bridging proposal: equal composition and technical assistance by agreement.",
  });
  b.position(
    amHead,
    "pos-art-4-am-r3",
    "art-4",
    "p-art4-bridge",
    "accept_ad_referendum",
    "Subject to Yerevan.",
  );
  b.position(azHead, "pos-art-4-az-r3", "art-4", "p-art4-bridge", "accept");
  b.run(bono, { type: "mark-agreed-ad-referendum", provisionId: "art-4", proposalId: "p-art4-bridge" });
  b.note(
    amAdviser,
    "note-am-art4-capital",
    "party:am",
    "Article 4 accepted ad referendum only: the legal department in Yerevan has not yet cleared the " +
      "commission's composition. Send the text tonight; the Minister wants an answer before the closing.",
    { kind: "provision", id: "art-4" },
  );

  b.run(azAdviser, {
    type: "table-proposal",
    proposalId: "p-art10-az",
    provisionId: "art-10",
    proposalKind: "replace",
    text: PROPOSED.art10Az,
    rationale: "Adds burial sites and the return of remains.",
  });
  b.position(amAdviser, "pos-art-10-am-r3", "art-10", "p-art10-az", "accept_ad_referendum");
  b.position(azAdviser, "pos-art-10-az-r3", "art-10", "p-art10-az", "accept_ad_referendum");
  b.run(bono, { type: "mark-agreed-ad-referendum", provisionId: "art-10", proposalId: "p-art10-az" });

  b.run(bono, {
    type: "table-proposal",
    proposalId: "p-fc19-mediation",
    provisionId: "fc-19",
    proposalKind: "replace",
    text: PROPOSED.fc19Mediation,
    rationale: "Equal authenticity, with the English text prevailing in case of divergence.",
  });
  b.position(amAdviser, "pos-fc-19-am-r3", "fc-19", "p-fc19-mediation", "accept");
  b.position(azAdviser, "pos-fc-19-az-r3", "fc-19", "p-fc19-mediation", "accept_ad_referendum");
  b.run(bono, { type: "mark-agreed-ad-referendum", provisionId: "fc-19", proposalId: "p-fc19-mediation" });

  b.agree({ mediator: bono, am: amHead, az: azHead, tag: "r3" }, "art-15");

  // Armenia reopens the residents article agreed in Round 2, in the light of the checkpoint.
  b.run(amHead, {
    type: "reopen-provision",
    provisionId: "art-9",
    reason:
      "Since the checkpoint, Article 9 must also guarantee the roads on which residents' daily life depends.",
  });
  b.run(amAdviser, {
    type: "table-proposal",
    proposalId: "p-art9-am",
    provisionId: "art-9",
    proposalKind: "replace",
    text: PROPOSED.art9AmReopened,
    rationale: "Adds a guarantee that the roads residents depend on stay open.",
  });
  b.position(
    azHead,
    "pos-art-9-az-r3",
    "art-9",
    "p-art9-am",
    "reject",
    "Article 9 was agreed; this belongs to Article 7.",
  );
  b.run(azAdviser, {
    type: "state-key-issue-position",
    keyIssueId: "ki-residents",
    positionId: "kip-residents-az",
    text: "The rights and security of residents are ensured by each Party's law, in line with its international obligations.",
  });

  b.counterPropose(
    azHead,
    "pos-art-14-az-r3",
    "art-14",
    "p-art14-am",
    { proposalId: "p-art14-az", text: PROPOSED.art14Az },
    "Negotiation within the bilateral commission first.",
  );
  b.position(
    amHead,
    "pos-art-14-am-r3",
    "art-14",
    "p-art14-az",
    "reject",
    "A dispute clause needs a binding last step.",
  );
  b.position(
    azAdviser,
    "pos-art-12-az-r3",
    "art-12",
    null,
    "reserve",
    "Trade follows the opening of the routes.",
  );
  b.run(bono, { type: "set-key-issue-status", keyIssueId: "ki-border", status: "narrowing" });
  b.run(bono, {
    type: "record-outcome",
    sessionId: "r3-bilateral",
    outcome:
      "Articles 4 and 10 and the languages clause agreed ad referendum; Article 15 agreed. Armenia reopened " +
      "Article 9. Article 14 bracketed.",
    provisionIds: ["art-4", "art-10", "fc-19", "art-15", "art-9", "art-14"],
  });
}

/** The closing session of 4 May, with the attendance the seed report's photograph shows. */
export function roundThreeClosing(b: ScenarioBuilder): void {
  b.at("2023-05-04T14:00:00Z").run(bono, {
    type: "record-attendance",
    sessionId: "r3-closing",
    memberIds: AT_THE_CLOSING,
  });
  b.run(bono, {
    type: "record-outcome",
    sessionId: "r3-closing",
    outcome:
      "Closing session. The Secretary of State wrapped up the talks: tangible progress on a durable peace " +
      "agreement. The foreign ministers did not speak at the closing. Positions on some key issues remain " +
      "divergent; the parties agreed to continue the discussions.",
    provisionIds: ["art-3", "art-7", "art-9", "art-14"],
  });
}

/** Closes Round 3: the last step of the demo. */
export function closeRoundThree(b: ScenarioBuilder): void {
  b.note(
    sullivan,
    "note-mediation-last-mile",
    "mediation",
    "The last mile: Article 3 (border, bridge on the table), Article 7 (connectivity, Azerbaijan's caucus " +
      "text to build on), Article 9 (reopened by Armenia) and Article 14. Next round: a bridge on Article 7 first.",
    { kind: "round", id: "r3" },
  );
  b.at("2023-05-04T21:00:00Z").run(lead, {
    type: "close-round",
    roundId: "r3",
    summary:
      "Tangible progress on a durable peace agreement; the positions on some key issues remain divergent. " +
      "The parties agreed to continue the discussions.",
  });
}
