import {
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";

/**
 * Turns on the one SQLite connection, first come first served. Kysely's own lock wakes every waiter at each
 * release (they all re-check, one wins), which under many concurrent requests costs n² wake-ups per n
 * queries; this one hands the connection straight to the next waiter.
 */
export class FifoLock {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  /** True when nothing holds the connection (no query and no open transaction). */
  get free(): boolean {
    return !this.held;
  }

  lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  unlock(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

class LockedSqliteDriver extends SqliteDriver {
  private connection: DatabaseConnection | undefined;

  constructor(
    config: SqliteDialectConfig,
    private readonly lock: FifoLock,
  ) {
    super(config);
  }

  override async init(): Promise<void> {
    await super.init();
    // The base driver's single connection, taken once; from here on our lock guards it.
    this.connection = await super.acquireConnection();
    await super.releaseConnection();
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.lock();
    if (!this.connection) throw new Error("the SQLite driver is not initialised");
    return this.connection;
  }

  override async releaseConnection(): Promise<void> {
    this.lock.unlock();
  }
}

/** Kysely's SQLite dialect with a first-come-first-served connection lock, and immediate reads when idle. */
export class LockedSqliteDialect extends SqliteDialect {
  private readonly lock = new FifoLock();

  constructor(private readonly settings: SqliteDialectConfig & { database: SqliteDatabase }) {
    super(settings);
  }

  override createDriver(): Driver {
    return new LockedSqliteDriver(this.settings, this.lock);
  }

  /**
   * Runs a read now when the connection is idle (no query running and no transaction open, so it sees
   * committed data only, exactly as a queued read would), or returns undefined for the caller to queue it.
   * better-sqlite3 is synchronous, so nothing can start in between.
   */
  readNow(sql: string, parameters: readonly unknown[]): unknown[] | undefined {
    if (!this.lock.free) return undefined;
    const statement = this.settings.database.prepare(sql);
    return statement.reader ? statement.all(parameters) : undefined;
  }
}
