import { randomInt } from "node:crypto";
import { secretHash } from "./secrets.ts";

/** Ten codes, each used at most once, for when the authenticator is lost. */
export const RECOVERY_CODE_COUNT = 10;

// No 0/o, 1/l/i: the codes are read off paper.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Fresh codes as shown once to their owner: 12 characters (about 59 bits) in groups of four. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/**
 * What the store keeps of a code: the SHA-256 of its normalised form (case and separators ignored). A fast
 * hash is enough for random codes of this length: there is no dictionary to try.
 */
export function recoveryCodeHash(code: string): string {
  return secretHash(`recovery:${code.toLowerCase().replace(/[^a-z0-9]/g, "")}`);
}

/** Does this look like a recovery code (rather than a six-digit app code)? */
export function looksLikeRecoveryCode(code: string): boolean {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "").length === 12;
}
