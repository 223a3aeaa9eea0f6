import { useState } from "react";
import type { Round, Session } from "../../../domain/entities.ts";
import type { ProvisionView } from "../../../domain/view.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { formatDays } from "../../format.ts";
import { STATUS_WORDS } from "../../status.ts";
import type { Movement } from "./moved.ts";
import { RoundActions } from "./round-forms.tsx";
import { KIND_WORDS, provisionName, RecordSessionForm, ScheduleSessionForm } from "./session-forms.tsx";

const STATE_WORDS = { scheduled: "Scheduled", open: "In session", closed: "Closed" } as const;

/** One round: when and where, its sessions as the member may read them, and which provisions it moved. */
export function RoundCard({
  round,
  sessions,
  movements,
  summary,
  provisions,
  negotiationId,
}: {
  round: Round;
  sessions: Session[];
  movements: Movement[] | undefined;
  summary: NegotiationSummary;
  provisions: ProvisionView[];
  negotiationId: string;
}) {
  const [scheduling, setScheduling] = useState(false);
  const may = summary.you.abilities;
  const byId = new Map(provisions.map((p) => [p.provision.id, p]));
  const headingId = `round-${round.id}`;
  return (
    <section className={`panel round round-${round.state}`} aria-labelledby={headingId}>
      <header className="round-head">
        <h2 id={headingId}>
          {round.name} <span className={`tag round-state-${round.state}`}>{STATE_WORDS[round.state]}</span>
        </h2>
        <p className="muted">
          {round.venue} · {formatDays(round.startsOn, round.endsOn)}
        </p>
        {round.summary ? <p className="round-summary">{round.summary}</p> : null}
        <RoundActions round={round} summary={summary} negotiationId={negotiationId} />
      </header>

      <h3>Sessions</h3>
      {sessions.length === 0 ? (
        <p className="muted">No sessions you may see.</p>
      ) : (
        <ol className="sessions">
          {sessions.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              summary={summary}
              provisions={provisions}
              negotiationId={negotiationId}
              byId={byId}
            />
          ))}
        </ol>
      )}
      {round.state !== "closed" && may["schedule-session"] ? (
        scheduling ? (
          <ScheduleSessionForm round={round} summary={summary} negotiationId={negotiationId} />
        ) : (
          <button type="button" onClick={() => setScheduling(true)}>
            Schedule a session…
          </button>
        )
      ) : null}

      <h3>What moved {round.state === "open" ? "so far" : "in this round"}</h3>
      {round.state === "scheduled" ? (
        <p className="muted">The round has not started.</p>
      ) : !movements || movements.length === 0 ? (
        <p className="muted">No provision changed status.</p>
      ) : (
        <Moves movements={movements} byId={byId} />
      )}
    </section>
  );
}

function SessionItem({
  session,
  summary,
  provisions,
  negotiationId,
  byId,
}: {
  session: Session;
  summary: NegotiationSummary;
  provisions: ProvisionView[];
  negotiationId: string;
  byId: Map<string, ProvisionView>;
}) {
  const [recording, setRecording] = useState(false);
  const name = (id: string) => summary.members.find((m) => m.id === id)?.name ?? "a former member";
  const party = session.party ? summary.parties.find((p) => p.id === session.party)?.name : null;
  const may = summary.you.abilities;
  return (
    <li className={`session scope-${session.scope.split(":")[0]}`}>
      <div className="session-head">
        <strong>{session.title}</strong> <span className="tag">{KIND_WORDS[session.sessionKind]}</span>{" "}
        <span className="muted">· {formatDays(session.date, session.date)}</span>
        {party ? (
          <p className="session-scope">
            Held with the {party} delegation: only it and the mediation see this session.
          </p>
        ) : null}
      </div>
      <dl className="session-facts">
        <dt>Attended</dt>
        <dd>{session.attendance.length === 0 ? "Not recorded" : session.attendance.map(name).join(", ")}</dd>
        <dt>Outcome</dt>
        <dd>{session.outcome || "Not recorded"}</dd>
        {session.provisionsMoved.length > 0 ? (
          <>
            <dt>Provisions discussed</dt>
            <dd>{session.provisionsMoved.map((id) => provisionName(byId.get(id), id)).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {may["record-attendance"] && may["record-outcome"] ? (
        recording ? (
          <RecordSessionForm
            session={session}
            summary={summary}
            provisions={provisions}
            negotiationId={negotiationId}
            onDone={() => setRecording(false)}
          />
        ) : (
          <button type="button" className="quiet" onClick={() => setRecording(true)}>
            Record attendance and outcome…
          </button>
        )
      ) : null}
    </li>
  );
}

/** The provisions that moved; those merely added to the text, still open, are counted rather than listed. */
function Moves({ movements, byId }: { movements: Movement[]; byId: Map<string, ProvisionView> }) {
  const addedOpen = movements.filter((m) => m.from === null && m.to === "open");
  const moved = movements.filter((m) => !(m.from === null && m.to === "open"));
  return (
    <>
      {moved.length > 0 ? (
        <ul className="round-moves">
          {moved.map((m) => (
            <li key={m.provisionId}>
              <span className="moved-name">{provisionName(byId.get(m.provisionId), m.provisionId)}</span>:{" "}
              {m.from === null ? "added, now " : `${STATUS_WORDS[m.from]} → `}
              <span className={`status status-${m.to}`}>{STATUS_WORDS[m.to]}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {addedOpen.length > 0 ? (
        <p className="muted">
          {addedOpen.length} {moved.length > 0 ? "more " : ""}provision
          {addedOpen.length === 1 ? " was" : "s were"} added to the text and{" "}
          {addedOpen.length === 1 ? "is" : "are"} still open.
        </p>
      ) : null}
    </>
  );
}
