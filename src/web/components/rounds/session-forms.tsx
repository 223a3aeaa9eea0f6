import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Member, Round, Session, SessionKind } from "../../../domain/entities.ts";
import type { ProvisionView } from "../../../domain/view.ts";
import { sendCommand } from "../../api/rounds.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { AudienceOf, ProblemLine, useFocusOnMount } from "./write-parts.tsx";

export const KIND_WORDS: Record<SessionKind, string> = {
  opening: "Opening session",
  plenary: "Plenary",
  bilateral: "Bilateral",
  caucus: "Caucus",
  closing: "Closing session",
};

/** "Article 3", "Preamble 2": how a provision is named in lists. */
export function provisionName(view: ProvisionView | undefined, fallback: string): string {
  if (!view) return fallback;
  const { number, provisionKind, heading } = view.provision;
  const name = /^\d+$/.test(number) ? `Article ${number}` : number || provisionKind;
  return heading ? `${name}: ${heading}` : name;
}

/** Schedules a session of a round; a caucus is held with one party and only it and the mediation read it. */
export function ScheduleSessionForm({
  round,
  summary,
  negotiationId,
}: {
  round: Round;
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<SessionKind>("plenary");
  const [partyId, setPartyId] = useState(summary.parties[0]?.id ?? "");
  const [title, setTitle] = useState("");
  const [date, setDate] = useState(round.startsOn);
  const schedule = useMutation({
    mutationFn: () =>
      sendCommand(negotiationId, "schedule-session", {
        roundId: round.id,
        sessionKind: kind,
        title,
        date,
        ...(kind === "caucus" ? { partyId } : {}),
      }),
    onSuccess: async () => {
      setTitle("");
      await queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
    },
  });
  const scope = kind === "caucus" ? (`caucus:${partyId}` as const) : ("shared" as const);
  const focus = useFocusOnMount<HTMLSelectElement>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    schedule.mutate();
  };
  return (
    <form onSubmit={onSubmit} className="card stacked">
      <h4>Schedule a session of {round.name}</h4>
      <div className="row">
        <label>
          Kind
          <select ref={focus} value={kind} onChange={(e) => setKind(e.target.value as SessionKind)}>
            {Object.entries(KIND_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        {kind === "caucus" ? (
          <label>
            With
            <select value={partyId} onChange={(e) => setPartyId(e.target.value)}>
              {summary.parties.map((p) => (
                <option key={p.id} value={p.id}>
                  The {p.name} delegation
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          Date
          <input
            type="date"
            required
            min={round.startsOn}
            max={round.endsOn}
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </label>
      </div>
      <label>
        Title
        <input required value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <AudienceOf summary={summary} scope={scope} />
      <ProblemLine error={schedule.error} />
      <button type="submit" className="primary" disabled={schedule.isPending}>
        Schedule the session
      </button>
    </form>
  );
}

/** Records who attended and what came of a session, in the session's own scope. */
export function RecordSessionForm({
  session,
  summary,
  provisions,
  negotiationId,
  onDone,
}: {
  session: Session;
  summary: NegotiationSummary;
  provisions: ProvisionView[];
  negotiationId: string;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const eligible = summary.members.filter((m: Member) => {
    if (session.party === null) return true;
    return m.role.kind === "mediation" || (m.role.kind === "delegation" && m.role.party === session.party);
  });
  const [present, setPresent] = useState<Set<string>>(new Set(session.attendance));
  const [outcome, setOutcome] = useState(session.outcome);
  const [moved, setMoved] = useState<Set<string>>(new Set(session.provisionsMoved));
  const focus = useFocusOnMount<HTMLFormElement>();
  const save = useMutation({
    mutationFn: async () => {
      await sendCommand(negotiationId, "record-attendance", {
        sessionId: session.id,
        memberIds: [...present],
      });
      if (outcome.trim() !== session.outcome || moved.size > 0 || session.provisionsMoved.length > 0)
        await sendCommand(negotiationId, "record-outcome", {
          sessionId: session.id,
          outcome,
          provisionIds: [...moved],
        });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
      onDone();
    },
  });
  const toggle = (set: Set<string>, id: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };
  return (
    <form
      ref={focus}
      tabIndex={-1}
      aria-label={`Record attendance and outcome of ${session.title}`}
      className="card stacked"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <fieldset>
        <legend>Who attended</legend>
        <div className="checks">
          {eligible.map((m) => (
            <label key={m.id} className="check">
              <input
                type="checkbox"
                checked={present.has(m.id)}
                onChange={(e) => setPresent(toggle(present, m.id, e.target.checked))}
              />
              {m.name}
            </label>
          ))}
        </div>
      </fieldset>
      <label>
        Outcome
        <textarea rows={4} value={outcome} onChange={(e) => setOutcome(e.target.value)} maxLength={20000} />
      </label>
      <fieldset>
        <legend>Provisions discussed</legend>
        <div className="checks scroll">
          {provisions
            .filter((p) => !p.provision.deleted)
            .map((p) => (
              <label key={p.provision.id} className="check">
                <input
                  type="checkbox"
                  checked={moved.has(p.provision.id)}
                  onChange={(e) => setMoved(toggle(moved, p.provision.id, e.target.checked))}
                />
                {provisionName(p, p.provision.id)}
              </label>
            ))}
        </div>
      </fieldset>
      <AudienceOf summary={summary} scope={session.scope} />
      <ProblemLine error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save attendance and outcome
        </button>
        <button type="button" className="quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
