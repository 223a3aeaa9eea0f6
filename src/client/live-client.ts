import type { RecordedEvent } from "../domain/envelope.ts";
import type { Scope } from "../domain/scope.ts";

/** The subset of a WebSocket the client needs: the browser's and the `ws` package's both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface PresenceEntry {
  memberId: string;
  name: string;
  provisionId: string | null;
  scope: Scope;
  since: string;
}

export type LiveMessage =
  | { type: "hello"; memberId: string; scopes: Scope[]; resume?: Partial<Record<Scope, number>> }
  | { type: "event"; event: RecordedEvent }
  | { type: "presence"; present: PresenceEntry[] }
  | { type: "resync"; reason: string }
  | { type: "revoked" }
  | { type: "pong" }
  | { type: "error"; code: string };

export interface LiveClientOptions {
  /**
   * The server's base URL, e.g. http://localhost:4700; or several servers of one deployment, tried in turn
   * when a connection fails or drops abnormally (any of them serves the same stream).
   */
  baseUrl: string | readonly string[];
  negotiationId: string;
  /** Opens a socket: `(url) => new WebSocket(url)` in a browser, `(url) => new WS(url, { headers })` in Node. */
  open: (url: string) => SocketLike;
  onEvent?: (event: RecordedEvent) => void;
  onPresence?: (present: PresenceEntry[]) => void;
  onStatus?: (status: "connecting" | "live" | "reconnecting" | "revoked" | "closed") => void;
  /**
   * Asked after a connection that never opened (the server may have refused it: signed out, session expired,
   * no longer a member): resolve false to stop trying (status "closed"). Without it the client keeps trying.
   */
  stillAllowed?: () => Promise<boolean>;
  /**
   * With nothing to resume from, start now: receive only the last `recent` events (0 for none) instead of the
   * whole history, then everything after. The server says where that is, and reconnections resume from there.
   */
  recent?: number;
  /** Where to resume from, e.g. what a previous session saw; updated as events arrive. */
  resume?: Partial<Record<Scope, number>>;
}

/**
 * A typed client of the live stream that misses nothing: it remembers the last sequence number per scope
 * and, after a dropped connection or a resync request, reconnects (with backoff) and resumes from there.
 */
export class LiveClient {
  private socket: SocketLike | null = null;
  private readonly seen = new Map<Scope, number>();
  private stopped = false;
  private attempt = 0;
  private presence: { provisionId: string | null; scope: Scope } | null = null;
  private readonly baseUrls: readonly string[];
  private urlIndex = 0;

  constructor(private readonly options: LiveClientOptions) {
    this.baseUrls = typeof options.baseUrl === "string" ? [options.baseUrl] : [...options.baseUrl];
    if (this.baseUrls.length === 0) throw new Error("LiveClient needs at least one base URL.");
    for (const [scope, seq] of Object.entries(options.resume ?? {}))
      this.seen.set(scope as Scope, seq as number);
  }

  /** The last sequence number received per scope. */
  get position(): Partial<Record<Scope, number>> {
    return Object.fromEntries(this.seen);
  }

  /** Opens the stream (and keeps it open until `close`). */
  connect(): void {
    this.stopped = false;
    this.options.onStatus?.(this.attempt === 0 ? "connecting" : "reconnecting");
    const resume = [...this.seen].map(([scope, seq]) => `${scope}:${seq}`).join(",");
    const base = (this.baseUrls[this.urlIndex % this.baseUrls.length] ?? "").replace(/^http/, "ws");
    const from = resume
      ? `?resume=${encodeURIComponent(resume)}`
      : this.options.recent !== undefined
        ? `?recent=${this.options.recent}`
        : "";
    const url = `${base}/api/negotiations/${encodeURIComponent(this.options.negotiationId)}/live${from}`;
    const socket = this.options.open(url);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(String(message.data));
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.attempt = 0;
      if (this.presence) this.sendPresence();
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      // A server that cannot be reached or went away: try the next one (a resync stays where it is).
      if (!opened || event.code === 1006) this.urlIndex += 1;
      if (event.code === 4403) {
        this.stopped = true;
        this.options.onStatus?.("revoked");
        return;
      }
      if (this.stopped) return this.options.onStatus?.("closed");
      this.attempt += 1;
      const delay = Math.min(5_000, 100 * 2 ** Math.min(this.attempt, 6));
      this.options.onStatus?.("reconnecting");
      const retry = () => {
        if (!this.stopped) this.connect();
      };
      const check = opened ? undefined : this.options.stillAllowed;
      if (!check) {
        setTimeout(retry, delay);
        return;
      }
      // A refused upgrade looks like any dropped connection; ask before trying again.
      check().then(
        (allowed) => {
          if (allowed) return void setTimeout(retry, delay);
          this.stopped = true;
          this.options.onStatus?.("closed");
        },
        () => void setTimeout(retry, delay),
      );
    };
    socket.onerror = () => undefined;
  }

  /** Tells those who may see it which provision this member is looking at (null: none). */
  setPresence(provisionId: string | null, scope: Scope = "shared"): void {
    this.presence = { provisionId, scope };
    this.sendPresence();
  }

  /** Closes the stream for good. */
  close(): void {
    this.stopped = true;
    this.socket?.close(1000, "bye");
  }

  private sendPresence(): void {
    if (this.socket?.readyState === 1 && this.presence) {
      this.socket.send(JSON.stringify({ type: "presence", ...this.presence }));
    }
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as LiveMessage;
    switch (message.type) {
      case "hello":
        // Where the server resumes from (the client's own positions, or "now" when it asked for recent only).
        for (const [scope, seq] of Object.entries(message.resume ?? {}) as [Scope, number][])
          if (seq > (this.seen.get(scope) ?? 0)) this.seen.set(scope, seq);
        this.options.onStatus?.("live");
        return;
      case "event": {
        const { scope, scopeSeq } = message.event;
        // A duplicate after a reconnect is dropped here too, so the caller sees each event once.
        if (scopeSeq <= (this.seen.get(scope) ?? 0)) return;
        this.seen.set(scope, scopeSeq);
        this.options.onEvent?.(message.event);
        return;
      }
      case "presence":
        this.options.onPresence?.(message.present);
        return;
      default:
        return;
    }
  }
}
