import { describe, expect, it } from "vitest";
import type { Party, Release, Statement } from "../../../domain/entities.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { releaseBlock, stateInWords, statementItems } from "./statement-words.ts";

const base = { version: 1, createdAt: "2023-05-04T15:00:00Z", updatedAt: "2023-05-04T15:00:00Z" };
const parties: Party[] = [
  { ...base, kind: "party", id: "am", scope: "shared", name: "Armenia", shortName: "AM" },
  { ...base, kind: "party", id: "az", scope: "shared", name: "Azerbaijan", shortName: "AZ" },
];
const statement = (id: string, over: Partial<Statement>): Statement => ({
  ...base,
  kind: "statement",
  id,
  scope: "shared",
  statementKind: "joint",
  party: null,
  title: id,
  text: "",
  revision: 1,
  approvals: [],
  authorId: "hogan",
  ...over,
});
const release = (id: string, over: Partial<Release>): Release => ({
  ...base,
  kind: "release",
  id,
  scope: "public",
  statementId: id,
  statementKind: "party",
  party: "am",
  issuedBy: "Armenia",
  negotiationTitle: "Talks",
  title: id,
  text: "",
  revision: 1,
  createdAt: "2023-05-04T19:00:00Z",
  ...over,
});
const you = (role: string, party: string | null): NegotiationSummary["you"] => ({
  memberId: "m",
  role,
  party,
  abilities: {},
  writableScopes: [],
});

describe("statements in words", () => {
  it("lists a release the member could not read as a draft, once, beside drafts they read", () => {
    const items = statementItems(
      [
        statement("st-joint", {}),
        statement("st-am", { statementKind: "party", party: "am", scope: "party:am" }),
      ],
      [release("st-am", {}), release("st-az", { party: "az", issuedBy: "Azerbaijan" })],
    );
    expect(items.map((i) => [i.id, i.statement !== null, i.release !== null])).toEqual([
      ["st-am", true, true],
      ["st-az", false, true],
      ["st-joint", true, false],
    ]);
  });

  it("says who approved a joint draft and who is awaited", () => {
    const [none, one, all] = [[], ["am"], ["am", "az"]].map((approvals) =>
      stateInWords(statementItems([statement("j", { approvals })], [])[0] ?? fail(), parties),
    );
    expect(none).toBe("Draft, revision 1: no party has approved it yet");
    expect(one).toBe("Draft, revision 1: approved by Armenia; awaiting Azerbaijan");
    expect(all).toBe("Draft, revision 1: approved by every party, ready to release");
  });

  it("gives the lead mediator the reason a joint statement cannot be released yet, and nobody else a button", () => {
    const [item] = statementItems([statement("j", { approvals: ["am"] })], []);
    if (!item) fail();
    expect(releaseBlock(item, you("mediation-lead", null), parties)).toBe(
      "A joint statement is released only once every party approves it: Azerbaijan has not approved yet.",
    );
    expect(releaseBlock(item, you("mediation-member", null), parties)).toBe(
      "Only the lead mediator releases this statement.",
    );
    expect(releaseBlock(item, you("delegation-head", "am"), parties)).toBe("hidden");
    const [approved] = statementItems([statement("j", { approvals: ["am", "az"] })], []);
    if (!approved) fail();
    expect(releaseBlock(approved, you("mediation-lead", null), parties)).toBeNull();
  });

  it("lets only the head of the authoring delegation release a party statement, and never twice", () => {
    const draft = statement("p", { statementKind: "party", party: "am", scope: "party:am" });
    const [item] = statementItems([draft], []);
    if (!item) fail();
    expect(releaseBlock(item, you("delegation-head", "am"), parties)).toBeNull();
    expect(releaseBlock(item, you("delegation-member", "am"), parties)).toBe(
      "Only the head of your delegation releases its statement.",
    );
    const [released] = statementItems([draft], [release("p", {})]);
    if (!released) fail();
    expect(releaseBlock(released, you("delegation-head", "am"), parties)).toBe("hidden");
  });
});

function fail(): never {
  throw new Error("expected an item");
}
