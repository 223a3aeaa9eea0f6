import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import type { Member, Party, Round } from "../../domain/entities.ts";
import { isDrafting } from "../api/drafting.ts";
import { progressQuery, summaryQuery } from "../api/queries.ts";
import type { NegotiationSummary } from "../api/types.ts";
import { QueryState } from "../components/app-frame.tsx";
import { KeyIssuesPanel } from "../components/key-issues-panel.tsx";
import { NextSteps } from "../components/negotiations/next-steps.tsx";
import { Presence } from "../components/presence.tsx";
import { ProgressChart } from "../components/progress-chart.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { formatDays, formatWhen } from "../format.ts";
import { eventInWords, useLive } from "../live/use-live.ts";
import { roleInWords } from "../status.ts";

/** A negotiation at a glance: who is at the table, the rounds, how close the deal is, what just happened. */
export function Dashboard() {
  const { negotiationId } = useParams({ from: "/signed-in/negotiations/$negotiationId" });
  const summary = useQuery(summaryQuery(negotiationId));
  const progress = useQuery(progressQuery(negotiationId));
  const live = useLive(negotiationId, HERE);
  const s = summary.data;
  if (!s) return <QueryState error={summary.error} what="the negotiation" />;
  const partyName = (id: string) => s.parties.find((p) => p.id === id)?.name ?? id;

  return (
    <article className="dashboard">
      <header className="page-head">
        <h1>{s.negotiation?.title ?? negotiationId}</h1>
        {s.negotiation?.description ? <p className="lead">{s.negotiation.description}</p> : null}
        <p className="muted">
          You: {s.members.find((m) => m.id === s.you.memberId)?.name ?? ""}
          {(() => {
            const me = s.members.find((m) => m.id === s.you.memberId);
            return me ? `, ${roleInWords(me.role, partyName)}` : "";
          })()}
        </p>
        <nav aria-label="Negotiation" className="tabs">
          <Link to="/negotiations/$negotiationId/text" params={{ negotiationId }} className="button">
            {s.instrument === null
              ? s.you.abilities["create-instrument"]
                ? "Start the text"
                : "The negotiating text"
              : isDrafting(s.instrument)
                ? "Open the draft text"
                : "Open the negotiating text"}
          </Link>
          <Link to="/negotiations/$negotiationId/statements" params={{ negotiationId }}>
            Statements
          </Link>
          <Link to="/negotiations/$negotiationId/incidents" params={{ negotiationId }}>
            Incidents
          </Link>
          <Link to="/negotiations/$negotiationId/rounds" params={{ negotiationId }}>
            Rounds
          </Link>
          <Link to="/negotiations/$negotiationId/members" params={{ negotiationId }}>
            Members
          </Link>
          <Link to="/negotiations/$negotiationId/record" params={{ negotiationId }}>
            Verify the record
          </Link>
        </nav>
      </header>

      <NextSteps summary={s} negotiationId={negotiationId} />

      <div className="grid">
        <section aria-labelledby="progress-heading" className="panel wide">
          <h2 id="progress-heading">Progress</h2>
          {s.instrument ? <p className="muted">{s.instrument.title}</p> : null}
          {progress.data ? (
            <ProgressChart
              rows={[
                ...progress.data.rounds.map((r) => ({ label: r.name, progress: r.progress })),
                { label: "Now", progress: progress.data.current },
              ]}
            />
          ) : (
            <QueryState error={progress.error} what="progress" />
          )}
        </section>

        <section aria-labelledby="last-mile-heading" className="panel">
          <h2 id="last-mile-heading">The last mile</h2>
          <p className="muted">What still divides, furthest apart first.</p>
          {progress.data ? (
            progress.data.current.total === 0 ? (
              <p className="muted">No provisions yet.</p>
            ) : progress.data.current.lastMile.length === 0 ? (
              <p>Every provision is agreed.</p>
            ) : (
              <ol className="last-mile">
                {progress.data.current.lastMile.slice(0, 8).map((item) => (
                  <li key={item.id}>
                    <span className="number">
                      {/^\d+$/.test(item.number) ? `Article ${item.number}` : item.number}
                    </span>{" "}
                    <StatusBadge status={item.status} />
                    <div className="issues">
                      {[
                        ...(item.status === "open"
                          ? []
                          : [`alternatives ${Math.round(item.convergence * 100)}% alike`]),
                        ...item.keyIssues,
                      ].join(" · ")}
                    </div>
                  </li>
                ))}
              </ol>
            )
          ) : null}
        </section>

        <section aria-labelledby="key-issues-heading" className="panel">
          <h2 id="key-issues-heading">Key issues</h2>
          <KeyIssuesPanel negotiationId={negotiationId} parties={s.parties} />
        </section>

        <section aria-labelledby="activity-heading" className="panel">
          <h2 id="activity-heading">
            Recent activity <span className={`live-dot live-${live.status}`}>{statusWords[live.status]}</span>
          </h2>
          {live.events.length === 0 ? (
            <p className="muted">
              {live.status === "connecting"
                ? "Loading…"
                : "Nothing yet. What is done in the negotiation that you may see shows here as it happens."}
            </p>
          ) : (
            <ul className="activity" aria-live="polite">
              {live.events.slice(0, 12).map((e) => (
                <li key={`${e.scope}:${e.scopeSeq}`}>
                  <span>{eventInWords(e.type)}</span>
                  <span className="muted">
                    {" "}
                    · {s.members.find((m) => m.id === e.actor)?.name ?? "Parley"}
                  </span>
                  <time className="muted" dateTime={e.at}>
                    {" "}
                    · {formatWhen(e.at)}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="rounds-heading" className="panel">
          <h2 id="rounds-heading">Rounds</h2>
          <Rounds rounds={s.rounds} />
        </section>

        <section aria-labelledby="here-heading" className="panel">
          <h2 id="here-heading">Here now</h2>
          <Presence presence={live.presence} status={live.status} summary={s} negotiationId={negotiationId} />
        </section>

        <section aria-labelledby="table-heading" className="panel">
          <h2 id="table-heading">At the table</h2>
          <People summary={s} />
        </section>
      </div>
    </article>
  );
}

/** On the dashboard a member is at the negotiation, not at a provision. */
const HERE = { provisionId: null };

const statusWords = {
  connecting: "connecting…",
  live: "live",
  reconnecting: "reconnecting…",
  revoked: "access ended",
  closed: "closed",
} as const;

function Rounds({ rounds }: { rounds: Round[] }) {
  const sorted = [...rounds].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  if (sorted.length === 0) return <p className="muted">No rounds scheduled.</p>;
  const current = sorted.find((r) => r.state === "open");
  const next = sorted.find((r) => r.state === "scheduled");
  return (
    <ul className="rounds">
      {sorted.map((r) => (
        <li key={r.id} className={r === current ? "current" : undefined}>
          <strong>{r.name}</strong>{" "}
          <span className="tag">{r === current ? "in session" : r === next ? "next" : r.state}</span>
          <div className="muted">
            {r.venue} · {formatDays(r.startsOn, r.endsOn)}
          </div>
        </li>
      ))}
    </ul>
  );
}

function People({ summary }: { summary: NegotiationSummary }) {
  const group = (title: string, members: Member[]) =>
    members.length === 0 ? null : (
      <div key={title} className="people">
        <h3>{title}</h3>
        <ul>
          {members.map((m) => (
            <li key={m.id}>
              {m.name}
              {m.title ? <span className="muted">, {m.title}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    );
  const ofParty = (p: Party) =>
    summary.members.filter((m) => m.role.kind === "delegation" && m.role.party === p.id);
  return (
    <>
      {summary.parties.map((p) => group(`${p.name} delegation`, ofParty(p)))}
      {group(
        "Mediation",
        summary.members.filter((m) => m.role.kind === "mediation"),
      )}
      {group(
        "Observers",
        summary.members.filter((m) => m.role.kind === "observer"),
      )}
    </>
  );
}
