import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import type { Party, Position, Proposal } from "../../domain/entities.ts";
import type { ProvisionView } from "../../domain/view.ts";
import { instrumentQuery, summaryQuery } from "../api/queries.ts";
import { QueryState } from "../components/app-frame.tsx";
import { DocumentsMenu } from "../components/documents-menu.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { isBracketed, marginLabel, positionLabel, proposerLabel, scopeLabel } from "../text-labels.ts";

/** The single negotiating text as a document: numbers in the margin, bracketed alternatives inline. */
export function InstrumentScreen() {
  const { negotiationId } = useParams({ from: "/signed-in/negotiations/$negotiationId/text" });
  const { only } = useSearch({ from: "/signed-in/negotiations/$negotiationId/text" });
  const navigate = useNavigate({ from: "/negotiations/$negotiationId/text" });
  const text = useQuery(instrumentQuery(negotiationId));
  const summary = useQuery(summaryQuery(negotiationId));
  if (!text.data) return <QueryState error={text.error} what="the negotiating text" />;
  const parties = summary.data?.parties ?? [];
  const provisions = text.data.provisions.filter((p) => !p.provision.deleted);
  const bracketedCount = provisions.filter((p) => isBracketed(p.provision.status)).length;
  const shown = only === "bracketed" ? provisions.filter((p) => isBracketed(p.provision.status)) : provisions;

  return (
    <article className="instrument-screen">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/negotiations/$negotiationId" params={{ negotiationId }}>
          {summary.data?.negotiation?.title ?? "Negotiation"}
        </Link>{" "}
        / The single negotiating text
      </nav>
      <div className="toolbar" role="toolbar" aria-label="Filters">
        <label className="toggle">
          <input
            type="checkbox"
            checked={only === "bracketed"}
            onChange={(e) =>
              void navigate({ search: e.target.checked ? { only: "bracketed" } : {}, replace: true })
            }
          />
          Only bracketed ({bracketedCount})
        </label>
        <span className="muted" aria-live="polite">
          Showing {shown.length} of {provisions.length} provisions
        </span>
        <DocumentsMenu negotiationId={negotiationId} />
      </div>
      <div className="document">
        <h1 className="instrument-title">{text.data.instrument?.title ?? "Instrument"}</h1>
        {text.data.instrument && text.data.instrument.stage !== "negotiating" ? (
          <p className="stage">Stage: {text.data.instrument.stage.replace("_", " ")}</p>
        ) : null}
        {shown.length === 0 ? <p className="muted">No provision matches this filter.</p> : null}
        {shown.map((view) => (
          <ProvisionBlock key={view.provision.id} view={view} parties={parties} />
        ))}
      </div>
    </article>
  );
}

function ProvisionBlock({ view, parties }: { view: ProvisionView; parties: Party[] }) {
  const { provision, alternatives, positions, depth } = view;
  const bracketed = alternatives.length > 0;
  const positionsOn = (proposalId: string | null) => positions.filter((p) => p.proposalId === proposalId);
  return (
    <section
      className={`provision depth-${Math.min(depth, 3)} is-${provision.status}`}
      aria-labelledby={`p-${provision.id}`}
      id={`provision-${provision.id}`}
    >
      <div className="margin" id={`p-${provision.id}`}>
        {marginLabel(provision)}
      </div>
      <div className="body">
        <div className="provision-head">
          {provision.heading ? <h2 className="heading">{provision.heading}</h2> : <span />}
          <StatusBadge status={provision.status} />
        </div>
        {!bracketed ? (
          provision.text ? (
            <p className="text">{provision.text}</p>
          ) : null
        ) : (
          <div className="alternatives">
            {provision.text ? (
              <Alternative
                label="Base text"
                text={provision.text}
                positions={positionsOn(null)}
                parties={parties}
              />
            ) : null}
            {alternatives.map((proposal) => (
              <ProposalAlternative
                key={proposal.id}
                proposal={proposal}
                positions={positionsOn(proposal.id)}
                parties={parties}
              />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

function ProposalAlternative({
  proposal,
  positions,
  parties,
}: {
  proposal: Proposal;
  positions: Position[];
  parties: Party[];
}) {
  const text = proposal.proposalKind === "delete" ? "Delete this provision." : proposal.text;
  return (
    <Alternative
      label={proposerLabel(proposal, parties)}
      text={text}
      positions={positions}
      parties={parties}
      scope={proposal.scope === "shared" ? null : scopeLabel(proposal.scope, parties)}
      scopeKind={proposal.scope.split(":")[0] ?? "shared"}
    />
  );
}

function Alternative(props: {
  label: string;
  text: string;
  positions: Position[];
  parties: Party[];
  scope?: string | null;
  scopeKind?: string;
}) {
  return (
    <div className={`alternative${props.scope ? ` scoped scope-${props.scopeKind}` : ""}`}>
      {props.scope ? <div className="scope-band">{props.scope}</div> : null}
      <p className="text">
        <span className="bracket" aria-hidden="true">
          [
        </span>
        <span className="visually-hidden">Alternative: </span>
        {props.text}
        <span className="bracket" aria-hidden="true">
          ]
        </span>{" "}
        <span className="proposer">{props.label}</span>
      </p>
      {props.positions.length > 0 ? (
        <p className="positions">
          {props.positions
            .map((p) =>
              positionLabel(props.parties.find((x) => x.id === p.party)?.name ?? p.party, p.scope, p.stance),
            )
            .join(" · ")}
        </p>
      ) : null}
    </div>
  );
}
