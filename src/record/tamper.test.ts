import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../domain/envelope.ts";
import type { Scope } from "../domain/scope.ts";
import { type ChainReport, sealEvent, verifyHistory } from "./chain.ts";
import { checkReceiptAgainstChain, signCheckpoint } from "./checkpoint.ts";
import { createSigningKey } from "./keys.ts";
import { chainOf, headsOf, NEGOTIATION, smallHistory } from "./test-history.ts";

/**
 * Exhaustive tampering of a small history (6 events across 2 scopes): every single-byte change, deletion,
 * adjacent swap and duplication. What the events alone cannot show (a cut-off tail) must be caught by the
 * receipts of the latest checkpoint.
 */

const SCOPES: Scope[] = ["shared", "party:am"];
const original = smallHistory();
const key = createSigningKey();
const receipts = signCheckpoint(key, {
  negotiationId: NEGOTIATION,
  checkpointId: "cp-1",
  at: "2026-01-05T10:00:00.000Z",
  reason: "round-closed",
  heads: headsOf(original, SCOPES),
});

const intact = (history: unknown[]) => verifyHistory(history as RecordedEvent[]).every((report) => report.ok);
const receiptsHold = (history: RecordedEvent[]) =>
  receipts.every((receipt) => checkReceiptAgainstChain(receipt, chainOf(history, receipt.scope)).ok);
const byScope = (reports: ChainReport[]) => [...reports].sort((a, b) => a.scope.localeCompare(b.scope));

it("starts from a history that verifies and whose receipts hold", () => {
  expect(intact(original)).toBe(true);
  expect(receiptsHold(original)).toBe(true);
});

describe("every single-byte change of an event's serialised form", () => {
  const decoder = new TextDecoder("utf-8", { fatal: true });

  it.each(original.map((event, index) => [index, event] as const))("event %i is detected", (index, event) => {
    const bytes = Buffer.from(JSON.stringify(event), "utf8");
    let tried = 0;
    const missed: string[] = [];
    for (let position = 0; position < bytes.length; position++) {
      for (let value = 0; value < 256; value++) {
        if (value === bytes[position]) continue;
        const mutated = Buffer.from(bytes);
        mutated[position] = value;
        let parsed: unknown;
        try {
          parsed = JSON.parse(decoder.decode(mutated));
        } catch {
          continue;
        }
        if (isDeepStrictEqual(parsed, event)) continue;
        tried++;
        const history: unknown[] = [...original];
        history[index] = parsed;
        if (intact(history)) missed.push(`byte ${position} -> ${value}: ${JSON.stringify(parsed)}`);
      }
    }
    expect(missed).toEqual([]);
    // The loop must really have exercised the event, not skipped everything as unparseable.
    expect(tried).toBeGreaterThan(bytes.length * 50);
  });
});

describe("structural tampering", () => {
  const isTail = (event: RecordedEvent) => chainOf(original, event.scope).at(-1) === event;

  it.each(original.map((event, index) => [index, event] as const))(
    "deleting event %i is detected",
    (index, event) => {
      const history = original.filter((_, i) => i !== index);
      if (isTail(event)) {
        // A cut-off tail leaves a shorter but valid chain: only a receipt can tell.
        expect(intact(history)).toBe(true);
        expect(receiptsHold(history)).toBe(false);
      } else {
        expect(intact(history)).toBe(false);
      }
    },
  );

  it.each(original.slice(1).map((_, i) => [i, i + 1]))("swapping events %i and %i is detected", (i, j) => {
    const history = [...original];
    const [a, b] = [original[i] as RecordedEvent, original[j] as RecordedEvent];
    history[i] = b;
    history[j] = a;
    if (a.scope === b.scope) {
      expect(intact(history)).toBe(false);
    } else {
      // Events of different chains have no recorded order between them: each chain is unchanged.
      expect(byScope(verifyHistory(history))).toEqual(byScope(verifyHistory(original)));
    }
  });

  it("every duplication of an event at every position is detected", () => {
    let cases = 0;
    for (const event of original) {
      for (let position = 0; position <= original.length; position++) {
        const history = [...original.slice(0, position), event, ...original.slice(position)];
        expect(intact(history), `event ${event.scope}#${event.scopeSeq} at ${position}`).toBe(false);
        cases++;
      }
    }
    expect(cases).toBe(original.length * (original.length + 1));
  });

  it("an event forged with a valid hash and inserted anywhere but the tail is detected", () => {
    for (let position = 0; position < original.length; position++) {
      const target = original[position] as RecordedEvent;
      const { hash: _hash, ...unsealed } = target;
      // A fork: same position and link as a real event, different content, correctly hashed.
      const forged = sealEvent({ ...unsealed, data: { forged: true } });
      const replaced = original.map((event) => (event === target ? forged : event));
      if (isTail(target)) expect(receiptsHold(replaced)).toBe(false);
      else expect(intact(replaced)).toBe(false);
      const inserted = [...original.slice(0, position), forged, ...original.slice(position)];
      expect(intact(inserted)).toBe(false);
    }
  });
});
