import { describe, expect, it } from "vitest";
import type { Claim, Incident, Party } from "../../../domain/entities.ts";
import { claimsOf, sourceInWords, timeline } from "./incident-words.ts";

const base = { scope: "shared" as const, version: 1, updatedAt: "2023-04-24T00:00:00Z" };
const incident = (id: string, occurredOn: string, createdAt: string): Incident => ({
  ...base,
  kind: "incident",
  id,
  createdAt,
  title: id,
  occurredOn,
  location: "",
  description: "",
  keyIssueIds: [],
});
const claim = (
  id: string,
  kind: Claim["claimKind"],
  statedOn: string,
  respondsTo: string | null = null,
): Claim => ({
  ...base,
  kind: "claim",
  id,
  createdAt: `${statedOn}T12:00:00Z`,
  incidentId: "inc",
  claimKind: kind,
  source: `source of ${id}`,
  sourceParty: null,
  respondsTo,
  text: id,
  statedOn,
});

describe("the incident timeline", () => {
  it("lists incidents by the day they happened, not the day they were recorded", () => {
    const order = timeline([
      incident("late", "2023-05-01", "2023-05-01T00:00:00Z"),
      incident("early", "2023-04-23", "2023-05-02T00:00:00Z"),
    ]).map((i) => i.id);
    expect(order).toEqual(["early", "late"]);
  });

  it("puts each response under the claim it answers, a reply to a response too, and reactions apart", () => {
    const { threads, reactions } = claimsOf("inc", [
      claim("reaction", "reaction", "2023-04-24"),
      claim("denial", "response", "2023-04-23", "claim"),
      claim("claim", "claim", "2023-04-23"),
      claim("rejoinder", "response", "2023-04-25", "denial"),
      claim("other", "claim", "2023-04-22"),
    ]);
    expect(threads.map((t) => [t.claim.id, t.responses.map((r) => r.id)])).toEqual([
      ["other", []],
      ["claim", ["denial", "rejoinder"]],
    ]);
    expect(reactions.map((r) => r.id)).toEqual(["reaction"]);
  });

  it("names the party of a source unless the source already does", () => {
    const parties: Party[] = [
      { ...base, kind: "party", id: "az", name: "Azerbaijan", shortName: "AZ", createdAt: "" },
    ];
    expect(
      sourceInWords({ source: "Ministry of Foreign Affairs of Azerbaijan", sourceParty: "az" }, parties),
    ).toBe("Ministry of Foreign Affairs of Azerbaijan");
    expect(sourceInWords({ source: "The presidency", sourceParty: "az" }, parties)).toBe(
      "The presidency (Azerbaijan)",
    );
  });
});
