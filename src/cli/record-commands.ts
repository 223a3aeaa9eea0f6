import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { sql } from "kysely";
import { DomainError } from "../domain/errors.ts";
import { formatReport, verifyExport } from "../record/verify-export.ts";
import { type Io, memberView, pickNegotiation, withStore } from "./context.ts";

/** verify, history, export-history, checkpoint, backup: the commands about the record itself. */
export function recordCommands(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command("verify")
    .description(
      "check every hash chain and signed receipt; exit 1 naming the first broken event of each broken chain",
    )
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option(
      "--file <export>",
      "verify an exported history (parley export-history) instead of a store, offline",
    )
    .action(async (opts: { db?: string; file?: string }) => {
      const reports = opts.file
        ? [{ id: "", report: verifyExport(parseJsonFile(opts.file)) }]
        : await withStore(opts.db, async (store) => {
            const ids = await store.negotiationIds();
            return Promise.all(ids.map(async (id) => ({ id, report: await store.verifyNegotiation(id) })));
          });
      let ok = true;
      for (const { id, report } of reports) {
        ok &&= report.ok;
        for (const line of formatReport(report)) io.out(id ? `${id} ${line}` : line);
      }
      if (reports.length === 0) io.out("the store holds no negotiation: nothing to verify");
      exit(ok ? 0 : 1);
    });

  program
    .command("history")
    .description("the events a member may read, one line each, oldest first")
    .requiredOption("--as <email>", "the member whose view to show")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--negotiation <id>", "which negotiation (may be omitted when the store holds one)")
    .option("--json", "one JSON object per line instead of text")
    .action(async (opts: { as: string; db?: string; negotiation?: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const id = await pickNegotiation(store, opts.negotiation);
        const { scopes, state } = await memberView(store, id, opts.as);
        const names = new Map(state.all("member").map((m) => [m.id, m.name]));
        for (const event of await store.history(id, scopes)) {
          if (opts.json) io.out(JSON.stringify(event));
          else
            io.out(
              `${event.at}  ${event.scope.padEnd(12)} #${String(event.scopeSeq).padEnd(4)} ${event.type.padEnd(30)} ${names.get(event.actor) ?? event.actor}`,
            );
        }
      });
    });

  program
    .command("export-history")
    .description(
      "write the chains and receipts a member may read, for offline verification with `verify --file`",
    )
    .requiredOption("--as <email>", "the member whose chains to export")
    .requiredOption("--out <file>", "where to write the JSON document")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--negotiation <id>", "which negotiation (may be omitted when the store holds one)")
    .action(async (opts: { as: string; out: string; db?: string; negotiation?: string }) => {
      await withStore(opts.db, async (store) => {
        const id = await pickNegotiation(store, opts.negotiation);
        const { scopes } = await memberView(store, id, opts.as);
        const doc = await store.exportHistory(id, scopes);
        writeFileSync(opts.out, `${JSON.stringify(doc, null, 1)}\n`);
        io.out(
          `wrote ${doc.events.length} events and ${doc.receipts.length} receipts of ${scopes.size} scopes to ${opts.out}`,
        );
      });
    });

  program
    .command("checkpoint")
    .description("sign the head of every chain now; prints the receipts the member may keep")
    .requiredOption("--as <email>", "the member asking (any member may)")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--negotiation <id>", "which negotiation (may be omitted when the store holds one)")
    .action(async (opts: { as: string; db?: string; negotiation?: string }) => {
      await withStore(opts.db, async (store) => {
        const id = await pickNegotiation(store, opts.negotiation);
        const { scopes } = await memberView(store, id, opts.as);
        const receipts = await store.checkpoint(id, "on-demand");
        for (const receipt of receipts.filter((r) => scopes.has(r.scope))) io.out(JSON.stringify(receipt));
      });
    });

  program
    .command("backup")
    .description("an online, consistent copy of a SQLite store; restore by pointing --db at the copy")
    .option("--db <file>", "SQLite store file")
    .requiredOption("--out <file>", "the copy to write (must not exist)")
    .action(async (opts: { db?: string; out: string }) => {
      await withStore(opts.db, async (store) => {
        if (store.dialect !== "sqlite") {
          throw new DomainError(
            "validation",
            "For PostgreSQL, back up with pg_dump; this command copies SQLite stores.",
          );
        }
        // VACUUM INTO writes a consistent snapshot while other connections keep reading and writing.
        await sql`vacuum into ${opts.out}`.execute(store.database);
        io.out(`backed up to ${opts.out}`);
      });
    });
}

function parseJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new DomainError(
      "validation",
      `Cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
