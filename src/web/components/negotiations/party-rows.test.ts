import { describe, expect, it } from "vitest";
import { type PartyRow, partyProblems, suggestPartyId } from "./party-rows.ts";

const row = (partyId: string, name = "A party"): PartyRow => ({
  key: 0,
  name,
  shortName: "",
  partyId,
  idTyped: true,
});

describe("the parties of a new negotiation", () => {
  it("suggests ids the server accepts", () => {
    expect(suggestPartyId("Ardenia")).toBe("ardenia");
    expect(suggestPartyId("Côte d'Ivoire")).toBe("cote-d-ivoire");
    expect(suggestPartyId("1st Republic")).toBe("st-republic");
    expect(suggestPartyId("x".repeat(40))).toHaveLength(32);
  });

  it("wants two parties, names, well-formed and distinct ids", () => {
    expect(partyProblems([row("ar"), row("be")])).toEqual([]);
    expect(partyProblems([row("ar")])).toEqual(["A negotiation needs at least two parties."]);
    expect(partyProblems([row("ar"), row("ar")])).toEqual(["Party 2: the id ar is already used."]);
    expect(partyProblems([row("Ar"), row("be", " ")])).toHaveLength(2);
  });
});
