import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { generateSync } from "otplib";
import { setAccount } from "../../store/accounts.ts";
import type { Store } from "../../store/store.ts";
import { SESSION_COOKIE } from "../auth/cookies.ts";
import { TOTP_PERIOD_SECONDS } from "../auth/totp.ts";
import { SoftAuthenticator } from "./soft-authenticator.ts";

/** Test support for second factors: a browser-like client keeping its cookie, TOTP codes, passkeys. */

export const FACTOR_PASSWORD = "correct horse battery staple";

export class Browser {
  token = "";
  csrf = "";
  constructor(
    private readonly app: FastifyInstance,
    readonly userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Test",
  ) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      ...options,
      headers: {
        "user-agent": this.userAgent,
        ...(this.token ? { cookie: `${SESSION_COOKIE}=${this.token}` } : {}),
        ...(this.csrf && options.method !== "GET" ? { "x-csrf-token": this.csrf } : {}),
        ...(options.headers ?? {}),
      },
    });
    const set = response.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.token = set.value;
    const body = String(response.headers["content-type"] ?? "").includes("json")
      ? safeJson(response.body)
      : null;
    if (body && typeof body === "object" && "csrfToken" in body && typeof body.csrfToken === "string")
      this.csrf = body.csrfToken;
    return response;
  }

  post(url: string, payload?: object) {
    return this.request({ method: "POST", url, ...(payload ? { payload } : {}) });
  }
  get(url: string) {
    return this.request({ method: "GET", url });
  }
  delete(url: string) {
    return this.request({ method: "DELETE", url });
  }
  signIn(email: string, password = FACTOR_PASSWORD) {
    return this.post("/api/session", { email, password });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A fresh account with the test password. */
export async function newAccount(store: Store, email: string, now = new Date()): Promise<string> {
  return setAccount(
    store.database,
    { email, name: email.split("@")[0] ?? email, password: FACTOR_PASSWORD },
    now,
  );
}

/** The code an authenticator app would show at `at`. */
export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), period: TOTP_PERIOD_SECONDS });
}

/** Sets up an authenticator app through the API; returns its secret and the recovery codes. */
export async function enrolTotp(
  browser: Browser,
  at: Date,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await browser.post("/api/account/factors/totp");
  if (started.statusCode !== 201) throw new Error(`enrol: ${started.body}`);
  const { secret } = started.json() as { secret: string };
  const confirmed = await browser.post("/api/account/factors/totp/confirm", { code: totpCode(secret, at) });
  if (confirmed.statusCode !== 200) throw new Error(`confirm: ${confirmed.body}`);
  return {
    secret,
    recoveryCodes: (confirmed.json() as { recoveryCodes: string[] | null }).recoveryCodes ?? [],
  };
}

/** Registers a software passkey through the API. */
export async function addSoftPasskey(
  browser: Browser,
  publicUrl: string,
  name = "Test key",
): Promise<{ authenticator: SoftAuthenticator; response: LightMyRequestResponse }> {
  const url = new URL(publicUrl);
  const authenticator = new SoftAuthenticator(url.hostname, url.origin);
  const options = await browser.post("/api/account/factors/passkeys/options");
  if (options.statusCode !== 200) throw new Error(`passkey options: ${options.body}`);
  const { challengeId, options: creation } = options.json() as {
    challengeId: string;
    options: { challenge: string };
  };
  const response = await browser.post("/api/account/factors/passkeys", {
    challengeId,
    name,
    response: authenticator.register(creation),
  });
  return { authenticator, response };
}

/** Asks for assertion options at `optionsUrl` and answers them with the authenticator at `verifyUrl`. */
export async function usePasskey(
  browser: Browser,
  authenticator: SoftAuthenticator,
  optionsUrl: string,
  verifyUrl: string,
  overrides: { origin?: string; counter?: number } = {},
): Promise<LightMyRequestResponse> {
  const options = await browser.post(optionsUrl);
  if (options.statusCode !== 200) return options;
  const { challengeId, options: request } = options.json() as {
    challengeId: string;
    options: { challenge: string };
  };
  return browser.post(verifyUrl, { challengeId, response: authenticator.assert(request, overrides) });
}
