import { generateSecret, generateURI, verifySync } from "otplib";

/**
 * One-time codes of an authenticator app (RFC 6238: SHA-1, six digits, 30-second steps, the apps' common
 * setting). The clock is passed in, so tests can stand on a window's edges.
 */
export const TOTP_PERIOD_SECONDS = 30;

/** A code one step early or late is accepted (clock drift, the time to type it); no more. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

/** A fresh 160-bit secret, base32 (what the apps take). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an app scans (as a QR code) or is typed from. */
export function totpUri(secret: string, email: string, issuer: string): string {
  return generateURI({ issuer, label: email, secret, period: TOTP_PERIOD_SECONDS, digits: 6 });
}

/** Is this a well-formed code (six digits, spaces allowed)? */
export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ""));
}

/** The time step the code belongs to, if it is valid at `at` (give or take one step); else null. */
export function totpStep(secret: string, code: string, at: Date): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const result = verifySync({
    secret,
    token,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    period: TOTP_PERIOD_SECONDS,
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
