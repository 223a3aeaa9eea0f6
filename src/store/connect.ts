import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, type SqliteDatabase, sql } from "kysely";
import pg from "pg";
import { allowImmediateReads } from "./prepared.ts";
import type { Database } from "./schema.ts";
import { LockedSqliteDialect } from "./sqlite-lock.ts";

export type DialectName = "sqlite" | "postgres";

/** Where the store lives: an embedded SQLite file, or a PostgreSQL database (optionally one schema of it). */
export type StoreLocation = { file: string } | { url: string; schema?: string };

export interface Connection {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The PostgreSQL schema the store lives in, when not the default one. */
  schema?: string;
  /** What other components sharing this database need (the rate limiter keeps its counters here too). */
  raw: { kind: "sqlite"; file: string } | { kind: "postgres"; pool: pg.Pool; schema?: string };
  /**
   * Runs a write statement straight on the driver (SQLite only). Only for use inside `writeTransaction`,
   * which holds the one connection, so nothing else can interleave.
   */
  runInTransaction?: (text: string, parameters: readonly unknown[]) => void;
  /** SQLite's data_version: changes when another connection commits (SQLite only). */
  dataVersion?: (trx: Kysely<Database>) => Promise<number>;
  /**
   * The same, for readers, on the driver at once (SQLite only; a pragma that reads no table, so it may run
   * whatever else holds the connection): whether another process has committed since a reader last looked.
   * It costs as much as a small query, so it is read at most once per DATA_VERSION_REUSE_MS: a read may miss
   * another process's commit for that long. This process's own commits never depend on it, and writes read
   * data_version afresh inside their transaction.
   */
  dataVersionNow?: () => number;
  /**
   * Runs `fn` in a write transaction. On SQLite it excludes every other writer of the database. On
   * PostgreSQL writers of one negotiation serialise on its row lock, taken by the store; a write that reads
   * then decides outside any negotiation (the first operator's setup) names an `exclusive` key, and
   * transactions naming the same key run one at a time.
   */
  writeTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>, exclusive?: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * The location named by PARLEY_DATABASE_URL when set (in the schema PARLEY_DATABASE_SCHEMA names, if any),
 * else the given SQLite file.
 */
export function locationFromEnv(file: string, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  const url = env.PARLEY_DATABASE_URL;
  const schema = env.PARLEY_DATABASE_SCHEMA;
  if (!url) return { file };
  return schema ? { url, schema } : { url };
}

/** How long readers reuse one reading of SQLite's data_version (see `Connection.dataVersionNow`). */
const DATA_VERSION_REUSE_MS = 2;

function openSqlite(file: string): Connection {
  const database = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; synchronous=FULL makes an acknowledged commit survive a crash.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = FULL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 15000");
  const begin = database.prepare("begin immediate");
  const commit = database.prepare("commit");
  const rollback = database.prepare("rollback");
  const dataVersion = database.prepare("pragma data_version").pluck();
  const lastLook = { version: 0, at: Number.NEGATIVE_INFINITY };
  const cache = withStatementCache(database);
  const dialect = new LockedSqliteDialect({ database: cache });
  const db = new Kysely<Database>({ dialect });
  allowImmediateReads(db, (text, parameters) => dialect.readNow(text, parameters));
  return {
    db,
    dialect: "sqlite",
    raw: { kind: "sqlite", file },
    // While a transaction holds Kysely's connection nothing else runs on it, so these statements are run
    // on the driver directly: three fewer trips through Kysely's async layers on every append.
    dataVersion: async () => Number(dataVersion.get()),
    dataVersionNow: () => {
      const now = performance.now();
      if (now - lastLook.at >= DATA_VERSION_REUSE_MS) {
        lastLook.version = Number(dataVersion.get());
        lastLook.at = now;
      }
      return lastLook.version;
    },
    runInTransaction: (text, parameters) => {
      cache.prepare(text).run(parameters as unknown[]);
    },
    // BEGIN IMMEDIATE takes the write lock up front, so two processes never both read-then-write.
    writeTransaction: (fn) =>
      db.connection().execute(async (conn) => {
        begin.run();
        try {
          const result = await fn(conn);
          commit.run();
          return result;
        } catch (error) {
          if (database.inTransaction) rollback.run();
          throw error;
        }
      }),
    close: () => db.destroy(),
  };
}

/**
 * Kysely prepares every query anew; preparing costs more than running a small insert. The same SQL text
 * gets the same prepared statement back (bounded, oldest dropped first).
 */
function withStatementCache(database: BetterSqlite3.Database, size = 256): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        statement = database.prepare(text);
        if (statements.size >= size) {
          const oldest = statements.keys().next();
          if (!oldest.done) statements.delete(oldest.value);
        }
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string, schema: string | undefined): Connection {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`Bad schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: "postgres",
    ...(schema ? { schema } : {}),
    raw: { kind: "postgres", pool, ...(schema ? { schema } : {}) },
    // Writers of one negotiation serialise on its row lock (SELECT … FOR UPDATE inside the transaction);
    // others that name a key take a transaction-scoped advisory lock on it (per schema: stores sharing a
    // database do not wait for each other).
    writeTransaction: (fn, exclusive) =>
      db.transaction().execute(async (trx) => {
        if (exclusive !== undefined)
          await sql`select pg_advisory_xact_lock(hashtext(${`${schema ?? "public"}:${exclusive}`}))`.execute(
            trx,
          );
        return fn(trx);
      }),
    close: () => db.destroy(),
  };
}

/** Opens a connection; for PostgreSQL with a schema, creates the schema when missing. */
export async function connect(location: StoreLocation): Promise<Connection> {
  if ("file" in location) return openSqlite(location.file);
  if (location.schema) {
    const admin = new pg.Client({ connectionString: location.url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${location.schema}"`);
    } finally {
      await admin.end();
    }
  }
  return openPostgres(location.url, location.schema);
}
