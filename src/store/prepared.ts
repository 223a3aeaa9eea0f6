import { type Compilable, CompiledQuery, type Kysely } from "kysely";

type ReadNow = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;
const immediateReaders = new WeakMap<object, ReadNow>();

/**
 * Lets prepared reads on `db` (the database handle, never a transaction) run at once, without a trip through
 * Kysely's connection queue, whenever `readNow` says the connection is idle (SQLite).
 */
export function allowImmediateReads(db: object, readNow: ReadNow): void {
  immediateReaders.set(db, readNow);
}

/**
 * A hot read query built and compiled by Kysely once per database handle (so each dialect gets its own SQL),
 * then only re-bound and run: building and compiling the query tree costs several times more than running a
 * small indexed read. The query is built with placeholder strings standing for its arguments; every other
 * bound value (a literal 0, say) is kept as compiled.
 */
export class Prepared<DB, Row, Args extends string[]> {
  private readonly compiled = new WeakMap<
    Kysely<DB>,
    { sql: string; parameters: unknown[]; slots: number[] }
  >();

  /** The query's arguments are the parameters of `build` after the database, all bound as text. */
  constructor(private readonly build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>) {}

  /** Runs the query on `db` with these arguments, in placeholder order. */
  async rows(db: Kysely<DB>, ...args: Args): Promise<Row[]> {
    const { sql, parameters, slots } = this.compiledFor(db);
    const bound = parameters.slice();
    slots.forEach((slot, k) => {
      bound[slot] = args[k];
    });
    const now = immediateReaders.get(db)?.(sql, bound);
    if (now) return now as Row[];
    const result = await db.executeQuery(CompiledQuery.raw(sql, bound) as CompiledQuery<Row>);
    return result.rows;
  }

  async first(db: Kysely<DB>, ...args: Args): Promise<Row | undefined> {
    return (await this.rows(db, ...args))[0];
  }

  private compiledFor(db: Kysely<DB>) {
    let entry = this.compiled.get(db);
    if (!entry) {
      const placeholders = Array.from(
        { length: this.build.length - 1 },
        (_, k) => `\u0000prepared-argument-${k}\u0000`,
      ) as Args;
      const query = this.build(db, ...placeholders).compile();
      const slots = placeholders.map((p) => {
        const at = query.parameters.indexOf(p);
        if (at < 0 || query.parameters.lastIndexOf(p) !== at)
          throw new Error("prepared query: each argument must be bound exactly once");
        return at;
      });
      entry = { sql: query.sql, parameters: [...query.parameters], slots };
      this.compiled.set(db, entry);
    }
    return entry;
  }
}
