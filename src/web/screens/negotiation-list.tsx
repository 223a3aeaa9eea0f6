import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { negotiationsQuery, sessionQuery } from "../api/queries.ts";
import { QueryState } from "../components/app-frame.tsx";

const roleLabel = (role: { kind: string; rank?: string; party?: string }) =>
  role.kind === "mediation"
    ? role.rank === "lead"
      ? "Lead mediator"
      : "Mediation team"
    : role.kind === "delegation"
      ? role.rank === "head"
        ? "Head of delegation"
        : "Delegation member"
      : "Observer";

/** The negotiations the signed-in account is a member of. */
export function NegotiationList() {
  const { data, error } = useQuery(negotiationsQuery);
  const { data: session } = useQuery(sessionQuery);
  const mayHost = session?.account.mayHost === true;
  return (
    <section className="narrow">
      <div className="heading-row">
        <h1>Your negotiations</h1>
        {mayHost ? (
          <Link to="/negotiations/new" className="button">
            New negotiation
          </Link>
        ) : null}
      </div>
      {!data ? (
        <QueryState error={error} what="your negotiations" />
      ) : data.negotiations.length === 0 ? (
        <p className="muted">
          {mayHost
            ? "You are not a member of any negotiation yet. Start one, or wait for an invitation link."
            : "You are not a member of any negotiation yet. An invitation link will bring you in."}
        </p>
      ) : (
        <ul className="list">
          {data.negotiations.map((n) => (
            <li key={n.id}>
              <Link to="/negotiations/$negotiationId" params={{ negotiationId: n.id }} className="list-title">
                {n.title}
              </Link>
              <span className="muted">{roleLabel(n.role)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
