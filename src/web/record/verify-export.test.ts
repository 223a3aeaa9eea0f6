import { describe, expect, it } from "vitest";
import { canonicalEventText, canonicalJson } from "./canonical.ts";
import { genesisHash } from "./chain.ts";
import { sha256Hex, toBase64, toHex, utf8 } from "./subtle.ts";
import { verifyHistoryExport } from "./verify-export.ts";

/**
 * The browser verifier on histories sealed here with WebCrypto alone; its agreement with the server's own
 * verifier on a real exported history is tested in e2e/record-verify.test.ts.
 */
const subtle = globalThis.crypto.subtle;
const N = "neg-1";

async function seal(entries: { scope: string; data: unknown }[]) {
  const heads = new Map<string, { seq: number; hash: string }>();
  const events = [];
  for (const [i, entry] of entries.entries()) {
    const head = heads.get(entry.scope) ?? { seq: 0, hash: await genesisHash(subtle, N, entry.scope) };
    const unsealed = {
      negotiationId: N,
      scope: entry.scope,
      scopeSeq: head.seq + 1,
      type: "note.written",
      actor: "m-1",
      at: new Date(Date.UTC(2026, 0, 5, 9, 0, i)).toISOString(),
      data: entry.data,
      prevHash: head.hash,
    };
    const hash = await sha256Hex(subtle, canonicalEventText(unsealed));
    heads.set(entry.scope, { seq: head.seq + 1, hash });
    events.push({ ...unsealed, hash });
  }
  return { events, heads };
}

async function exportOf(entries: { scope: string; data: unknown }[]) {
  const { events, heads } = await seal(entries);
  const pair = (await subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
  const raw = new Uint8Array(await subtle.exportKey("raw", pair.publicKey));
  const keyId = toHex(await subtle.digest("SHA-256", raw)).slice(0, 16);
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`;
  const receipts = [];
  for (const [scope, head] of heads) {
    const unsigned = {
      negotiationId: N,
      checkpointId: "cp-1",
      scope,
      seq: head.seq,
      head: head.hash,
      at: "2026-01-06T00:00:00.000Z",
      reason: "round-closed",
      keyId,
    };
    const signature = await subtle.sign({ name: "Ed25519" }, pair.privateKey, utf8(canonicalJson(unsigned)));
    receipts.push({ ...unsigned, signature: toBase64(new Uint8Array(signature)) });
  }
  return { format: "parley-history/1", negotiationId: N, publicKeyPem, keyId, events, receipts };
}

const ENTRIES = [
  { scope: "shared", data: { text: "Art. 3 — pêche", n: 1.5, z: 1, a: [true, null] } },
  { scope: "party:am", data: { "🤝": "é", b: { d: 1, c: 2 } } },
  { scope: "shared", data: { e: 1e21 } },
  { scope: "party:am", data: "x" },
];

describe("canonical JSON", () => {
  it("sorts keys by code unit at every depth and prints numbers as JSON does", () => {
    expect(canonicalJson({ b: 1, a: { d: [1e21, 0.1], c: "é" }, B: null })).toBe(
      '{"B":null,"a":{"c":"é","d":[1e+21,0.1]},"b":1}',
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ x: "\ud800" })).toThrow(/surrogate/);
  });
});

describe("verifying an export in the browser", () => {
  it("accepts an intact history with its signed receipts", async () => {
    const doc = await exportOf(ENTRIES);
    const report = await verifyHistoryExport(subtle, JSON.parse(JSON.stringify(doc)));
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.scope, c.ok, c.count, c.signedSeq])).toEqual([
      ["shared", true, 2, 2],
      ["party:am", true, 2, 2],
    ]);
    expect(report.receipts).toEqual({ checked: 2, bad: [] });
  });

  it("names the first bad event when one character of a payload changes", async () => {
    const doc = await exportOf(ENTRIES);
    const text = JSON.stringify(doc).replace("pêche", "peche");
    const report = await verifyHistoryExport(subtle, JSON.parse(text));
    expect(report.ok).toBe(false);
    const shared = report.chains.find((c) => c.scope === "shared");
    expect(shared && !shared.ok && shared.firstBad).toMatchObject({ scopeSeq: 1, reason: "hash-mismatch" });
    // The other chain is untouched and still verifies; the receipt of the broken one no longer holds.
    expect(report.chains.find((c) => c.scope === "party:am")?.ok).toBe(true);
    expect(report.receipts.bad.map((b) => [b.scope, b.reason])).toEqual([["shared", "chain-broken"]]);
  });

  it("catches a removed event, a reordered chain and a forged receipt", async () => {
    const doc = await exportOf(ENTRIES);
    const [first, second, third, fourth] = doc.events;
    const removed = await verifyHistoryExport(subtle, { ...doc, events: [first, second, fourth] });
    expect(removed.receipts.bad.map((b) => b.reason)).toEqual(["missing"]);
    const reordered = await verifyHistoryExport(subtle, { ...doc, events: [third, second, first, fourth] });
    expect(reordered.chains[0]).toMatchObject({ ok: false, firstBad: { scopeSeq: 1, reason: "seq-gap" } });
    const receipt = doc.receipts[0];
    if (!receipt) throw new Error("no receipt");
    const forged = await verifyHistoryExport(subtle, {
      ...doc,
      receipts: [{ ...receipt, head: "0".repeat(64) }],
    });
    expect(forged.receipts.bad.map((b) => b.reason)).toEqual(["bad-signature"]);
  });

  it("refuses a document that is not an export", async () => {
    expect((await verifyHistoryExport(subtle, [])).errors).toEqual(["not a JSON object"]);
    expect((await verifyHistoryExport(subtle, { format: "other" })).ok).toBe(false);
  });
});
