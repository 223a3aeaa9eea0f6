import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_NEGOTIATION_ID } from "../demo/scenario.ts";
import { Store } from "../store/store.ts";
import { DIALECTS, POSTGRES_URL } from "../store/test-stores.ts";
import { main } from "./main.ts";

/**
 * Issue 17, "How it is checked": the restore drill of docs/operations.md, on both stores. A copy is taken while
 * the store is being written to, restored where a new server would find it, and `parley verify` proves every
 * chain and receipt of the copy; a member reads the same history from it as from the original.
 */
const exec = promisify(execFile);
const MEMBER = "mirzoyan@am.parley.test";

/** Runs the CLI in this process with PARLEY_DATABASE_URL and PARLEY_DATABASE_SCHEMA as given (or unset). */
async function cli(args: string[], env: { url?: string; schema?: string } = {}) {
  const saved = { url: process.env.PARLEY_DATABASE_URL, schema: process.env.PARLEY_DATABASE_SCHEMA };
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  set("PARLEY_DATABASE_URL", env.url);
  set("PARLEY_DATABASE_SCHEMA", env.schema);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(["node", "parley", ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out, err };
  } finally {
    set("PARLEY_DATABASE_URL", saved.url);
    set("PARLEY_DATABASE_SCHEMA", saved.schema);
  }
}

const dir = mkdtempSync(join(tmpdir(), "parley-drill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A write while the copy is taken: the copy must be consistent, whichever side of it the write lands. */
const writeNote = (store: Store, text: string) =>
  store.execute(DEMO_NEGOTIATION_ID, { type: "write-note", noteId: text, text, scope: "shared" }, "blinken");

describe("the restore drill (sqlite): parley backup, then parley verify on the copy", () => {
  it("restores a copy taken while the store was written to, every chain and receipt valid", async () => {
    const original = join(dir, "parley.db");
    const copy = join(dir, "backup.db");
    expect((await cli(["demo", "--db", original])).code).toBe(0);
    const live = await Store.open({ file: original });
    try {
      const [backup] = await Promise.all([
        cli(["backup", "--db", original, "--out", copy]),
        writeNote(live, "during-the-backup"),
      ]);
      expect(backup.code, backup.err.join("\n")).toBe(0);
      expect(backup.out).toEqual([`backed up to ${copy}`]);
    } finally {
      await live.close();
    }
    const verified = await cli(["verify", "--db", copy]);
    expect(verified.code, verified.out.join("\n")).toBe(0);
    expect(verified.out.join("\n")).toMatch(/all valid/);
    const history = async (db: string) => (await cli(["history", "--db", db, "--as", MEMBER, "--json"])).out;
    const restored = await history(copy);
    expect(restored.length).toBeGreaterThan(100);
    // The copy holds the note or not (it raced the backup), and otherwise exactly the original's history.
    const current = (await history(original)).filter((line) => !line.includes("during-the-backup"));
    expect(restored.filter((line) => !line.includes("during-the-backup"))).toEqual(current);
  }, 120_000);
});

const postgres = DIALECTS.find((d) => d.name === "postgres");
describe.skipIf(!postgres?.available)(
  "the restore drill (postgres): pg_dump, pg_restore into a new database, then parley verify",
  () => {
    it("restores a dump taken while the store was written to, every chain and receipt valid", async () => {
      const schema = `drill_${randomBytes(5).toString("hex")}`;
      const database = `parley_restore_${randomBytes(5).toString("hex")}`;
      const restoredUrl = new URL(POSTGRES_URL);
      restoredUrl.pathname = `/${database}`;
      const dump = join(dir, "parley.dump");
      const original = { url: POSTGRES_URL, schema };
      const restored = { url: restoredUrl.href, schema };
      try {
        expect((await cli(["demo"], original)).code).toBe(0);
        const live = await Store.open(original);
        try {
          await Promise.all([
            exec("pg_dump", ["--format=custom", `--schema=${schema}`, `--file=${dump}`, POSTGRES_URL]),
            writeNote(live, "during-the-dump"),
          ]);
        } finally {
          await live.close();
        }
        await exec("psql", [POSTGRES_URL, "-c", `create database ${database}`]);
        await exec("pg_restore", ["--no-owner", `--dbname=${restoredUrl.href}`, dump]);
        const verified = await cli(["verify"], restored);
        expect(verified.code, verified.out.join("\n")).toBe(0);
        expect(verified.out.join("\n")).toMatch(/all valid/);
        const history = async (where: { url: string; schema: string }) =>
          (await cli(["history", "--as", MEMBER, "--json"], where)).out.filter(
            (line) => !line.includes("during-the-dump"),
          );
        const copied = await history(restored);
        expect(copied.length).toBeGreaterThan(100);
        expect(copied).toEqual(await history(original));
      } finally {
        await exec("psql", [POSTGRES_URL, "-c", `drop database if exists ${database}`]).catch(
          () => undefined,
        );
        await exec("psql", [POSTGRES_URL, "-c", `drop schema if exists ${schema} cascade`]).catch(
          () => undefined,
        );
      }
    }, 180_000);
  },
);
