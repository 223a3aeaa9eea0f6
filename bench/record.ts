/**
 * `npm run bench -- record [--appends N] [--replay N]`: the record's speed against its raw parts, in one run.
 * - appendPerSec: commands through domain, record and the SQLite store; rawInsertPerSec: better-sqlite3
 *   inserting rows of the same size, one transaction per change, same pragmas.
 * - replay100kSeconds: reading 100k stored events and folding them into state.
 * - verifyPerSec: chain verification; rawHashPerSec: SHA-256 over the same canonical bytes.
 */
import { hash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { replay } from "../src/domain/decide.ts";
import type { AppliedEvent } from "../src/domain/events.ts";
import { allScopes } from "../src/domain/scope.ts";
import { MEMBERS as M, N } from "../src/domain/test-kit.ts";
import { type StoredEventRow, storedEventText, verifyStoredChain } from "../src/record/stored-chain.ts";
import { Store } from "../src/store/store.ts";
import { syntheticLog } from "./synthetic-log.ts";

function arg(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const appends = arg(args, "appends", 2_000);
  const replayCount = arg(args, "replay", 100_000);
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  try {
    // 1. Appends through the whole stack.
    const store = await Store.open({ file: join(dir, "append.db") });
    await store.execute(
      N,
      {
        type: "create-negotiation",
        negotiationId: N,
        title: "Bench",
        lead: { memberId: M.lead, name: "Lead", email: "lead@example.org" },
      },
      "system",
    );
    await store.execute(N, { type: "add-party", partyId: "am", name: "Armenia" }, M.lead);
    const text =
      "The Parties shall restore economic and transport links between them on the basis of reciprocity.";
    const sample = await store.execute(
      N,
      { type: "write-note", noteId: "sample", text, scope: "shared" },
      M.lead,
    );
    const entity = (await store.fullState(N)).get("note", "sample");

    // 2. The same bytes, raw: an event row and a projection row per change, one transaction each, same pragmas.
    const raw = new BetterSqlite3(join(dir, "raw.db"));
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = FULL");
    raw.exec("create table events (k integer primary key, data text not null)");
    raw.exec("create table entities (k integer primary key, data text not null)");
    const eventBytes = JSON.stringify(sample.events[0]);
    const entityBytes = JSON.stringify(entity);
    const insertEvent = raw.prepare("insert into events (k, data) values (?, ?)");
    const insertEntity = raw.prepare("insert into entities (k, data) values (?, ?)");
    const change = raw.transaction((k: number) => {
      insertEvent.run(k, eventBytes);
      insertEntity.run(k, entityBytes);
    });
    // Interleaved blocks, so that a change in machine load during the run weighs on both sides alike.
    log(`append: ${appends} commands through domain, record and store, interleaved with raw inserts`);
    const block = 100;
    let oursMs = 0;
    let rawMs = 0;
    for (let done = 0; done < appends; done += block) {
      let start = performance.now();
      for (let i = done; i < done + block; i++) {
        await store.execute(
          N,
          { type: "write-note", noteId: `n${i}`, text, scope: i % 2 ? "shared" : "mediation" },
          M.lead,
        );
      }
      oursMs += performance.now() - start;
      start = performance.now();
      for (let i = done; i < done + block; i++) change(i);
      rawMs += performance.now() - start;
    }
    const appendPerSec = appends / (oursMs / 1000);
    const rawInsertPerSec = appends / (rawMs / 1000);
    await store.close();
    raw.close();

    // 3. Replay of a large stored history.
    log(`replay: generating and storing ${replayCount} events`);
    const file = join(dir, "replay.db");
    const seeded = await Store.open({ file });
    await seeded.close();
    const events = syntheticLog(replayCount);
    const db = new BetterSqlite3(file);
    const insert = db.prepare(
      "insert into events (negotiation_id, pos, scope, scope_seq, type, actor, at, data, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?)",
    );
    db.transaction(() => {
      events.forEach((e, i) => {
        insert.run(
          e.negotiationId,
          i + 1,
          e.scope,
          e.scopeSeq,
          e.type,
          e.actor,
          e.at,
          JSON.stringify(e.data),
          e.prevHash,
          e.hash,
        );
      });
    })();
    db.close();
    const reader = await Store.open({ file });
    log("replay: reading and folding");
    let start = performance.now();
    const stored = await reader.history(N, new Set(allScopes(["am", "az"])));
    const state = replay(stored as unknown as AppliedEvent[]);
    const replaySeconds = (performance.now() - start) / 1000;
    await reader.close();
    const replay100kSeconds = replaySeconds * (100_000 / replayCount);

    // 4. Verification against hashing the same bytes.
    log("verify: chains from stored rows vs raw SHA-256 over the same bytes, interleaved");
    const rowsDb = new BetterSqlite3(file, { readonly: true });
    const chains = new Map<string, StoredEventRow[]>();
    for (const r of rowsDb.prepare("select * from events order by scope, scope_seq").all() as Record<
      string,
      string | number
    >[]) {
      const chain = chains.get(String(r.scope)) ?? [];
      chain.push({
        negotiationId: String(r.negotiation_id),
        scope: String(r.scope),
        scopeSeq: Number(r.scope_seq),
        type: String(r.type),
        actor: String(r.actor),
        at: String(r.at),
        dataText: String(r.data),
        prevHash: String(r.prev_hash),
        hash: String(r.hash),
      });
      chains.set(String(r.scope), chain);
    }
    rowsDb.close();
    const texts = [...chains.values()].flat().map((row) => storedEventText(row));
    let verifyMs = 0;
    let hashMs = 0;
    let intact = true;
    for (let round = 0; round < 3; round++) {
      start = performance.now();
      for (const [scope, chain] of chains) intact &&= verifyStoredChain(N, scope, chain).ok;
      verifyMs += performance.now() - start;
      start = performance.now();
      // The fastest SHA-256 Node has (the one-shot form), as the record's own hashing uses.
      for (const t of texts) hash("sha256", t, "hex");
      hashMs += performance.now() - start;
    }
    const verifyPerSec = (3 * texts.length) / (verifyMs / 1000);
    const rawHashPerSec = (3 * texts.length) / (hashMs / 1000);

    return {
      bench: "record",
      appends,
      appendPerSec: Math.round(appendPerSec),
      rawInsertPerSec: Math.round(rawInsertPerSec),
      appendRatio: round(appendPerSec / rawInsertPerSec),
      replayEvents: stored.length,
      replayEntities: [...state.entities()].length,
      replay100kSeconds: round(replay100kSeconds),
      chainsIntact: intact,
      verifyPerSec: Math.round(verifyPerSec),
      rawHashPerSec: Math.round(rawHashPerSec),
      verifyRatio: round(verifyPerSec / rawHashPerSec),
      goals: { appendRatio: ">= 0.5", verifyRatio: ">= 0.5", replay100kSeconds: "<= 2" },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
