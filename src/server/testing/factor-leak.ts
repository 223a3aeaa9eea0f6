import { randomUUID } from "node:crypto";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import type { TestApp, TestRole } from "../test-app.ts";
import { ALL_ROLES, fingerprint, ghostOf, problemOf } from "../test-leak.ts";
import { addSoftPasskey, Browser, newAccount } from "./factor-kit.ts";

/**
 * The leak matrix's checks for the second-factor routes (issue 14): each role gets what its own account
 * allows, and another account's passkey answers exactly like one that does not exist.
 */
export type FactorMethod = "GET" | "HEAD" | "POST" | "DELETE" | "PATCH" | "PUT";
export type FactorCheck = (t: TestApp, method: FactorMethod) => Promise<string[]>;

async function send(t: TestApp, role: TestRole, method: FactorMethod, url: string, body?: unknown) {
  const options: InjectOptions = { method, url };
  if (body !== undefined) options.payload = body as InjectOptions["payload"];
  return (await t.as(role)).request(options);
}

const summary = (r: LightMyRequestResponse) => `${r.statusCode} ${String(problemOf(r).code ?? "")}`.trim();
const signedIn = (ok: number) => (role: TestRole) => (role === "anonymous" ? 401 : ok);
const everyone = (status: number) => () => status;
const operatorOnly = (ok: number) => (r: TestRole) => (r === "anonymous" ? 401 : r === "operator" ? ok : 403);

const byRole =
  (path: string, expected: (role: TestRole) => number, body?: unknown): FactorCheck =>
  async (t, method) => {
    const problems: string[] = [];
    for (const role of ALL_ROLES) {
      const response = await send(t, role, method, path, body);
      if (response.statusCode !== expected(role))
        problems.push(`${method} ${path} as ${role}: ${summary(response)}, expected ${expected(role)}`);
    }
    return problems;
  };

/** Well-formed WebAuthn answers to challenges that were never issued. */
const b64 = (text: string) => Buffer.from(text).toString("base64url");
const assertion = {
  challengeId: randomUUID(),
  response: {
    id: b64("no-such-credential"),
    rawId: b64("no-such-credential"),
    type: "public-key",
    clientExtensionResults: {},
    response: { clientDataJSON: b64("{}"), authenticatorData: b64("x"), signature: b64("x") },
  },
};
const registration = {
  challengeId: randomUUID(),
  name: "Matrix key",
  response: {
    id: b64("no-such-credential"),
    rawId: b64("no-such-credential"),
    type: "public-key",
    clientExtensionResults: {},
    response: { clientDataJSON: b64("{}"), attestationObject: b64("x") },
  },
};

/** A passkey of a throwaway account, and the roles' answers about it against a ghost id. */
const othersPasskey =
  (method: FactorMethod, body?: object): FactorCheck =>
  async (t) => {
    const problems: string[] = [];
    const email = `passkey-owner-${randomUUID()}@elsewhere.parley.test`;
    await newAccount(t.store, email);
    const owner = new Browser(t.app);
    await owner.signIn(email);
    const { authenticator } = await addSoftPasskey(owner, "http://localhost:4700");
    const id = authenticator.credentialId;
    for (const role of ALL_ROLES) {
      const theirs = await send(t, role, method, `/api/account/factors/passkeys/${id}`, body);
      const ghost = ghostOf(id);
      const none = await send(t, role, method, `/api/account/factors/passkeys/${ghost}`, body);
      if (fingerprint(theirs, [id]) !== fingerprint(none, [ghost]))
        problems.push(`${method} as ${role}: another account's passkey answers unlike a missing one`);
      if (none.statusCode !== signedIn(404)(role))
        problems.push(`${method} missing passkey as ${role}: ${summary(none)}`);
    }
    const own = await owner.request({
      method,
      url: `/api/account/factors/passkeys/${id}`,
      ...(body ? { payload: body } : {}),
    });
    if (own.statusCode !== 204) problems.push(`${method} own passkey: ${summary(own)}`);
    return problems;
  };

export const FACTOR_ROUTES: Readonly<Record<string, FactorCheck>> = {
  // Only a half-session (none of the agents has one) may complete a sign-in.
  "POST /api/session/factor": byRole("/api/session/factor", everyone(401), { code: "123456" }),
  "POST /api/session/factor/passkey/options": byRole("/api/session/factor/passkey/options", everyone(401)),
  "POST /api/session/factor/passkey": byRole("/api/session/factor/passkey", everyone(401), assertion),
  // Anyone may ask to sign in with a passkey; an answer to a challenge never issued signs no one in.
  "POST /api/session/passkey/options": byRole("/api/session/passkey/options", everyone(200)),
  "POST /api/session/passkey": byRole("/api/session/passkey", everyone(401), assertion),
  "POST /api/account/step-up": byRole("/api/account/step-up", everyone(401), { code: "123456" }),
  "POST /api/account/step-up/passkey/options": byRole("/api/account/step-up/passkey/options", signedIn(200)),
  "POST /api/account/step-up/passkey": byRole("/api/account/step-up/passkey", everyone(401), assertion),
  "GET /api/account/factors": byRole("/api/account/factors", signedIn(200)),
  "POST /api/account/factors/totp": byRole("/api/account/factors/totp", signedIn(201)),
  "POST /api/account/factors/totp/confirm": byRole("/api/account/factors/totp/confirm", everyone(401), {
    code: "123456",
  }),
  "DELETE /api/account/factors/totp": byRole("/api/account/factors/totp", signedIn(404)),
  "POST /api/account/factors/recovery-codes": byRole("/api/account/factors/recovery-codes", signedIn(403)),
  "POST /api/account/factors/passkeys/options": byRole(
    "/api/account/factors/passkeys/options",
    signedIn(200),
  ),
  "POST /api/account/factors/passkeys": byRole("/api/account/factors/passkeys", everyone(401), registration),
  "PATCH /api/account/factors/passkeys/:passkeyId": othersPasskey("PATCH", { name: "Renamed" }),
  "DELETE /api/account/factors/passkeys/:passkeyId": othersPasskey("DELETE"),
  "GET /api/settings/security": byRole("/api/settings/security", operatorOnly(200)),
  // Refused even for the operator here: it has no second factor of its own, so it may not require one.
  "PUT /api/settings/security": byRole("/api/settings/security", (r) => (r === "anonymous" ? 401 : 403), {
    requireSecondFactor: true,
  }),
  "POST /api/accounts/:accountId/remove-factors": byRole(
    `/api/accounts/${randomUUID()}/remove-factors`,
    operatorOnly(404),
  ),
  "GET /api/account/activity": async (t, method) => {
    const problems = await byRole("/api/account/activity", signedIn(200))(t, method);
    if (method === "HEAD") return problems;
    // Each account sees its own sign-ins only: the agents signed in once each, from the test client.
    for (const role of ALL_ROLES.filter((r) => r !== "anonymous")) {
      const { signIns } = (await send(t, role, "GET", "/api/account/activity")).json() as {
        signIns: unknown[];
      };
      if (signIns.length < 1) problems.push(`${role} lists no sign-in of its own`);
    }
    return problems;
  },
};
