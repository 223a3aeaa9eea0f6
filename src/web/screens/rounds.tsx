import { useQuery } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { instrumentQuery, summaryQuery } from "../api/queries.ts";
import { historyQuery, roundsQuery } from "../api/rounds.ts";
import { QueryState } from "../components/app-frame.tsx";
import { movementsByRound } from "../components/rounds/moved.ts";
import { RoundCard } from "../components/rounds/round-card.tsx";
import { ScheduleRoundForm } from "../components/rounds/round-forms.tsx";
import { Crumbs } from "../components/rounds/write-parts.tsx";
import { useLive } from "../live/use-live.ts";

/** The rounds of talks: schedule, sessions with attendance and outcome, and what each round moved. */
export function RoundsScreen() {
  const { negotiationId } = useParams({ from: "/signed-in/negotiations/$negotiationId/rounds" });
  const summary = useQuery(summaryQuery(negotiationId));
  // Live: what others do shows here without a reload, and this member counts as present.
  useLive(negotiationId, HERE);
  const rounds = useQuery(roundsQuery(negotiationId));
  const history = useQuery(historyQuery(negotiationId));
  const instrument = useQuery(instrumentQuery(negotiationId));
  const s = summary.data;
  if (!s) return <QueryState error={summary.error} what="the negotiation" />;
  if (!rounds.data) return <QueryState error={rounds.error} what="the rounds" />;
  const sorted = [...rounds.data.rounds].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const movements = history.data ? movementsByRound(history.data.events, sorted) : null;
  const provisions = instrument.data?.provisions ?? [];

  return (
    <article className="rounds-screen">
      <Crumbs summary={s} negotiationId={negotiationId} here="Rounds" />
      <header className="page-head">
        <h1>Rounds</h1>
        <p className="lead">
          {sorted.length === 0
            ? "No rounds scheduled yet."
            : `${sorted.length} round${sorted.length === 1 ? "" : "s"} of talks: where and when, the sessions you may see, and which provisions each round moved.`}
        </p>
        {history.error ? <QueryState error={history.error} what="the history of the text" /> : null}
      </header>
      {sorted.map((round) => (
        <RoundCard
          key={round.id}
          round={round}
          sessions={rounds.data.sessions
            .filter((x) => x.roundId === round.id)
            .sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt))}
          movements={movements?.get(round.id)}
          summary={s}
          provisions={provisions}
          negotiationId={negotiationId}
        />
      ))}
      {s.you.abilities["schedule-round"] ? (
        <ScheduleRoundForm summary={s} negotiationId={negotiationId} scheduled={sorted.length} />
      ) : null}
    </article>
  );
}

const HERE = { provisionId: null };
