import type { ScenarioBuilder } from "./builder.ts";
import { CAST } from "./cast.ts";

/*
 * The readouts after Round 3. The parties' statements quote the near-identical statements the seed
 * report cites; the mediator's statement quotes Secretary Blinken's words as the report gives them. The
 * joint statement is illustrative: drafted, approved by one party, never released.
 */

/** The readout each capital issued; only the order of the two countries (and names) differs. */
function readout(first: "Armenia" | "Azerbaijan", second: "Armenia" | "Azerbaijan"): string {
  const ministers =
    first === "Armenia"
      ? "Foreign Ministers Ararat Mirzoyan and Jeyhun Bayramov"
      : "Foreign Ministers Jeyhun Bayramov and Ararat Mirzoyan";
  return [
    `From 1 to 4 May 2023, the delegations of ${first} and ${second}, led by ${ministers}, held ` +
      "negotiations at the George Shultz National Foreign Affairs Training Center in Arlington, Virginia.",
    "The ministers and their teams advanced mutual understanding on some articles of the draft bilateral " +
      "Agreement on Peace and Establishment of Interstate Relations, meanwhile acknowledging that the " +
      "positions on some key issues remain divergent.",
    `Both Ministers expressed their appreciation to the U.S. side for hosting negotiations between ${first} ` +
      `and ${second}. The parties agreed to continue the discussions.`,
  ].join("\n\n");
}

const MEDIATOR_STATEMENT = [
  "The two sides have discussed some very tough issues over the last few days, and they've made tangible " +
    "progress on a durable peace agreement.",
  "An agreement is within sight, within reach. Reaching it would be not only historic but would be " +
    "profoundly in the interests of the people of Azerbaijan and Armenia and would have very positive " +
    "effects even beyond their two countries.",
  "The last mile of any marathon is always the hardest. The United States will continue to help both of " +
    "our friends cross the finish line.",
].join("\n\n");

const JOINT_DRAFT =
  "Illustrative draft. Armenia and Azerbaijan, with the United States as host, held a round of " +
  "negotiations in Arlington, Virginia, on 1–4 May 2023 and advanced the draft Agreement on Peace and " +
  "Establishment of Interstate Relations. They agreed to continue the discussions.";

/** Drafts, approvals and releases on the last day, before the round closes. */
export function roundThreeStatements(b: ScenarioBuilder): void {
  // The mediation tries a joint readout first; only Armenia approves it, so it is never released.
  b.at("2023-05-04T15:00:00Z").run(CAST.hogan, {
    type: "draft-statement",
    statementId: "st-joint",
    statementKind: "joint",
    title: "Joint statement on the Arlington round (draft)",
    text: JOINT_DRAFT,
  });
  b.run(CAST.amHead, { type: "approve-statement", statementId: "st-joint" });
  b.note(
    CAST.bono,
    "note-joint-not-approved",
    "mediation",
    "Only Armenia has approved the joint draft, so it cannot be released. Each side issues its own " +
      "readout instead, and we issue the Secretary's remarks.",
    { kind: "statement", id: "st-joint" },
  );

  // Each delegation drafts its readout in its own scope and its head releases it.
  b.at("2023-05-04T16:00:00Z").run(CAST.amAdviser, {
    type: "draft-statement",
    statementId: "st-am",
    statementKind: "party",
    title: "Statement of the Ministry of Foreign Affairs of Armenia",
    text: readout("Armenia", "Azerbaijan").split("\n\n").slice(0, 2).join("\n\n"),
  });
  b.run(CAST.amAdviser, {
    type: "revise-statement",
    statementId: "st-am",
    text: readout("Armenia", "Azerbaijan"),
  });
  b.run(CAST.azAdviser, {
    type: "draft-statement",
    statementId: "st-az",
    statementKind: "party",
    title: "Statement of the Ministry of Foreign Affairs of Azerbaijan",
    text: readout("Azerbaijan", "Armenia"),
  });
  b.run(CAST.sullivan, {
    type: "draft-statement",
    statementId: "st-mediator",
    statementKind: "mediator",
    title: "Remarks by Secretary of State Antony Blinken at the close of the Armenia–Azerbaijan negotiations",
    text: MEDIATOR_STATEMENT,
  });
  b.at("2023-05-04T19:00:00Z").run(CAST.lead, { type: "release-statement", statementId: "st-mediator" });
  b.run(CAST.amHead, { type: "release-statement", statementId: "st-am" });
  b.run(CAST.azHead, { type: "release-statement", statementId: "st-az" });
}
