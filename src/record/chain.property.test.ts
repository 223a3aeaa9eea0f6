import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../domain/envelope.ts";
import type { Scope } from "../domain/scope.ts";
import { headOf, verifyHistory } from "./chain.ts";
import { chainOf, type Entry, makeHistory } from "./test-history.ts";

const SCOPES: Scope[] = ["public", "shared", "mediation", "caucus:am", "party:am", "party:bz"];

const entries = fc.array(
  fc.record({
    scope: fc.constantFrom(...SCOPES),
    type: fc.constantFrom("proposal.tabled", "note.added", "round.closed"),
    data: fc.jsonValue({ maxDepth: 6, stringUnit: "binary" }),
  }),
  { minLength: 1, maxLength: 40 },
);

const intact = (events: readonly unknown[]) =>
  verifyHistory(events as RecordedEvent[]).every((report) => report.ok);

describe("random histories", () => {
  it("verify, one report per scope used, each headed by its last event", () => {
    fc.assert(
      fc.property(entries, (list: Entry[]) => {
        const events = makeHistory(list);
        const reports = verifyHistory(events);
        const used = [...new Set(list.map((entry) => entry.scope))];
        expect(reports.map((report) => report.scope)).toEqual(used);
        for (const report of reports) {
          const chain = chainOf(events, report.scope as Scope);
          expect(report).toMatchObject({ ok: true, count: chain.length });
          expect(report.ok && report.head).toEqual(headOf(chain.at(-1) as RecordedEvent));
        }
      }),
    );
  });

  it("still verify after a round trip through JSON, as when read back from a store or a file", () => {
    fc.assert(
      fc.property(entries, (list) => {
        const stored = JSON.parse(JSON.stringify(makeHistory(list))) as unknown[];
        expect(intact(stored)).toBe(true);
      }),
    );
  });
});

type Tamper = (event: RecordedEvent, other: string, n: number) => RecordedEvent;

const TAMPERS: Record<string, Tamper> = {
  data: (event, other) => ({ ...event, data: { was: event.data, other } }),
  actor: (event, other) => ({ ...event, actor: `${event.actor}${other}x` }),
  type: (event, other) => ({ ...event, type: `${event.type}.${other}` }),
  at: (event, _other, n) => ({ ...event, at: new Date(Date.parse(event.at) + (n + 1) * 1000).toISOString() }),
  scopeSeq: (event, _other, n) => ({ ...event, scopeSeq: event.scopeSeq + n + 1 }),
  scope: (event) => ({ ...event, scope: event.scope === "shared" ? "mediation" : "shared" }),
  negotiationId: (event, other) => ({ ...event, negotiationId: `${event.negotiationId}-${other}` }),
  prevHash: (event) => ({ ...event, prevHash: event.hash }),
  hash: (event) => ({ ...event, hash: event.prevHash }),
};

describe("random tampering", () => {
  it("of any field of any event is detected", () => {
    fc.assert(
      fc.property(
        entries,
        fc.nat(),
        fc.constantFrom(...Object.keys(TAMPERS)),
        fc.string(),
        fc.nat({ max: 5 }),
        (list, pick, field, other, n) => {
          const events = makeHistory(list);
          const index = pick % events.length;
          const tamper = TAMPERS[field] as Tamper;
          const tampered = events.map((event, i) => (i === index ? tamper(event, other, n) : event));
          expect(intact(tampered)).toBe(false);
        },
      ),
    );
  });

  it("by deleting, repeating or moving an event within its chain is detected", () => {
    fc.assert(
      fc.property(
        entries,
        fc.nat(),
        fc.nat(),
        fc.constantFrom("delete", "repeat", "move"),
        (list, a, b, kind) => {
          const events = makeHistory(list);
          const victim = events[a % events.length] as RecordedEvent;
          const chain = chainOf(events, victim.scope);
          fc.pre(kind !== "delete" || victim !== chain.at(-1)); // a cut-off tail needs a receipt
          fc.pre(kind !== "move" || chain.length > 1);
          const without = events.filter((event) => event !== victim);
          const position = b % (without.length + 1);
          const changed =
            kind === "delete"
              ? without
              : kind === "repeat"
                ? [...events.slice(0, position), victim, ...events.slice(position)]
                : [...without.slice(0, position), victim, ...without.slice(position)];
          const sameChainOrder = chainOf(changed as RecordedEvent[], victim.scope).every(
            (event, i) => event === chain[i],
          );
          fc.pre(kind !== "move" || !sameChainOrder);
          expect(intact(changed)).toBe(false);
        },
      ),
    );
  });
});
