import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEventText, canonicalJson } from "./canonical.ts";
import { appendToChain, genesisHead, verifyChain } from "./chain.ts";
import { type StoredEventRow, sealForStorage, storedEventText, verifyStoredChain } from "./stored-chain.ts";

const json = fc.jsonValue().filter((v) => {
  try {
    canonicalJson(v);
    return true;
  } catch {
    return false;
  }
});

function chainOf(payloads: unknown[]): StoredEventRow[] {
  let head = genesisHead("n1", "shared");
  return payloads.map((data, i) => {
    const sealed = appendToChain(head, {
      negotiationId: "n1",
      type: "note.written",
      actor: 'a"ctor',
      at: `2026-01-01T00:00:0${Math.min(i, 9)}.000Z`,
      data,
    });
    head = sealed.head;
    const { data: d, ...rest } = sealed.event;
    return { ...rest, dataText: canonicalJson(d) };
  });
}

describe("verification from stored rows", () => {
  it("rebuilds exactly the canonical text that was hashed, for any payload", () => {
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 5 }), (payloads) => {
        const rows = chainOf(payloads);
        for (const [i, row] of rows.entries()) {
          const { dataText, ...envelope } = row;
          expect(storedEventText(row)).toBe(
            canonicalEventText({ ...envelope, scope: "shared", data: payloads[i] }),
          );
        }
        expect(verifyStoredChain("n1", "shared", rows).ok).toBe(true);
        const events = rows.map(({ dataText, ...e }) => ({
          ...e,
          scope: "shared" as const,
          data: JSON.parse(dataText) as unknown,
        }));
        expect(verifyChain("n1", "shared", events).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("verifies chains whatever their actors and event types hold (quotes, controls, any Unicode), and still catches a rewritten link", () => {
    const text = fc.string({ unit: "binary", maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ actor: text, type: text, data: json }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        text,
        (drafts, pick, forged) => {
          let head = genesisHead("n-1", "party:am");
          const rows = drafts.map((draft, i) => {
            const sealed = sealForStorage(head, {
              negotiationId: "n-1",
              at: `2026-01-01T00:00:0${Math.min(i, 9)}.000Z`,
              ...draft,
            });
            head = sealed.head;
            const { data: _data, ...rest } = sealed.event;
            return { ...rest, dataText: sealed.dataText };
          });
          expect(verifyStoredChain("n-1", "party:am", rows).ok).toBe(true);
          const at = pick % rows.length;
          const target = rows[at];
          if (!target || forged === target.prevHash) return;
          // A link replaced by any string, escaped or not, is caught at that event.
          const tampered = rows.map((r, i) => (i === at ? { ...r, prevHash: forged } : r));
          expect(verifyStoredChain("n-1", "party:am", tampered)).toMatchObject({
            ok: false,
            firstBad: { scopeSeq: at + 1 },
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("names the first altered, missing or reordered event", () => {
    const rows = chainOf([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }]);
    const altered = rows.map((r, i) => (i === 2 ? { ...r, dataText: '{"c":4}' } : r));
    expect(verifyStoredChain("n1", "shared", altered)).toMatchObject({
      ok: false,
      firstBad: { scopeSeq: 3, reason: "hash-mismatch" },
    });
    const dropped = rows.filter((_, i) => i !== 1);
    expect(verifyStoredChain("n1", "shared", dropped)).toMatchObject({
      ok: false,
      firstBad: { scopeSeq: 2, reason: "seq-gap" },
    });
    const swapped = [rows[0], rows[2], rows[1], rows[3]] as StoredEventRow[];
    expect(verifyStoredChain("n1", "shared", swapped)).toMatchObject({
      ok: false,
      firstBad: { scopeSeq: 2 },
    });
    const relinked = rows.map((r, i) => (i === 3 ? { ...r, prevHash: rows[1]?.hash ?? "" } : r));
    expect(verifyStoredChain("n1", "shared", relinked)).toMatchObject({
      ok: false,
      firstBad: { scopeSeq: 4 },
    });
  });

  it("seals for storage exactly as the record's own sealing does, for any payload", () => {
    fc.assert(
      fc.property(json, (data) => {
        const head = genesisHead("n1", "party:am");
        const draft = {
          negotiationId: "n1",
          type: "note.written",
          actor: "m-1",
          at: "2026-01-01T00:00:00.000Z",
          data,
        };
        const stored = sealForStorage(head, draft);
        const sealed = appendToChain(head, draft);
        expect(stored.event.hash).toBe(sealed.event.hash);
        expect(stored.head).toEqual(sealed.head);
        expect(stored.dataText).toBe(canonicalJson(data));
      }),
      { numRuns: 300 },
    );
  });
});
