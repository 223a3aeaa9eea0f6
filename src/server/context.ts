import type { Store } from "../store/store.ts";
import type { SignInLimiter } from "./auth/limits.ts";
import type { Comparer } from "./compare/comparer.ts";
import type { LiveHub } from "./live/hub.ts";
import type { ServerMetrics } from "./metrics.ts";

/** What every route module gets: the store, the clock, the limiter and the settings. */
export interface ServerContext {
  store: Store;
  limiter: SignInLimiter;
  /** Announces new events and revocations to every server instance. */
  hub: LiveHub;
  /** Runs comparisons, the large ones off the event loop. */
  comparer: Comparer;
  now: () => Date;
  secureCookies: boolean;
  /** Where invitation links point, e.g. http://localhost:4700. */
  publicUrl: string;
  /** What /metrics reports: timings, counts and sizes, never content. */
  metrics: ServerMetrics;
}
