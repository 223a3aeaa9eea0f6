import { randomInt } from "node:crypto";
import { secretHash } from "./secrets.ts";

/** Ten codes, each used at most once, for when the authenticator is lost. */
export const RECOVERY_CODE_COUNT = 10;

// No 0/o, 1/l/i: the codes are read off paper.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/**
 * Characters per code: 24 from 31 letters is 24 × log2(31) ≈ 118.9 bits, above the 112 from which ASVS 6.5.2
 * allows a plain (unsalted, fast) hash; shorter codes would need a salted slow hash, tried against every stored
 * code at each sign-in.
 */
export const RECOVERY_CODE_LENGTH = 24;
const GROUP = 4;

/** Fresh codes as shown once to their owner: 24 characters in six groups of four, read off paper. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: RECOVERY_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
    const groups: string[] = [];
    for (let i = 0; i < chars.length; i += GROUP) groups.push(chars.slice(i, i + GROUP).join(""));
    return groups.join("-");
  });
}

/**
 * What the store keeps of a code: the SHA-256 of its normalised form (case and separators ignored). A fast
 * hash is enough for random codes of this length (over 112 bits): there is no dictionary to try, and 2^112
 * guesses per code are out of reach.
 */
export function recoveryCodeHash(code: string): string {
  return secretHash(`recovery:${code.toLowerCase().replace(/[^a-z0-9]/g, "")}`);
}

/** Does this look like a recovery code (rather than a six-digit app code)? */
export function looksLikeRecoveryCode(code: string): boolean {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "").length === RECOVERY_CODE_LENGTH;
}
