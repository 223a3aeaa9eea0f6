import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { Store } from "../store/store.ts";
import { SESSION_COOKIE } from "./auth/cookies.ts";

/** Test helpers over raw HTTP: sign in, read the session cookie, check problem+json, count what is stored. */

export interface SignedIn {
  response: LightMyRequestResponse;
  /** The session token from Set-Cookie ("" when none was set). */
  token: string;
  csrf: string;
}

export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
  options: { cookie?: string; csrf?: string; remoteAddress?: string } = {},
): Promise<SignedIn> {
  const response = await app.inject({
    method: "POST",
    url: "/api/session",
    payload: { email, password },
    headers: {
      ...(options.cookie !== undefined ? { cookie: `${SESSION_COOKIE}=${options.cookie}` } : {}),
      ...(options.csrf !== undefined ? { "x-csrf-token": options.csrf } : {}),
    },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  const token = response.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? "";
  const csrf = response.statusCode === 200 ? (response.json() as { csrfToken: string }).csrfToken : "";
  return { response, token, csrf };
}

/** Headers that authenticate by session cookie (and carry its CSRF token when given). */
export function withSession(token: string, csrf?: string): Record<string, string> {
  return { cookie: `${SESSION_COOKIE}=${token}`, ...(csrf !== undefined ? { "x-csrf-token": csrf } : {}) };
}

export function withBearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Asserts an RFC 9457 problem with this status and code, and returns its body. */
export function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): Record<string, unknown> {
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status });
  expect(response.headers["content-type"]).toContain("application/problem+json");
  const body = response.json() as Record<string, unknown>;
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  return body;
}

/**
 * What the store holds, table by table: the record (events, projection, receipts) and the account tables,
 * with live sessions and tokens counted apart. Two equal snapshots mean nothing was written.
 */
export interface StoreSnapshot {
  events: number;
  entities: number;
  entityVersions: number;
  receipts: number;
  negotiations: number;
  accounts: number;
  disabledAccounts: number;
  invitations: number;
  usedInvitations: number;
  liveSessions: number;
  liveTokens: number;
}

export async function storeSnapshot(store: Store): Promise<StoreSnapshot> {
  const db = store.database;
  const count = async (
    table: "events" | "entities" | "receipts" | "accounts" | "invitations" | "negotiations",
  ): Promise<number> => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const liveSessions = await db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ended_at", "is", null)
    .executeTakeFirstOrThrow();
  const liveTokens = await db
    .selectFrom("api_tokens")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("revoked_at", "is", null)
    .executeTakeFirstOrThrow();
  const versions = await db
    .selectFrom("entities")
    .select((eb) => eb.fn.sum<number>("version").as("v"))
    .executeTakeFirstOrThrow();
  const disabled = await db
    .selectFrom("accounts")
    .select((eb) => eb.fn.sum<number>("disabled").as("d"))
    .executeTakeFirstOrThrow();
  const usedInvitations = await db
    .selectFrom("invitations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("used_at", "is not", null)
    .executeTakeFirstOrThrow();
  return {
    events: await count("events"),
    entities: await count("entities"),
    entityVersions: Number(versions.v ?? 0),
    receipts: await count("receipts"),
    negotiations: await count("negotiations"),
    accounts: await count("accounts"),
    disabledAccounts: Number(disabled.d ?? 0),
    invitations: await count("invitations"),
    usedInvitations: Number(usedInvitations.n),
    liveSessions: Number(liveSessions.n),
    liveTokens: Number(liveTokens.n),
  };
}
