import { randomUUID } from "node:crypto";
import type { Member } from "../domain/entities.ts";
import { DomainError } from "../domain/errors.ts";
import { mayIssue } from "../domain/policy.ts";
import type { NegotiationState } from "../domain/state.ts";
import { type ImportPlan, importCommands } from "../formats/import-commands.ts";
import { importDocx } from "../formats/import-docx.ts";
import { parseMarkdownDraft } from "../formats/import-markdown.ts";
import type { ImportPreview } from "../formats/import-model.ts";
import type { Store } from "../store/store.ts";

export type ImportFormat = "md" | "docx";

/** The most a draft file may weigh (DOCX files are checked again, unpacked, by the reader). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Reads a draft into a preview: what was recognised, what was not, and warnings. Writes nothing. */
export async function previewDraft(bytes: Buffer, format: ImportFormat): Promise<ImportPreview> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new DomainError("validation", "The file is larger than 20 MB.", { reason: "too_large" });
  }
  if (format === "docx") return (await importDocx(bytes)).preview;
  const text = bytes.toString("utf8");
  if (text.includes("\u0000"))
    throw new DomainError("validation", "This is not a text file.", { reason: "wrong_type" });
  return parseMarkdownDraft(text);
}

/** The commands an import would run as this member (unguessable ids, as for every write through the server). */
export function planImport(preview: ImportPreview, member: Member, view: NegotiationState): ImportPlan {
  const importer = member.role.kind === "delegation" ? member.role.party : "mediation";
  return importCommands(preview, {
    negotiationState: view,
    importer,
    mayTable: mayIssue(member, "table-text"),
    newId: (hint) => `${hint.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 20) || "id"}-${randomUUID()}`,
  });
}

/**
 * Runs an import plan as the member, all in one transaction. Alternatives the draft attributes to another
 * side are not tabled in that side's name: they are reported as skipped.
 */
export async function runImport(store: Store, negotiationId: string, member: Member, plan: ImportPlan) {
  const mine = plan.commands.filter((c) => c.as === "importer");
  const skipped = plan.commands.filter((c) => c.as !== "importer");
  const warnings = [
    ...plan.warnings,
    ...(skipped.length > 0
      ? [
          `${skipped.length} alternative(s) attributed to another side were not tabled: only that side can table them.`,
        ]
      : []),
  ];
  if (mine.length === 0) return { events: 0, commands: 0, skipped: skipped.length, warnings };
  const { events } = await store.executeAll(
    negotiationId,
    mine.map((c) => ({ command: c.command, actor: member.id })),
  );
  return { events: events.length, commands: mine.length, skipped: skipped.length, warnings };
}
