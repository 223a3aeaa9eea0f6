import BetterSqlite3 from "better-sqlite3";
import {
  RateLimiterPostgres,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";
import type { Store } from "../../store/store.ts";
import { HttpError } from "../problem.ts";

/** Failed sign-ins allowed per window before the account or the address is blocked for a while. */
export interface LimitSettings {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
  blockSeconds: number;
}

export const DEFAULT_LIMITS: LimitSettings = {
  perAccount: 5,
  perAddress: 30,
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};

/**
 * Sign-in throttling shared by every server instance: counters live in the same database as the store
 * (PostgreSQL), or in a file beside the SQLite store. A separate SQLite file, because better-sqlite3 is
 * synchronous and a second connection waiting on the store's write lock would stall the whole process.
 */
export class SignInLimiter {
  private constructor(
    private readonly account: RateLimiterStoreAbstract,
    private readonly address: RateLimiterStoreAbstract,
    private readonly close: () => void,
  ) {}

  static async open(store: Store, settings: LimitSettings = DEFAULT_LIMITS): Promise<SignInLimiter> {
    const raw = store.raw;
    const common = { duration: settings.windowSeconds, blockDuration: settings.blockSeconds };
    if (raw.kind === "postgres") {
      const make = (keyPrefix: string, points: number) =>
        ready(
          (cb) =>
            new RateLimiterPostgres(
              {
                ...common,
                storeClient: raw.pool,
                tableName: `limits_${keyPrefix}`,
                keyPrefix,
                points,
                ...(raw.schema ? { schemaName: raw.schema } : {}),
              },
              cb,
            ),
        );
      return new SignInLimiter(
        await make("account", settings.perAccount),
        await make("address", settings.perAddress),
        () => undefined,
      );
    }
    const db = new BetterSqlite3(`${raw.file}.limits`);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 2000");
    const make = (keyPrefix: string, points: number) =>
      ready(
        (cb) =>
          new RateLimiterSQLite(
            {
              ...common,
              storeClient: db,
              storeType: "better-sqlite3",
              tableName: `limits_${keyPrefix}`,
              keyPrefix,
              points,
            },
            cb,
          ),
      );
    return new SignInLimiter(
      await make("account", settings.perAccount),
      await make("address", settings.perAddress),
      () => db.close(),
    );
  }

  /**
   * Counts a sign-in attempt against both the account and the address before the password is checked, and
   * refuses (429) when either has used up its attempts. Counting first, atomically in the shared store, means a
   * burst of parallel guesses gets no more tries than the limit. A successful attempt is given back below.
   */
  async attempt(email: string, address: string): Promise<void> {
    const results = await Promise.allSettled([
      this.account.consume(email.toLowerCase(), 1),
      this.address.consume(address, 1),
    ]);
    const blocked: RateLimiterRes[] = [];
    for (const result of results) {
      if (result.status === "fulfilled") continue;
      // The limiter rejects with a RateLimiterRes when over the limit; anything else is a store failure.
      if (result.reason instanceof RateLimiterRes) blocked.push(result.reason);
      else throw result.reason;
    }
    if (blocked.length > 0) {
      const seconds = Math.max(1, Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000));
      throw new HttpError(
        "rate_limited",
        429,
        "Too many failed sign-ins; try again later.",
        {},
        { "retry-after": String(seconds) },
      );
    }
  }

  /**
   * A successful sign-in clears the account's count, and does not count against the address (whose count is
   * not cleared: it may be guessing many accounts).
   */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.account.delete(email.toLowerCase()), this.address.reward(address, 1)]);
  }

  shutdown(): void {
    this.close();
  }
}

function ready(
  make: (cb: (error?: Error) => void) => RateLimiterStoreAbstract,
): Promise<RateLimiterStoreAbstract> {
  return new Promise((resolve, reject) => {
    let limiter: RateLimiterStoreAbstract | undefined;
    let done = false;
    let failure: Error | undefined;
    limiter = make((error) => {
      done = true;
      failure = error;
      if (limiter) {
        if (error) reject(error);
        else resolve(limiter);
      }
    });
    if (done) {
      if (failure) reject(failure);
      else resolve(limiter);
    }
  });
}
