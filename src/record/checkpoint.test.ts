import { createHash, createPublicKey } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";
import { allScopes, type Scope } from "../domain/scope.ts";
import { type ChainHead, sealEvent } from "./chain.ts";
import { checkReceiptAgainstChain, type Receipt, signCheckpoint, verifyReceipt } from "./checkpoint.ts";
import { createSigningKey, keyIdOf, signingKeyFromPem } from "./keys.ts";
import { chainOf, headsOf, makeHistory, NEGOTIATION } from "./test-history.ts";

const key = createSigningKey();
const SCOPES = allScopes(["am", "bz"]);
const events = makeHistory([
  { scope: "shared" },
  { scope: "party:am" },
  { scope: "shared" },
  { scope: "caucus:bz" },
  { scope: "shared" },
  { scope: "shared" },
]);

function checkpoint(heads: ChainHead[], checkpointId = "cp-1"): Receipt[] {
  return signCheckpoint(key, {
    negotiationId: NEGOTIATION,
    checkpointId,
    at: "2026-01-05T10:00:00.000Z",
    reason: "round-closed",
    heads,
  });
}

const receiptFor = (receipts: Receipt[], scope: Scope) => receipts.find((r) => r.scope === scope) as Receipt;

describe("signing keys", () => {
  it("are Ed25519, named by the first 16 hex digits of SHA-256 over the raw public key", () => {
    const raw = Buffer.from(
      createPublicKey(key.publicKeyPem).export({ format: "jwk" }).x as string,
      "base64url",
    );
    expect(raw).toHaveLength(32);
    expect(key.keyId).toBe(createHash("sha256").update(raw).digest("hex").slice(0, 16));
    expect(keyIdOf(key.publicKeyPem)).toBe(key.keyId);
    expect(createSigningKey().keyId).not.toBe(key.keyId);
  });

  it("can be rebuilt from the private PEM the store keeps", () => {
    expect(signingKeyFromPem(key.privateKeyPem)).toEqual(key);
    expect(() => signingKeyFromPem("not a key")).toThrow(DomainError);
  });
});

describe("signCheckpoint", () => {
  const receipts = checkpoint(headsOf(events, SCOPES));

  it("gives one verifiable receipt per scope, empty chains included", () => {
    expect(receipts.map((r) => r.scope)).toEqual(SCOPES);
    for (const receipt of receipts) {
      expect(verifyReceipt(key.publicKeyPem, receipt)).toBe(true);
      expect(checkReceiptAgainstChain(receipt, chainOf(events, receipt.scope))).toEqual({ ok: true });
    }
    expect(receiptFor(receipts, "mediation")).toMatchObject({ seq: 0 });
    expect(receiptFor(receipts, "shared")).toMatchObject({ seq: 4, head: events[5]?.hash, keyId: key.keyId });
  });

  it("lets a viewer learn nothing about scopes they cannot read: a receipt depends on its own chain only", () => {
    const others = fc.record({ seq: fc.nat({ max: 1000 }), hash: fc.stringMatching(/^[0-9a-f]{64}$/) });
    fc.assert(
      fc.property(fc.array(others, { minLength: SCOPES.length, maxLength: SCOPES.length }), (random) => {
        const heads = headsOf(events, SCOPES).map((head, i) =>
          head.scope === "party:am"
            ? head
            : { scope: head.scope, ...(random[i] as { seq: number; hash: string }) },
        );
        expect(receiptFor(checkpoint(heads), "party:am")).toEqual(receiptFor(receipts, "party:am"));
      }),
      { numRuns: 20 },
    );
    const fields = Object.keys(receiptFor(receipts, "party:am")).sort();
    expect(fields).toEqual([
      "at",
      "checkpointId",
      "head",
      "keyId",
      "negotiationId",
      "reason",
      "scope",
      "seq",
      "signature",
    ]);
  });

  it.each([
    [
      "a scope given twice",
      () => checkpoint([...headsOf(events, ["shared"]), ...headsOf(events, ["shared"])]),
    ],
    ["a malformed head", () => checkpoint([{ scope: "shared", seq: 1, hash: "xyz" }])],
    ["a negative seq", () => checkpoint([{ scope: "shared", seq: -1, hash: "0".repeat(64) }])],
    [
      "a key id that is not the key's",
      () =>
        signCheckpoint(
          { ...key, keyId: "0".repeat(16) },
          {
            negotiationId: NEGOTIATION,
            checkpointId: "cp",
            at: "2026-01-05T10:00:00Z",
            reason: "r",
            heads: [],
          },
        ),
    ],
  ])("refuses %s", (_name, sign) => {
    expect(sign).toThrow(DomainError);
  });
});

describe("verifyReceipt", () => {
  const receipt = receiptFor(checkpoint(headsOf(events, SCOPES)), "shared");
  const changed: Record<keyof Receipt, unknown> = {
    negotiationId: "neg-other",
    checkpointId: "cp-2",
    scope: "mediation",
    seq: 3,
    head: "0".repeat(64),
    at: "2026-01-05T10:00:01.000Z",
    reason: "manual",
    keyId: "0123456789abcdef",
    signature: Buffer.alloc(64).toString("base64"),
  };

  it.each(Object.entries(changed))("fails when %s is changed", (field, value) => {
    expect(verifyReceipt(key.publicKeyPem, { ...receipt, [field]: value })).toBe(false);
  });

  it("fails against another key, and for receipts with missing or extra fields", () => {
    expect(verifyReceipt(createSigningKey().publicKeyPem, receipt)).toBe(false);
    const { signature: _omitted, ...unsigned } = receipt;
    expect(verifyReceipt(key.publicKeyPem, unsigned)).toBe(false);
    expect(verifyReceipt(key.publicKeyPem, { ...receipt, note: "x" })).toBe(false);
    expect(verifyReceipt("garbage", receipt)).toBe(false);
  });

  it("accepts only the canonical base64 spelling of a signature", () => {
    const last = receipt.signature.length - 3; // the character before "==" carries spare bits
    for (const spare of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
      const signature = receipt.signature.slice(0, last) + spare + receipt.signature.slice(last + 1);
      if (signature !== receipt.signature)
        expect(verifyReceipt(key.publicKeyPem, { ...receipt, signature })).toBe(false);
    }
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), (value, pem) => {
        expect(verifyReceipt(key.publicKeyPem, value)).toBe(false);
        expect(verifyReceipt(pem, value)).toBe(false);
      }),
    );
  });
});

describe("checkReceiptAgainstChain", () => {
  const shared = chainOf(events, "shared");
  const at3 = receiptFor(checkpoint(headsOf(shared.slice(0, 3), SCOPES)), "shared");

  /** Rewrites event `k` of `chain` and re-seals everything after it, so the chain on its own still verifies. */
  function rewrite(chain: RecordedEvent[], k: number): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    for (const [i, event] of chain.entries()) {
      const { hash: _hash, ...unsealed } = event;
      const prev = out[i - 1];
      const data = i + 1 === k ? { rewritten: true } : unsealed.data;
      out.push(
        i + 1 < k ? event : sealEvent({ ...unsealed, data, prevHash: prev?.hash ?? unsealed.prevHash }),
      );
    }
    return out;
  }

  it("detects a rewrite of any event up to the signed position, and accepts rewrites after it", () => {
    for (let k = 1; k <= shared.length; k++) {
      const result = checkReceiptAgainstChain(at3, rewrite(shared, k));
      if (k <= 3) expect(result).toMatchObject({ ok: false, reason: "head-mismatch" });
      else expect(result).toEqual({ ok: true });
    }
  });

  it("detects a truncated chain and a chain broken before the signed position", () => {
    expect(checkReceiptAgainstChain(at3, shared.slice(0, 2))).toMatchObject({ ok: false, reason: "missing" });
    const broken = [shared[0], { ...shared[1], data: "x" }, shared[2]] as RecordedEvent[];
    expect(checkReceiptAgainstChain(at3, broken)).toMatchObject({ ok: false, reason: "chain-broken" });
    const brokenLater = [...shared.slice(0, 3), { ...shared[3], data: "x" }] as RecordedEvent[];
    expect(checkReceiptAgainstChain(at3, brokenLater)).toEqual({ ok: true });
  });

  it("holds a genesis receipt against any chain of its scope, and only of its scope", () => {
    const genesis = receiptFor(checkpoint(headsOf([], SCOPES)), "shared");
    expect(genesis.seq).toBe(0);
    expect(checkReceiptAgainstChain(genesis, shared)).toEqual({ ok: true });
    const forged = { ...genesis, head: receiptFor(checkpoint(headsOf([], SCOPES)), "public").head };
    expect(checkReceiptAgainstChain(forged, [])).toMatchObject({ ok: false, reason: "head-mismatch" });
  });
});
