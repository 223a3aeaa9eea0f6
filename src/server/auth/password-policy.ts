import { dictionary } from "@zxcvbn-ts/language-common";
import { HttpError } from "../problem.ts";

/**
 * The context-specific words no password may contain (ASVS 6.1.2 / 6.2.11), besides the account's own e-mail
 * local part and name: the product's name. Kept here and listed in docs/asvs.md.
 */
export const CONTEXT_WORDS: readonly string[] = ["parley"];

/**
 * Words of an e-mail local part or a name shorter than this are not refused: "mia" or "al" turn up by chance
 * in ordinary passphrases, and a three-letter fragment makes a 12-character password no easier to guess.
 */
const MIN_PERSONAL_WORD = 4;

/** Who the password is for, as far as the path choosing it knows. */
export interface PasswordContext {
  readonly email?: string;
  readonly name?: string;
}

export interface PasswordWeakness {
  readonly code: "password.common" | "password.context";
  readonly message: string;
}

// 49,233 lower-case entries; built on first use, not at start-up, since most processes never need it.
let common: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary["passwords-common"] as readonly string[]);
  return common;
}

function personalWords({ email, name }: PasswordContext): string[] {
  const local = email?.split("@")[0]?.toLowerCase() ?? "";
  const words = [
    local,
    ...local.split(/[^\p{L}\p{N}]+/u),
    ...(name?.toLowerCase().split(/[^\p{L}\p{N}]+/u) ?? []),
  ];
  return words.filter((word) => word.length >= MIN_PERSONAL_WORD);
}

/**
 * Why a newly chosen password is refused, or null: one of the common passwords of `@zxcvbn-ts/language-common`
 * (ASVS 6.2.4; compared case-insensitively), or containing a context-specific word (6.2.11). The length rule is
 * `PASSWORD_RULE`'s. Only for a password being chosen: an existing password is never re-judged at sign-in.
 */
export function passwordWeakness(password: string, context: PasswordContext = {}): PasswordWeakness | null {
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower))
    return { code: "password.common", message: "This password is too common: choose another." };
  const word = [...CONTEXT_WORDS, ...personalWords(context)].find((w) => lower.includes(w));
  if (word !== undefined)
    return {
      code: "password.context",
      message: `The password must not contain "${word}" (the product's name, or the account's own name or address).`,
    };
  return null;
}

/** The HTTP form of the refusal: 400 with a stable code, and the issue on the field like a validation error. */
export function refuseWeakPassword(
  password: string,
  context: PasswordContext,
  field = "body.password",
): void {
  const weakness = passwordWeakness(password, context);
  if (weakness)
    throw new HttpError(weakness.code, 400, weakness.message, {
      issues: [{ path: field, message: weakness.message }],
    });
}
