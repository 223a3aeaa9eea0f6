import { ImportDraft } from "./import-draft.tsx";

const EXPORTS = [
  { format: "docx", label: "Word" },
  { format: "pdf", label: "PDF" },
  { format: "akn", label: "Akoma Ntoso" },
  { format: "md", label: "Markdown" },
] as const;

/** Export links (the text as I may read it) and an import dialog: preview first, then import. */
export function DocumentsMenu({
  negotiationId,
  importable = true,
}: {
  negotiationId: string;
  /** False where the member could not import (a delegation while the mediation drafts). */
  importable?: boolean;
}) {
  const base = `/api/negotiations/${encodeURIComponent(negotiationId)}`;
  return (
    <div className="documents-menu">
      <span className="muted">Export as I see it:</span>{" "}
      {EXPORTS.map(({ format: f, label }) => (
        <a key={f} href={`${base}/export?format=${f}`} download>
          {label}
        </a>
      ))}
      {importable ? <ImportDraft negotiationId={negotiationId} /> : null}
    </div>
  );
}
