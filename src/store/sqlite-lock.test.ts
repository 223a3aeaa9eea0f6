import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "./connect.ts";
import { migrate } from "./migrations.ts";
import { findSession } from "./sessions.ts";
import { FifoLock } from "./sqlite-lock.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function fresh() {
  const dir = mkdtempSync(join(tmpdir(), "parley-lock-"));
  dirs.push(dir);
  const connection = await connect({ file: join(dir, "parley.db") });
  // The real schema, so the session look-up below reads the columns it reads in production.
  await migrate(connection.db as unknown as Kysely<unknown>, "sqlite");
  await sql`insert into accounts (id, email, name, password_hash, disabled, created_at, operator, may_host)
    values ('a', 'a@x', 'A', 'h', 1, '2026', 0, 0)`.execute(connection.db);
  // Last seen at the moment the test reads it, so the session is neither expired nor idle.
  await sql`insert into sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, ended_at, id)
    values ('t', 'a', 'c', '2026', '2026-06-01T00:00:00.000Z', '2999', null, 's')`.execute(connection.db);
  return connection;
}

describe("the SQLite connection lock", () => {
  it("hands the connection to waiters in arrival order", async () => {
    const lock = new FifoLock();
    const order: number[] = [];
    await lock.lock();
    const waiting = [1, 2, 3].map((n) => lock.lock().then(() => order.push(n)));
    expect(lock.free).toBe(false);
    for (let k = 0; k < 3; k++) {
      lock.unlock();
      await waiting[k];
    }
    expect(order).toEqual([1, 2, 3]);
    lock.unlock();
    expect(lock.free).toBe(true);
  });

  it("never lets an immediate read see an open transaction's changes, and sees them once committed", async () => {
    const connection = await fresh();
    try {
      const now = new Date("2026-06-01T00:00:00Z");
      let seenInside: Promise<unknown> = Promise.resolve("not read");
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const write = connection.writeTransaction(async (trx) => {
        await sql`update accounts set disabled = 0 where id = 'a'`.execute(trx);
        // Another request reads while the enabling is not committed: it must not see it (it waits).
        seenInside = findSession(connection.db, "t", now);
        await held;
        throw new Error("rolled back");
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await expect(write).rejects.toThrow("rolled back");
      expect(await seenInside).toBeNull();
      await sql`update accounts set disabled = 0 where id = 'a'`.execute(connection.db);
      expect((await findSession(connection.db, "t", now))?.account.id).toBe("a");
      await sql`update accounts set disabled = 1 where id = 'a'`.execute(connection.db);
      expect(await findSession(connection.db, "t", now)).toBeNull();
    } finally {
      await connection.close();
    }
  });
});
