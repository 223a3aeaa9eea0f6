import { readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { DomainError } from "../domain/errors.ts";
import { EXPORT_FORMATS, type ExportFormat, exportDocument } from "../formats/export.ts";
import { memberDocument } from "../server/documents.ts";
import { type ImportFormat, planImport, previewDraft, runImport } from "../server/imports.ts";
import { type Io, memberView, pickNegotiation, withStore } from "./context.ts";

const FORMATS = Object.keys(EXPORT_FORMATS) as ExportFormat[];

/** A progress bar on standard error, in steps; long jobs say where they are. */
function steps(total: number, label: string) {
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {step}`,
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(total, 0, { step: "" });
  return {
    next: (step: string) => bar.increment(1, { step }),
    done: () => bar.stop(),
  };
}

/** export and import: documents as a member sees them, and drafts people already have. */
export function documentCommands(program: Command, io: Io): void {
  program
    .command("export")
    .description("write the instrument as a member sees it: DOCX, PDF, Akoma Ntoso XML or Markdown")
    .requiredOption("--as <email>", "the member whose view to export")
    .requiredOption("--format <format>", FORMATS.join("|"))
    .requiredOption("--out <file>", "where to write it")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--negotiation <id>", "which negotiation (may be omitted when the store holds one)")
    .option("--at <round-or-checkpoint>", "as it stood at a round's close or at a checkpoint")
    .option("--footnotes", "add each provision's history as footnotes")
    .action(
      async (opts: {
        as: string;
        format: string;
        out: string;
        db?: string;
        negotiation?: string;
        at?: string;
        footnotes?: boolean;
      }) => {
        if (!FORMATS.includes(opts.format as ExportFormat)) {
          throw new DomainError("validation", `--format must be one of ${FORMATS.join(", ")}.`);
        }
        const format = opts.format as ExportFormat;
        await withStore(opts.db, async (store) => {
          const bar = steps(3, `export ${format}`);
          const id = await pickNegotiation(store, opts.negotiation);
          const { member, state, scopes } = await memberView(store, id, opts.as);
          bar.next("history read");
          const doc = await memberDocument(store, id, member, state, scopes, opts.at);
          bar.next("document built");
          const bytes = await exportDocument(format, doc, { footnotes: opts.footnotes === true });
          writeFileSync(opts.out, bytes);
          bar.next("written");
          bar.done();
          io.out(
            `wrote ${opts.out} (${bytes.length} bytes, ${doc.provisions.length} provisions, ${doc.versionLabel})`,
          );
        });
      },
    );

  program
    .command("import")
    .description("import a draft (DOCX or Markdown) into the instrument; --preview shows what was recognised")
    .argument("<file>")
    .requiredOption("--as <email>", "the member importing (mediation: provisions; a delegation: proposals)")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--negotiation <id>", "which negotiation (may be omitted when the store holds one)")
    .option("--preview", "show what would be imported, and write nothing")
    .action(
      async (file: string, opts: { as: string; db?: string; negotiation?: string; preview?: boolean }) => {
        const format: ImportFormat = extname(file).toLowerCase() === ".docx" ? "docx" : "md";
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          throw new DomainError("validation", `Cannot read ${file}.`);
        }
        await withStore(opts.db, async (store) => {
          const bar = steps(opts.preview ? 2 : 3, "import");
          const preview = await previewDraft(bytes, format);
          bar.next("read");
          const id = await pickNegotiation(store, opts.negotiation);
          const { member, state } = await memberView(store, id, opts.as);
          const plan = planImport(preview, member, state);
          bar.next("planned");
          const result = opts.preview ? null : await runImport(store, id, member, plan);
          if (result) bar.next("recorded");
          bar.done();
          io.out(
            `recognised: title ${preview.title ? `"${preview.title}"` : "(none)"}, ${preview.preamble.length} preamble paragraph(s), ${preview.articles.length} article(s)`,
          );
          for (const line of preview.unrecognised) io.out(`not recognised, line ${line.line}: ${line.text}`);
          for (const warning of [...preview.warnings, ...(result?.warnings ?? plan.warnings)])
            io.out(`warning: ${warning}`);
          if (result)
            io.out(
              `imported: ${result.commands} command(s), ${result.events} event(s); ${result.skipped} skipped`,
            );
          else io.out(`preview only: ${plan.commands.length} command(s) would run; nothing was written`);
        });
      },
    );
}
