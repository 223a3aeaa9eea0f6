import type { Store } from "../store/store.ts";
import type { CredentialCache } from "./auth/credential-cache.ts";
import type { SignInLimiter } from "./auth/limits.ts";
import type { Comparer } from "./compare/comparer.ts";
import type { LiveHub } from "./live/hub.ts";
import type { Mailer } from "./mail/mailer.ts";
import type { ServerMetrics } from "./metrics.ts";
import type { Notifier } from "./notifications/notifier.ts";

/** What every route module gets: the store, the clock, the limiter and the settings. */
export interface ServerContext {
  store: Store;
  limiter: SignInLimiter;
  /** Announces new events and revocations to every server instance. */
  hub: LiveHub;
  /** Runs comparisons, the large ones off the event loop. */
  comparer: Comparer;
  now: () => Date;
  /**
   * Recently read credentials. A change to what they carry that grants nothing new (a factor added or
   * removed) is forgotten here at once; other instances catch up within the cache's few seconds.
   */
  credentials: CredentialCache;
  secureCookies: boolean;
  /** Where invitation links point, e.g. http://localhost:4700. */
  publicUrl: string;
  /** Sends mail (see mail/link-mail.ts); null when PARLEY_SMTP_URL is not set: then nothing is sent. */
  mailer: Mailer | null;
  /** Turns new events into inbox entries (and their mails). */
  notifier: Notifier;
  /** What /metrics reports: timings, counts and sizes, never content. */
  metrics: ServerMetrics;
}
