/**
 * HTTP read bench: an authenticated `GET …/instrument` of the demo negotiation (SQLite store, session cookie)
 * under autocannon, against a bare Fastify route that returns the very same bytes, in one process. Runs
 * alternate (baseline, parley, baseline, parley, …) so load drift hits both sides alike; the figure that
 * matters is the ratio. autocannon runs in its own worker thread (`workers: 1`), so the client does not share
 * the server's event loop (it still shares the machine's cores).
 * `npm run bench -- http [--seconds S] [--rounds N] [--connections C]`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import Fastify, { type FastifyInstance } from "fastify";
import { generateSecret, generateSync } from "otplib";
import { DEMO_NEGOTIATION_ID, demoMembers, demoScenario } from "../src/demo/scenario.ts";
import { buildApp } from "../src/server/app.ts";
import { setAccount } from "../src/store/accounts.ts";
import { Store } from "../src/store/store.ts";

const PATH = `/api/negotiations/${DEMO_NEGOTIATION_ID}/instrument`;
const PASSWORD = "correct horse battery staple";
const RATIO_GOAL = 0.8;
const P99_GOAL_MS = 50;

interface Options {
  seconds: number;
  rounds: number;
  connections: number;
}

export function parseArgs(args: string[]): Options {
  const options: Options = { seconds: 4, rounds: 5, connections: 50 };
  for (let k = 0; k < args.length; k++) {
    const flag = args[k];
    const value = Number(args[k + 1]);
    if (flag === "--seconds" || flag === "--rounds" || flag === "--connections") {
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number`);
      options[flag.slice(2) as keyof Options] = value;
      k++;
    } else {
      throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

interface Sample {
  requests: number;
  /** CPU time of the server's thread (the client runs on its own thread), in ms; NaN off Linux. */
  cpuMs: number;
  seconds: number;
  p50: number;
  p99: number;
  bytes: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, cookie: string | undefined, options: Options): Promise<Sample> {
  const before = threadCpuMs();
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    workers: 1,
    headers: cookie ? { cookie } : {},
  });
  const cpuMs = threadCpuMs() - before;
  return {
    requests: result.requests.total,
    cpuMs,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: result.throughput.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** CPU time of the calling thread (utime + stime from /proc, in ms); NaN where there is no /proc. */
function threadCpuMs(): number {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields after the command name start at field 3; utime and stime are fields 14 and 15, in 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function usPerReq(sample: Sample): number {
  return Math.round((sample.cpuMs * 1000) / sample.requests);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function origin(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** Requests per second over all samples, and the latencies of the worst and the typical sample. */
function combine(samples: Sample[]) {
  const requests = samples.reduce((n, s) => n + s.requests, 0);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  const mean = (pick: (s: Sample) => number) => samples.reduce((n, s) => n + pick(s), 0) / samples.length;
  return {
    reqPerSec: Math.round(requests / seconds),
    p50Ms: Math.round(mean((s) => s.p50) * 100) / 100,
    // Percentiles of separate runs cannot be merged exactly; the worst run's p99 is the honest bound.
    p99Ms: Math.max(...samples.map((s) => s.p99)),
    /** Server CPU per request: steadier than req/s when other work shares the machine. */
    cpuUsPerReq: Math.round((samples.reduce((n, s) => n + s.cpuMs, 0) * 1000) / requests),
    errors: samples.reduce((n, s) => n + s.errors, 0),
    non2xx: samples.reduce((n, s) => n + s.non2xx, 0),
  };
}

/** A running Parley API on a temp SQLite store with the demo negotiation, signed in as a delegation head. */
export interface ParleyServer {
  url: string;
  cookie: string;
  body: Buffer;
  contentType: string;
  close(): Promise<void>;
}

export async function startParley(): Promise<ParleyServer> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-http-"));
  const store = await Store.open({ file: join(dir, "parley.db") });
  let app: FastifyInstance | undefined;
  const close = async () => {
    await app?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    process.stderr.write("http: replaying the demo negotiation…\n");
    for (const step of demoScenario())
      await store.execute(DEMO_NEGOTIATION_ID, step.command, step.actor, { at: step.at });
    const head = demoMembers().find((m) => m.email === "mirzoyan@am.parley.test");
    if (!head) throw new Error("the demo has no Armenian delegation head");
    const accountId = await setAccount(
      store.database,
      { email: head.email, name: head.name, password: PASSWORD },
      new Date(),
    );
    // The benched account has a second factor (issue 14): its session carries the factor state, so reads
    // must cost what they cost without one.
    const secret = generateSecret();
    await store.database
      .insertInto("totp_secrets")
      .values({
        account_id: accountId,
        secret,
        created_at: new Date().toISOString(),
        confirmed_at: new Date().toISOString(),
      })
      .execute();

    ({ app } = await buildApp({
      store,
      logger: false,
      limits: { perAccount: 1000, perAddress: 1000, windowSeconds: 60, blockSeconds: 60 },
    }));
    await app.listen({ host: "127.0.0.1", port: 0 });
    const parleyOrigin = origin(app);

    const signIn = await fetch(`${parleyOrigin}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: head.email, password: PASSWORD }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const half = signIn.headers.getSetCookie().find((c) => c.startsWith("parley_session="));
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const factor = await fetch(`${parleyOrigin}/api/session/factor`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: half?.split(";")[0] ?? "",
        "x-csrf-token": csrfToken,
      },
      body: JSON.stringify({ code: generateSync({ secret }) }),
    });
    if (factor.status !== 200)
      throw new Error(`second factor failed: ${factor.status} ${await factor.text()}`);
    const session = factor.headers.getSetCookie().find((c) => c.startsWith("parley_session="));
    if (!session) throw new Error("sign-in set no session cookie");
    const cookie = session.split(";")[0] ?? "";

    const first = await fetch(`${parleyOrigin}${PATH}`, { headers: { cookie } });
    if (first.status !== 200) throw new Error(`instrument read failed: ${first.status}`);
    const body = Buffer.from(await first.arrayBuffer());
    const contentType = first.headers.get("content-type") ?? "application/json; charset=utf-8";
    return { url: `${parleyOrigin}${PATH}`, cookie, body, contentType, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const options = parseArgs(args);
  const parley = await startParley();
  const baseline = Fastify({ logger: false });
  try {
    const { body, contentType, cookie } = parley;
    baseline.get(PATH, (_request, reply) => {
      reply.header("content-type", contentType).send(body);
    });
    await baseline.listen({ host: "127.0.0.1", port: 0 });
    const baselineUrl = `${origin(baseline)}${PATH}`;
    const parleyUrl = parley.url;

    // Warm both up (JIT, caches, connections) before anything is measured.
    await load(baselineUrl, undefined, { ...options, seconds: 1 });
    await load(parleyUrl, cookie, { ...options, seconds: 1 });

    const ours: Sample[] = [];
    const theirs: Sample[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const b = await load(baselineUrl, undefined, options);
      theirs.push(b);
      const p = await load(parleyUrl, cookie, options);
      ours.push(p);
      process.stderr.write(
        `http: round ${round}/${options.rounds}: baseline ${Math.round(b.requests / b.seconds)} req/s ` +
          `(${usPerReq(b)} µs CPU/req), parley ${Math.round(p.requests / p.seconds)} req/s ` +
          `(${usPerReq(p)} µs CPU/req, p50 ${p.p50} ms, p99 ${p.p99} ms)\n`,
      );
    }
    const ourFigures = combine(ours);
    const base = combine(theirs);
    // Each round pairs a baseline run with the Parley run right after it; the median of those paired ratios is
    // the figure, since load from elsewhere on the machine moves both sides of a pair alike but not all pairs.
    const paired = ours.map((p, k) => {
      const b = theirs[k] as Sample;
      return p.requests / p.seconds / (b.requests / b.seconds);
    });
    const ratio = Math.round(median(paired) * 1000) / 1000;
    const ratioOfTotals = Math.round((ourFigures.reqPerSec / base.reqPerSec) * 1000) / 1000;
    if (base.errors + base.non2xx > 0)
      process.stderr.write(`http: baseline had ${base.errors} errors, ${base.non2xx} non-2xx\n`);
    process.stderr.write(
      `http: ratio ${ratio} (goal ≥ ${RATIO_GOAL}), p99 ${ourFigures.p99Ms} ms (goal ≤ ${P99_GOAL_MS} ms)\n`,
    );
    return {
      bench: "http",
      connections: options.connections,
      p50Ms: ourFigures.p50Ms,
      p99Ms: ourFigures.p99Ms,
      reqPerSec: ourFigures.reqPerSec,
      baselineReqPerSec: base.reqPerSec,
      ratio,
      pairedRatios: paired.map((r) => Math.round(r * 1000) / 1000),
      ratioOfTotals,
      cpuUsPerReq: nullIfNaN(ourFigures.cpuUsPerReq),
      baselineCpuUsPerReq: nullIfNaN(base.cpuUsPerReq),
      bytes: body.length,
      errors: ourFigures.errors,
      non2xx: ourFigures.non2xx,
    };
  } finally {
    await baseline.close();
    await parley.close();
  }
}
