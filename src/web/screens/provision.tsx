import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { isDrafting } from "../api/drafting.ts";
import { provisionQuery } from "../api/provision.ts";
import { instrumentQuery, summaryQuery } from "../api/queries.ts";
import { QueryState } from "../components/app-frame.tsx";
import { FollowToggle } from "../components/inbox/follow-toggle.tsx";
import { AlsoReading } from "../components/presence.tsx";
import { AlternativeList } from "../components/provision/alternatives.tsx";
import { CompareView } from "../components/provision/compare-view.tsx";
import { HistoryList } from "../components/provision/history.tsx";
import {
  type AlternativeKey,
  BASE,
  formatDay,
  liveProposals,
  type ProvisionScreenData,
} from "../components/provision/model.ts";
import { NoteForm, NotesList } from "../components/provision/notes.tsx";
import { PositionForm } from "../components/provision/position-form.tsx";
import { ProposeForm } from "../components/provision/propose-form.tsx";
import { AgreeForm, ReopenForm } from "../components/provision/status-forms.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { useLive } from "../live/use-live.ts";
import { marginLabel, proposerLabel } from "../text-labels.ts";

/** One provision: its alternatives compared word by word, every position, the notes, the record, and what I may do. */
export function ProvisionScreen() {
  const { negotiationId, provisionId } = useParams({
    from: "/signed-in/negotiations/$negotiationId/provisions/$provisionId",
  });
  const summary = useQuery(summaryQuery(negotiationId));
  const detail = useQuery(provisionQuery(negotiationId, provisionId));
  const live = useLive(negotiationId, { provisionId });
  const [said, setSaid] = useState("");

  if (!detail.data || !summary.data)
    return <QueryState error={detail.error ?? summary.error} what="the provision" />;
  const data: ProvisionScreenData = { negotiationId, detail: detail.data, summary: summary.data };
  const { provision, proposals } = data.detail;
  const title = `${marginLabel(provision)}${provision.heading ? `: ${provision.heading}` : ""}`;
  const keys: AlternativeKey[] = [
    ...(provision.text || provision.status === "open" ? [BASE] : []),
    ...liveProposals(data.detail).map((p) => p.id),
  ];
  const earlier = proposals.filter((p) => p.state !== "live");

  return (
    <article className="provision-screen">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/negotiations/$negotiationId" params={{ negotiationId }}>
          {data.summary.negotiation?.title ?? "Negotiation"}
        </Link>{" "}
        /{" "}
        <Link to="/negotiations/$negotiationId/text" params={{ negotiationId }}>
          The single negotiating text
        </Link>{" "}
        / {marginLabel(provision)}
      </nav>
      <header className="page-head provision-title">
        <h1>{title}</h1>
        <p>
          <StatusBadge status={provision.status} />{" "}
          <span className="muted">
            Version {provision.version} · last changed {formatDay(provision.updatedAt)} ·{" "}
            <span className={`live-dot live-${live.status}`}>{live.status}</span>
          </span>
        </p>
        <FollowToggle
          negotiationId={negotiationId}
          provisionId={provisionId}
          mediation={summary.data.you.role.startsWith("mediation")}
        />
        <AlsoReading presence={live.presence} provisionId={provisionId} you={summary.data.you.memberId} />
        <p className="said" role="status" aria-live="polite">
          {said}
        </p>
      </header>

      <div className="provision-layout">
        <div className="provision-main">
          <section aria-labelledby="alternatives-heading" className="panel">
            <h2 id="alternatives-heading">
              {keys.length > 1 ? `Alternatives on the table (${keys.length})` : "The provision"}
            </h2>
            <AlternativeList data={data} keys={keys} announce={setSaid} />
            {earlier.length > 0 ? (
              <details className="earlier">
                <summary>Earlier alternatives ({earlier.length})</summary>
                <ul>
                  {earlier.map((p) => (
                    <li key={p.id}>
                      {proposerLabel(p, data.summary.parties)}, {formatDay(p.createdAt)} ({p.state}):{" "}
                      {p.proposalKind === "delete" ? "delete the provision" : p.text}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>
          {keys.length >= 2 ? (
            <div className="panel">
              <CompareView data={data} choices={keys} />
            </div>
          ) : null}
        </div>
        <Actions data={data} announce={setSaid} />
      </div>

      <section aria-labelledby="notes-heading" className="panel">
        <h2 id="notes-heading">Notes</h2>
        <NotesList data={data} />
      </section>
      <KeyIssues data={data} />
      <section aria-labelledby="history-heading" className="panel">
        <h2 id="history-heading">History</h2>
        <HistoryList data={data} />
      </section>
    </article>
  );
}

/** The writes this member's role allows on the provision in its current status. */
function Actions({ data, announce }: { data: ProvisionScreenData; announce: (m: string) => void }) {
  const { abilities } = data.summary.you;
  const { status, deleted } = data.detail.provision;
  if (isDrafting(data.summary.instrument)) {
    // Proposals and positions open when the text is tabled; the mediation edits the draft on the text's page.
    return (
      <section aria-labelledby="actions-heading" className="panel provision-actions">
        <h2 id="actions-heading">Act on this provision</h2>
        <p className="drafting-banner" role="note">
          The mediation is drafting; proposals open when the text is tabled.
        </p>
        {abilities["edit-provision"] ? (
          <p>
            <Link to="/negotiations/$negotiationId/text" params={{ negotiationId: data.negotiationId }}>
              Edit the draft on the text's page
            </Link>
          </p>
        ) : null}
        {abilities["write-note"] ? <NoteForm data={data} announce={announce} /> : null}
      </section>
    );
  }
  const agreed = status === "agreed" || status === "agreed_ad_referendum";
  const forms = [
    abilities["table-proposal"] && !agreed && (!deleted || status === "reopened") ? (
      <ProposeForm key="propose" data={data} announce={announce} />
    ) : null,
    abilities["take-position"] && status !== "agreed" ? (
      <PositionForm key="position" data={data} announce={announce} />
    ) : null,
    abilities["mark-agreed"] && status !== "agreed" ? (
      <AgreeForm key="agree" data={data} announce={announce} />
    ) : null,
    abilities["reopen-provision"] && agreed ? (
      <ReopenForm key="reopen" data={data} announce={announce} />
    ) : null,
    abilities["write-note"] ? <NoteForm key="note" data={data} announce={announce} /> : null,
  ].filter((form) => form !== null);
  return (
    <section aria-labelledby="actions-heading" className="panel provision-actions">
      <h2 id="actions-heading">Act on this provision</h2>
      {agreed && abilities["table-proposal"] ? (
        <p className="muted">
          This provision is {status.replaceAll("_", " ")}: reopen it before proposing text.
        </p>
      ) : null}
      {forms.length > 0 ? (
        forms
      ) : (
        <p className="muted">You read this provision; your role has nothing to do here.</p>
      )}
    </section>
  );
}

/** The cross-cutting questions this provision belongs to, with the other provisions they touch. */
function KeyIssues({ data }: { data: ProvisionScreenData }) {
  const text = useQuery(instrumentQuery(data.negotiationId));
  const { keyIssues, provision } = data.detail;
  const numberOf = (id: string) => {
    const found = text.data?.provisions.find((p) => p.provision.id === id)?.provision;
    return found ? marginLabel(found) : id;
  };
  return (
    <section aria-labelledby="key-issues-heading" className="panel">
      <h2 id="key-issues-heading">Key issues</h2>
      {keyIssues.length === 0 ? (
        <p className="muted">This provision is not linked to a key issue.</p>
      ) : (
        <ul className="key-issues">
          {keyIssues.map((issue) => (
            <li key={issue.id}>
              <strong>{issue.title}</strong> <span className="tag">{issue.status}</span>
              {issue.description ? <p>{issue.description}</p> : null}
              {issue.provisionIds.length > 1 ? (
                <p className="muted small">
                  Also in:{" "}
                  {issue.provisionIds
                    .filter((id) => id !== provision.id)
                    .map((id, index) => (
                      <span key={id}>
                        {index > 0 ? ", " : ""}
                        <Link
                          to="/negotiations/$negotiationId/provisions/$provisionId"
                          params={{ negotiationId: data.negotiationId, provisionId: id }}
                        >
                          {numberOf(id)}
                        </Link>
                      </span>
                    ))}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
