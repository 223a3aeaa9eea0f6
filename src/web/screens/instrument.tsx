import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { ProvisionView } from "../../domain/view.ts";
import { inText, isDrafting } from "../api/drafting.ts";
import { instrumentQuery, summaryQuery } from "../api/queries.ts";
import { QueryState } from "../components/app-frame.tsx";
import { DocumentsMenu } from "../components/documents-menu.tsx";
import { DraftingText } from "../components/drafting/drafting-text.tsx";
import { FilterBar, KeyboardHelp } from "../components/instrument/filter-bar.tsx";
import {
  closedRounds,
  countFilters,
  type Filter,
  type FilterContext,
  type InstrumentSearch,
  lastClosedRound,
  matches,
  sideOf,
} from "../components/instrument/filters.ts";
import { ProvisionList } from "../components/instrument/provision-list.tsx";
import { useLive } from "../live/use-live.ts";
import { marginLabel } from "../text-labels.ts";

/** On the text a member is at the negotiation, not at one provision. */
const HERE = { provisionId: null };

/** The single negotiating text as a document: numbers in the margin, bracketed alternatives inline. */
export function InstrumentScreen() {
  const { negotiationId } = useParams({ from: "/signed-in/negotiations/$negotiationId/text" });
  const { only, since: sinceId } = useSearch({ from: "/signed-in/negotiations/$negotiationId/text" });
  const navigate = useNavigate({ from: "/negotiations/$negotiationId/text" });
  const text = useQuery(instrumentQuery(negotiationId));
  const summary = useQuery(summaryQuery(negotiationId));
  // Live: what others table or agree shows up in the text with no reload, and the member counts as here.
  useLive(negotiationId, HERE);
  const filter: Filter = only ?? "all";

  const parties = summary.data?.parties;
  const you = summary.data?.you;
  const rounds = useMemo(() => closedRounds(summary.data?.rounds ?? []), [summary.data?.rounds]);
  const closed = useMemo(() => lastClosedRound(rounds, sinceId), [rounds, sinceId]);
  const side = sideOf(you);
  const ctx: FilterContext = useMemo(() => ({ side, since: closed?.updatedAt ?? null }), [side, closed]);
  const provisions = useMemo(
    () => (text.data?.provisions ?? []).filter((p) => inText(p.provision)),
    [text.data?.provisions],
  );
  const counts = useMemo(() => countFilters(provisions, ctx), [provisions, ctx]);
  const shown = useMemo(
    () => (filter === "all" ? provisions : provisions.filter((v) => matches(v, filter, ctx))),
    [provisions, filter, ctx],
  );
  // Filtered, a paragraph no longer follows its article: say which article it belongs to.
  const parentLabels = useMemo(
    () => (filter === "all" ? null : parentLabelsOf(provisions)),
    [filter, provisions],
  );
  // The filters answer at once; the list of up to 1,000 provisions follows without blocking them.
  const listed = useDeferredValue(shown);
  const since = useMemo(() => (closed ? { at: closed.updatedAt, roundName: closed.name } : null), [closed]);
  // Tabling swaps the draft for the negotiating text: the screen says what happened, to the mediation that
  // tabled it and to the delegations whose screens follow live, instead of silently changing under them.
  const drafting = text.data ? isDrafting(text.data.instrument) : null;
  const sawDraft = useRef(false);
  const [justTabled, setJustTabled] = useState(false);
  useEffect(() => {
    if (drafting === true) sawDraft.current = true;
    else if (drafting === false && sawDraft.current) setJustTabled(true);
  }, [drafting]);

  if (!text.data) return <QueryState error={text.error} what="the negotiating text" />;
  const { instrument } = text.data;
  // Until the mediation tables it, the text is a draft it writes in place; the others read it.
  if (isDrafting(instrument)) {
    // Who may write the draft is in the summary: without it, no control and no banner would be right yet.
    if (!summary.data) return <QueryState error={summary.error} what="the negotiating text" />;
    return (
      <DraftingText
        negotiationId={negotiationId}
        summary={summary.data}
        instrument={instrument}
        views={text.data.provisions}
        blanks={text.data.blanks}
      />
    );
  }
  const sideName =
    side === "mediation"
      ? "The mediation's"
      : side
        ? `${parties?.find((p) => p.id === side)?.name ?? side}'s`
        : null;

  return (
    <div className="instrument-screen">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/negotiations/$negotiationId" params={{ negotiationId }}>
          {summary.data?.negotiation?.title ?? "Negotiation"}
        </Link>{" "}
        / The single negotiating text
      </nav>
      <p className="said" role="status" aria-live="polite">
        {justTabled ? "The text is tabled: the delegations may now propose and take positions." : ""}
      </p>
      <div className="instrument-actions">
        <DocumentsMenu negotiationId={negotiationId} />
        <KeyboardHelp />
      </div>
      <section className="toolbar" aria-label="Filters">
        <FilterBar
          filter={filter}
          counts={counts}
          mineLabel={sideName ? `${sideName} proposals` : null}
          roundName={closed?.name ?? null}
          onChange={(next) => void navigate({ search: searchOf(next, sinceId), replace: true })}
          rounds={rounds}
          roundId={closed?.id ?? null}
          onRound={(id) =>
            void navigate({ search: searchOf(filter, id === rounds[0]?.id ? undefined : id), replace: true })
          }
        />
        <p className="muted showing" aria-live="polite">
          Showing {shown.length} of {provisions.length} provisions
        </p>
      </section>
      <div className="document" aria-busy={listed !== shown}>
        <h1 className="instrument-title">{text.data.instrument?.title ?? "Instrument"}</h1>
        {instrument?.openingFormula && filter === "all" ? (
          <p className="formula opening-formula">{instrument.openingFormula}</p>
        ) : null}
        {text.data.instrument && text.data.instrument.stage !== "negotiating" ? (
          <p className="stage">Stage: {text.data.instrument.stage.replace("_", " ")}</p>
        ) : null}
        {shown.length === 0 ? <p className="muted empty">No provision matches this filter.</p> : null}
        <ProvisionList
          negotiationId={negotiationId}
          shown={listed}
          parties={parties ?? NO_PARTIES}
          since={since}
          parentLabels={parentLabels}
          closingFormula={filter === "all" ? (instrument?.closingFormula ?? null) : null}
        />
      </div>
    </div>
  );
}

const NO_PARTIES: never[] = [];

/** The URL's search for a filter and a round: the defaults (the whole text, the last round) are left out. */
function searchOf(filter: Filter, since: string | undefined): InstrumentSearch {
  return { ...(filter === "all" ? {} : { only: filter }), ...(since ? { since } : {}) };
}

function parentLabelsOf(provisions: readonly ProvisionView[]): Map<string, string> {
  const byId = new Map(provisions.map((v) => [v.provision.id, v.provision]));
  const labels = new Map<string, string>();
  for (const { provision } of provisions) {
    const parent = provision.parentId ? byId.get(provision.parentId) : undefined;
    if (parent) labels.set(provision.id, marginLabel(parent));
  }
  return labels;
}
