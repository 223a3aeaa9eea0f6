import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, upload } from "../api/client.ts";

interface Preview {
  preview: {
    title: string | null;
    preamble: unknown[];
    articles: { number: string; heading: string }[];
    unrecognised: { line: number; text: string }[];
    warnings: string[];
  };
  plan?: { commands: unknown[]; warnings: string[] };
  commands?: number;
  skipped?: number;
  warnings?: string[];
}

/**
 * Import a draft (DOCX or Markdown): a preview of what was recognised first, then the import, all in one
 * transaction. On the text's page, and on an empty negotiation's, where it starts the text.
 */
export function ImportDraft({ negotiationId }: { negotiationId: string }) {
  const base = `/api/negotiations/${encodeURIComponent(negotiationId)}`;
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  const format = file?.name.toLowerCase().endsWith(".docx") ? "docx" : "md";

  const send = async (preview: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await upload<Preview>(`${base}/import?format=${format}&preview=${preview}`, file));
      if (!preview) await queryClient.invalidateQueries();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "The import failed.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="import-dialog">
      <summary>Import a draft…</summary>
      <label>
        DOCX or Markdown file{" "}
        <input
          type="file"
          accept=".docx,.md,.markdown,.txt"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setResult(null);
          }}
        />
      </label>
      <button type="button" disabled={!file || busy} onClick={() => void send(true)}>
        Preview
      </button>
      {result?.plan ? (
        <button type="button" disabled={busy} onClick={() => void send(false)}>
          Import {result.plan.commands.length} change(s)
        </button>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
      {result ? (
        <div aria-live="polite">
          <p>
            Recognised: {result.preview.title ? `“${result.preview.title}”, ` : ""}
            {result.preview.preamble.length} preamble paragraph(s), {result.preview.articles.length}{" "}
            article(s).
            {result.commands !== undefined
              ? ` Imported ${result.commands} change(s); ${result.skipped ?? 0} skipped.`
              : ""}
          </p>
          {result.preview.unrecognised.length > 0 ? (
            <ul>
              {result.preview.unrecognised.map((u) => (
                <li key={u.line}>
                  Not recognised, line {u.line}: {u.text}
                </li>
              ))}
            </ul>
          ) : null}
          {[...result.preview.warnings, ...(result.plan?.warnings ?? result.warnings ?? [])].map((w) => (
            <p key={w} className="muted">
              Warning: {w}
            </p>
          ))}
        </div>
      ) : null}
    </details>
  );
}
