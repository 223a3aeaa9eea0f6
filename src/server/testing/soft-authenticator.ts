import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

/**
 * A software WebAuthn authenticator for route tests: an ES256 key pair, "none" attestation, a signature
 * counter. It signs whatever origin and challenge it is told, so tests can present answers made for another
 * site or an old challenge, and replay an old counter as a cloned key would. (The browser tests use
 * Chromium's virtual authenticator instead.)
 */
export class SoftAuthenticator {
  private readonly keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  readonly credentialId = randomBytes(16).toString("base64url");
  counter = 0;

  constructor(
    private readonly rpId: string,
    private readonly origin: string,
  ) {}

  /** The answer to navigator.credentials.create() for these options. */
  register(options: { challenge: string }, overrides: { origin?: string } = {}) {
    this.counter += 1;
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? "", "base64url")],
      [-3, Buffer.from(jwk.y ?? "", "base64url")],
    ]);
    const id = Buffer.from(this.credentialId, "base64url");
    const length = Buffer.alloc(2);
    length.writeUInt16BE(id.length);
    const attested = Buffer.concat([Buffer.alloc(16), length, id, Buffer.from(isoCBOR.encode(cose))]);
    const authData = Buffer.concat([this.authData(0x45), attested]);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]) as never,
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData("webauthn.create", options.challenge, overrides.origin),
        attestationObject: Buffer.from(attestationObject).toString("base64url"),
        transports: ["internal" as const],
      },
    };
  }

  /** The answer to navigator.credentials.get(); `counter` replays a given counter value. */
  assert(options: { challenge: string }, overrides: { origin?: string; counter?: number } = {}) {
    if (overrides.counter === undefined) this.counter += 1;
    const authData = this.authData(0x05, overrides.counter);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, overrides.origin);
    const signed = Buffer.concat([
      authData,
      createHash("sha256").update(Buffer.from(clientDataJSON, "base64url")).digest(),
    ]);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: authData.toString("base64url"),
        signature: sign("sha256", signed, this.keys.privateKey).toString("base64url"),
      },
    };
  }

  private authData(flags: number, counter = this.counter): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([createHash("sha256").update(this.rpId).digest(), Buffer.from([flags]), count]);
  }

  private clientData(type: string, challenge: string, origin = this.origin): string {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })).toString("base64url");
  }
}
