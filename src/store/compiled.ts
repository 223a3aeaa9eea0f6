import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./schema.ts";

/**
 * The two inserts every append makes, compiled once per row count by Kysely (so each dialect gets its own
 * SQL) and then only re-bound: building and compiling the query tree cost more than running it.
 */
type Row = object;

export class HotInserts {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly db: Kysely<Database>,
    /** Present on SQLite: runs the compiled SQL on the driver, skipping Kysely's async layers. */
    private readonly direct?: (text: string, parameters: readonly unknown[]) => void,
  ) {}

  /** Inserts event rows (in chunks, so a large import stays under the databases' parameter limits). */
  async events(trx: Kysely<Database>, all: Database["events"][]): Promise<void> {
    for (const rows of chunks(all)) await this.eventChunk(trx, rows);
  }

  /** Inserts or updates projection rows; an update keeps the row's first `ord`. */
  async entities(trx: Kysely<Database>, all: Database["entities"][]): Promise<void> {
    for (const rows of chunks(all)) await this.entityChunk(trx, rows);
  }

  private eventChunk(trx: Kysely<Database>, rows: Database["events"][]): Promise<unknown> {
    const sql = this.sqlFor(
      `events/${rows.length}`,
      () => this.db.insertInto("events").values(rows).compile().sql,
    );
    return this.run(trx, sql, flatten(rows));
  }

  private entityChunk(trx: Kysely<Database>, rows: Database["entities"][]): Promise<unknown> {
    const sql = this.sqlFor(
      `entities/${rows.length}`,
      () =>
        this.db
          .insertInto("entities")
          .values(rows)
          .onConflict((oc) =>
            oc.columns(["negotiation_id", "kind", "id"]).doUpdateSet((eb) => ({
              scope: eb.ref("excluded.scope"),
              version: eb.ref("excluded.version"),
              data: eb.ref("excluded.data"),
            })),
          )
          .compile().sql,
    );
    return this.run(trx, sql, flatten(rows));
  }

  private async run(trx: Kysely<Database>, text: string, parameters: unknown[]): Promise<unknown> {
    if (this.direct) return this.direct(text, parameters);
    return trx.executeQuery(CompiledQuery.raw(text, parameters));
  }

  private sqlFor(key: string, compile: () => string): string {
    let sql = this.cache.get(key);
    if (sql === undefined) {
      sql = compile();
      this.cache.set(key, sql);
    }
    return sql;
  }
}

/** Rows per statement: 200 × 10 columns stays far below SQLite's and PostgreSQL's parameter limits. */
function chunks<T>(rows: T[], size = 200): T[][] {
  if (rows.length <= size) return [rows];
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Parameters in the order Kysely binds a multi-row insert: row by row, columns in the first row's key order. */
function flatten(rows: readonly Row[]): unknown[] {
  const first = rows[0];
  if (!first) return [];
  const columns = Object.keys(first);
  const out: unknown[] = [];
  for (const row of rows) for (const column of columns) out.push((row as Record<string, unknown>)[column]);
  return out;
}
