import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { publicReleasesQuery } from "../api/statements.ts";
import { QueryState } from "../components/app-frame.tsx";
import { StatementText } from "../components/statements/statement-text.tsx";
import { releasedOn } from "../components/statements/statement-words.ts";

/**
 * The public page: only what was released, with dates. It reads the one public route and nothing else, so it
 * works signed out and can show nothing a release did not carry.
 */
export function PublicScreen() {
  const { negotiationId } = useParams({ from: "/public/$negotiationId" });
  const releases = useQuery(publicReleasesQuery(negotiationId));
  const list = [...(releases.data?.releases ?? [])].sort((x, y) => x.createdAt.localeCompare(y.createdAt));
  const title = list[0]?.negotiationTitle;
  return (
    <div className="frame public-page">
      <header className="topbar">
        <span className="wordmark">Parley</span>
        <nav aria-label="Account" className="account">
          <Link to="/sign-in" search={{}}>
            Sign in
          </Link>
        </nav>
      </header>
      <main id="main" className="content narrow">
        <header className="page-head">
          <p className="muted">Public record</p>
          <h1>{title ?? "Released statements"}</h1>
          <p className="lead">
            Statements released to the public by the parties and the mediation, in the order they were
            released.
          </p>
        </header>
        {!releases.data ? (
          <QueryState error={releases.error} what="the released statements" />
        ) : list.length === 0 ? (
          <p>Nothing has been released to the public here.</p>
        ) : (
          list.map((r) => (
            <article key={r.id} className="release" aria-labelledby={`release-${r.id}`}>
              <h2 id={`release-${r.id}`}>{r.title}</h2>
              <p className="release-meta">
                <span className="issuer">{r.issuedBy}</span> · Released{" "}
                <time dateTime={r.createdAt}>{releasedOn(r.createdAt)}</time>
              </p>
              <StatementText text={r.text} />
            </article>
          ))
        )}
      </main>
    </div>
  );
}
