import type pg from "pg";
import { EVENTS_CHANNEL, type Store } from "../../store/store.ts";

/** Access withdrawn while connections may be open: an account disabled, or one session ended. */
/** `credentialHash`: the SHA-256 of a session token or of a personal API token. */
export type Revocation = { accountId: string } | { credentialHash: string };

const REVOCATIONS_CHANNEL = "parley_revocations";
/** Each instance's presence entries per negotiation (see presence.ts). */
const PRESENCE_CHANNEL = "parley_presence";

/**
 * Tells every server instance that something happened, with ids only. On SQLite (one process) that is an
 * in-process fan-out; on PostgreSQL each instance LISTENs on a dedicated connection, and commits NOTIFY when
 * they commit, so a change made through any instance reaches the clients of all.
 */
/**
 * Tells every server on this PostgreSQL database about a revocation (a CLI disabling an account, say). On
 * SQLite there is no channel between processes: other servers' credential caches lapse within five seconds.
 */
export async function announceRevocation(store: Store, revocation: Revocation): Promise<void> {
  const raw = store.raw;
  if (raw.kind === "postgres")
    await raw.pool.query("select pg_notify($1, $2)", [
      store.channel(REVOCATIONS_CHANNEL),
      JSON.stringify(revocation),
    ]);
}

export class LiveHub {
  private readonly eventHandlers = new Set<(negotiationId: string) => void>();
  private readonly revocationHandlers = new Set<(revocation: Revocation) => void>();
  private readonly presenceHandlers = new Set<(payload: string) => void>();
  private listener: pg.PoolClient | null = null;
  private readonly reconnectHandlers = new Set<() => void>();
  private closed = false;
  private listenings = 0;
  private unsubscribe: () => void = () => undefined;

  private constructor(private readonly store: Store) {}

  /** Starts listening; on PostgreSQL this holds one connection of the pool for the server's lifetime. */
  static async start(store: Store): Promise<LiveHub> {
    const hub = new LiveHub(store);
    hub.unsubscribe = store.onCommitted((id) => hub.emitEvents(id));
    if (store.raw.kind === "postgres") await hub.listen();
    return hub;
  }

  /**
   * Takes a pool connection and LISTENs on it. If that connection is lost, it listens again on a new one and
   * tells the rooms to catch up, since notifications sent meanwhile were missed.
   */
  private async listen(): Promise<void> {
    const raw = this.store.raw;
    if (raw.kind !== "postgres" || this.closed) return;
    const client = await raw.pool.connect();
    client.on("notification", (message) => {
      if (!message.payload) return;
      if (message.channel === this.store.channel(EVENTS_CHANNEL)) this.emitEvents(message.payload);
      else if (message.channel === this.store.channel(REVOCATIONS_CHANNEL))
        this.emitRevocation(JSON.parse(message.payload) as Revocation);
      else if (message.channel === this.store.channel(PRESENCE_CHANNEL)) this.emitPresence(message.payload);
    });
    client.on("error", () => this.relisten(client));
    client.on("end", () => this.relisten(client));
    await client.query(`LISTEN "${this.store.channel(EVENTS_CHANNEL)}"`);
    await client.query(`LISTEN "${this.store.channel(PRESENCE_CHANNEL)}"`);
    await client.query(`LISTEN "${this.store.channel(REVOCATIONS_CHANNEL)}"`);
    this.listener = client;
    this.listenings += 1;
  }

  private relisten(lost: pg.PoolClient): void {
    if (this.closed || this.listener !== lost) return;
    this.listener = null;
    lost.removeAllListeners("notification");
    lost.release(true);
    const retry = (delay: number) =>
      setTimeout(() => {
        this.listen()
          .then(() => {
            for (const handler of this.reconnectHandlers) handler();
          })
          .catch(() => retry(Math.min(delay * 2, 5_000)));
      }, delay).unref();
    retry(100);
  }

  /**
   * True while revocations announced by any instance reach this one: always on SQLite (one process), and on
   * PostgreSQL while the LISTEN connection is up. Caches of credentials must not be trusted otherwise.
   */
  get hearsRevocations(): boolean {
    return this.store.raw.kind !== "postgres" || (this.listener !== null && !this.closed);
  }

  /** Changes each time the hub starts listening again: what was learnt before may have missed revocations. */
  get revocationEpoch(): number {
    return this.listenings;
  }

  /** Subscribes to "the listener was lost and is back: catch up on everything". */
  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  /** Subscribes to "new events in this negotiation"; returns the unsubscribe function. */
  onEvents(handler: (negotiationId: string) => void): () => void {
    this.eventHandlers.add(handler);
    return () => this.eventHandlers.delete(handler);
  }

  /** Subscribes to revocations. */
  onRevocation(handler: (revocation: Revocation) => void): () => void {
    this.revocationHandlers.add(handler);
    return () => this.revocationHandlers.delete(handler);
  }

  /** Announces a revocation to every instance (and this one). */
  async revoke(revocation: Revocation): Promise<void> {
    // This instance acts at once, before the answer to the request that revoked is sent; the others when
    // the notification reaches them (it comes back here too: forgetting twice is harmless).
    this.emitRevocation(revocation);
    await announceRevocation(this.store, revocation);
  }

  /** Subscribes to presence announcements (JSON payloads, this instance's own included). */
  onPresence(handler: (payload: string) => void): () => void {
    this.presenceHandlers.add(handler);
    return () => this.presenceHandlers.delete(handler);
  }

  /**
   * Announces presence payloads to every instance. On PostgreSQL they go in one statement, hence one
   * transaction, so listeners receive the parts of one announcement together and in order.
   */
  async announcePresence(payloads: readonly string[]): Promise<void> {
    const raw = this.store.raw;
    if (raw.kind !== "postgres") {
      for (const payload of payloads) this.emitPresence(payload);
      return;
    }
    if (this.closed || payloads.length === 0) return;
    const calls = payloads.map((_, i) => `pg_notify($1, $${i + 2})`).join(", ");
    await raw.pool.query(`select ${calls}`, [this.store.channel(PRESENCE_CHANNEL), ...payloads]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    if (this.listener) {
      this.listener.removeAllListeners("notification");
      this.listener.release(true);
      this.listener = null;
    }
  }

  private emitEvents(negotiationId: string): void {
    for (const handler of this.eventHandlers) handler(negotiationId);
  }

  private emitPresence(payload: string): void {
    for (const handler of this.presenceHandlers) handler(payload);
  }

  private emitRevocation(revocation: Revocation): void {
    for (const handler of this.revocationHandlers) handler(revocation);
  }
}
