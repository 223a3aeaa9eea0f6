import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Round } from "../../../domain/entities.ts";
import { sendCommand } from "../../api/rounds.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { usePassingNote } from "../use-passing-note.ts";
import { AudienceOf, ProblemLine, useFocusOnMount } from "./write-parts.tsx";

function useRefresh(negotiationId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
}

/** Schedules a round: a block of talks with its venue and dates. Rounds live on the shared record. */
export function ScheduleRoundForm({
  summary,
  negotiationId,
  scheduled,
}: {
  summary: NegotiationSummary;
  negotiationId: string;
  /** How many rounds there are already: the name suggested is the next one's. */
  scheduled: number;
}) {
  const refresh = useRefresh(negotiationId);
  const [name, setName] = useState("");
  const [venue, setVenue] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [endsOn, setEndsOn] = useState("");
  const done = usePassingNote();
  const schedule = useMutation({
    mutationFn: () => sendCommand(negotiationId, "schedule-round", { name, venue, startsOn, endsOn }),
    onSuccess: async () => {
      done.say(`${name} scheduled.`);
      setName("");
      setVenue("");
      setStartsOn("");
      setEndsOn("");
      await refresh();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    done.clear();
    schedule.mutate();
  };
  return (
    <form
      onSubmit={onSubmit}
      onChange={done.clear}
      className="card stacked"
      aria-labelledby="schedule-round-heading"
    >
      <h2 id="schedule-round-heading">Schedule a round</h2>
      <label>
        Name
        <input
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={`Round ${scheduled + 1}`}
        />
      </label>
      <label>
        Venue
        <input required value={venue} onChange={(e) => setVenue(e.target.value)} />
      </label>
      <div className="row">
        <label>
          First day
          <input type="date" required value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
        </label>
        <label>
          Last day
          <input
            type="date"
            required
            min={startsOn || undefined}
            value={endsOn}
            onChange={(e) => setEndsOn(e.target.value)}
          />
        </label>
      </div>
      <AudienceOf summary={summary} scope="shared" />
      <ProblemLine error={schedule.error} />
      <button type="submit" className="primary" disabled={schedule.isPending}>
        Schedule the round
      </button>
      <p role="status" aria-live="polite">
        {done.note}
      </p>
    </form>
  );
}

/** Opens a scheduled round, or closes the open one with a summary; closing signs every chain's head. */
export function RoundActions({
  round,
  summary,
  negotiationId,
}: {
  round: Round;
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const refresh = useRefresh(negotiationId);
  const [closing, setClosing] = useState(false);
  const [text, setText] = useState("");
  const open = useMutation({
    mutationFn: () => sendCommand(negotiationId, "open-round", { roundId: round.id }),
    onSuccess: refresh,
  });
  const close = useMutation({
    mutationFn: () => sendCommand(negotiationId, "close-round", { roundId: round.id, summary: text }),
    onSuccess: async () => {
      setClosing(false);
      await refresh();
    },
  });
  const may = summary.you.abilities;
  if (round.state === "scheduled" && may["open-round"]) {
    return (
      <div className="round-actions">
        <button type="button" onClick={() => open.mutate()} disabled={open.isPending}>
          Open {round.name}
        </button>
        <ProblemLine error={open.error} />
      </div>
    );
  }
  if (round.state !== "open" || !may["close-round"]) return null;
  if (!closing) {
    return (
      <div className="round-actions">
        <button type="button" onClick={() => setClosing(true)}>
          Close {round.name}…
        </button>
      </div>
    );
  }
  return (
    <CloseRoundForm
      text={text}
      setText={setText}
      onSubmit={() => close.mutate()}
      onCancel={() => setClosing(false)}
      pending={close.isPending}
      error={close.error}
      summary={summary}
    />
  );
}

function CloseRoundForm({
  text,
  setText,
  onSubmit,
  onCancel,
  pending,
  error,
  summary,
}: {
  text: string;
  setText: (text: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
  pending: boolean;
  error: unknown;
  summary: NegotiationSummary;
}) {
  const focus = useFocusOnMount<HTMLTextAreaElement>();
  return (
    <form
      className="card stacked"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <label>
        Summary of the round
        <textarea
          ref={focus}
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={5000}
        />
      </label>
      <p className="muted">
        Closing the round records where every provision stands and has the server sign the head of every
        chain.
      </p>
      <AudienceOf summary={summary} scope="shared" />
      <ProblemLine error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          Close the round
        </button>
        <button type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
