import type { WebSocket } from "ws";
import type { RecordedEvent } from "../../domain/envelope.ts";
import type { Scope } from "../../domain/scope.ts";
import type { Store } from "../../store/store.ts";

/** Close codes a client acts on: resync (reconnect and resume), revoked (access withdrawn). */
export const CLOSE_RESYNC = 4001;
export const CLOSE_REVOKED = 4403;
/** Unsent bytes a connection may hold before it is told to resync instead of being silently dropped. */
export const MAX_BUFFERED = 1 << 20;
/** The bound in force: MAX_BUFFERED, lowered only by tests that need a slow client without megabytes of data. */
export const liveLimits = { maxBuffered: MAX_BUFFERED };

export interface PresenceEntry {
  memberId: string;
  name: string;
  provisionId: string | null;
  /** The scope the member is working in; only its readers see the entry. */
  scope: Scope;
  since: string;
}

/** One open stream: a member, the scopes they read, and the last sequence number sent per scope. */
export interface LiveConnection {
  id: number;
  socket: WebSocket;
  accountId: string;
  sessionHash: string | undefined;
  email: string;
  memberId: string;
  scopes: Set<Scope>;
  seen: Map<Scope, number>;
  /** False while the backlog is being sent; live events wait in `pending` meanwhile. */
  ready: boolean;
  pending: RecordedEvent[];
  presence: PresenceEntry | null;
  lastPresence: string;
}

/** Presence beyond this server: what other instances announced, and where to announce this one's. */
export interface PresenceLink {
  remote(negotiationId: string): readonly PresenceEntry[];
  changed(negotiationId: string, local: PresenceEntry[]): void;
}

/**
 * Each event's frame, encoded once however many connections it goes to (a batch's events are the same
 * objects for every connection of the room); dropped with the event.
 */
const frames = new WeakMap<RecordedEvent, Buffer>();
function eventFrame(event: RecordedEvent): Buffer {
  let frame = frames.get(event);
  if (!frame) {
    frame = Buffer.from(JSON.stringify({ type: "event", event }));
    frames.set(event, frame);
  }
  return frame;
}

/**
 * The connections open on one negotiation in this server. New events are read once per batch (ids come from
 * the hub, payloads from the store), then each connection gets exactly the events of the scopes it reads,
 * in order, never one twice. Events of other scopes cause no message at all.
 */
export class Room {
  readonly connections = new Map<number, LiveConnection>();
  /** The connections whose member said what they are looking at. */
  private readonly present = new Set<LiveConnection>();
  private lastPos = 0;
  private fetching: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly store: Store,
    readonly negotiationId: string,
    private readonly recheck: (conn: LiveConnection, room: Room) => Promise<void>,
    private readonly presence: PresenceLink,
    /** Told, after each batch is sent, how long ago (seconds) its newest event was committed. */
    private readonly delivered: (lagSeconds: number) => void = () => undefined,
  ) {
    this.initialised = this.store.lastPosition(negotiationId).then((pos) => {
      this.lastPos = pos;
    });
  }

  /** Resolves once the room is positioned at the end of the log as it was when the room opened. */
  readonly initialised: Promise<void>;

  /** New events were committed somewhere: read them once and deliver. Coalesces bursts. */
  poke(): Promise<void> {
    if (this.fetching) {
      this.again = true;
      return this.fetching;
    }
    this.fetching = (async () => {
      do {
        this.again = false;
        await this.deliverNew();
      } while (this.again);
      this.fetching = null;
    })();
    return this.fetching;
  }

  private async deliverNew(): Promise<void> {
    await this.initialised;
    const batch = await this.store.eventsAfter(this.negotiationId, this.lastPos);
    if (batch.length === 0) return;
    this.lastPos = batch.at(-1)?.pos ?? this.lastPos;
    const events = batch.map((b) => b.event);
    // Membership changed (or the lead now requires a second factor): every connection's right to read is
    // checked again before anything is sent.
    if (
      events.some(
        (e) =>
          e.type === "member.removed" || e.type === "member.added" || e.type === "second-factor.required-set",
      )
    ) {
      await Promise.all([...this.connections.values()].map((conn) => this.recheck(conn, this)));
    }
    for (const conn of this.connections.values()) {
      if (conn.ready) this.send(conn, events);
      else conn.pending.push(...events.filter((e) => conn.scopes.has(e.scope)));
    }
    const newest = events.at(-1);
    // Another server's clock may run ahead of this one's: never a negative lag.
    if (newest) this.delivered(Math.max(0, Date.now() - Date.parse(newest.at)) / 1000);
  }

  /** Sends the events this connection may read and has not seen, in order. */
  send(conn: LiveConnection, events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (!conn.scopes.has(event.scope)) continue;
      if (event.scopeSeq <= (conn.seen.get(event.scope) ?? 0)) continue;
      conn.seen.set(event.scope, event.scopeSeq);
      if (!this.write(conn, eventFrame(event))) return;
    }
  }

  /**
   * Writes a message (an object, or a frame already encoded), or tells a client that cannot keep up to
   * resync (never drops silently).
   */
  write(conn: LiveConnection, message: object | Buffer): boolean {
    if (conn.socket.readyState !== conn.socket.OPEN) return false;
    if (conn.socket.bufferedAmount > liveLimits.maxBuffered) {
      conn.socket.send(JSON.stringify({ type: "resync", reason: "too far behind" }));
      conn.socket.close(CLOSE_RESYNC, "resync");
      return false;
    }
    if (Buffer.isBuffer(message)) conn.socket.send(message, { binary: false });
    else conn.socket.send(JSON.stringify(message));
    return true;
  }

  /** Sets (or clears) what a connection's member is looking at, and tells those who may see it. */
  setPresence(conn: LiveConnection, entry: PresenceEntry | null): void {
    conn.presence = entry;
    if (entry) this.present.add(conn);
    else this.present.delete(conn);
    this.presenceChanged();
  }

  /** A connection is gone (closed or revoked); only one that was present changes anyone's list. */
  leave(conn: LiveConnection): void {
    this.connections.delete(conn.id);
    if (this.present.delete(conn)) this.presenceChanged();
  }

  private presenceChanged(): void {
    this.broadcastPresence();
    this.presence.changed(this.negotiationId, this.localEntries());
  }

  /**
   * Sends each connection the presence entries it may see (this server's and the others'), only when that
   * list changed for it.
   */
  broadcastPresence(): void {
    const entries = this.entries();
    const frames = new Map<string, PresenceFrame>();
    for (const conn of this.connections.values()) if (conn.ready) this.sendPresence(conn, entries, frames);
  }

  /**
   * Sends one connection the entries it may see, if that list changed for it (a new connection gets its
   * first list). The list is encoded once per set of readable scopes, not once per connection.
   */
  sendPresence(
    conn: LiveConnection,
    entries = this.entries(),
    frames = new Map<string, PresenceFrame>(),
  ): void {
    const key = scopesKey(conn.scopes);
    let frame = frames.get(key);
    if (!frame) {
      const text = JSON.stringify(entries.filter((p) => conn.scopes.has(p.scope)));
      frame = { text, bytes: Buffer.from(`{"type":"presence","present":${text}}`) };
      frames.set(key, frame);
    }
    if (frame.text === conn.lastPresence) return;
    conn.lastPresence = frame.text;
    this.write(conn, frame.bytes);
  }

  /** The entries of this server's connections. */
  localEntries(): PresenceEntry[] {
    const entries: PresenceEntry[] = [];
    for (const conn of this.present) if (conn.presence) entries.push(conn.presence);
    return entries;
  }

  private entries(): PresenceEntry[] {
    return [...this.localEntries(), ...this.presence.remote(this.negotiationId)];
  }
}

interface PresenceFrame {
  text: string;
  bytes: Buffer;
}

const keys = new WeakMap<ReadonlySet<Scope>, string>();
function scopesKey(scopes: ReadonlySet<Scope>): string {
  let key = keys.get(scopes);
  if (key === undefined) {
    key = [...scopes].sort().join(" ");
    keys.set(scopes, key);
  }
  return key;
}
