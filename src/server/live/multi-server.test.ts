import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ARGS } from "../../cli/testing/cli-process.ts";
import type { LiveMessage } from "../../client/live-client.ts";
import type { RecordedEvent } from "../../domain/envelope.ts";
import type { Scope } from "../../domain/scope.ts";
import { Store } from "../../store/store.ts";
import { DIALECTS } from "../../store/test-stores.ts";
import { NEGOTIATION, PASSWORD, ROLE_EMAILS, type TestRole } from "../test-app.ts";
import { nodeClient, sequencesByScope, waitFor } from "./test-live.ts";

/**
 * Issue 4, "Many servers": two `parley serve` processes on one PostgreSQL database. A change made through one
 * reaches a client of the other (LISTEN/NOTIFY); when one is killed (SIGKILL), its client reconnects to the
 * other and misses nothing. Runs wherever PostgreSQL is reachable, and always in CI (PARLEY_REQUIRE_POSTGRES=1).
 */

const postgres = DIALECTS.find((d) => d.name === "postgres");
const available = postgres?.available === true;
const reason = available
  ? ""
  : ` (skipped: PostgreSQL unavailable: ${postgres?.skipReason ?? "not configured"})`;
const run = promisify(execFile);
const AM_SCOPES = new Set<Scope>(["public", "shared", "party:am", "caucus:am"]);

interface Server {
  url: string;
  child: ChildProcess;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [...CLI_ARGS, "serve", "--port", "0"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 60_000);
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      const match = /Parley is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace("localhost", "127.0.0.1"));
      }
    });
    child.once("exit", (code) => reject(new Error(`serve exited (${code}): ${output}`)));
  });
  return { url, child };
}

async function signIn(url: string, role: Exclude<TestRole, "anonymous">) {
  const response = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: ROLE_EMAILS[role], password: PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in ${role}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

async function writeNote(url: string, auth: { cookie: string; csrf: string }, text: string, scope: Scope) {
  const response = await fetch(`${url}/api/negotiations/${NEGOTIATION}/commands/write-note`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: auth.cookie, "x-csrf-token": auth.csrf },
    body: JSON.stringify({ text, scope }),
  });
  if (response.status !== 201) throw new Error(`write-note: ${response.status} ${await response.text()}`);
}

describe.skipIf(!available)(`live across two server processes on PostgreSQL${reason}`, () => {
  let store: Store;
  let dispose: () => Promise<void> = async () => undefined;
  let env: NodeJS.ProcessEnv = {};
  const servers: Server[] = [];
  beforeAll(async () => {
    if (!postgres) return;
    const fresh = await postgres.fresh();
    dispose = fresh.dispose;
    const location = fresh.location as { url: string; schema: string };
    env = {
      ...process.env,
      PARLEY_DATABASE_URL: location.url,
      PARLEY_DATABASE_SCHEMA: location.schema,
      PARLEY_DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: "warn",
    };
    await run(process.execPath, [...CLI_ARGS, "demo"], { env });
    servers.push(...(await Promise.all([startServer(env), startServer(env)])));
    store = await Store.open(location);
  }, 180_000);
  afterAll(async () => {
    for (const { child } of servers) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    }
    await store?.close();
    await dispose();
  }, 60_000);

  const history = () => store.history(NEGOTIATION, AM_SCOPES);
  const key = (e: RecordedEvent) => `${e.scope}#${e.scopeSeq} ${e.hash}`;

  it("a change made through server A reaches a client of server B", async () => {
    const [a, b] = servers as [Server, Server];
    const got: RecordedEvent[] = [];
    const { client } = nodeClient({
      baseUrl: b.url,
      auth: await signIn(b.url, "am-member"),
      onEvent: (e) => got.push(e),
    });
    client.connect();
    const start = (await history()).length;
    await waitFor(() => got.length === start, 15_000, "backlog from B");
    const writer = await signIn(a.url, "am-head");
    const sent = Date.now();
    await writeNote(a.url, writer, "THROUGH-A", "shared");
    await waitFor(() => got.some((e) => JSON.stringify(e.data).includes("THROUGH-A")), 5_000, "event at B");
    expect(Date.now() - sent).toBeLessThan(5_000);
    // And nothing of a scope the member cannot read, though B was notified of it.
    await writeNote(a.url, await signIn(a.url, "az-head"), "AZ-ONLY", "party:az");
    await writeNote(a.url, writer, "THROUGH-A-2", "party:am");
    await waitFor(
      () => got.some((e) => JSON.stringify(e.data).includes("THROUGH-A-2")),
      5_000,
      "second event",
    );
    expect(JSON.stringify(got)).not.toContain("AZ-ONLY");
    expect(got.map(key)).toEqual((await history()).map(key));
    client.close();
  }, 60_000);

  it("killing server A, its client reconnects to server B and misses nothing", async () => {
    const [a, b] = servers as [Server, Server];
    const frames: LiveMessage[] = [];
    const got: RecordedEvent[] = [];
    const statuses: string[] = [];
    const { client, sockets } = nodeClient({
      baseUrl: [a.url, b.url],
      auth: await signIn(a.url, "am-member"),
      onFrame: (m) => frames.push(m),
      onEvent: (e) => got.push(e),
      onStatus: (s) => statuses.push(s),
    });
    client.connect();
    const start = (await history()).length;
    await waitFor(() => got.length === start, 15_000, "backlog from A");
    const writers = {
      am: await signIn(b.url, "am-head"),
      az: await signIn(b.url, "az-head"),
      mediation: await signIn(b.url, "mediation-lead"),
    };
    const plan: [keyof typeof writers, Scope][] = [
      ["am", "party:am"],
      ["az", "party:az"],
      ["mediation", "caucus:am"],
      ["mediation", "mediation"],
      ["am", "shared"],
    ];
    let written = 0;
    const writing = (async () => {
      for (let i = 0; i < 60; i++) {
        const [who, scope] = plan[i % plan.length] as [keyof typeof writers, Scope];
        await writeNote(b.url, writers[who], `FAILOVER ${i}`, scope);
        written += 1;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await waitFor(() => got.length >= start + 5, 15_000, "live events from A");
    a.child.kill("SIGKILL");
    await once(a.child, "exit");
    const killedAt = written;
    await writing;
    const final = (await history()).length;
    await waitFor(() => got.length >= final, 20_000, "catch-up from B");
    await new Promise((r) => setTimeout(r, 200));
    expect(killedAt).toBeLessThan(60);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    expect(sockets.at(-1)?.url.startsWith(b.url.replace(/^http/, "ws"))).toBe(true);
    expect(statuses).toContain("reconnecting");
    // On the wire: every event of the member's scopes exactly once, in order, across both servers.
    const onWire = sequencesByScope(frames.flatMap((m) => (m.type === "event" ? [m.event] : [])));
    for (const [scope, seqs] of sequencesByScope(await history()))
      expect(onWire.get(scope), scope).toEqual(seqs);
    expect(got.map(key)).toEqual((await history()).map(key));
    client.close();
  }, 120_000);
});
