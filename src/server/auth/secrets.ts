import { hash, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh secret of 256 bits, URL-safe: session cookies, CSRF tokens, API tokens, invitation links. */
export function newSecret(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** What the database keeps of a secret: its SHA-256, so a stolen table grants nothing. */
export function secretHash(secret: string): string {
  // The one-shot form: every request hashes its credential, and a Hash object costs ten times as much.
  return hash("sha256", secret, "hex");
}

/** Compares two secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
