import { instrumentAkn } from "./akn.ts";
import { exportDocx } from "./docx.ts";
import { instrumentMarkdown } from "./markdown.ts";
import type { InstrumentDocument } from "./model.ts";
import { exportPdf } from "./pdf.ts";

export type ExportFormat = "docx" | "pdf" | "akn" | "md";

/** Each format's media type and file extension. */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, { contentType: string; extension: string }>> = {
  docx: {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
  },
  pdf: { contentType: "application/pdf", extension: "pdf" },
  akn: { contentType: "application/akn+xml", extension: "xml" },
  md: { contentType: "text/markdown; charset=utf-8", extension: "md" },
};

/** Writes the document in one format. */
export async function exportDocument(
  format: ExportFormat,
  doc: InstrumentDocument,
  options: { footnotes?: boolean } = {},
): Promise<Buffer> {
  switch (format) {
    case "docx":
      return exportDocx(doc, options);
    case "pdf":
      return exportPdf(doc, options);
    case "akn":
      return Buffer.from(instrumentAkn(doc), "utf8");
    case "md":
      return Buffer.from(instrumentMarkdown(doc), "utf8");
  }
}

const EVENT_WORDS: Readonly<Record<string, string>> = {
  "provision.added": "Provision added",
  "provision.renumbered": "Renumbered",
  "provision.edited": "Edited in the draft",
  "provision.moved": "Moved in the draft",
  "proposal.tabled": "Proposal tabled",
  "proposal.withdrawn": "Proposal withdrawn",
  "position.taken": "Position taken",
  "provision.agreed_ad_referendum": "Agreed ad referendum",
  "provision.agreed": "Agreed",
  "provision.reopened": "Reopened",
};

/** History lines per provision (for footnotes), from events the member may read, with actors named. */
export function provisionHistory(
  events: readonly { type: string; at: string; actor: string; data: unknown }[],
  names: ReadonlyMap<string, string>,
): Map<string, string[]> {
  const history = new Map<string, string[]>();
  for (const event of events) {
    const words = EVENT_WORDS[event.type];
    const provisionId = (event.data as { provisionId?: unknown }).provisionId;
    if (!words || typeof provisionId !== "string") continue;
    const lines = history.get(provisionId) ?? [];
    lines.push(`${event.at.slice(0, 10)}: ${words} (${names.get(event.actor) ?? event.actor}).`);
    history.set(provisionId, lines);
  }
  return history;
}
