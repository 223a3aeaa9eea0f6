import type { ScenarioBuilder } from "./builder.ts";
import { CAST } from "./cast.ts";

/**
 * The April 2023 border checkpoint on the Lachin corridor, as the seed report describes it: the
 * Azerbaijani Foreign Ministry's claim, Yerevan's denial and Washington's reaction. The report gives
 * the month only; the days below are illustrative.
 */
export function checkpointIncident(b: ScenarioBuilder): void {
  b.at("2023-04-24T15:00:00Z").run(CAST.bono, {
    type: "record-incident",
    incidentId: "inc-checkpoint",
    title: "Border checkpoint on the Lachin corridor",
    occurredOn: "2023-04-23",
    location: "Lachin corridor, on the border between Azerbaijan and Armenia",
    description:
      "In April 2023 Azerbaijan established a checkpoint on the border between Azerbaijan and Armenia, on " +
      "the Lachin corridor. The checkpoint sparked tensions ahead of the round in Arlington. (The day " +
      "recorded here is illustrative; the source report gives the month.)",
    keyIssueIds: ["ki-connectivity", "ki-residents"],
  });
  b.run(CAST.azAdviser, {
    type: "record-claim",
    claimId: "claim-checkpoint-az",
    incidentId: "inc-checkpoint",
    claimKind: "claim",
    source: "Ministry of Foreign Affairs of Azerbaijan",
    sourcePartyId: "az",
    text:
      "The border checkpoint was created in response to security threats from Armenia, citing the transfer " +
      "of weapons and ammunition to the Karabakh region.",
    statedOn: "2023-04-23",
  });
  b.run(CAST.amAdviser, {
    type: "record-claim",
    claimId: "claim-checkpoint-am",
    incidentId: "inc-checkpoint",
    claimKind: "response",
    source: "Government of Armenia (Yerevan)",
    sourcePartyId: "am",
    respondsTo: "claim-checkpoint-az",
    text: "Yerevan denied the charges of a transfer of weapons and ammunition to the Karabakh region.",
    statedOn: "2023-04-23",
  });
  b.run(CAST.bono, {
    type: "record-claim",
    claimId: "claim-checkpoint-us",
    incidentId: "inc-checkpoint",
    claimKind: "reaction",
    source: "United States (Washington)",
    text: 'Washington said it was "deeply concerned" by Azerbaijan establishing a checkpoint on the Lachin corridor.',
    statedOn: "2023-04-24",
  });
  b.note(
    CAST.azAdviser,
    "note-az-checkpoint-lines",
    "party:az",
    "Lines for Arlington: if the checkpoint is raised in plenary, the Minister restates the Ministry's " +
      "position on security threats and keeps it separate from the text of Article 7. Do not engage on " +
      "the checkpoint's operation in the bilateral.",
    { kind: "incident", id: "inc-checkpoint" },
  );
  b.note(
    CAST.sullivan,
    "note-mediation-checkpoint",
    "mediation",
    "The checkpoint will weigh on connectivity and residents' security. Keep it out of the plenary agenda; " +
      "offer each side time on it in caucus, and do not let it reopen what is agreed.",
    { kind: "incident", id: "inc-checkpoint" },
  );
}
