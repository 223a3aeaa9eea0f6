import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { type Command, parseCommand } from "../domain/commands.ts";
import { decide, replay } from "../domain/decide.ts";
import type { RecordedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";
import type { AppliedEvent } from "../domain/events.ts";
import { evolve } from "../domain/evolve.ts";
import { readableScopes, type Viewer } from "../domain/policy.ts";
import { allScopes, parseScope, type Scope } from "../domain/scope.ts";
import type { NegotiationState } from "../domain/state.ts";
import { viewerOf } from "../domain/view.ts";
import { type ChainHead, genesisHead } from "../record/chain.ts";
import { type Receipt, signCheckpoint } from "../record/checkpoint.ts";
import { createSigningKey, type SigningKey } from "../record/keys.ts";
import { sealForStorage } from "../record/stored-chain.ts";
import { BoundedCache } from "./bounded-cache.ts";
import { HotInserts } from "./compiled.ts";
import { type Connection, connect, type DialectName, type StoreLocation } from "./connect.ts";
import { HistoryReader } from "./history.ts";
import { migrate } from "./migrations.ts";
import { Prepared } from "./prepared.ts";
import { loadProjection, saveProjection } from "./projection.ts";
import type { Database } from "./schema.ts";

/** A negotiation's state and chain heads as of the event at `pos`. */
interface Cached {
  pos: number;
  /** Instant of the event at `pos`. */
  at: string;
  state: NegotiationState;
  heads: Map<Scope, ChainHead>;
  /**
   * SQLite's data_version when this entry was last known to be current. While it has not changed no other
   * process has committed, and this process's own commits replace the entry, so it is current still.
   */
  checkedAt?: number;
}

/** The reads every view makes, compiled once. */
const lastPosition = new Prepared((db: Kysely<Database>, negotiationId: string) =>
  db
    .selectFrom("events")
    .select((eb) => eb.fn.max("pos").as("pos"))
    .where("negotiation_id", "=", negotiationId),
);
const negotiationExists = new Prepared((db: Kysely<Database>, negotiationId: string) =>
  db.selectFrom("negotiations").select("id").where("id", "=", negotiationId),
);
const lastEvent = new Prepared((db: Kysely<Database>, negotiationId: string) =>
  db
    .selectFrom("events")
    .select(["pos", "at"])
    .where("negotiation_id", "=", negotiationId)
    .orderBy("pos", "desc")
    .limit(1),
);

/** The PostgreSQL channel on which commits are announced (negotiation id only). */
export const EVENTS_CHANNEL = "parley_events";

/** What the server's metrics learn from the store: durations and failures, nothing of any content. */
export interface StoreObserver {
  /** A write transaction of commands committed, taking `seconds`. */
  appended(seconds: number): void;
  /** The database failed (not a refused command): `operation` is "append" or "ping". */
  failed(operation: "append" | "ping"): void;
}

export interface StoreOptions {
  /** The clock, injectable for tests; instants never go backwards within a negotiation regardless. */
  now?: () => Date;
  /** How many negotiations' states to keep in memory, least recently used dropped first (default 200). */
  maxCachedStates?: number;
}

export interface ExecuteResult {
  events: RecordedEvent[];
  /** Receipts signed because the command closed a round. */
  receipts: Receipt[];
}

/**
 * The negotiation store: appends events to their scope chains and updates the projection in one
 * transaction, on SQLite or PostgreSQL alike. Reads go through a viewer and return only what they may read.
 */
export class Store extends HistoryReader {
  private readonly cache: BoundedCache<string, Cached>;
  /** Filtered views of a cached entry, by readable-scope set. */
  private readonly views = new WeakMap<Cached, Map<string, NegotiationState>>();
  /** Each viewer's identity, scopes and view, by cached entry and viewer. */
  private readonly viewers = new WeakMap<
    Cached,
    Map<string | null, { viewer: Viewer; state: NegotiationState; scopes: Set<Scope> }>
  >();
  private readonly inserts: HotInserts;
  private sqliteVersion: number | undefined;
  private readonly listeners = new Set<(negotiationId: string) => void>();
  private readonly observers = new Set<StoreObserver>();

  private constructor(
    connection: Connection,
    key: SigningKey,
    private readonly now: () => Date,
    maxCachedStates: number,
  ) {
    super(connection, key);
    this.cache = new BoundedCache(maxCachedStates);
    this.inserts = new HotInserts(connection.db, connection.runInTransaction);
  }

  /** Opens (and migrates) a store; creates its signing key the first time. */
  static async open(location: StoreLocation, options: StoreOptions = {}): Promise<Store> {
    const connection = await connect(location);
    try {
      await migrate(connection.db as unknown as Kysely<unknown>, connection.dialect, connection.schema);
      const key = await ensureSigningKey(connection);
      return new Store(connection, key, options.now ?? (() => new Date()), options.maxCachedStates ?? 200);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  get dialect(): DialectName {
    return this.connection.dialect;
  }

  /** The public half of the signing key, for members to keep beside their receipts. */
  get publicKey(): { publicKeyPem: string; keyId: string } {
    return { publicKeyPem: this.key.publicKeyPem, keyId: this.key.keyId };
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** A notification channel's name for this store (per schema, so stores sharing a database stay apart). */
  channel(name: string): string {
    return this.connection.schema ? `${name}_${this.connection.schema}` : name;
  }

  /** Calls `listener` after each commit made through this store (in this process). */
  onCommitted(listener: (negotiationId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `observer` with the duration of each commit and each database failure; returns the unsubscribe. */
  observe(observer: StoreObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** How many negotiations' states this process holds in memory. */
  get cachedStates(): number {
    return this.cache.size;
  }

  /** Raw handles for components that share this database (the rate limiter). */
  get raw(): Connection["raw"] {
    return this.connection.raw;
  }

  /** The underlying database, for modules of the store layer (accounts, backup). */
  get database(): Kysely<Database> {
    return this.db;
  }

  /**
   * Runs `fn` in one write transaction (account changes that must land whole). A change that reads, then
   * decides, outside any negotiation names an `exclusive` key: transactions naming the same key run one at a
   * time on every dialect (see `Connection.writeTransaction`).
   */
  writeTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>, exclusive?: string): Promise<T> {
    return this.connection.writeTransaction(fn, exclusive);
  }

  /** True when the database answers. */
  async ping(): Promise<boolean> {
    try {
      await this.db.selectFrom("meta").select("key").limit(1).execute();
      return true;
    } catch {
      for (const observer of this.observers) observer.failed("ping");
      return false;
    }
  }

  /** Ids of every negotiation in the store; callers show a viewer only those they are a member of. */
  async negotiationIds(): Promise<string[]> {
    const rows = await this.db.selectFrom("negotiations").select("id").orderBy("created_at").execute();
    return rows.map((r) => r.id);
  }

  /**
   * Validates and runs one command as `actor`, appending its events and updating the projection in a single
   * transaction. Throws a DomainError (and writes nothing) when the command is invalid or breaks a rule.
   */
  async execute(
    negotiationId: string,
    input: Command | unknown,
    actor: string,
    options: { at?: string } = {},
  ): Promise<ExecuteResult> {
    return this.executeAll(negotiationId, [{ command: input, actor }], options);
  }

  /**
   * Runs several commands in one transaction, each deciding on the state the previous ones left: all of
   * them are recorded, or (when any is refused) none is. Imports use it so that a draft lands whole.
   */
  async executeAll(
    negotiationId: string,
    steps: readonly { command: Command | unknown; actor: string }[],
    options: { at?: string } = {},
  ): Promise<ExecuteResult> {
    const commands = steps.map((step) => ({ command: parseCommand(step.command), actor: step.actor }));
    const creating = commands[0]?.command.type === "create-negotiation";
    // The cached state is mutated by the fold below; readers must not see it half-way, so it leaves the
    // cache for the duration of the write and comes back only after a successful commit.
    const cached = this.cache.get(negotiationId);
    this.cache.delete(negotiationId);
    let committed: Cached | null = null;
    const started = performance.now();
    try {
      const result = await this.connection.writeTransaction(async (trx) => {
        const tip = await this.lockNegotiation(trx, negotiationId, creating, cached);
        const { state, heads } =
          cached && cached.pos === tip.pos ? cached : await this.load(trx, negotiationId, tip);
        const at = this.instant(tip.at, options.at);
        const touched = new Map<string, number>();
        const recorded: RecordedEvent[] = [];
        const rows: Database["events"][] = [];
        let pos = tip.pos;
        let closedRound = false;
        for (const { command, actor } of commands) {
          const events = decide(state, command, { negotiationId, actor, at });
          for (const event of events) {
            const head = heads.get(event.scope) ?? genesisHead(negotiationId, event.scope);
            const sealed = sealForStorage(head, {
              negotiationId,
              type: event.type,
              actor,
              at,
              data: event.data,
            });
            heads.set(event.scope, sealed.head);
            pos += 1;
            rows.push(eventRow(sealed.event, pos, sealed.dataText));
            const applied = { ...event, negotiationId, actor, at } as AppliedEvent;
            for (const [i, key] of evolve(state, applied).entries()) {
              if (!touched.has(key)) touched.set(key, pos * 1000 + i);
            }
            recorded.push(sealed.event);
            closedRound ||= event.type === "round.closed";
          }
        }
        if (rows.length > 0) await this.inserts.events(trx, rows);
        await saveProjection(trx, negotiationId, state, touched, this.inserts);
        const receipts = closedRound
          ? await this.signAll(trx, negotiationId, state, heads, at, "round-closed")
          : [];
        // PostgreSQL delivers a NOTIFY only if and when the transaction commits: other servers then read
        // the new events themselves, filtered for each of their viewers. The payload carries the id only.
        if (this.dialect === "postgres")
          await sql`select pg_notify(${this.channel(EVENTS_CHANNEL)}, ${negotiationId})`.execute(trx);
        committed = { pos, at, state, heads };
        return { events: recorded, receipts };
      });
      if (committed) this.cache.set(negotiationId, committed);
      for (const observer of this.observers) observer.appended((performance.now() - started) / 1000);
      for (const listener of this.listeners) listener(negotiationId);
      return result;
    } catch (error) {
      const translated = translateConflict(error);
      if (!(translated instanceof DomainError))
        for (const observer of this.observers) observer.failed("append");
      throw translated;
    }
  }

  /** Signs the heads of every scope of the negotiation now (a checkpoint on demand). */
  async checkpoint(negotiationId: string, reason = "on-demand"): Promise<Receipt[]> {
    return this.connection.writeTransaction(async (trx) => {
      const tip = await this.lockNegotiation(trx, negotiationId, false);
      const { state, heads } = await this.stateIn(trx, negotiationId, tip);
      return this.signAll(trx, negotiationId, state, heads, this.instant(tip.at), reason);
    });
  }

  /** The negotiation as this viewer may see it (an active member by id or e-mail; anyone else sees the public part). */
  async viewAs(
    negotiationId: string,
    who: string | null,
  ): Promise<{ viewer: Viewer; state: NegotiationState; scopes: Set<Scope> }> {
    return this.seenBy(await this.current(negotiationId), who);
  }

  /**
   * The same, at once, when the cached state is known to be current without asking the database (SQLite,
   * nothing committed by another process since it was last checked); otherwise undefined: call `viewAs`.
   */
  viewAsNow(
    negotiationId: string,
    who: string | null,
  ): { viewer: Viewer; state: NegotiationState; scopes: Set<Scope> } | undefined {
    const cached = this.cache.get(negotiationId);
    if (!cached || cached.checkedAt === undefined) return undefined;
    if (this.connection.dataVersionNow?.() !== cached.checkedAt) return undefined;
    return this.seenBy(cached, who);
  }

  private seenBy(
    current: Cached,
    who: string | null,
  ): { viewer: Viewer; state: NegotiationState; scopes: Set<Scope> } {
    let byViewer = this.viewers.get(current);
    if (!byViewer) {
      byViewer = new Map();
      this.viewers.set(current, byViewer);
    }
    // Who a viewer is and what they read depend on the state alone, and an entry is never changed once
    // cached (a commit replaces it), so this is worked out once per entry and viewer.
    let seen = byViewer.get(who);
    if (!seen) {
      const full = current.state;
      const viewer = viewerOf(full, who);
      const scopes = readableScopes(viewer, full.partyIds());
      seen = { viewer, state: this.viewOf(current, scopes), scopes };
      byViewer.set(who, seen);
    }
    return seen;
  }

  /**
   * The entities of exactly these scopes, filtered once per cached state and scope set: a viewer's state
   * depends on nothing but the scopes they read, and a cached entry is replaced (never changed) on a commit.
   * Views are shared between viewers of the same scopes, so callers must not change them.
   */
  private viewOf(current: Cached, scopes: ReadonlySet<Scope>): NegotiationState {
    const key = [...scopes].sort().join(" ");
    let views = this.views.get(current);
    if (!views) {
      views = new Map();
      this.views.set(current, views);
    }
    let view = views.get(key);
    if (!view) {
      view = current.state.filtered(scopes);
      views.set(key, view);
    }
    return view;
  }

  /**
   * A viewer's state as it stood at an earlier point: their readable events replayed up to and including
   * the one `until` picks (e.g. a round's close). Replaying only readable events gives exactly the viewer's
   * view then, because content never depends on narrower scopes.
   */
  async viewAt(
    negotiationId: string,
    scopes: ReadonlySet<Scope>,
    until: (event: RecordedEvent) => boolean,
  ): Promise<NegotiationState | null> {
    const events = await this.history(negotiationId, scopes);
    const end = events.findIndex(until);
    if (end < 0) return null;
    return replay(events.slice(0, end + 1) as unknown as AppliedEvent[]);
  }

  /** The whole projected state; only for the record's own checks and for tests, never for a viewer. */
  async fullState(negotiationId: string): Promise<NegotiationState> {
    const state = await this.currentState(negotiationId);
    return state.filtered(new Set(allScopes(state.partyIds())));
  }

  private async currentState(negotiationId: string): Promise<NegotiationState> {
    return (await this.current(negotiationId)).state;
  }

  /**
   * The negotiation's current state. Every read checks the cached state against the last event's position
   * (one indexed aggregate), so commits of other processes are seen at once; only a miss reads more.
   */
  private async current(negotiationId: string): Promise<Cached> {
    const cached = this.cache.get(negotiationId);
    if (cached) {
      // Read before the position check, so that a commit landing after the check changes it.
      const version = this.connection.dataVersionNow?.();
      if (version !== undefined && cached.checkedAt === version) return cached;
      const last = await lastPosition.first(this.db, negotiationId);
      // Events exist only for a negotiation that exists, so a matching position also answers that.
      // A write that began meanwhile takes the entry out of the cache (it folds into the state in place).
      const current = last?.pos === null || last?.pos === undefined ? -1 : Number(last.pos);
      if (current === cached.pos && this.cache.get(negotiationId) === cached) {
        cached.checkedAt = version;
        return cached;
      }
    }
    const exists = await negotiationExists.first(this.db, negotiationId);
    if (!exists) throw new DomainError("negotiation.missing", "There is no such negotiation.");
    const tip = await this.tip(this.db, negotiationId);
    return this.stateIn(this.db, negotiationId, tip);
  }

  private async stateIn(
    db: Kysely<Database>,
    negotiationId: string,
    tip: { pos: number; at: string },
  ): Promise<Cached> {
    const cached = this.cache.get(negotiationId);
    if (cached && cached.pos === tip.pos) return cached;
    const loaded = await this.load(db, negotiationId, tip);
    // Cache only a state loaded outside a write, at a position that is still current.
    if (!this.cache.has(negotiationId)) this.cache.set(negotiationId, loaded);
    return loaded;
  }

  private async load(
    db: Kysely<Database>,
    negotiationId: string,
    tip: { pos: number; at: string },
  ): Promise<Cached> {
    return {
      ...tip,
      state: await loadProjection(db, negotiationId),
      heads: await this.heads(db, negotiationId),
    };
  }

  /** The position and instant of the negotiation's last event: the version a cached state is checked against. */
  private async tip(db: Kysely<Database>, negotiationId: string): Promise<{ pos: number; at: string }> {
    const last = await lastEvent.first(db, negotiationId);
    return last ? { pos: Number(last.pos), at: last.at } : { pos: 0, at: new Date(0).toISOString() };
  }

  /** Now (or the instant a replayed scenario asks for), never before the negotiation's last event. */
  private instant(lastAt: string, requested?: string): string {
    const now = requested ?? this.now().toISOString();
    return now > lastAt ? now : lastAt;
  }

  private async lockNegotiation(
    trx: Kysely<Database>,
    negotiationId: string,
    create: boolean,
    cached?: Cached,
  ): Promise<{ pos: number; at: string }> {
    if (this.dialect === "sqlite" && !create) {
      // data_version changes only when another connection commits: unchanged, the cached tip is current.
      const version = await this.connection.dataVersion?.(trx);
      const unchanged = version !== undefined && version === this.sqliteVersion;
      this.sqliteVersion = version;
      if (unchanged && cached) return { pos: cached.pos, at: cached.at };
      // BEGIN IMMEDIATE already excludes other writers, and a negotiation exists once it has events.
      const tip = await this.tip(trx, negotiationId);
      if (tip.pos === 0) throw new DomainError("negotiation.missing", "There is no such negotiation.");
      return tip;
    }
    // On PostgreSQL the row lock serialises writers of one negotiation.
    const row = await trx
      .selectFrom("negotiations")
      .select("id")
      .where("id", "=", negotiationId)
      .$if(this.dialect === "postgres", (q) => q.forUpdate())
      .executeTakeFirst();
    if (create) {
      if (row) throw new DomainError("negotiation.exists", "This negotiation already exists.");
      await trx
        .insertInto("negotiations")
        .values({ id: negotiationId, created_at: this.now().toISOString() })
        .execute();
    } else if (!row) {
      throw new DomainError("negotiation.missing", "There is no such negotiation.");
    }
    return this.tip(trx, negotiationId);
  }

  private async heads(db: Kysely<Database>, negotiationId: string): Promise<Map<Scope, ChainHead>> {
    // The head of each chain is its event with the highest scope_seq (found through the chain's unique index).
    const rows = await db
      .selectFrom("events as e")
      .innerJoin(
        (eb) =>
          eb
            .selectFrom("events")
            .select(["scope", (x) => x.fn.max("scope_seq").as("top")])
            .where("negotiation_id", "=", negotiationId)
            .groupBy("scope")
            .as("t"),
        (join) => join.onRef("t.scope", "=", "e.scope").onRef("t.top", "=", "e.scope_seq"),
      )
      .select(["e.scope", "e.scope_seq", "e.hash"])
      .where("e.negotiation_id", "=", negotiationId)
      .execute();
    const heads = new Map<Scope, ChainHead>();
    for (const row of rows) {
      const scope = parseScope(row.scope);
      if (scope) heads.set(scope, { scope, seq: Number(row.scope_seq), hash: row.hash });
    }
    return heads;
  }

  /** One receipt per scope of the negotiation, idle and empty chains included, so receipts reveal no activity. */
  private async signAll(
    trx: Kysely<Database>,
    negotiationId: string,
    state: NegotiationState,
    heads: Map<Scope, ChainHead>,
    at: string,
    reason: string,
  ): Promise<Receipt[]> {
    const all = allScopes(state.partyIds()).map((s) => heads.get(s) ?? genesisHead(negotiationId, s));
    const receipts = signCheckpoint(this.key, {
      negotiationId,
      checkpointId: randomUUID(),
      at,
      reason,
      heads: all,
    });
    for (const r of receipts) {
      await trx
        .insertInto("receipts")
        .values({
          negotiation_id: r.negotiationId,
          checkpoint_id: r.checkpointId,
          scope: r.scope,
          seq: r.seq,
          head: r.head,
          at: r.at,
          reason: r.reason,
          key_id: r.keyId,
          signature: r.signature,
        })
        .execute();
    }
    return receipts;
  }
}

function eventRow(event: RecordedEvent, pos: number, dataText: string): Database["events"] {
  return {
    negotiation_id: event.negotiationId,
    pos,
    scope: event.scope,
    scope_seq: event.scopeSeq,
    type: event.type,
    actor: event.actor,
    at: event.at,
    // Stored as the canonical text that was hashed, so verification can hash it without re-serialising.
    data: dataText,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/** Two creators racing for one negotiation id: the loser gets the same error as a sequential duplicate. */
function translateConflict(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const message = error instanceof Error ? error.message : "";
  if (/negotiations_pkey|UNIQUE constraint failed: negotiations\.id|duplicate key/.test(message)) {
    return new DomainError("negotiation.exists", "This negotiation already exists.");
  }
  return error;
}

async function ensureSigningKey(connection: Connection): Promise<SigningKey> {
  const found = await connection.db
    .selectFrom("meta")
    .select("value")
    .where("key", "=", "signing_key")
    .executeTakeFirst();
  if (found) return JSON.parse(found.value) as SigningKey;
  const key = createSigningKey();
  await connection.db
    .insertInto("meta")
    .values({ key: "signing_key", value: JSON.stringify(key) })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  // Another process may have won the race: use whichever key was stored.
  const stored = await connection.db
    .selectFrom("meta")
    .select("value")
    .where("key", "=", "signing_key")
    .executeTakeFirstOrThrow();
  return JSON.parse(stored.value) as SigningKey;
}
