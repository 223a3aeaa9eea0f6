import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_NEGOTIATION_ID, demoScenario } from "../src/demo/scenario.ts";
import { type HistoryExport, type VerifyReport, verifyExport } from "../src/record/verify-export.ts";
import { Store } from "../src/store/store.ts";
import { type BrowserVerifyReport, verifyHistoryExport } from "../src/web/record/verify-export.ts";

/**
 * The browser's verifier (src/web/record, WebCrypto) must reach the same verdict as the server's
 * (src/record, node:crypto) on a real exported history: the demo negotiation as each role exports it, and
 * the same history with one byte changed anywhere.
 */

const subtle = globalThis.crypto.subtle;

/** The two verdicts side by side, in the terms both use. */
function serverVerdict(report: VerifyReport) {
  return {
    ok: report.ok,
    errors: report.errors,
    chains: report.chains.map((c) =>
      c.ok
        ? { scope: c.scope, ok: true, count: c.count, head: c.head.hash, signedSeq: c.signedSeq }
        : {
            scope: c.scope,
            ok: false,
            count: c.count,
            at: c.firstBad.scopeSeq,
            reason: c.firstBad.reason,
            signedSeq: c.signedSeq,
          },
    ),
    bad: report.receipts.bad.map((b) => ({ index: b.index, reason: b.reason })),
    checked: report.receipts.checked,
  };
}
function browserVerdict(report: BrowserVerifyReport) {
  return {
    ok: report.ok,
    errors: report.errors,
    chains: report.chains.map((c) =>
      c.ok
        ? { scope: c.scope, ok: true, count: c.count, head: c.head, signedSeq: c.signedSeq }
        : {
            scope: c.scope,
            ok: false,
            count: c.count,
            at: c.firstBad.scopeSeq,
            reason: c.firstBad.reason,
            signedSeq: c.signedSeq,
          },
    ),
    bad: report.receipts.bad.map((b) => ({ index: b.index, reason: b.reason })),
    checked: report.receipts.checked,
  };
}

describe("verifying the record in the browser agrees with the server", () => {
  let dir: string;
  let store: Store;
  const exports = new Map<string, HistoryExport>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "parley-verify-"));
    store = await Store.open({ file: join(dir, "parley.db") });
    for (const step of demoScenario())
      await store.execute(DEMO_NEGOTIATION_ID, step.command, step.actor, { at: step.at });
    // Armenia's head, the mediation lead and the observer read different sets of chains.
    for (const memberId of ["mirzoyan", "blinken", "lindqvist"]) {
      const { scopes } = await store.viewAs(DEMO_NEGOTIATION_ID, memberId);
      exports.set(
        memberId,
        JSON.parse(JSON.stringify(await store.exportHistory(DEMO_NEGOTIATION_ID, scopes))),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("every chain of the demo verifies, with the same heads and receipts, for every role", async () => {
    for (const [memberId, doc] of exports) {
      const browser = await verifyHistoryExport(subtle, doc);
      expect(browser.signatures).toBe("checked");
      expect(browser.ok, memberId).toBe(true);
      expect(browserVerdict(browser)).toEqual(serverVerdict(verifyExport(doc)));
      // The demo closed three rounds: every chain the member reads is vouched for by a signed receipt.
      expect(browser.chains.every((c) => c.signedSeq !== null)).toBe(true);
      expect(browser.keyId).toBe(doc.keyId);
    }
    const am = exports.get("mirzoyan");
    expect(new Set(am?.events.map((e) => e.scope))).toEqual(
      new Set(["shared", "caucus:am", "party:am", "public"]),
    );
  });

  it("one changed byte in any event is caught, at the same event and for the same reason as the server", async () => {
    const doc = exports.get("mirzoyan");
    if (!doc) throw new Error("no export");
    const text = JSON.stringify(doc);
    // One change in every event's payload or envelope: a letter or digit inside its JSON text, flipped.
    let tried = 0;
    for (let i = 0; i < doc.events.length; i += 7) {
      const event = doc.events[i];
      if (!event) continue;
      const eventText = JSON.stringify(event);
      const start = text.indexOf(eventText);
      const offset = [...eventText].findIndex((ch, k) => k > eventText.length / 3 && /[a-z0-9]/.test(ch));
      const at = start + Math.max(offset, 1);
      const ch = text[at] ?? "a";
      const swapped = /\d/.test(ch) ? String((Number(ch) + 1) % 10) : ch === "a" ? "b" : "a";
      const tampered: unknown = JSON.parse(`${text.slice(0, at)}${swapped}${text.slice(at + 1)}`);
      const browser = await verifyHistoryExport(subtle, tampered);
      const server = verifyExport(tampered);
      expect(server.ok).toBe(false);
      expect(browser.ok).toBe(false);
      expect(browserVerdict(browser)).toEqual(serverVerdict(server));
      tried++;
    }
    expect(tried).toBeGreaterThan(10);
  });

  it("a receipt that was altered, or an event removed from a chain's tail, is caught like the server does", async () => {
    const doc = exports.get("mirzoyan");
    if (!doc) throw new Error("no export");
    const receipt = doc.receipts.at(-1);
    if (!receipt) throw new Error("no receipt");
    const forged = { ...doc, receipts: [...doc.receipts.slice(0, -1), { ...receipt, seq: receipt.seq + 1 }] };
    const shared = doc.events.filter((e) => e.scope === "shared");
    const lastShared = shared.at(-1);
    const truncated = { ...doc, events: doc.events.filter((e) => e !== lastShared) };
    for (const tampered of [forged, truncated]) {
      const browser = await verifyHistoryExport(subtle, tampered);
      expect(browser.ok).toBe(false);
      expect(browserVerdict(browser)).toEqual(serverVerdict(verifyExport(tampered)));
    }
  });
});
