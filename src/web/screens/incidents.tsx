import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { incidentsQuery, keyIssuesQuery } from "../api/incidents.ts";
import { summaryQuery } from "../api/queries.ts";
import { QueryState } from "../components/app-frame.tsx";
import { IncidentEntry } from "../components/incidents/incident-entry.tsx";
import { IncidentForm } from "../components/incidents/incident-form.tsx";
import { timeline } from "../components/incidents/incident-words.ts";
import { useLive } from "../live/use-live.ts";

/** Events on the ground that weigh on the talks, in the order they happened, with who said what about each. */
export function IncidentsScreen() {
  const { negotiationId } = useParams({ from: "/signed-in/negotiations/$negotiationId/incidents" });
  const summary = useQuery(summaryQuery(negotiationId));
  const incidents = useQuery(incidentsQuery(negotiationId));
  const keyIssues = useQuery(keyIssuesQuery(negotiationId));
  // Claims and responses recorded by others appear without a reload.
  useLive(negotiationId);
  if (!summary.data) return <QueryState error={summary.error} what="the negotiation" />;
  if (!incidents.data) return <QueryState error={incidents.error} what="the incidents" />;
  const s = summary.data;
  const issues = keyIssues.data?.keyIssues ?? [];
  const ordered = timeline(incidents.data.incidents);
  return (
    <article className="incidents-screen">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/negotiations/$negotiationId" params={{ negotiationId }}>
          {s.negotiation?.title ?? "Negotiation"}
        </Link>{" "}
        / Incidents
      </nav>
      <header className="page-head">
        <h1>Incidents</h1>
        <p className="lead">
          Events on the ground that weigh on the talks, in the order they happened: each claim attributed to
          its source, with the responses and third-party reactions it drew.
        </p>
      </header>
      {keyIssues.error ? <QueryState error={keyIssues.error} what="the key issues" /> : null}
      {ordered.length === 0 ? (
        <p className="muted">No incident recorded.</p>
      ) : (
        <ol className="timeline" aria-label="Incidents, oldest first">
          {ordered.map((incident) => (
            <IncidentEntry
              key={incident.id}
              incident={incident}
              claims={incidents.data.claims}
              keyIssues={issues}
              summary={s}
              negotiationId={negotiationId}
            />
          ))}
        </ol>
      )}
      {s.you.abilities["record-incident"] ? (
        <section aria-labelledby="record-incident-heading" className="panel">
          <h2 id="record-incident-heading">Record an incident</h2>
          <details className="record-form">
            <summary>Record an event on the ground that weighs on the talks</summary>
            <IncidentForm keyIssues={issues} summary={s} negotiationId={negotiationId} />
          </details>
        </section>
      ) : null}
    </article>
  );
}
