import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { StoreLocation } from "./connect.ts";

/**
 * The stores every store test runs against: SQLite always, PostgreSQL when reachable. In CI
 * (PARLEY_REQUIRE_POSTGRES=1) an unreachable PostgreSQL fails the run instead of skipping.
 */
export const POSTGRES_URL = process.env.PARLEY_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresProblem = await probePostgres();
if (postgresProblem !== null) {
  if (process.env.PARLEY_REQUIRE_POSTGRES === "1") {
    throw new Error(
      `PostgreSQL is required (PARLEY_REQUIRE_POSTGRES=1) but unreachable at ${POSTGRES_URL}: ${postgresProblem}`,
    );
  }
  process.stderr.write(`PostgreSQL store tests skipped: ${POSTGRES_URL} unreachable (${postgresProblem}).\n`);
}

export interface TestDialect {
  name: "sqlite" | "postgres";
  available: boolean;
  skipReason: string;
  /** A fresh, empty location; cleaned up by `dispose`. */
  fresh(): Promise<{ location: StoreLocation; dispose: () => Promise<void> }>;
}

export const DIALECTS: TestDialect[] = [
  {
    name: "sqlite",
    available: true,
    skipReason: "",
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), "parley-test-"));
      return {
        location: { file: join(dir, "parley.db") },
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    available: postgresProblem === null,
    skipReason: postgresProblem ?? "",
    async fresh() {
      const schema = `t_${randomBytes(6).toString("hex")}`;
      return {
        location: { url: POSTGRES_URL, schema },
        dispose: async () => {
          const client = new pg.Client({ connectionString: POSTGRES_URL });
          await client.connect();
          await client.query(`drop schema if exists "${schema}" cascade`);
          await client.end();
        },
      };
    },
  },
];
