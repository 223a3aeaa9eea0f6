import type pg from "pg";
import { EVENTS_CHANNEL, type Store } from "../../store/store.ts";

/** Access withdrawn while connections may be open: an account disabled, or one session ended. */
/** `credentialHash`: the SHA-256 of a session token or of a personal API token. */
export type Revocation = { accountId: string } | { credentialHash: string };

const REVOCATIONS_CHANNEL = "parley_revocations";

/**
 * Tells every server instance that something happened, with ids only. On SQLite (one process) that is an
 * in-process fan-out; on PostgreSQL each instance LISTENs on a dedicated connection, and commits NOTIFY when
 * they commit, so a change made through any instance reaches the clients of all.
 */
export class LiveHub {
  private readonly eventHandlers = new Set<(negotiationId: string) => void>();
  private readonly revocationHandlers = new Set<(revocation: Revocation) => void>();
  private listener: pg.PoolClient | null = null;
  private unsubscribe: () => void = () => undefined;

  private constructor(private readonly store: Store) {}

  /** Starts listening; on PostgreSQL this holds one connection of the pool for the server's lifetime. */
  static async start(store: Store): Promise<LiveHub> {
    const hub = new LiveHub(store);
    hub.unsubscribe = store.onCommitted((id) => hub.emitEvents(id));
    const raw = store.raw;
    if (raw.kind === "postgres") {
      const client = await raw.pool.connect();
      client.on("notification", (message) => {
        if (!message.payload) return;
        if (message.channel === store.channel(EVENTS_CHANNEL)) hub.emitEvents(message.payload);
        else if (message.channel === store.channel(REVOCATIONS_CHANNEL))
          hub.emitRevocation(JSON.parse(message.payload) as Revocation);
      });
      await client.query(`LISTEN "${store.channel(EVENTS_CHANNEL)}"`);
      await client.query(`LISTEN "${store.channel(REVOCATIONS_CHANNEL)}"`);
      hub.listener = client;
    }
    return hub;
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
    const raw = this.store.raw;
    if (raw.kind === "postgres") {
      await raw.pool.query("select pg_notify($1, $2)", [
        this.store.channel(REVOCATIONS_CHANNEL),
        JSON.stringify(revocation),
      ]);
    } else {
      this.emitRevocation(revocation);
    }
  }

  async close(): Promise<void> {
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

  private emitRevocation(revocation: Revocation): void {
    for (const handler of this.revocationHandlers) handler(revocation);
  }
}
