import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../domain/envelope.ts";
import type { Scope } from "../domain/scope.ts";
import { type Receipt, signCheckpoint } from "./checkpoint.ts";
import { createSigningKey } from "./keys.ts";
import { headsOf, makeHistory, NEGOTIATION } from "./test-history.ts";
import { formatReport, type HistoryExport, makeHistoryExport, verifyExport } from "./verify-export.ts";

const key = createSigningKey();
const SCOPES: Scope[] = ["public", "shared", "mediation", "party:am"];
const events = makeHistory([
  { scope: "shared" },
  { scope: "party:am" },
  { scope: "shared" },
  { scope: "shared" },
  { scope: "party:am" },
]);
const sign = (history: RecordedEvent[], checkpointId: string) =>
  signCheckpoint(key, {
    negotiationId: NEGOTIATION,
    checkpointId,
    at: "2026-01-05T10:00:00.000Z",
    reason: "round-closed",
    heads: headsOf(history, SCOPES),
  });
const receipts = [...sign(events.slice(0, 3), "cp-1"), ...sign(events, "cp-2")];
const doc = makeHistoryExport({ negotiationId: NEGOTIATION, ...key, events, receipts });
const exported: HistoryExport = doc;

function withEvents(list: RecordedEvent[], extra: Partial<HistoryExport> = {}): unknown {
  return JSON.parse(JSON.stringify({ ...exported, events: list, ...extra }));
}

describe("verifyExport", () => {
  it("accepts an intact export read back from JSON, with a line per chain", () => {
    const report = verifyExport(JSON.parse(JSON.stringify(exported)));
    expect(report.ok).toBe(true);
    expect(report.receipts).toEqual({ checked: 8, bad: [] });
    const lines = formatReport(report);
    expect(lines[0]).toMatch(
      /^shared: 3 events, head [0-9a-f]{4}…[0-9a-f]{2}, intact, signed up to event 3$/,
    );
    expect(lines[1]).toMatch(/^party:am: 2 events, head .*, intact, signed up to event 2$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^public: 0 events, head .*, intact, signed up to event 0$/),
    );
    expect(lines.at(-1)).toBe("receipts: 8 checked, all valid");
  });

  it("does not carry the private key, even when built from the whole signing key", () => {
    expect(JSON.stringify(exported)).not.toContain("PRIVATE KEY");
    expect(verifyExport({ ...exported, privateKeyPem: key.privateKeyPem }).errors).toEqual([
      'unexpected field "privateKeyPem"',
    ]);
  });

  it("names the first bad event of an altered chain", () => {
    const altered = events.map((event, i) => (i === 2 ? { ...event, actor: "mallory" } : event));
    const report = verifyExport(withEvents(altered));
    expect(report.ok).toBe(false);
    expect(formatReport(report)).toContain(
      "shared: BROKEN at event 2 (hash-mismatch): content does not match its hash",
    );
    expect(report.receipts.bad).toEqual([
      expect.objectContaining({ scope: "shared", checkpointId: "cp-1", reason: "chain-broken" }),
      expect.objectContaining({ scope: "shared", checkpointId: "cp-2", reason: "chain-broken" }),
    ]);
  });

  it("catches a cut-off tail through the receipts", () => {
    const report = verifyExport(withEvents(events.slice(0, 4)));
    expect(report.ok).toBe(false);
    expect(report.chains.every((chain) => chain.ok)).toBe(true);
    expect(report.receipts.bad).toEqual([
      expect.objectContaining({ scope: "party:am", checkpointId: "cp-2", reason: "missing" }),
    ]);
  });

  it("verifies a viewer's export holding only the scopes they can read", () => {
    const mine = (scope: string) => scope !== "party:am";
    const filtered = {
      ...exported,
      events: events.filter((event) => mine(event.scope)),
      receipts: receipts.filter((receipt) => mine(receipt.scope)),
    };
    expect(verifyExport(filtered).ok).toBe(true);
    expect(JSON.stringify(filtered)).not.toContain("party:am");
  });

  it("rejects receipts signed by another key, and a key id that does not name the key", () => {
    const other = createSigningKey();
    const report = verifyExport({ ...exported, publicKeyPem: other.publicKeyPem, keyId: other.keyId });
    expect(report.ok).toBe(false);
    expect(report.receipts.bad.map((bad) => bad.reason)).toEqual(Array(8).fill("bad-signature"));
    expect(verifyExport({ ...exported, keyId: other.keyId }).errors).toEqual([
      "keyId does not name publicKeyPem",
    ]);
  });

  it("rejects events and receipts of another negotiation", () => {
    const foreign = makeHistory([{ scope: "shared" }], "neg-other");
    const report = verifyExport(withEvents([...events, ...foreign]));
    expect(formatReport(report)).toContain(
      'shared: BROKEN at event 4 (wrong-negotiation): belongs to negotiation "neg-other"',
    );
    const bad = verifyExport({
      ...exported,
      receipts: [{ ...(receipts[0] as Receipt), negotiationId: "neg-other" }],
    });
    expect(bad.receipts.bad[0]?.reason).toBe("wrong-negotiation");
  });

  it.each([
    [null, "not a JSON object"],
    [[], "not a JSON object"],
    [{ ...exported, format: "parley-history/2" }, "format is not parley-history/1"],
    [{ ...exported, negotiationId: 3 }, "negotiationId is missing"],
    [{ ...exported, events: {} }, "events is not an array"],
    [{ ...exported, receipts: null }, "receipts is not an array"],
    [{ ...exported, publicKeyPem: "x" }, "publicKeyPem is not an Ed25519 public key"],
  ])("reports a malformed document instead of throwing (%#)", (input, error) => {
    const report = verifyExport(input);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([error]);
    expect(formatReport(report)[0]).toBe(`error: ${error}`);
  });

  it("quotes scope names that are not scopes, so a crafted file cannot forge report lines", () => {
    const crafted = { ...(events[0] as RecordedEvent), scope: "x\nshared: 9 events, intact" };
    const lines = formatReport(verifyExport(withEvents([crafted as unknown as RecordedEvent])));
    expect(lines[0]).toMatch(/^"x\\nshared: 9 events, intact": BROKEN at event 1 \(wrong-scope\)/);
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(verifyExport(value).ok).toBe(false);
        expect(verifyExport({ ...exported, events: value }).ok).toBe(false);
        const withValue = verifyExport({ ...exported, receipts: [...receipts, value] });
        expect(withValue.ok).toBe(false);
      }),
    );
  });

  it("accepts a randomly altered file only if its events and receipts are unchanged", () => {
    const text = JSON.stringify(exported);
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.integer({ min: 32, max: 126 }), (position, code) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text.slice(0, position) + String.fromCharCode(code) + text.slice(position + 1));
        } catch {
          return;
        }
        const report = verifyExport(parsed);
        if (!report.ok) return;
        const { events: e, receipts: r } = parsed as HistoryExport;
        expect(isDeepStrictEqual(e, exported.events) && isDeepStrictEqual(r, exported.receipts)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
