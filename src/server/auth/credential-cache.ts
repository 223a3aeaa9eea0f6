import type { AccountRecord, FactorFacts } from "../../store/sessions.ts";
import type { LiveHub, Revocation } from "../live/hub.ts";

/** What a credential (session or API token) authenticated as, when it was last read from the store. */
export interface CachedCredential {
  account: AccountRecord;
  csrfToken?: string;
  /** The session's own expiry (ms since the epoch); API tokens have none. */
  expiresAt: number;
  /** Whether the account has a second factor and the operator requires one. */
  facts: FactorFacts;
  /** Sessions: waiting for the second factor; how it signed in; when a second factor was last checked. */
  pending?: boolean;
  factor?: string | null;
  factorCheckedAt?: number | null;
  /** API tokens: the sensitive acts the token may do. */
  acts?: readonly string[];
}

interface Entry extends CachedCredential {
  readAt: number;
  /** The hub's revocation epoch when cached: an entry from before a lost connection is not trusted. */
  epoch: number;
}

/**
 * Credentials read recently, by hash, so that a request does not read its session from the database each
 * time. An entry is dropped the moment access is withdrawn: sign-out, a revoked token, a disabled account
 * and a planted session ended at sign-in are all announced through the live hub's revocation channel, which
 * on PostgreSQL reaches every server instance. While that channel is down (its connection lost), nothing is
 * served from the cache, and everything is forgotten when it comes back, since revocations may have been
 * missed meanwhile. `maxAgeMs` bounds how long any entry is trusted at all, as a second line of defence.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  /** Counts revocations, so that a read which a revocation overtook is not cached after it. */
  private generation = 0;

  constructor(
    private readonly hub: LiveHub,
    private readonly maxAgeMs = 5_000,
    private readonly maxEntries = 50_000,
  ) {
    hub.onRevocation((revocation) => this.forget(revocation));
    hub.onReconnect(() => {
      this.generation += 1;
      this.entries.clear();
    });
  }

  /** How many credentials are cached (for /metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** The cached credential if it is still trustworthy at `now` (ms), else undefined. */
  get(hash: string, now: number): CachedCredential | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    const trusted =
      this.hub.hearsRevocations &&
      entry.epoch === this.hub.revocationEpoch &&
      now < entry.expiresAt &&
      now - entry.readAt < this.maxAgeMs;
    if (!trusted) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry;
  }

  /** Call before reading a credential from the store; pass the answer to `set`. */
  startRead(): number {
    return this.generation;
  }

  /**
   * Remembers what the store answered for this credential, read at `readAt` (ms) after `startRead` gave
   * `generation`. If anything was revoked meanwhile, the answer may predate it and is not kept.
   */
  set(hash: string, credential: CachedCredential, readAt: number, generation: number): void {
    if (!this.hub.hearsRevocations || generation !== this.generation) return;
    // Bounded: past the cap the oldest entries go (Map keeps insertion order).
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { ...credential, readAt, epoch: this.hub.revocationEpoch });
  }

  forget(revocation: Revocation): void {
    this.generation += 1;
    if ("credentialHash" in revocation) {
      this.entries.delete(revocation.credentialHash);
      return;
    }
    for (const [hash, entry] of this.entries)
      if (entry.account.id === revocation.accountId) this.entries.delete(hash);
  }
}
