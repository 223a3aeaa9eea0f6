import { randomUUID } from "node:crypto";
import { z } from "zod";
import { parseScope, type Scope } from "../../domain/scope.ts";
import type { LiveHub } from "./hub.ts";
import type { PresenceEntry } from "./room.ts";

/** How often an instance repeats its presence, and how long others trust it without hearing it again. */
export interface PresenceTimings {
  refreshMs: number;
  expiryMs: number;
}

export const PRESENCE_TIMINGS: PresenceTimings = { refreshMs: 10_000, expiryMs: 30_000 };

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const PAYLOAD_LIMIT = 7_999;

const entrySchema = z.strictObject({
  memberId: z.string().max(200),
  name: z.string().max(1_000),
  provisionId: z.string().max(200).nullable(),
  scope: z
    .string()
    .max(40)
    .refine((s) => parseScope(s) !== null, "a scope")
    .transform((s) => s as Scope),
  since: z.string().max(40),
});

const messageSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("presence"),
    instance: z.string().max(64),
    negotiationId: z.string().max(200),
    /** Rises with each announcement of the instance: an older one arriving late is ignored. */
    seq: z.number().int().positive(),
    part: z.number().int().nonnegative(),
    parts: z.number().int().positive().max(10_000),
    entries: z.array(entrySchema),
  }),
  /** "I have just started listening (or listen again): tell me who is here." */
  z.strictObject({ kind: z.literal("sync"), instance: z.string().max(64) }),
]);

type PresenceMessage = z.infer<typeof messageSchema>;

/**
 * Encodes one instance's presence in a negotiation as NOTIFY payloads, each under `limit` bytes: one for a
 * small room, several when its entries need them (an entry too large to travel alone is left out).
 */
export function presencePayloads(
  head: { instance: string; negotiationId: string; seq: number },
  entries: readonly PresenceEntry[],
  limit = PAYLOAD_LIMIT,
): string[] {
  // Room for the largest part numbers there could be, so the parts' sizes hold once they are numbered.
  const base = Buffer.byteLength(
    JSON.stringify({ kind: "presence", ...head, part: 99_999, parts: 99_999, entries: [] }),
  );
  const chunks: PresenceEntry[][] = [[]];
  let size = base;
  for (const entry of entries) {
    const bytes = Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (base + bytes > limit) continue;
    const current = chunks.at(-1) ?? [];
    if (size + bytes > limit && current.length > 0) {
      chunks.push([entry]);
      size = base + bytes;
    } else {
      current.push(entry);
      size += bytes;
    }
  }
  return chunks.map((chunk, part) =>
    JSON.stringify({ kind: "presence", ...head, part, parts: chunks.length, entries: chunk }),
  );
}

interface RemoteInstance {
  seq: number;
  entries: PresenceEntry[];
  text: string;
  expiry: ReturnType<typeof setTimeout> | null;
  /** Parts of a newer announcement still arriving: it replaces `entries` once complete. */
  pending: { seq: number; parts: number; got: Map<number, PresenceEntry[]> } | null;
}

/**
 * Presence across server instances. Each instance announces its own entries per negotiation through the hub
 * (when they change, again every `refreshMs`, again when its listener comes back, and empty when it closes),
 * and keeps what the others announce, per instance, until it is replaced or not heard again for `expiryMs`:
 * an instance that dies leaves no one behind. Entries keep their scope; rooms filter them per connection.
 */
export class PresenceExchange {
  readonly instance = randomUUID();
  private readonly remotes = new Map<string, Map<string, RemoteInstance>>();
  /** The last entries announced per negotiation, or waiting to be, and whether a send is under way. */
  private readonly outgoing = new Map<
    string,
    { entries: PresenceEntry[]; sending: boolean; dirty: boolean }
  >();
  private seq = 0;
  private closed = false;
  private readonly refresher: ReturnType<typeof setInterval>;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly hub: LiveHub,
    private readonly timings: PresenceTimings,
    /** This instance's entries per negotiation, as the rooms hold them now. */
    private readonly local: () => Iterable<[string, PresenceEntry[]]>,
    /** Another instance's entries in this negotiation changed (or expired). */
    private readonly onRemoteChange: (negotiationId: string) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.unsubscribe = [
      hub.onPresence((payload) => this.receive(payload)),
      hub.onReconnect(() => {
        // Announcements were missed both ways while the listener was down.
        this.announceAll();
        this.requestSync();
      }),
    ];
    this.refresher = setInterval(() => this.announceAll(), timings.refreshMs);
    this.refresher.unref();
    this.requestSync();
  }

  /** Entries other instances announced for this negotiation, in a stable order. */
  remote(negotiationId: string): PresenceEntry[] {
    const instances = this.remotes.get(negotiationId);
    if (!instances) return [];
    return [...instances.values()].flatMap((r) => r.entries);
  }

  /** This instance's entries in a negotiation changed: tell the others (bursts coalesce into one send). */
  changed(negotiationId: string, entries: PresenceEntry[]): void {
    if (this.closed) return;
    const out = this.outgoing.get(negotiationId);
    if (out && !out.sending && JSON.stringify(out.entries) === JSON.stringify(entries)) return;
    this.queue(negotiationId, entries);
  }

  /** Stops repeating, and tells the others that no one is here any more. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.refresher);
    for (const off of this.unsubscribe) off();
    for (const instances of this.remotes.values())
      for (const r of instances.values()) if (r.expiry) clearTimeout(r.expiry);
    this.remotes.clear();
    const sends = [...this.outgoing].filter(([, out]) => out.entries.length > 0 || out.sending);
    this.outgoing.clear();
    await Promise.all(sends.map(([negotiationId]) => this.send(negotiationId, []).catch(this.onError)));
  }

  private announceAll(): void {
    if (this.closed) return;
    for (const [negotiationId, entries] of this.local())
      if (entries.length > 0 || this.outgoing.get(negotiationId)?.entries.length)
        this.queue(negotiationId, entries);
  }

  private queue(negotiationId: string, entries: PresenceEntry[]): void {
    let out = this.outgoing.get(negotiationId);
    if (!out) {
      out = { entries, sending: false, dirty: false };
      this.outgoing.set(negotiationId, out);
    }
    out.entries = entries;
    out.dirty = true;
    if (out.sending) return;
    const state = out;
    state.sending = true;
    void (async () => {
      while (state.dirty && !this.closed) {
        state.dirty = false;
        await this.send(negotiationId, state.entries).catch(this.onError);
      }
      state.sending = false;
      // Nothing to repeat for a negotiation where no one is here.
      if (state.entries.length === 0 && this.outgoing.get(negotiationId) === state)
        this.outgoing.delete(negotiationId);
    })();
  }

  private send(negotiationId: string, entries: readonly PresenceEntry[]): Promise<void> {
    this.seq += 1;
    return this.hub.announcePresence(
      presencePayloads({ instance: this.instance, negotiationId, seq: this.seq }, entries),
    );
  }

  private requestSync(): void {
    if (this.closed) return;
    this.hub
      .announcePresence([JSON.stringify({ kind: "sync", instance: this.instance })])
      .catch(this.onError);
  }

  private receive(payload: string): void {
    if (this.closed) return;
    const parsed = messageSchema.safeParse(safeJson(payload));
    if (!parsed.success || parsed.data.instance === this.instance) return;
    if (parsed.data.kind === "sync") this.announceAll();
    else this.receivePart(parsed.data);
  }

  private receivePart(message: Extract<PresenceMessage, { kind: "presence" }>): void {
    const { negotiationId, instance, seq, part, parts } = message;
    if (part >= parts) return;
    const remote = this.slot(negotiationId, instance);
    if (seq <= remote.seq || (remote.pending && remote.pending.seq > seq)) return;
    if (!remote.pending || remote.pending.seq < seq) remote.pending = { seq, parts, got: new Map() };
    remote.pending.got.set(part, message.entries);
    if (remote.pending.got.size < remote.pending.parts) return;
    const { got } = remote.pending;
    const entries = [...got.keys()].sort((a, b) => a - b).flatMap((k) => got.get(k) ?? []);
    remote.pending = null;
    remote.seq = seq;
    const text = JSON.stringify(entries);
    const changed = text !== remote.text;
    remote.entries = entries;
    remote.text = text;
    // Heard from: trusted for another expiry period. An empty set is kept as long, so that an older
    // announcement arriving late is recognised as older.
    if (remote.expiry) clearTimeout(remote.expiry);
    this.expireLater(negotiationId, instance, remote);
    if (changed) this.onRemoteChange(negotiationId);
  }

  /** What one instance announced in one negotiation (a new, empty slot if nothing yet). */
  private slot(negotiationId: string, instance: string): RemoteInstance {
    let instances = this.remotes.get(negotiationId);
    if (!instances) {
      instances = new Map();
      this.remotes.set(negotiationId, instances);
    }
    let remote = instances.get(instance);
    if (!remote) {
      remote = { seq: 0, entries: [], text: "[]", expiry: null, pending: null };
      instances.set(instance, remote);
      // Even parts that never all arrive are forgotten, like an instance that went quiet.
      this.expireLater(negotiationId, instance, remote);
    }
    return remote;
  }

  private expireLater(negotiationId: string, instance: string, remote: RemoteInstance): void {
    remote.expiry = setTimeout(() => this.expire(negotiationId, instance, remote), this.timings.expiryMs);
    remote.expiry.unref();
  }

  /** Not heard from in time: the instance is gone, and so are its members. */
  private expire(negotiationId: string, instance: string, remote: RemoteInstance): void {
    const instances = this.remotes.get(negotiationId);
    if (instances?.get(instance) !== remote) return;
    instances.delete(instance);
    if (instances.size === 0) this.remotes.delete(negotiationId);
    if (remote.entries.length > 0) this.onRemoteChange(negotiationId);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
