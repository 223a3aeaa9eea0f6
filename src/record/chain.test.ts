import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RecordedEvent, UnsealedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";
import { canonicalEventText } from "./canonical.ts";
import {
  appendToChain,
  type ChainReport,
  genesisHash,
  genesisHead,
  nextLink,
  sealEvent,
  verifyChain,
  verifyHistory,
} from "./chain.ts";
import { chainOf, makeHistory, NEGOTIATION } from "./test-history.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function draft(overrides: Partial<UnsealedEvent> = {}): UnsealedEvent {
  return {
    negotiationId: NEGOTIATION,
    scope: "shared",
    scopeSeq: 1,
    type: "note.added",
    actor: "member-1",
    at: "2026-01-05T09:00:00.000Z",
    data: { text: "hello" },
    prevHash: genesisHash(NEGOTIATION, "shared"),
    ...overrides,
  };
}

function firstBad(report: ChainReport | undefined) {
  if (report === undefined || report.ok) throw new Error("expected a broken chain");
  return report.firstBad;
}

describe("genesisHash", () => {
  it("binds each chain to its negotiation and scope with a domain-separated string", () => {
    expect(genesisHash("neg-1", "shared")).toBe(sha256("parley/v1/genesis\nneg-1\nshared"));
    const hashes = new Set([
      genesisHash("neg-1", "shared"),
      genesisHash("neg-2", "shared"),
      genesisHash("neg-1", "party:am"),
      genesisHash("neg-1", "caucus:am"),
    ]);
    expect(hashes.size).toBe(4);
  });
});

describe("sealEvent and appendToChain", () => {
  it("hashes the canonical encoding of every envelope field", () => {
    const unsealed = draft();
    const sealed = sealEvent(unsealed);
    expect(sealed.hash).toBe(sha256(canonicalEventText(unsealed)));
    expect(sealed).toEqual({ ...unsealed, hash: sealed.hash });
  });

  it.each([
    ["an extra field", { ...draft(), hash: "0".repeat(64) }],
    ["a bad scope", draft({ scope: "party:AM" as "shared" })],
    ["seq 0", draft({ scopeSeq: 0 })],
    ["a local time", draft({ at: "2026-01-05T09:00:00+01:00" })],
    ["an upper-case prevHash", draft({ prevHash: "A".repeat(64) })],
    ["an empty actor", draft({ actor: "" })],
    ["a payload that is not JSON", draft({ data: { n: Number.NaN } })],
  ])("refuses to seal an event with %s", (_name, unsealed) => {
    expect(() => sealEvent(unsealed)).toThrow(DomainError);
  });

  it("numbers events from 1 and links each to the previous one, starting at genesis", () => {
    const first = appendToChain(genesisHead(NEGOTIATION, "mediation"), draft({ scope: "mediation" }));
    const second = appendToChain(first.head, draft({ at: "2026-01-05T09:00:01Z" }));
    expect(first.event.scopeSeq).toBe(1);
    expect(first.event.prevHash).toBe(genesisHash(NEGOTIATION, "mediation"));
    expect(second.event).toMatchObject({ scope: "mediation", scopeSeq: 2, prevHash: first.event.hash });
    expect(second.head).toEqual({ scope: "mediation", seq: 2, hash: second.event.hash });
    expect(nextLink(second.head)).toEqual({ scope: "mediation", scopeSeq: 3, prevHash: second.event.hash });
  });
});

describe("verifyChain", () => {
  const events = makeHistory([
    { scope: "shared" },
    { scope: "shared" },
    { scope: "shared" },
    { scope: "shared" },
  ]);

  it("accepts an intact chain and reports its head", () => {
    const report = verifyChain(NEGOTIATION, "shared", events);
    expect(report).toEqual({
      negotiationId: NEGOTIATION,
      scope: "shared",
      ok: true,
      count: 4,
      head: { scope: "shared", seq: 4, hash: events[3]?.hash },
    });
  });

  it("accepts an empty chain, whose head is the genesis hash", () => {
    const report = verifyChain(NEGOTIATION, "public", []);
    expect(report.ok && report.head).toEqual(genesisHead(NEGOTIATION, "public"));
  });

  const at = (index: number) => events[index] as RecordedEvent;
  const resealed = (index: number, changes: Partial<UnsealedEvent>) => {
    const { hash: _old, ...rest } = at(index);
    return sealEvent({ ...rest, ...changes });
  };
  const cases: [string, () => unknown[], number, string][] = [
    ["a changed payload", () => [at(0), { ...at(1), data: { n: 2 } }, at(2)], 2, "hash-mismatch"],
    ["a missing field", () => [at(0), { ...at(1), actor: undefined }], 2, "malformed"],
    ["an unexpected field", () => [{ ...at(0), extra: 1 }], 1, "malformed"],
    ["a payload that is not JSON", () => [{ ...at(0), data: new Date(0) }], 1, "malformed"],
    ["a deleted event", () => [at(0), at(2), at(3)], 2, "seq-gap"],
    ["a duplicated event", () => [at(0), at(1), at(1), at(2)], 3, "seq-repeat"],
    ["swapped events", () => [at(0), at(2), at(1), at(3)], 2, "seq-gap"],
    ["a re-sealed altered event", () => [at(0), resealed(1, { actor: "x" }), at(2)], 3, "prev-mismatch"],
    [
      "an event re-sealed with a bad link",
      () => [at(0), resealed(1, { prevHash: "0".repeat(64) })],
      2,
      "prev-mismatch",
    ],
    ["an event from another scope", () => [at(0), { ...at(1), scope: "mediation" }], 2, "wrong-scope"],
    [
      "an event from another negotiation",
      () => [{ ...at(0), negotiationId: "neg-x" }],
      1,
      "wrong-negotiation",
    ],
    [
      "a clock that runs backwards",
      () => [at(0), resealed(1, { at: "2026-01-05T08:59:59.999Z" })],
      2,
      "time-reversed",
    ],
    ["a hole in the array", () => [at(0), undefined], 2, "malformed"],
  ];

  it.each(cases)("names the first bad event for %s", (_name, build, scopeSeq, reason) => {
    const report = verifyChain(NEGOTIATION, "shared", build() as RecordedEvent[]);
    expect(firstBad(report)).toMatchObject({ scopeSeq, reason });
  });

  it("orders instants of different precision by time, not by text", () => {
    const first = sealEvent(draft({ at: "2026-01-05T09:00:00.5Z" }));
    const second = sealEvent(
      draft({ scopeSeq: 2, prevHash: first.hash, at: "2026-01-05T09:00:00.123456789Z" }),
    );
    expect(firstBad(verifyChain(NEGOTIATION, "shared", [first, second])).reason).toBe("time-reversed");
    const third = sealEvent(draft({ scopeSeq: 2, prevHash: first.hash, at: "2026-01-05T09:00:00.50Z" }));
    expect(verifyChain(NEGOTIATION, "shared", [first, third]).ok).toBe(true);
  });
});

describe("verifyHistory", () => {
  const events = makeHistory([
    { scope: "party:am" },
    { scope: "shared" },
    { scope: "party:am" },
    { scope: "caucus:am" },
    { scope: "shared" },
  ]);

  it("reports each chain once, in order of first appearance", () => {
    const reports = verifyHistory(events);
    expect(reports.map((report) => [report.scope, report.ok, report.count])).toEqual([
      ["party:am", true, 2],
      ["shared", true, 2],
      ["caucus:am", true, 1],
    ]);
  });

  it("does not depend on how chains are interleaved, which is deliberately not recorded", () => {
    const regrouped = [
      ...chainOf(events, "shared"),
      ...chainOf(events, "caucus:am"),
      ...chainOf(events, "party:am"),
    ];
    expect(verifyHistory(regrouped).every((report) => report.ok)).toBe(true);
  });

  it("keeps negotiations apart", () => {
    const other = makeHistory([{ scope: "shared" }], "neg-other");
    const reports = verifyHistory([...events, ...other]);
    expect(reports).toHaveLength(4);
    expect(reports.at(-1)).toMatchObject({ negotiationId: "neg-other", scope: "shared", ok: true, count: 1 });
  });

  it("reports values that are not events instead of throwing", () => {
    const reports = verifyHistory([null, 3, "x"] as unknown as RecordedEvent[]);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.ok).toBe(false);
  });
});
