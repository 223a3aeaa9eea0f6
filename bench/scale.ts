/**
 * Many negotiations, long histories (issue 17): on PostgreSQL (PARLEY_TEST_DATABASE_URL, a fresh schema),
 * `--negotiations N` negotiations of `--events E` events each, plus one of `--big B` events; one account is a
 * member of `--member-of M` of them. Reports, in one process (requests by inject: the server's own cost):
 * - `listP99Ms`: `GET /api/negotiations` for that member (goal ≤ 50), beside `listAllStatesP99Ms`, the same list
 *   built the way it was before the index (every negotiation's state read), and their ratio;
 * - `screenP99Ms`: the APIs the dashboard, text, rounds and record screens call, on the big negotiation (goal
 *   ≤ 100), per API in `screens`;
 * - `rssMB` after every negotiation was read once (goal ≤ 512), with `cachedStates` (the cache's bound);
 * - `readyMs`: from starting `parley serve` (the compiled CLI when built, else from source: `readyFrom`) to the
 *   first 200 of /readyz (goal ≤ 5,000), and `openMs`, the same in this process from opening the store.
 * `npm run bench -- scale [--negotiations 1000] [--events 1000] [--big 100000] [--member-of 50] [--requests 200]`
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { CLI_ARGS } from "../src/cli/testing/cli-process.ts";
import { packageRoot } from "../src/formats/package-root.ts";
import { buildApp } from "../src/server/app.ts";
import { setAccount } from "../src/store/accounts.ts";
import { Store } from "../src/store/store.ts";
import { POSTGRES_URL } from "../src/store/test-stores.ts";

interface Options {
  negotiations: number;
  events: number;
  big: number;
  memberOf: number;
  requests: number;
}

const FLAGS: Record<string, keyof Options> = {
  "--negotiations": "negotiations",
  "--events": "events",
  "--big": "big",
  "--member-of": "memberOf",
  "--requests": "requests",
};

function parseArgs(args: string[]): Options {
  const options: Options = { negotiations: 1000, events: 1000, big: 100_000, memberOf: 50, requests: 200 };
  for (let k = 0; k < args.length; k += 2) {
    const key = FLAGS[args[k] ?? ""];
    const value = Number(args[k + 1]);
    if (!key || !Number.isInteger(value) || value < 0)
      throw new Error(`bad option ${args[k]} ${args[k + 1]}`);
    options[key] = value;
  }
  return options;
}

const MEMBER = "scale-member@example.org";
const PASSWORD = "correct horse battery staple";
const say = (line: string) => process.stderr.write(`${line}\n`);

/** A negotiation of about `events` events: an instrument that grows, and notes in between. */
async function populate(store: Store, id: string, events: number, withMember: boolean): Promise<void> {
  const lead = "lead";
  await store.executeAll(id, [
    {
      command: {
        type: "create-negotiation",
        negotiationId: id,
        title: `Negotiation ${id}`,
        lead: { memberId: lead, name: "Lead", email: `lead-${id}@example.org` },
      },
      actor: "account",
    },
    { command: { type: "create-instrument", title: `Agreement ${id}` }, actor: lead },
    ...(withMember
      ? [
          {
            command: {
              type: "add-member",
              memberId: "member",
              name: "Member",
              email: MEMBER,
              role: "observer",
              rank: "member",
            },
            actor: lead,
          },
        ]
      : []),
  ]);
  const batch: { command: unknown; actor: string }[] = [];
  for (let i = 0; i < events - 3; i++) {
    batch.push({
      command:
        i % 20 === 0
          ? {
              type: "add-provision",
              provisionId: `a${i}`,
              provisionKind: "article",
              number: String(i / 20 + 1),
              text: `The Parties shall settle matter ${i} by consultation.`,
            }
          : { type: "write-note", noteId: `n${i}`, text: `Note ${i} on the talks.`, scope: "shared" },
      actor: lead,
    });
    if (batch.length === 500) await store.executeAll(id, batch.splice(0));
  }
  if (batch.length > 0) await store.executeAll(id, batch.splice(0));
}

/** Starts `parley serve` on the store and times it to its first ready answer; stops it. */
async function processReady(schema: string): Promise<{ ms: number; from: string }> {
  const compiled = join(packageRoot(), "dist/server/cli/bin.js");
  const from = existsSync(compiled) ? "compiled" : "source (tsx)";
  const args = existsSync(compiled) ? [join(packageRoot(), "bin/parley.js")] : [...CLI_ARGS];
  const started = performance.now();
  const child = spawn(process.execPath, [...args, "serve", "--port", "0"], {
    env: {
      ...process.env,
      PARLEY_DATABASE_URL: POSTGRES_URL,
      PARLEY_DATABASE_SCHEMA: schema,
      PARLEY_PUBLIC_URL: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        const match = /Parley is running at (\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`parley serve exited with ${code}: ${out}`)));
    });
    for (;;) {
      const ready = await fetch(`${url}/readyz`).catch(() => null);
      if (ready?.status === 200) return { ms: Math.round(performance.now() - started), from };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill("SIGTERM");
  }
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0) * 10) / 10;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const options = parseArgs(args);
  const schema = `bench_scale_${randomBytes(4).toString("hex")}`;
  const location = { url: POSTGRES_URL, schema };
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    let store = await Store.open(location);
    const started = performance.now();
    for (let n = 0; n < options.negotiations; n++) {
      await populate(
        store,
        `s${n}`,
        options.events,
        n % Math.ceil(options.negotiations / options.memberOf) === 0,
      );
      if (n % 50 === 49)
        say(`populated ${n + 1}/${options.negotiations} (${Math.round(performance.now() - started)} ms)`);
    }
    if (options.big > 0) await populate(store, "big", options.big, true);
    const populateMs = Math.round(performance.now() - started);
    say(`populated in ${populateMs} ms`);
    await setAccount(store.database, { email: MEMBER, name: "Member", password: PASSWORD }, new Date());
    await store.close();

    const serving = await processReady(schema);
    say(`parley serve (${serving.from}) ready in ${serving.ms} ms`);
    // The same in this process, from opening the store.
    const opening = performance.now();
    store = await Store.open(location);
    const { app } = await buildApp({ store });
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    const openMs = Math.round(performance.now() - opening);
    if (ready.statusCode !== 200) throw new Error(`not ready: ${ready.body}`);

    const session = await app.inject({
      method: "POST",
      url: "/api/session",
      payload: { email: MEMBER, password: PASSWORD },
    });
    const cookie = `parley_session=${session.cookies.find((c) => c.name === "parley_session")?.value ?? ""}`;
    const timed = async (url: string, count: number): Promise<{ p99: number; count: number }> => {
      const samples: number[] = [];
      for (let k = 0; k < count; k++) {
        const t0 = performance.now();
        const response = await app.inject({ method: "GET", url, headers: { cookie } });
        samples.push(performance.now() - t0);
        if (response.statusCode !== 200)
          throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        if (k === 0 && url === "/api/negotiations") {
          const listed = (response.json() as { negotiations: unknown[] }).negotiations.length;
          say(`the member is in ${listed} negotiations`);
        }
      }
      return { p99: p99(samples), count };
    };
    await timed("/api/negotiations", 5);
    const list = await timed("/api/negotiations", options.requests);

    // The list as it was built before the index: every negotiation's state, then the member's ones.
    const allStates: number[] = [];
    const ids = await store.negotiationIds();
    // Three rounds: at 1,000 negotiations each takes seconds (states beyond the cache's bound are read again).
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      for (const id of ids) await store.viewAs(id, MEMBER);
      allStates.push(performance.now() - t0);
    }

    // Every negotiation read once; then memory.
    for (const id of ids) await store.viewAs(id, MEMBER);
    (globalThis as { gc?: () => void }).gc?.();
    const rssMB = Math.round(process.memoryUsage().rss / 1024 / 1024);

    const screens: Record<string, number> = {};
    if (options.big > 0) {
      const base = "/api/negotiations/big";
      for (const [name, path] of [
        ["dashboard summary", ""],
        ["dashboard progress", "/progress"],
        ["text instrument", "/instrument"],
        ["rounds", "/rounds"],
        ["rounds history", "/history"],
        ["record history-export", "/history-export"],
        ["record receipts", "/receipts"],
      ] as const) {
        await timed(`${base}${path}`, 2);
        screens[name] = (await timed(`${base}${path}`, Math.max(5, Math.floor(options.requests / 10)))).p99;
        say(`${name}: p99 ${screens[name]} ms`);
      }
    }
    await app.close();
    await store.close();
    const listAllStatesP99Ms = p99(allStates);
    return {
      bench: "scale",
      ...options,
      populateMs,
      listP99Ms: list.p99,
      listAllStatesP99Ms,
      listRatio: Number((list.p99 / listAllStatesP99Ms).toPrecision(3)),
      screenP99Ms: Math.max(0, ...Object.values(screens)),
      screens,
      rssMB,
      cachedStates: 200,
      readyMs: serving.ms,
      readyFrom: serving.from,
      openMs,
      goals: { listP99Ms: 50, screenP99Ms: 100, rssMB: 512, readyMs: 5000 },
    };
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
}
