import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { LiveClient, type LiveMessage, type SocketLike } from "../../client/live-client.ts";
import type { RecordedEvent } from "../../domain/envelope.ts";
import type { Scope } from "../../domain/scope.ts";
import { NEGOTIATION, PASSWORD, ROLE_EMAILS, type TestApp, type TestRole } from "../test-app.ts";

/** Shared by the live-stream tests: real sockets on port 0, sign-ins, and taps that keep every frame. */

/** Starts listening on a free port; returns the base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

export interface SignedIn {
  cookie: string;
  csrf: string;
}

/** A fresh session for an account (each call is a new session). */
export async function signIn(t: TestApp, email: string): Promise<SignedIn> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/session",
    payload: { email, password: PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === "parley_session");
  return {
    cookie: `parley_session=${cookie?.value ?? ""}`,
    csrf: (response.json() as { csrfToken: string }).csrfToken,
  };
}

export const signInAs = (t: TestApp, role: Exclude<TestRole, "anonymous">) => signIn(t, ROLE_EMAILS[role]);

export function waitFor(check: () => boolean, ms = 10_000, what = "condition"): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 5);
    };
    poll();
  });
}

/** Runs a command through the API as a role; returns the recorded events (scope and type). */
export async function command(
  t: TestApp,
  role: TestRole,
  type: string,
  body: Record<string, unknown>,
): Promise<{ ids: Record<string, string>; events: { scope: Scope; type: string }[] }> {
  const response = await (await t.as(role)).request({
    method: "POST",
    url: `/api/negotiations/${NEGOTIATION}/commands/${type}`,
    payload: body,
  });
  if (response.statusCode !== 201)
    throw new Error(`${role} ${type}: ${response.statusCode} ${response.body}`);
  return response.json();
}

export const liveUrl = (base: string, resume?: Partial<Record<Scope, number>>): string => {
  const text = Object.entries(resume ?? {})
    .map(([scope, seq]) => `${scope}:${seq}`)
    .join(",");
  return `${base.replace(/^http/, "ws")}/api/negotiations/${NEGOTIATION}/live${text ? `?resume=${encodeURIComponent(text)}` : ""}`;
};

/** A raw WebSocket on the live stream that keeps every frame it receives, as text and parsed. */
export class Tap {
  readonly frames: string[] = [];
  readonly messages: LiveMessage[] = [];
  closed: { code: number; at: number } | null = null;
  readonly opened: Promise<void>;

  constructor(
    readonly socket: WebSocket,
    readonly label: string,
  ) {
    socket.on("message", (data) => {
      const text = data.toString();
      this.frames.push(text);
      this.messages.push(JSON.parse(text) as LiveMessage);
    });
    socket.on("close", (code) => {
      this.closed = { code, at: Date.now() };
    });
    this.opened = new Promise((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("unexpected-response", (req, res) => {
        // Refused before the upgrade: end the HTTP exchange, or the server waits for it when closing.
        req.destroy();
        res.destroy();
        reject(new Error(`${label}: HTTP ${res.statusCode}`));
      });
      socket.once("error", reject);
    });
  }

  static async open(
    base: string,
    auth: { cookie?: string; token?: string },
    label: string,
    resume?: Partial<Record<Scope, number>>,
    query = "",
  ): Promise<Tap> {
    const headers: Record<string, string> = {};
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    const url = liveUrl(base, resume);
    const full = query ? `${url}${url.includes("?") ? "&" : "?"}${query}` : url;
    const tap = new Tap(new WebSocket(full, { headers }), label);
    await tap.opened;
    return tap;
  }

  get events(): RecordedEvent[] {
    return this.messages.flatMap((m) => (m.type === "event" ? [m.event] : []));
  }

  has(text: string): boolean {
    return this.frames.some((f) => f.includes(text));
  }

  close(): void {
    this.socket.close();
  }
}

/** Waits until this tap has received an event whose frame contains `text`. */
export const until = (tap: Tap, text: string, ms = 10_000) =>
  waitFor(() => tap.has(text), ms, `${tap.label} to receive ${text}`);

/** A LiveClient in Node, whose sockets and raw frames the test can see (to kill a socket, count frames). */
export function nodeClient(options: {
  baseUrl: string | readonly string[];
  auth: { cookie?: string; token?: string };
  onFrame?: (message: LiveMessage) => void;
  onEvent?: (event: RecordedEvent) => void;
  onStatus?: (status: string) => void;
}): { client: LiveClient; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  const headers: Record<string, string> = {};
  if (options.auth.cookie) headers.cookie = options.auth.cookie;
  if (options.auth.token) headers.authorization = `Bearer ${options.auth.token}`;
  const client = new LiveClient({
    baseUrl: options.baseUrl,
    negotiationId: NEGOTIATION,
    open: (url) => {
      const socket = new WebSocket(url, { headers });
      socket.on("message", (data) => options.onFrame?.(JSON.parse(data.toString()) as LiveMessage));
      sockets.push(socket);
      return socket as unknown as SocketLike;
    },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.onStatus ? { onStatus: options.onStatus } : {}),
  });
  return { client, sockets };
}

/** The per-scope sequence numbers of a list of events, in the order received. */
export function sequencesByScope(events: readonly RecordedEvent[]): Map<Scope, number[]> {
  const out = new Map<Scope, number[]>();
  for (const e of events) {
    const list = out.get(e.scope) ?? [];
    list.push(e.scopeSeq);
    out.set(e.scope, list);
  }
  return out;
}
