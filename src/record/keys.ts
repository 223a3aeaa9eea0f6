import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { DomainError } from "../domain/errors.ts";

/**
 * The negotiation's Ed25519 signing key. It is made once, at init, and kept by the store as PEM text; this
 * layer never touches files. The key id names the public key in receipts so a verifier can tell which key
 * a receipt claims, without trusting the claim (the signature is still checked against the given key).
 */
export interface SigningKey {
  publicKeyPem: string;
  privateKeyPem: string;
  keyId: string;
}

/** The 32 raw bytes of an Ed25519 public key. */
function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: "jwk" });
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") {
    throw new DomainError("validation", "Not an Ed25519 key.");
  }
  return Buffer.from(jwk.x, "base64url");
}

/** The key id of a public key object: the first 16 hex digits of SHA-256 over its raw 32 bytes. */
export function keyIdOfKey(publicKey: KeyObject): string {
  return createHash("sha256").update(rawPublicKey(publicKey)).digest("hex").slice(0, 16);
}

/** The key id of a PEM public key; throws a validation DomainError when it is not an Ed25519 key. */
export function keyIdOf(publicKeyPem: string): string {
  return keyIdOfKey(parsePublicKey(publicKeyPem));
}

/** Parses a PEM Ed25519 public key; throws a validation DomainError for anything else. */
export function parsePublicKey(publicKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    throw new DomainError("validation", "Not a PEM public key.");
  }
  if (key.asymmetricKeyType !== "ed25519") throw new DomainError("validation", "Not an Ed25519 public key.");
  return key;
}

/** Creates a fresh Ed25519 signing key, as PEM strings for the store to keep, with its key id. */
export function createSigningKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    keyId: keyIdOfKey(publicKey),
  };
}

/** Rebuilds a signing key from its private PEM alone, deriving the public half and the key id. */
export function signingKeyFromPem(privateKeyPem: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new DomainError("validation", "Not a PEM private key.");
  }
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new DomainError("validation", "Not an Ed25519 private key.");
  }
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    privateKeyPem,
    keyId: keyIdOfKey(publicKey),
  };
}
