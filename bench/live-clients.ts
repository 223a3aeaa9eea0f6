/**
 * The live bench's clients, in a child process of their own (their own event loop, and their own file
 * descriptors: thousands of sockets would not fit beside the server's in one process). Each client finds the
 * change number and the scope in the raw frame, without parsing it, and stamps its arrival.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import type { Scope } from "../src/domain/scope.ts";

export interface ClientSpec {
  url: string;
  headers: Record<string, string>;
  scopes: readonly Scope[];
}
export type ToClients =
  | { type: "connect"; clients: ClientSpec[]; live: boolean }
  | { type: "progress" }
  | { type: "finish" };
export interface Tally {
  type: "done";
  /** Per message received: the change number, the client, the arrival time (epoch ms, sub-ms). */
  ks: Int32Array;
  who: Int32Array;
  times: Float64Array;
  count: number;
  leaked: number;
  duplicates: number;
  other: number;
}
export type FromClients = { type: "ready"; failed: number } | { type: "progress"; count: number } | Tally;

export const now = () => performance.timeOrigin + performance.now();

const MARK = Buffer.from('"text":"bench ');
const SCOPE = Buffer.from('"scope":"');
const PRESENCE = Buffer.from('{"type":"presence"');
const CONNECT_TIMEOUT_MS = 20_000;

function fresh(size: number, from?: Tally): Tally {
  const tally: Tally = {
    type: "done",
    ks: new Int32Array(size),
    who: new Int32Array(size),
    times: new Float64Array(size),
    count: 0,
    leaked: 0,
    duplicates: 0,
    other: 0,
  };
  if (from) {
    tally.ks.set(from.ks);
    tally.who.set(from.who);
    tally.times.set(from.times);
    Object.assign(tally, {
      count: from.count,
      leaked: from.leaked,
      duplicates: from.duplicates,
      other: from.other,
    });
  }
  return tally;
}

/** The child's side: connects on request, records every frame, reports when told to finish. */
function serve(send: (message: FromClients) => void): (message: ToClients) => Promise<void> {
  let sockets: WebSocket[] = [];
  let tally = fresh(1 << 16);
  const record = (k: number, who: number, at: number) => {
    if (tally.count === tally.ks.length) tally = fresh(tally.ks.length * 2, tally);
    tally.ks[tally.count] = k;
    tally.who[tally.count] = who;
    tally.times[tally.count] = at;
    tally.count += 1;
  };
  return async (message) => {
    if (message.type === "progress") return send({ type: "progress", count: tally.count });
    if (message.type === "finish") {
      for (const s of sockets) s.terminate();
      sockets = [];
      send({
        ...tally,
        ks: tally.ks.slice(0, tally.count),
        who: tally.who.slice(0, tally.count),
        times: tally.times.slice(0, tally.count),
      });
      tally = fresh(1 << 16);
      return;
    }
    let failed = 0;
    const open = (spec: ClientSpec, who: number) =>
      new Promise<void>((resolve) => {
        const socket = new WebSocket(spec.url, { headers: spec.headers });
        const readable = new Set(spec.scopes);
        let last = -1;
        // A live client is ready at its first presence list (sent once the backlog, none here, is out).
        let ready = !message.live;
        const timer = setTimeout(() => {
          failed += 1;
          resolve();
        }, CONNECT_TIMEOUT_MS);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        socket.on("message", (data: Buffer) => {
          const at = now();
          const mark = data.indexOf(MARK);
          if (mark < 0) {
            if (ready) tally.other += 1;
            else if (data.indexOf(PRESENCE) === 0) {
              ready = true;
              done();
            }
            return;
          }
          let k = 0;
          for (let i = mark + MARK.length; ; i++) {
            const digit = (data[i] ?? 0) - 48;
            if (digit < 0 || digit > 9) break;
            k = k * 10 + digit;
          }
          const s = data.indexOf(SCOPE) + SCOPE.length;
          if (!readable.has(data.toString("latin1", s, data.indexOf(34, s)) as Scope)) tally.leaked += 1;
          if (k <= last) tally.duplicates += 1;
          last = k;
          record(k, who, at);
        });
        socket.on("open", () => {
          if (ready) done();
        });
        socket.on("error", () => {
          failed += 1;
          done();
        });
        sockets.push(socket);
      });
    for (let i = 0; i < message.clients.length; i += 50)
      await Promise.all(message.clients.slice(i, i + 50).map((spec, j) => open(spec, i + j)));
    send({ type: "ready", failed });
  };
}

if (process.env.PARLEY_BENCH_LIVE_CLIENTS === "1" && process.send) {
  const handle = serve((message) => process.send?.(message));
  process.on("message", (message: ToClients) => void handle(message));
}

/** Starts the client process; `next` awaits its next report. */
export function startClients(): {
  post: (m: ToClients) => void;
  next: () => Promise<FromClients>;
  stop: () => void;
} {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, PARLEY_BENCH_LIVE_CLIENTS: "1" },
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const queue: FromClients[] = [];
  let waiting: { resolve: (m: FromClients) => void; reject: (e: Error) => void } | null = null;
  child.on("message", (m: FromClients) => {
    const w = waiting;
    waiting = null;
    if (w) w.resolve(m);
    else queue.push(m);
  });
  child.on("exit", (code) => waiting?.reject(new Error(`the client process exited (${code})`)));
  return {
    post: (m) => child.send(m),
    next: () =>
      new Promise<FromClients>((resolve, reject) => {
        const queued = queue.shift();
        if (queued) resolve(queued);
        else waiting = { resolve, reject };
      }),
    stop: () => child.kill(),
  };
}
