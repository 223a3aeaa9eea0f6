import type { Kysely } from "kysely";
import type { RecordedEvent } from "../domain/envelope.ts";
import type { Scope } from "../domain/scope.ts";
import type { Receipt } from "../record/checkpoint.ts";
import type { SigningKey } from "../record/keys.ts";
import {
  type HistoryExport,
  makeHistoryExport,
  type VerifyReport,
  verifyExport,
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
      .where("scope", "in", [...scopes])
      .orderBy("pos")
      .execute();
    return rows
      .filter((row) => Number(row.scope_seq) > (resume[row.scope as Scope] ?? 0))
      .map(
        (row): RecordedEvent => ({
          negotiationId: row.negotiation_id,
          scope: row.scope as Scope,
          scopeSeq: Number(row.scope_seq),
          type: row.type,
          actor: row.actor,
          at: row.at,
          data: JSON.parse(row.data) as unknown,
          prevHash: row.prev_hash,
          hash: row.hash,
        }),
      );
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

  /** Verifies every chain and receipt of a negotiation straight from the stored rows (operator, offline). */
  async verifyNegotiation(negotiationId: string): Promise<VerifyReport> {
    const receiptScopes = await this.db
      .selectFrom("receipts")
      .select("scope")
      .distinct()
      .where("negotiation_id", "=", negotiationId)
      .execute();
    const all = new Set(receiptScopes.map((r) => r.scope as Scope));
    // Verify the raw rows: a row whose scope is not a chain we know would otherwise be skipped.
    const rows = await this.db
      .selectFrom("events")
      .select("scope")
      .distinct()
      .where("negotiation_id", "=", negotiationId)
      .execute();
    for (const r of rows) all.add(r.scope as Scope);
    return verifyExport(await this.exportHistory(negotiationId, all));
  }
}
