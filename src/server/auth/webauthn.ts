import { randomUUID } from "node:crypto";
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { z } from "zod";
import {
  liveAnonymousChallenges,
  passkeyById,
  passkeyDescriptors,
  recordPasskeyUse,
  type StoredPasskey,
  saveChallenge,
  takeChallenge,
} from "../../store/passkeys.ts";
import type { AccountRecord } from "../../store/sessions.ts";
import type { ServerContext } from "../context.ts";
import { HttpError } from "../problem.ts";
import { tellOwner } from "./tell-owner.ts";

/**
 * Passkeys (WebAuthn) with @simplewebauthn/server. The relying party is the server's public URL: its host
 * is the RP id and its origin the only origin accepted, so an assertion made for another site is refused.
 * Every challenge is the server's, kept in the store for five minutes and answered at most once.
 */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** Live challenges for passkey-alone sign-ins, all addresses together (each lives five minutes). */
const MAX_ANONYMOUS_CHALLENGES = 10_000;

export type ChallengePurpose = "register" | "sign-in" | "second-factor" | "step-up";

function relyingParty(ctx: ServerContext): { rpID: string; origin: string } {
  const url = new URL(ctx.publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

const b64 = z
  .string()
  .max(20_000)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/);
const transports = z
  .array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]))
  .max(10)
  .optional();

/** A browser's answer to navigator.credentials.create(), as @simplewebauthn/browser sends it. */
export const registrationResponse = z.object({
  id: b64,
  rawId: b64,
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  response: z.object({
    clientDataJSON: b64,
    attestationObject: b64,
    authenticatorData: b64.optional(),
    transports,
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64.optional(),
  }),
});

/** A browser's answer to navigator.credentials.get(). */
export const authenticationResponse = z.object({
  id: b64,
  rawId: b64,
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  response: z.object({
    clientDataJSON: b64,
    authenticatorData: b64,
    signature: b64,
    userHandle: b64.optional(),
  }),
});

const invalid = () =>
  new HttpError("second_factor.invalid", 401, "The passkey's answer is not valid here; nothing was changed.");

/** Options to create a passkey for this account (its existing ones excluded), and the challenge's id. */
export async function registrationOptions(
  ctx: ServerContext,
  account: AccountRecord,
): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await passkeyDescriptors(ctx.store.database, account.id);
  const options = await generateRegistrationOptions({
    rpName: "Parley",
    rpID: relyingParty(ctx).rpID,
    userName: account.email,
    userDisplayName: account.name,
    userID: new TextEncoder().encode(account.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({
      id: p.id,
      transports: p.transports as AuthenticatorTransportFuture[],
    })),
    // A discoverable credential, so it can sign in alone, without typing the e-mail address.
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  const challengeId = randomUUID();
  await saveChallenge(ctx.store.database, {
    id: challengeId,
    challenge: options.challenge,
    purpose: "register",
    accountId: account.id,
    now: ctx.now(),
    ttlMs: CHALLENGE_TTL_MS,
  });
  return { challengeId, options };
}

/** Verifies a new passkey's attestation against our challenge and origin; what to store, or a 401. */
export async function verifyRegistration(
  ctx: ServerContext,
  account: AccountRecord,
  challengeId: string,
  response: RegistrationResponseJSON,
): Promise<StoredPasskey> {
  const challenge = await takeChallenge(ctx.store.database, challengeId, "register", account.id, ctx.now());
  if (!challenge) throw invalid();
  const { rpID, origin } = relyingParty(ctx);
  const verified = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verified?.verified) throw invalid();
  const { credential } = verified.registrationInfo;
  return {
    id: credential.id,
    accountId: account.id,
    publicKey: Buffer.from(credential.publicKey).toString("base64url"),
    counter: credential.counter,
    transports: credential.transports ?? response.response.transports ?? [],
  };
}

/**
 * Options to assert a passkey, and the challenge's id. With an account (second factor, step-up) only its
 * passkeys are allowed; without one (sign-in with a passkey alone) the browser offers its discoverable ones,
 * and user verification is required, since the passkey is then the only factor presented.
 */
export async function assertionOptions(
  ctx: ServerContext,
  purpose: Exclude<ChallengePurpose, "register">,
  account: AccountRecord | null,
): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  // Anyone may ask for a sign-in challenge, so their number is bounded: a flood gets 429, not a full disk.
  if (!account && (await liveAnonymousChallenges(ctx.store.database, ctx.now())) >= MAX_ANONYMOUS_CHALLENGES)
    throw new HttpError(
      "rate_limited",
      429,
      "Too many passkey sign-ins at once; try again in a minute.",
      {},
      {
        "retry-after": "60",
      },
    );
  const allowed = account ? await passkeyDescriptors(ctx.store.database, account.id) : [];
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(ctx).rpID,
    userVerification: account ? "preferred" : "required",
    ...(account
      ? {
          allowCredentials: allowed.map((p) => ({
            id: p.id,
            transports: p.transports as AuthenticatorTransportFuture[],
          })),
        }
      : {}),
  });
  const challengeId = randomUUID();
  await saveChallenge(ctx.store.database, {
    id: challengeId,
    challenge: options.challenge,
    purpose,
    accountId: account?.id ?? null,
    now: ctx.now(),
    ttlMs: CHALLENGE_TTL_MS,
  });
  return { challengeId, options };
}

/**
 * Verifies an assertion against our challenge (spent either way), origin and the stored public key, and
 * records the new counter. Returns the account id the passkey belongs to. A counter that does not move
 * forward means the key was copied: refused like any bad answer, and logged, and its owner told.
 */
export async function verifyAssertion(
  ctx: ServerContext,
  purpose: Exclude<ChallengePurpose, "register">,
  account: AccountRecord | null,
  challengeId: string,
  response: AuthenticationResponseJSON,
  log: (message: string) => void,
): Promise<{ accountId: string; passkeyId: string }> {
  const challenge = await takeChallenge(
    ctx.store.database,
    challengeId,
    purpose,
    account?.id ?? null,
    ctx.now(),
  );
  if (!challenge) throw invalid();
  const passkey = await passkeyById(ctx.store.database, response.id);
  if (!passkey || (account && passkey.accountId !== account.id)) throw invalid();
  const { rpID, origin } = relyingParty(ctx);
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: account === null,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
    });
  } catch (error) {
    if (error instanceof Error && /counter value/i.test(error.message)) await reportClone(ctx, passkey, log);
    throw invalid();
  }
  if (!verified.verified) throw invalid();
  const recorded = await recordPasskeyUse(ctx.store.database, {
    id: passkey.id,
    previousCounter: passkey.counter,
    newCounter: verified.authenticationInfo.newCounter,
    now: ctx.now(),
  });
  // Another use of the same counter value won the race: one of the two is a copy.
  if (!recorded) {
    await reportClone(ctx, passkey, log);
    throw invalid();
  }
  return { accountId: passkey.accountId, passkeyId: passkey.id };
}

async function reportClone(ctx: ServerContext, passkey: StoredPasskey, log: (message: string) => void) {
  log(
    `passkey ${passkey.id.slice(0, 12)}… of account ${passkey.accountId}: signature counter went backwards`,
  );
  await tellOwner(ctx, {
    accountId: passkey.accountId,
    kind: "passkey.cloned",
    detail:
      "A passkey of yours answered with an old signature counter: it may have been copied. The sign-in was refused; consider removing that passkey.",
  });
}
