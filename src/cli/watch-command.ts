import type { Command } from "commander";
import WebSocket from "ws";
import { LiveClient, type PresenceEntry, type SocketLike } from "../client/live-client.ts";
import type { RecordedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";
import type { Io } from "./context.ts";

export interface WatchOptions {
  /** The server's base URL (several, comma-separated, to fail over between servers of one deployment). */
  url: string;
  /** Sign in as this account, with the password from PARLEY_PASSWORD. */
  as?: string;
  /** Or authenticate with a personal API token. */
  token?: string;
  negotiation?: string;
  /** The password (the CLI reads PARLEY_PASSWORD). */
  password?: string;
}

/** One line per event: `at scope #seq type actor`. */
export function eventLine(event: RecordedEvent): string {
  return `${event.at} ${event.scope} #${event.scopeSeq} ${event.type} ${event.actor}`;
}

/** One line per change of who is here: `presence: name on provision (scope), …`. */
export function presenceLine(present: readonly PresenceEntry[]): string {
  if (present.length === 0) return "presence: nobody else";
  const who = present.map((p) => `${p.name}${p.provisionId ? ` on ${p.provisionId}` : ""} (${p.scope})`);
  return `presence: ${who.join(", ")}`;
}

interface Auth {
  headers: Record<string, string>;
  signOut: () => Promise<void>;
}

async function authenticate(base: string, options: WatchOptions): Promise<Auth> {
  if (options.token)
    return { headers: { authorization: `Bearer ${options.token}` }, signOut: async () => undefined };
  if (!options.as) throw new DomainError("validation", "Name the account with --as EMAIL (or give --token).");
  if (!options.password)
    throw new DomainError(
      "validation",
      "Set PARLEY_PASSWORD to the password of the account (or give --token).",
    );
  const response = await fetch(`${base}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: options.as, password: options.password }),
  });
  if (response.status !== 200)
    throw new DomainError("forbidden", `Sign-in as ${options.as} failed (HTTP ${response.status}).`);
  const cookie = (response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    headers: { cookie },
    signOut: async () => {
      await fetch(`${base}/api/session`, {
        method: "DELETE",
        headers: { cookie, "x-csrf-token": csrfToken },
      }).catch(() => undefined);
    },
  };
}

async function pickNegotiation(base: string, auth: Auth, named: string | undefined): Promise<string> {
  if (named) return named;
  const response = await fetch(`${base}/api/negotiations`, { headers: auth.headers });
  if (response.status !== 200)
    throw new DomainError("validation", `Listing negotiations failed (HTTP ${response.status}).`);
  const { negotiations } = (await response.json()) as { negotiations: { id: string }[] };
  const only = negotiations.length === 1 ? negotiations[0] : undefined;
  if (only) return only.id;
  throw new DomainError(
    negotiations.length === 0 ? "negotiation.missing" : "validation",
    negotiations.length === 0
      ? "This account is in no negotiation."
      : `This account is in ${negotiations.length} negotiations: name one with --negotiation.`,
  );
}

/**
 * Signs in, then prints the live stream (events and presence) until `stop` resolves, reconnecting and
 * resuming after drops. Resolves with the exit code: 0 when stopped, 1 when access was withdrawn.
 */
export async function watch(options: WatchOptions, io: Io, stop: Promise<void>): Promise<number> {
  const urls = options.url
    .split(",")
    .map((u) => u.trim().replace(/\/+$/, ""))
    .filter((u) => u !== "");
  const base = urls[0];
  if (!base) throw new DomainError("validation", "Give the server's address with --url.");
  const auth = await authenticate(base, options);
  const negotiationId = await pickNegotiation(base, auth, options.negotiation);
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  let status = "";
  const client = new LiveClient({
    baseUrl: urls,
    negotiationId,
    open: (url) => new WebSocket(url, { headers: auth.headers }) as unknown as SocketLike,
    onEvent: (event) => io.out(eventLine(event)),
    onPresence: (present) => io.out(presenceLine(present)),
    onStatus: (next) => {
      if (next === status) return;
      status = next;
      io.err(`# ${next}`);
      if (next === "revoked") finish(1);
    },
  });
  client.connect();
  void stop.then(() => finish(0));
  const code = await finished;
  client.close();
  if (code === 0) await auth.signOut();
  return code;
}

/** `parley watch`: the live stream of a negotiation, one line per event, until Ctrl-C. */
export function watchCommand(program: Command, io: Io): void {
  program
    .command("watch")
    .description("print a negotiation's live stream as it happens (events and presence), until Ctrl-C")
    .requiredOption("--url <url>", "the server, e.g. http://localhost:4700 (several, comma-separated)")
    .option("--as <email>", "sign in as this account; the password is read from PARLEY_PASSWORD")
    .option("--token <token>", "a personal API token instead of a password")
    .option("--negotiation <id>", "which negotiation (may be omitted when the account is in one)")
    .action(async (opts: { url: string; as?: string; token?: string; negotiation?: string }) => {
      const stop = new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      const password = process.env.PARLEY_PASSWORD;
      const code = await watch({ ...opts, ...(password ? { password } : {}) }, io, stop);
      if (code !== 0)
        throw new DomainError(
          "forbidden",
          "Access to this negotiation was withdrawn: the stream was closed.",
        );
    });
}
