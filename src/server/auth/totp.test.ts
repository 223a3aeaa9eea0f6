import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { newRecoveryCodes, RECOVERY_CODE_LENGTH, recoveryCodeHash } from "./recovery-codes.ts";
import { newTotpSecret, TOTP_PERIOD_SECONDS, totpStep } from "./totp.ts";

/** Issue 14: one-time codes against an injected clock, at the edges of the accepted window. */
const codeAt = (secret: string, seconds: number) =>
  generateSync({ secret, epoch: seconds, period: TOTP_PERIOD_SECONDS });

describe("TOTP codes (RFC 6238)", () => {
  const secret = newTotpSecret();
  // The start of a step, so the edges are exact.
  const t0 = 1_800_000_000 - (1_800_000_000 % TOTP_PERIOD_SECONDS);
  const step = t0 / TOTP_PERIOD_SECONDS;
  const at = (seconds: number) => new Date(seconds * 1000);

  it("accepts the current step's code and names its step", () => {
    expect(totpStep(secret, codeAt(secret, t0), at(t0 + 10))).toBe(step);
  });

  it("accepts one step early or late, and no more", () => {
    const code = codeAt(secret, t0);
    // Typed in the last second of the next step: still accepted.
    expect(totpStep(secret, code, at(t0 + 2 * TOTP_PERIOD_SECONDS - 1))).toBe(step);
    // Two steps later: refused.
    expect(totpStep(secret, code, at(t0 + 2 * TOTP_PERIOD_SECONDS + 1))).toBeNull();
    // The phone's clock a step ahead: accepted; two steps ahead: refused.
    expect(totpStep(secret, code, at(t0 - TOTP_PERIOD_SECONDS))).toBe(step);
    expect(totpStep(secret, code, at(t0 - 2 * TOTP_PERIOD_SECONDS))).toBeNull();
  });

  it("refuses malformed codes, another secret's codes and wrong digits", () => {
    expect(totpStep(secret, "12345", at(t0))).toBeNull();
    expect(totpStep(secret, "abcdef", at(t0))).toBeNull();
    const other = newTotpSecret();
    const theirs = codeAt(other, t0);
    if (theirs !== codeAt(secret, t0)) expect(totpStep(secret, theirs, at(t0))).toBeNull();
    const code = codeAt(secret, t0);
    const wrong = code.replace(/^./, (d) => String((Number(d) + 1) % 10));
    expect(totpStep(secret, wrong, at(t0))).toBeNull();
    // Spaces, as apps show codes, are fine.
    expect(totpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at(t0))).toBe(step);
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes, hashed the same however they are typed", () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    // Six groups of four from 31 letters: 24 × log2(31) ≥ 112 bits, so a plain hash is allowed (ASVS 6.5.2).
    for (const code of codes) expect(code).toMatch(/^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){5}$/);
    expect(RECOVERY_CODE_LENGTH * Math.log2(31)).toBeGreaterThanOrEqual(112);
    const first = codes[0] ?? "";
    expect(recoveryCodeHash(first.toUpperCase().replaceAll("-", " "))).toBe(recoveryCodeHash(first));
    expect(recoveryCodeHash(first)).not.toBe(recoveryCodeHash(codes[1] ?? ""));
  });
});
