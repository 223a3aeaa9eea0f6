import { describe, expect, it } from "vitest";
import { COMMAND_TYPES } from "./commands.ts";
import { replay } from "./decide.ts";
import { mayIssue, readableScopes, roleOf, writableScopes } from "./policy.ts";
import { codeOf, Kit, MEMBERS as M, member, N, setUp, viewerFor } from "./test-kit.ts";
import { viewerOf } from "./view.ts";

describe("membership", () => {
  it("creates the negotiation with its lead mediator, once", () => {
    const kit = setUp();
    expect(kit.state.negotiation).toMatchObject({ id: N, title: "Test talks", scope: "shared" });
    expect(roleOf(member(kit, M.lead))).toBe("mediation-lead");
    expect(
      codeOf(() =>
        kit.run("account-2", {
          type: "create-negotiation",
          negotiationId: N,
          title: "Again",
          lead: { memberId: "x", name: "X", email: "x@example.org" },
        }),
      ),
    ).toBe("negotiation.exists");
  });

  it("refuses a create command that names another negotiation", () => {
    const kit = new Kit();
    expect(
      codeOf(() =>
        kit.run("account-1", {
          type: "create-negotiation",
          negotiationId: "other",
          title: "T",
          lead: { memberId: "l", name: "L", email: "l@example.org" },
        }),
      ),
    ).toBe("validation");
  });

  it("refuses any other command before the negotiation exists", () => {
    const kit = new Kit();
    expect(codeOf(() => kit.run(M.lead, { type: "add-party", partyId: "am", name: "Armenia" }))).toBe(
      "negotiation.missing",
    );
  });

  it("adds parties once each; the short name defaults to the name", () => {
    const kit = setUp();
    expect(kit.state.get("party", "am")).toMatchObject({ name: "Armenia", shortName: "Armenia" });
    expect(kit.state.partyIds()).toEqual(["am", "az"]);
    expect(codeOf(() => kit.run(M.lead, { type: "add-party", partyId: "am", name: "Again" }))).toBe(
      "party.exists",
    );
  });

  it("stores e-mail addresses in lower case and refuses a second active member with the same one", () => {
    const kit = setUp();
    const add = (memberId: string, email: string) =>
      kit.run(M.lead, { type: "add-member", memberId, name: "N", email, role: "observer" });
    add("g1", "Guarantor@Example.org");
    expect(member(kit, "g1").email).toBe("guarantor@example.org");
    expect(codeOf(() => add("g2", "GUARANTOR@example.org"))).toBe("member.exists");
    expect(codeOf(() => add("g1", "other@example.org"))).toBe("member.exists");
    // Once removed, the address may join again under a new id; the old id stays taken.
    kit.run(M.lead, { type: "remove-member", memberId: "g1" });
    expect(codeOf(() => add("g2", "guarantor@example.org"))).toBe("ok");
    expect(codeOf(() => add("g1", "fresh@example.org"))).toBe("member.exists");
  });

  it("checks that ranks and parties fit the role", () => {
    const kit = setUp();
    const add = (extra: Record<string, string>) =>
      codeOf(() =>
        kit.run(M.lead, {
          type: "add-member",
          memberId: "n",
          name: "N",
          email: "n@example.org",
          role: "delegation",
          ...extra,
        }),
      );
    expect(add({ rank: "lead", partyId: "am" })).toBe("validation");
    expect(add({ rank: "member" })).toBe("validation");
    expect(add({ rank: "member", partyId: "ge" })).toBe("party.unknown");
    expect(add({ role: "mediation", rank: "head" })).toBe("validation");
    expect(add({ role: "mediation", partyId: "am" })).toBe("validation");
    expect(add({ role: "observer", partyId: "am" })).toBe("validation");
    expect(add({ rank: "member", partyId: "am" })).toBe("ok");
  });

  it("lets a head of delegation build and trim their own delegation only", () => {
    const kit = setUp();
    const add = (partyId: string | undefined, role: "delegation" | "observer" = "delegation") =>
      codeOf(() =>
        kit.run(M.amHead, {
          type: "add-member",
          memberId: `n-${kit.log.length}`,
          name: "N",
          email: `n${kit.log.length}@example.org`,
          role,
          ...(partyId ? { partyId } : {}),
        }),
      );
    expect(add("am")).toBe("ok");
    expect(add("az")).toBe("forbidden");
    expect(add(undefined, "observer")).toBe("forbidden");
    expect(codeOf(() => kit.run(M.amHead, { type: "remove-member", memberId: M.azMember }))).toBe(
      "forbidden",
    );
    expect(codeOf(() => kit.run(M.amHead, { type: "remove-member", memberId: M.mediator }))).toBe(
      "forbidden",
    );
    expect(codeOf(() => kit.run(M.amHead, { type: "remove-member", memberId: M.amMember }))).toBe("ok");
    expect(member(kit, M.amMember).active).toBe(false);
  });

  it("refuses removing a member twice, and an unknown member as not found", () => {
    const kit = setUp();
    kit.run(M.lead, { type: "remove-member", memberId: M.observer });
    expect(codeOf(() => kit.run(M.lead, { type: "remove-member", memberId: M.observer }))).toBe(
      "member.removed",
    );
    expect(codeOf(() => kit.run(M.lead, { type: "remove-member", memberId: "nobody" }))).toBe("not_found");
  });

  it("always keeps one mediation lead", () => {
    const kit = setUp();
    expect(codeOf(() => kit.run(M.lead, { type: "remove-member", memberId: M.lead }))).toBe(
      "member.last_lead",
    );
    kit.run(M.lead, {
      type: "add-member",
      memberId: "lead2",
      name: "Second lead",
      email: "lead2@example.org",
      role: "mediation",
      rank: "lead",
    });
    expect(codeOf(() => kit.run("lead2", { type: "remove-member", memberId: M.lead }))).toBe("ok");
    expect(codeOf(() => kit.run("lead2", { type: "remove-member", memberId: "lead2" }))).toBe(
      "member.last_lead",
    );
  });

  it("a removed member can do nothing and reads only what the public reads, at once", () => {
    const kit = setUp();
    kit.run(M.amMember, { type: "write-note", noteId: "before", text: "Our red lines", scope: "party:am" });
    kit.run(M.amHead, { type: "remove-member", memberId: M.amMember });
    const removed = member(kit, M.amMember);
    expect(removed.active).toBe(false);
    for (const type of COMMAND_TYPES) expect(mayIssue(removed, type), type).toBe(false);
    expect(
      codeOf(() => kit.run(M.amMember, { type: "write-note", noteId: "after", text: "x", scope: "shared" })),
    ).toBe("forbidden");
    expect(codeOf(() => kit.run(M.amMember, { type: "remove-member", memberId: M.amHead }))).toBe(
      "forbidden",
    );
    const viewer = viewerFor(kit, M.amMember);
    expect([...readableScopes(viewer, kit.state.partyIds())]).toEqual(["public"]);
    expect(writableScopes(removed, kit.state.partyIds()).size).toBe(0);
    // Looking them up by id or e-mail gives the public viewer.
    expect(viewerOf(kit.state, M.amMember)).toEqual({ kind: "public" });
    expect(viewerOf(kit.state, "AM-MEMBER@example.org")).toEqual({ kind: "public" });
    expect(viewerOf(kit.state, "Am-Head@Example.org")).toMatchObject({ kind: "member" });
  });

  it("a command from someone who is not a member is forbidden", () => {
    const kit = setUp();
    expect(
      codeOf(() => kit.run("stranger", { type: "write-note", noteId: "n", text: "x", scope: "shared" })),
    ).toBe("forbidden");
  });

  it("keeps membership in the shared scope, so every member sees the same table", () => {
    const kit = setUp();
    expect(kit.log.filter((e) => e.type.startsWith("member.") || e.type === "party.added")).not.toHaveLength(
      0,
    );
    for (const e of kit.log)
      if (e.type.startsWith("member.") || e.type === "party.added") expect(e.scope).toBe("shared");
    expect(replay(kit.log).snapshot()).toEqual(kit.state.snapshot());
  });
});
