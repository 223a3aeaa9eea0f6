import type { Kysely } from "kysely";
import type { RecordedEvent } from "../domain/envelope.ts";
import type { Scope } from "../domain/scope.ts";
import { checkReceiptAgainstChain, type Receipt, verifyReceiptWithKey } from "../record/checkpoint.ts";
import { parsePublicKey, type SigningKey } from "../record/keys.ts";
import { type StoredEventRow, verifyStoredChain } from "../record/stored-chain.ts";
import {
  type BadReceipt,
  type HistoryExport,
  makeHistoryExport,
  type VerifyReport,
} from "../record/verify-export.ts";
import type { Connection } from "./connect.ts";
import type { Database } from "./schema.ts";

/** Where a viewer's history resumes: the last sequence number seen per scope. */
export type ResumePoint = Partial<Record<Scope, number>>;

/**
 * Read access to the record. Every method that returns content takes the set of scopes the caller may
 * read and filters in SQL, so rows of other scopes never leave the database.
 */
export class HistoryReader {
  constructor(
    protected readonly connection: Connection,
    protected readonly key: SigningKey,
  ) {}

  protected get db(): Kysely<Database> {
    return this.connection.db;
  }

  /** The events of the given scopes, in the order they were recorded; after `resume`, only newer ones. */
  async history(
    negotiationId: string,
    scopes: ReadonlySet<Scope>,
    resume: ResumePoint = {},
  ): Promise<RecordedEvent[]> {
    if (scopes.size === 0) return [];
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .where("negotiation_id", "=", negotiationId)
      // Each scope from where the reader left it, in SQL: a resume reads only what is new.
      .where((eb) =>
        eb.or(
          [...scopes].map((scope) =>
            eb.and([eb("scope", "=", scope), eb("scope_seq", ">", resume[scope] ?? 0)]),
          ),
        ),
      )
      .orderBy("pos")
      .execute();
    return rows.map(toRecorded);
  }

  /**
   * The last `count` events of the given scopes, oldest first, and where each of those scopes stands now (its
   * highest sequence number): what a live stream that starts "now" shows as recent, and resumes after.
   */
  async recent(
    negotiationId: string,
    scopes: ReadonlySet<Scope>,
    count: number,
  ): Promise<{ events: RecordedEvent[]; heads: ResumePoint }> {
    if (scopes.size === 0) return { events: [], heads: {} };
    const readable = [...scopes];
    // Heads first: an event committed in between then shows in the recent ones, never falls between the two.
    const tops = await this.db
      .selectFrom("events")
      .select(["scope", (eb) => eb.fn.max("scope_seq").as("top")])
      .where("negotiation_id", "=", negotiationId)
      .where("scope", "in", readable)
      .groupBy("scope")
      .execute();
    const rows =
      count === 0
        ? []
        : await this.db
            .selectFrom("events")
            .selectAll()
            .where("negotiation_id", "=", negotiationId)
            .where("scope", "in", readable)
            .orderBy("pos", "desc")
            .limit(count)
            .execute();
    const heads: ResumePoint = {};
    for (const row of tops) heads[row.scope as Scope] = Number(row.top);
    return { events: rows.reverse().map(toRecorded), heads };
  }

  /**
   * Every event after a negotiation-wide position, with that position: for the live hub, which filters by
   * each connection's scopes before anything leaves the server. The position itself is never sent.
   */
  async eventsAfter(negotiationId: string, pos: number): Promise<{ pos: number; event: RecordedEvent }[]> {
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .where("negotiation_id", "=", negotiationId)
      .where("pos", ">", pos)
      .orderBy("pos")
      .execute();
    return rows.map((row) => ({ pos: Number(row.pos), event: toRecorded(row) }));
  }

  /** The negotiation-wide position of the last event (0 when none). */
  async lastPosition(negotiationId: string): Promise<number> {
    const row = await this.db
      .selectFrom("events")
      .select("pos")
      .where("negotiation_id", "=", negotiationId)
      .orderBy("pos", "desc")
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.pos) : 0;
  }

  /** Signed receipts of the given scopes, oldest first. */
  async receipts(negotiationId: string, scopes: ReadonlySet<Scope>): Promise<Receipt[]> {
    if (scopes.size === 0) return [];
    const rows = await this.db
      .selectFrom("receipts")
      .selectAll()
      .where("negotiation_id", "=", negotiationId)
      .where("scope", "in", [...scopes])
      .orderBy("at")
      .orderBy("checkpoint_id")
      .orderBy("scope")
      .execute();
    return rows.map((r) => ({
      negotiationId: r.negotiation_id,
      checkpointId: r.checkpoint_id,
      scope: r.scope as Scope,
      seq: Number(r.seq),
      head: r.head,
      at: r.at,
      reason: r.reason,
      keyId: r.key_id,
      signature: r.signature,
    }));
  }

  /** An exported history of the given scopes, verifiable offline with `parley verify --file`. */
  async exportHistory(negotiationId: string, scopes: ReadonlySet<Scope>): Promise<HistoryExport> {
    return makeHistoryExport({
      negotiationId,
      publicKeyPem: this.key.publicKeyPem,
      keyId: this.key.keyId,
      events: await this.history(negotiationId, scopes),
      receipts: await this.receipts(negotiationId, scopes),
    });
  }

  /**
   * Verifies every chain and receipt of a negotiation straight from the stored rows (operator, offline): the
   * payload text is hashed as stored, so nothing is re-serialised and nothing is trusted.
   */
  async verifyNegotiation(negotiationId: string): Promise<VerifyReport> {
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .where("negotiation_id", "=", negotiationId)
      .orderBy("scope")
      .orderBy("scope_seq")
      .execute();
    const chains = new Map<string, StoredEventRow[]>();
    for (const row of rows) {
      const chain = chains.get(row.scope) ?? [];
      chain.push({
        negotiationId: row.negotiation_id,
        scope: row.scope,
        scopeSeq: Number(row.scope_seq),
        type: row.type,
        actor: row.actor,
        at: row.at,
        dataText: row.data,
        prevHash: row.prev_hash,
        hash: row.hash,
      });
      chains.set(row.scope, chain);
    }
    const receipts = await this.receipts(negotiationId, new Set(await this.receiptScopes(negotiationId)));
    for (const receipt of receipts) if (!chains.has(receipt.scope)) chains.set(receipt.scope, []);
    const reports = new Map(
      [...chains].map(([scope, chain]) => [scope, verifyStoredChain(negotiationId, scope, chain)]),
    );
    const publicKey = parsePublicKey(this.key.publicKeyPem);
    const bad: BadReceipt[] = [];
    const signed = new Map<string, number>();
    receipts.forEach((receipt, index) => {
      const base = { index, scope: receipt.scope, checkpointId: receipt.checkpointId };
      if (!verifyReceiptWithKey(publicKey, this.key.keyId, receipt)) {
        bad.push({ ...base, reason: "bad-signature", detail: "the signature does not match the receipt" });
        return;
      }
      const check = checkReceiptAgainstChain(
        receipt,
        chains.get(receipt.scope) ?? [],
        reports.get(receipt.scope),
      );
      if (!check.ok) bad.push({ ...base, reason: check.reason, detail: check.detail });
      else signed.set(receipt.scope, Math.max(signed.get(receipt.scope) ?? 0, receipt.seq));
    });
    const verdicts = [...reports.values()].map((report) => ({
      ...report,
      signedSeq: signed.get(report.scope) ?? null,
    }));
    return {
      ok: verdicts.every((v) => v.ok) && bad.length === 0,
      errors: [],
      chains: verdicts,
      receipts: { checked: receipts.length, bad },
    };
  }

  private async receiptScopes(negotiationId: string): Promise<Scope[]> {
    const rows = await this.db
      .selectFrom("receipts")
      .select("scope")
      .distinct()
      .where("negotiation_id", "=", negotiationId)
      .execute();
    return rows.map((r) => r.scope as Scope);
  }
}

function toRecorded(row: Database["events"]): RecordedEvent {
  return {
    negotiationId: row.negotiation_id,
    scope: row.scope as Scope,
    scopeSeq: Number(row.scope_seq),
    type: row.type,
    actor: row.actor,
    at: row.at,
    data: JSON.parse(row.data) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
