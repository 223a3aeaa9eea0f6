import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { summaryQuery } from "../api/queries.ts";
import { statementsQuery } from "../api/statements.ts";
import { QueryState } from "../components/app-frame.tsx";
import { CompareChooser } from "../components/statements/compare-chooser.tsx";
import { CompareView } from "../components/statements/compare-view.tsx";
import { DraftForm } from "../components/statements/draft-form.tsx";
import { StatementCard } from "../components/statements/statement-card.tsx";
import { statementItems } from "../components/statements/statement-words.ts";
import { useLive } from "../live/use-live.ts";

const FROM = "/signed-in/negotiations/$negotiationId/statements" as const;

/** Readouts after a round: drafts, approvals of a joint text, releases to the public, and any two compared. */
export function StatementsScreen() {
  const { negotiationId } = useParams({ from: FROM });
  const { a, b } = useSearch({ from: FROM });
  const navigate = useNavigate({ from: "/negotiations/$negotiationId/statements" });
  const summary = useQuery(summaryQuery(negotiationId));
  const statements = useQuery(statementsQuery(negotiationId));
  // Drafts, approvals and releases of others arrive while the screen is open.
  useLive(negotiationId);
  if (!summary.data) return <QueryState error={summary.error} what="the negotiation" />;
  if (!statements.data) return <QueryState error={statements.error} what="the statements" />;
  const s = summary.data;
  const items = statementItems(statements.data.statements, statements.data.releases);

  return (
    <article className="statements-screen">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/negotiations/$negotiationId" params={{ negotiationId }}>
          {s.negotiation?.title ?? "Negotiation"}
        </Link>{" "}
        / Statements
      </nav>
      <header className="page-head">
        <h1>Statements</h1>
        <p className="lead">
          Readouts after a round: each party's, the mediator's, or a joint one that every party approves. A
          draft stays with its authors until it is released; what is released is on the{" "}
          <Link to="/public/$negotiationId" params={{ negotiationId }}>
            public page
          </Link>
          .
        </p>
      </header>

      <section aria-labelledby="compare-heading" className="panel">
        <h2 id="compare-heading">Compare two statements</h2>
        <CompareChooser
          key={`${a ?? ""}|${b ?? ""}`}
          items={items}
          parties={s.parties}
          a={a}
          b={b}
          onCompare={(x, y) => void navigate({ search: { a: x, b: y } })}
        />
        {a && b ? (
          <>
            <CompareView negotiationId={negotiationId} a={a} b={b} />
            <p>
              <Link to="/negotiations/$negotiationId/statements" params={{ negotiationId }} search={{}}>
                Close the comparison
              </Link>
            </p>
          </>
        ) : null}
      </section>

      <div className="statements-layout">
        <section aria-labelledby="list-heading" className="statement-list">
          <h2 id="list-heading">
            {items.length === 1 ? "1 statement" : `${items.length} statements`} you may read
          </h2>
          {items.length === 0 ? <p className="muted">No statement yet.</p> : null}
          {items.map((item) => (
            <StatementCard key={item.id} item={item} summary={s} negotiationId={negotiationId} />
          ))}
        </section>
        {s.you.abilities["draft-statement"] ? (
          <section aria-labelledby="draft-heading" className="panel draft-panel">
            <h2 id="draft-heading">Draft a statement</h2>
            <DraftForm summary={s} negotiationId={negotiationId} />
          </section>
        ) : null}
      </div>
    </article>
  );
}
