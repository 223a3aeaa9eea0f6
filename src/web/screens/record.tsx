import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { useState } from "react";
import { ApiError } from "../api/client.ts";
import { summaryQuery } from "../api/queries.ts";
import { fetchReceipts, historyExportQuery, takeCheckpoint } from "../api/record.ts";
import { QueryState } from "../components/app-frame.tsx";
import { ChainTable } from "../components/record/chain-table.tsx";
import { downloadJson, RECEIPT_WORDS, scopeInWords } from "../components/record/words.ts";
import { Crumbs } from "../components/rounds/write-parts.tsx";
import { formatWhen } from "../format.ts";
import { useLive } from "../live/use-live.ts";
import { type BrowserVerifyReport, verifyHistoryExport } from "../record/verify-export.ts";

/**
 * The record, verified in the member's own browser: every chain they may read is re-hashed here with
 * WebCrypto and every signed receipt checked against the server's Ed25519 key, so that the member need not
 * take the server's word that history was not rewritten. Receipts can be kept as a file.
 */
export function RecordScreen() {
  const { negotiationId } = useParams({ from: "/signed-in/negotiations/$negotiationId/record" });
  const summary = useQuery(summaryQuery(negotiationId));
  // Live: what others do shows here without a reload, and this member counts as present.
  useLive(negotiationId, HERE);
  const exported = useQuery(historyExportQuery(negotiationId));
  const doc = exported.data;
  const verification = useQuery({
    queryKey: ["negotiation", negotiationId, "history-export", "verified", exported.dataUpdatedAt],
    queryFn: async (): Promise<{ report: BrowserVerifyReport; at: string }> => ({
      report: await verifyHistoryExport(crypto.subtle, doc),
      at: new Date().toISOString(),
    }),
    enabled: doc !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const download = useMutation({
    mutationFn: async () => {
      const { publicKeyPem, keyId, receipts } = await fetchReceipts(negotiationId);
      const day = new Date().toISOString().slice(0, 10);
      const fileName = `parley-receipts-${negotiationId}-${day}.json`;
      downloadJson(fileName, { negotiationId, publicKeyPem, keyId, receipts });
      return `${receipts.length} signed receipts saved as ${fileName}.`;
    },
    onSuccess: setSaved,
  });
  const checkpoint = useMutation({
    mutationFn: () => takeCheckpoint(negotiationId),
    onSuccess: async (answer) => {
      setSaved(`The server signed the heads of your ${answer.receipts.length} chains now.`);
      await queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId, "history-export"] });
    },
  });

  const s = summary.data;
  if (!s) return <QueryState error={summary.error} what="the negotiation" />;
  const partyName = (id: string) => s.parties.find((p) => p.id === id)?.name ?? id;
  const result = verification.data;
  const report = result?.report;
  const events = report?.chains.reduce((sum, c) => sum + c.count, 0) ?? 0;

  return (
    <article className="record-screen">
      <Crumbs summary={s} negotiationId={negotiationId} here="Record" />
      <header className="page-head">
        <h1>The record</h1>
        <p className="lead">
          Every event you may read sits in a hash chain, one per scope; the server signs the head of every
          chain when a round closes. This page checks them here, in your browser, without taking the server's
          word for it.
        </p>
      </header>

      <section aria-labelledby="verdict-heading" className="panel">
        <h2 id="verdict-heading">Verification</h2>
        <div role="status" aria-live="polite" className="record-verdict">
          {!doc ? (
            <QueryState error={exported.error} what="your history" />
          ) : verification.error ? (
            <p className="error">Could not verify: {String(verification.error)}</p>
          ) : !report || !result ? (
            <p className="muted">Verifying {countEvents(doc)} events in your browser…</p>
          ) : report.ok ? (
            <p className="verdict verdict-ok big">
              All {report.chains.length} chains you can read verified in your browser: {events} events
              {report.signatures === "checked"
                ? `, ${report.receipts.checked} signed receipts checked.`
                : ". This browser cannot check Ed25519 signatures, so the receipts were not checked."}
            </p>
          ) : (
            <p className="verdict verdict-bad big">
              The record does not verify: {plural(report.chains.filter((c) => !c.ok).length, "broken chain")},{" "}
              {plural(report.receipts.bad.length, "receipt that does not hold", "receipts that do not hold")}
              {report.errors.length > 0 ? `; ${report.errors.join("; ")}` : ""}.
            </p>
          )}
          {result ? (
            <p className="muted">
              Checked at {formatWhen(result.at)}
              {report?.keyId ? (
                <>
                  {" "}
                  against the server key <code>{report.keyId}</code>: compare it with the key id you kept.
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        {report ? <ChainTable report={report} partyName={partyName} /> : null}
        {report && report.receipts.bad.length > 0 ? (
          <>
            <h3>Receipts that do not hold</h3>
            <ul>
              {report.receipts.bad.map((bad) => (
                <li key={bad.index}>
                  Receipt {bad.index + 1}
                  {bad.scope ? ` (${scopeInWords(bad.scope, partyName)})` : ""} {RECEIPT_WORDS[bad.reason]}:{" "}
                  {bad.detail}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <div className="actions">
          <button
            type="button"
            onClick={() => void exported.refetch()}
            disabled={exported.isFetching || verification.isFetching}
          >
            Verify again
          </button>
        </div>
      </section>

      <section aria-labelledby="keep-heading" className="panel">
        <h2 id="keep-heading">Keep the proof</h2>
        <p>
          The signed receipts are your proof of what the record held: keep the file. If history is ever
          rewritten, the receipts will no longer match it, and <code>parley verify</code> will say where.
        </p>
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => download.mutate()}
            disabled={download.isPending}
          >
            Download signed receipts (JSON)
          </button>
          <button
            type="button"
            onClick={() => {
              if (!doc) return;
              const day = new Date().toISOString().slice(0, 10);
              downloadJson(`parley-history-${negotiationId}-${day}.json`, doc);
              setSaved("Your history saved: check it offline with parley verify --file.");
            }}
            disabled={!doc}
          >
            Download my history (for parley verify --file)
          </button>
          <button type="button" onClick={() => checkpoint.mutate()} disabled={checkpoint.isPending}>
            Ask the server to sign the heads now
          </button>
        </div>
        <p className="muted">
          Signing now adds a receipt for each of your chains; it reveals nothing about chains you cannot read.
        </p>
        <div role="status" aria-live="polite">
          {saved ? <p>{saved}</p> : null}
          {[download.error, checkpoint.error].map((error) =>
            error ? (
              <p key={String(error)} className="error">
                {error instanceof ApiError ? `${error.message} (${error.code})` : String(error)}
              </p>
            ) : null,
          )}
        </div>
      </section>
    </article>
  );
}

function countEvents(doc: unknown): number {
  const events = typeof doc === "object" && doc !== null ? (doc as { events?: unknown }).events : undefined;
  return Array.isArray(events) ? events.length : 0;
}

const HERE = { provisionId: null };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
