import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { connect, type StoreLocation } from "../store/connect.ts";
import type { Database } from "../store/schema.ts";
import { Store } from "../store/store.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { CLI_ARGS } from "./testing/cli-process.ts";

/**
 * Issue 17, "What bad input gets": `parley serve` and `parley start` stop at once with a clear message and a
 * non-zero exit on a bad configuration, and write nothing.
 */
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const run = (args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; uid?: number } = {}) =>
  new Promise<Run>((resolve) => {
    execFile(
      process.execPath,
      [...CLI_ARGS, ...args],
      {
        env: { ...process.env, LOG_LEVEL: "warn", PARLEY_DATABASE_URL: "", ...env },
        timeout: 60_000,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "parley-startup-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

const envOf = (location: StoreLocation): NodeJS.ProcessEnv =>
  "url" in location
    ? { PARLEY_DATABASE_URL: location.url, PARLEY_DATABASE_SCHEMA: location.schema ?? "" }
    : {};
const dbArgs = (location: StoreLocation) => ("file" in location ? ["--db", location.file] : []);

describe("start-up checks", () => {
  it("an unparseable PARLEY_DATABASE_URL: a clear message that never repeats the password, exit 1, nothing written", async () => {
    const cwd = tempDir();
    for (const [url, expected] of [
      [
        "postgres://parley:hunter2-secret@db.example.org:not-a-port/parley",
        "PARLEY_DATABASE_URL is not a URL",
      ],
      ["mysql://parley:hunter2-secret@db.example.org/parley", "must start with postgres://"],
    ] as const) {
      for (const command of ["serve", "start", "verify"]) {
        const result = await run(
          [command, "--port", "0"].slice(0, command === "verify" ? 1 : 3),
          {
            PARLEY_DATABASE_URL: url,
          },
          { cwd },
        );
        expect(result.code, `${command}: ${result.stderr}`).toBe(1);
        expect(result.stderr).toContain(expected);
        expect(result.stderr + result.stdout).not.toContain("hunter2");
      }
    }
    // Not even the default ./data folder.
    expect(readdirSync(cwd)).toEqual([]);
  }, 120_000);

  it("a port in use: a clear message, exit 1, and no store created", async () => {
    const dir = tempDir();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen({ port: 0, host: "127.0.0.1" }, resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      for (const command of ["serve", "start"]) {
        const file = join(dir, `${command}.db`);
        const result = await run([command, "--db", file, "--port", String(port)], { HOST: "127.0.0.1" });
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
        expect(existsSync(file)).toBe(false);
      }
      const bad = await run(["serve", "--db", join(dir, "x.db"), "--port", "eighty"], {});
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('The port must be a number from 0 to 65535, not "eighty"');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      taken.close();
    }
  }, 120_000);

  it("a SQLite folder the server's user cannot write: a clear message, exit 1, nothing written", async () => {
    const dir = tempDir();
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(dir, 0o755);
    chmodSync(locked, 0o555);
    // root may write anywhere: run the CLI as nobody then, as a service account would run.
    const uid = process.getuid?.() === 0 ? 65_534 : undefined;
    for (const file of [join(locked, "parley.db"), join(locked, "missing", "parley.db")]) {
      const result = await run(["serve", "--db", file, "--port", "0"], { HOME: dir }, { uid, cwd: dir });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`Cannot write to ${locked}: the SQLite store needs to write in`);
    }
    expect(readdirSync(locked)).toEqual([]);
  }, 120_000);
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`a store from a newer version (${dialect.name})`, () => {
    it("is refused with a clear message and exit 1, before anything is written", async () => {
      const { location, dispose } = await dialect.fresh();
      try {
        const store = await Store.open(location);
        await sql`insert into kysely_migration (name, timestamp) values (${"2099-01-01T00-from-the-future"}, ${"2099-01-01T00:00:00.000Z"})`.execute(
          store.database,
        );
        const snapshot = async (db: Kysely<Database>) => {
          const tables = ["kysely_migration", "setup_tokens", "negotiations", "events", "accounts"];
          const counts = await Promise.all(
            tables.map(async (table) =>
              Number(
                (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]
                  ?.n,
              ),
            ),
          );
          return Object.fromEntries(tables.map((table, i) => [table, counts[i]]));
        };
        const before = await snapshot(store.database);
        await store.close();
        const fileHash = () =>
          "file" in location ? createHash("sha256").update(readFileSync(location.file)).digest("hex") : "";
        const hashBefore = fileHash();
        for (const command of ["start", "serve", "verify"]) {
          const args = command === "verify" ? [command] : [command, "--port", "0"];
          const result = await run([...args, ...dbArgs(location)], envOf(location));
          expect(result.code, result.stderr).toBe(1);
          expect(result.stderr).toContain(
            "This store was written by a newer version of Parley: it has the migration 2099-01-01T00-from-the-future, which this version does not know",
          );
          expect(result.stdout).not.toContain("Parley is running");
        }
        expect(fileHash()).toBe(hashBefore);
        const connection = await connect(location);
        try {
          expect(await snapshot(connection.db)).toEqual(before);
        } finally {
          await connection.close();
        }
      } finally {
        await dispose();
      }
    }, 120_000);
  });
}
