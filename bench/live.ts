/**
 * Live bench: one negotiation (the demo, SQLite store), `clients` WebSockets on its live stream spread over
 * the seven member roles, and a writer committing notes at a steady rate, most in the shared scope and some
 * in narrower ones. Measured at each entitled client: commit-to-delivery latency, messages per change (must
 * equal the entitled viewers), lost and duplicated messages, frames of scopes the client may not read. In the
 * same run a bare `ws` server sends the very same payloads to the same clients (each change's frame, built
 * once, to the same entitled sockets): baselineP95Ms and ratio. The clients run in a worker thread.
 * `npm run bench -- live [--clients N] [--rate CHANGES_PER_S] [--seconds S] [--sweep] [--budget S]`;
 * `--sweep` raises the client count until p95 passes 500 ms (or the time budget runs out).
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { DEMO_NEGOTIATION_ID, demoMembers, demoScenario } from "../src/demo/scenario.ts";
import type { RecordedEvent } from "../src/domain/envelope.ts";
import type { Scope } from "../src/domain/scope.ts";
import { buildApp } from "../src/server/app.ts";
import { setAccount } from "../src/store/accounts.ts";
import { Store } from "../src/store/store.ts";
import { type ClientSpec, now, startClients, type Tally } from "./live-clients.ts";

const PASSWORD = "correct horse battery staple";
const GOALS = { p95Ms: 50, p99Ms: 150, ratio: 2 };
const SWEEP_LIMIT_MS = 500;
const SWEEP_SECONDS = 4;
/** Sockets one process may hold stay under its descriptor limit (20,000 here), the server's side included. */
const MAX_CLIENTS = 18_000;
/** The writer's mix: most changes shared, some in each narrower scope. */
const MIX: readonly Scope[] = [
  ...Array<Scope>(10).fill("shared"),
  "party:am",
  "party:az",
  "caucus:am",
  "caucus:az",
  "mediation",
];
const WRITER_OF: Record<string, string> = {
  shared: "blinken@mediation.parley.test",
  mediation: "blinken@mediation.parley.test",
  "caucus:am": "blinken@mediation.parley.test",
  "caucus:az": "blinken@mediation.parley.test",
  "party:am": "mirzoyan@am.parley.test",
  "party:az": "bayramov@az.parley.test",
};

interface Options {
  clients: number;
  rate: number;
  seconds: number;
  sweep: boolean;
  budget: number;
}

export function parseArgs(args: string[]): Options {
  const options: Options = { clients: 200, rate: 50, seconds: 8, sweep: false, budget: 240 };
  for (let k = 0; k < args.length; k++) {
    const flag = args[k] ?? "";
    if (flag === "--sweep") {
      options.sweep = true;
      continue;
    }
    const name = flag.slice(2) as Exclude<keyof Options, "sweep">;
    const value = Number(args[k + 1]);
    if (!["clients", "rate", "seconds", "budget"].includes(name)) throw new Error(`unknown option ${flag}`);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number`);
    options[name] = value;
    k++;
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------
// The server side: the live stream of a Parley server, and a bare ws server for the baseline.

interface Role {
  email: string;
  memberId: string;
  scopes: Scope[];
  cookie: string;
}

async function fixture() {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-live-"));
  const store = await Store.open({ file: join(dir, "parley.db") });
  for (const step of demoScenario())
    await store.execute(DEMO_NEGOTIATION_ID, step.command, step.actor, { at: step.at });
  const at = new Date();
  for (const m of demoMembers())
    await setAccount(store.database, { email: m.email, name: m.name, password: PASSWORD }, at);
  const { app } = await buildApp({
    store,
    limits: { perAccount: 10_000, perAddress: 10_000, windowSeconds: 60, blockSeconds: 1 },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const roles: Role[] = [];
  for (const m of demoMembers()) {
    const { viewer, scopes } = await store.viewAs(DEMO_NEGOTIATION_ID, m.email);
    if (viewer.kind !== "member") continue;
    const response = await app.inject({
      method: "POST",
      url: "/api/session",
      payload: { email: m.email, password: PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === "parley_session")?.value ?? "";
    roles.push({
      email: m.email,
      memberId: viewer.member.id,
      scopes: [...scopes],
      cookie: `parley_session=${cookie}`,
    });
  }
  const close = async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, base, roles, close };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;
type Clients = ReturnType<typeof startClients>;

interface Change {
  k: number;
  scope: Scope;
  event: RecordedEvent | null;
  t0: number;
  entitled: number;
}

interface RunResult {
  clients: number;
  changes: number;
  changesPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  messagesPerChange: number;
  entitledPerChange: number;
  mismatchedChanges: number;
  lost: number;
  duplicates: number;
  leaked: number;
  otherFrames: number;
  failedConnections: number;
  connectSeconds: number;
}

const quantile = (sorted: Float64Array, q: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
const round = (x: number) => Math.round(x * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let nextK = 1;

/** One measured run: connect, write (or, for the baseline, send) at a steady rate, drain, tally. */
async function measure(
  f: Fixture,
  w: Clients,
  clients: number,
  options: { rate: number; seconds: number },
  baseline: { replay: Change[] } | null,
): Promise<{ result: RunResult; changes: Change[] }> {
  const who = Array.from({ length: clients }, (_, i) => f.roles[i % f.roles.length] as Role);
  // Every client resumes from the current heads: no backlog, only what is written during the run.
  const heads = new Map<Scope, number>();
  for (const e of await f.store.history(
    DEMO_NEGOTIATION_ID,
    new Set([...Object.keys(WRITER_OF), "public"] as Scope[]),
  ))
    heads.set(e.scope, e.scopeSeq);
  const resume = encodeURIComponent([...heads].map(([s, n]) => `${s}:${n}`).join(","));
  let wss: WebSocketServer | null = null;
  let url = (_i: number) => `${f.base}/api/negotiations/${DEMO_NEGOTIATION_ID}/live?resume=${resume}`;
  const sockets: WebSocket[] = [];
  if (baseline) {
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((r) => wss?.once("listening", r));
    const port = (wss.address() as AddressInfo).port;
    wss.on("connection", (socket, request) => {
      sockets[Number(new URL(request.url ?? "/", "http://x").searchParams.get("i"))] = socket;
    });
    url = (i) => `ws://127.0.0.1:${port}/?i=${i}`;
  }
  const connecting = now();
  w.post({
    type: "connect",
    live: baseline === null,
    clients: who.map(
      (r, i): ClientSpec => ({ url: url(i), headers: { cookie: r.cookie }, scopes: r.scopes }),
    ),
  });
  const ready = await w.next();
  const failed = ready.type === "ready" ? ready.failed : 0;
  const connectSeconds = round((now() - connecting) / 1000);
  const entitledOf = (scope: Scope) => who.filter((r) => r.scopes.includes(scope)).length;

  const changes: Change[] = [];
  const count = baseline ? baseline.replay.length : Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const actors = new Map(f.roles.map((r) => [r.email, r.memberId]));
  let current: Change | null = null;
  const unsubscribe = f.store.onCommitted(() => {
    if (current) current.t0 = now();
  });
  const started = now();
  for (let i = 0; i < count; i++) {
    const wait = started + i * interval - now();
    if (wait > 0) await sleep(wait);
    if (baseline) {
      const replay = baseline.replay[i] as Change;
      const change: Change = { ...replay, t0: now(), entitled: entitledOf(replay.scope) };
      const text = JSON.stringify({ type: "event", event: replay.event });
      who.forEach((r, j) => {
        if (r.scopes.includes(change.scope)) sockets[j]?.send(text);
      });
      changes.push(change);
      continue;
    }
    const k = nextK++;
    const scope = MIX[i % MIX.length] as Scope;
    current = { k, scope, event: null, t0: 0, entitled: entitledOf(scope) };
    const command = { type: "write-note", noteId: `bench-${k}`, text: `bench ${k}`, scope };
    const { events } = await f.store.execute(
      DEMO_NEGOTIATION_ID,
      command,
      actors.get(WRITER_OF[scope] ?? "") ?? "",
    );
    current.event = events[0] ?? null;
    changes.push(current);
  }
  unsubscribe();
  const elapsed = (now() - started) / 1000;
  const expected = changes.reduce((sum, c) => sum + c.entitled, 0);
  // Drain: until every message arrived, or none has for two seconds.
  for (let count = -1, still = 0; still < 2_000; still += 100) {
    await sleep(100);
    w.post({ type: "progress" });
    const progress = await w.next();
    const n = progress.type === "progress" ? progress.count : 0;
    if (n >= expected) break;
    if (n !== count) still = 0;
    count = n;
  }
  w.post({ type: "finish" });
  const tally = (await w.next()) as Tally;
  wss?.close();
  for (const s of sockets) s?.terminate();

  const byK = new Map(changes.map((c) => [c.k, c]));
  const received = new Map<number, number>();
  const latencies = new Float64Array(tally.count);
  for (let i = 0; i < tally.count; i++) {
    const k = tally.ks[i] ?? 0;
    received.set(k, (received.get(k) ?? 0) + 1);
    latencies[i] = (tally.times[i] ?? 0) - (byK.get(k)?.t0 ?? Number.NaN);
  }
  latencies.sort();
  const mismatched = changes.filter((c) => (received.get(c.k) ?? 0) !== c.entitled).length;
  const result: RunResult = {
    clients,
    changes: changes.length,
    changesPerSec: round(changes.length / elapsed),
    p50Ms: round(quantile(latencies, 0.5)),
    p95Ms: round(quantile(latencies, 0.95)),
    p99Ms: round(quantile(latencies, 0.99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    messagesPerChange: round(tally.count / Math.max(1, changes.length)),
    entitledPerChange: round(expected / Math.max(1, changes.length)),
    mismatchedChanges: mismatched,
    lost: changes.reduce((sum, c) => sum + Math.max(0, c.entitled - (received.get(c.k) ?? 0)), 0),
    duplicates: tally.duplicates,
    leaked: tally.leaked,
    otherFrames: tally.other,
    failedConnections: failed,
    connectSeconds,
  };
  return { result, changes };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const options = parseArgs(args);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`live bench: ${options.clients} clients, ${options.rate} changes/s for ${options.seconds} s`);
  const f = await fixture();
  const w = startClients();
  try {
    const live = await measure(f, w, options.clients, options, null);
    log(`  parley:   ${JSON.stringify(live.result)}`);
    const base = await measure(f, w, options.clients, options, { replay: live.changes });
    log(`  baseline: ${JSON.stringify(base.result)}`);
    const r = live.result;
    const ratio = round(r.p95Ms / Math.max(base.result.p95Ms, 0.01));
    const out: Record<string, unknown> = {
      bench: "live",
      ...r,
      baselineP50Ms: base.result.p50Ms,
      baselineP95Ms: base.result.p95Ms,
      baselineP99Ms: base.result.p99Ms,
      ratio,
      goals: {
        p95: r.p95Ms <= GOALS.p95Ms,
        p99: r.p99Ms <= GOALS.p99Ms,
        ratio: ratio <= GOALS.ratio,
        messagesPerChange: r.mismatchedChanges === 0,
        lost: r.lost === 0 && r.duplicates === 0 && r.leaked === 0,
      },
    };
    if (options.sweep) Object.assign(out, await sweep(f, w, options, log));
    return out;
  } finally {
    w.stop();
    await f.close();
  }
}

/**
 * Doubles the clients until p95 passes 500 ms, then narrows down between the last two counts; a step that
 * would not end before the time budget, or would need more sockets than one process may open, is not run.
 */
async function sweep(f: Fixture, w: Clients, options: Options, log: (l: string) => void) {
  const deadline = Date.now() + options.budget * 1000;
  const steps: { clients: number; p95Ms: number; p99Ms: number; lost: number; connectSeconds: number }[] = [];
  let perClientS = 0.005;
  const fits = (clients: number) =>
    clients <= MAX_CLIENTS && Date.now() + (clients * perClientS + SWEEP_SECONDS + 10) * 1000 < deadline;
  const step = async (clients: number) => {
    const { result } = await measure(f, w, clients, { rate: options.rate, seconds: SWEEP_SECONDS }, null);
    perClientS = Math.max(perClientS, result.connectSeconds / clients);
    const { p95Ms, p99Ms, lost, connectSeconds } = result;
    steps.push({ clients, p95Ms, p99Ms, lost, connectSeconds });
    log(
      `  sweep ${clients} clients: p95 ${p95Ms} ms, p99 ${p99Ms} ms, lost ${lost}, connected in ${connectSeconds} s`,
    );
    return p95Ms > SWEEP_LIMIT_MS;
  };
  let below = options.clients;
  let above: number | null = null;
  for (let clients = options.clients * 2; ; clients *= 2) {
    const next = Math.min(clients, MAX_CLIENTS);
    if (next <= below || !fits(next)) break;
    if (await step(next)) {
      above = next;
      break;
    }
    below = next;
  }
  while (above !== null && above - below > above / 8) {
    const mid = Math.round((above + below) / 2);
    if (!fits(mid)) break;
    if (await step(mid)) above = mid;
    else below = mid;
  }
  const stoppedBy =
    above !== null
      ? "p95 over 500 ms"
      : below >= MAX_CLIENTS
        ? `${MAX_CLIENTS} sockets (descriptor limit)`
        : "time budget";
  return {
    sweep: steps,
    sweepRate: options.rate,
    p95Over500MsAtClients: above,
    p95Under500MsAtClients: below,
    sweepStoppedBy: stoppedBy,
  };
}
