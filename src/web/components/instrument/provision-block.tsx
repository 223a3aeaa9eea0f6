import { memo } from "react";
import type { Party, Position, Proposal } from "../../../domain/entities.ts";
import type { InstrumentProvision } from "../../api/types.ts";
import { marginLabel, positionLabel, proposerLabel, scopeLabel } from "../../text-labels.ts";
import { BlankCount, BlankText } from "../drafting/blank-text.tsx";
import { StatusBadge } from "../status-badge.tsx";

/** The provision screen's address (the route /negotiations/$negotiationId/provisions/$provisionId). */
export const provisionHref = (negotiationId: string, provisionId: string): string =>
  `/negotiations/${encodeURIComponent(negotiationId)}/provisions/${encodeURIComponent(provisionId)}`;

export interface ProvisionBlockProps {
  negotiationId: string;
  view: InstrumentProvision;
  parties: readonly Party[];
  /** The provision the keyboard is on: the one the Tab key reaches (roving tabindex). */
  current: boolean;
  /** "Changed since First round", or null when nothing changed since. */
  changedNote: string | null;
  /** The enclosing article's label when the text is filtered and a paragraph stands without it. */
  parentLabel: string | null;
}

/**
 * One provision of the single negotiating text: number in the margin, base text or bracketed alternatives
 * with their proposers. Memoised on its props: query results keep unchanged provisions' objects, so a live
 * update or a move of the keyboard focus re-renders only the blocks concerned, not all 1,000.
 */
export const ProvisionBlock = memo(function ProvisionBlock({
  negotiationId,
  view,
  parties,
  current,
  changedNote,
  parentLabel,
}: ProvisionBlockProps) {
  const { provision, alternatives, positions, depth } = view;
  const bracketed = alternatives.length > 0;
  const positionsOn = (proposalId: string | null) => positions.filter((p) => p.proposalId === proposalId);
  const labelId = `p-${provision.id}`;
  const headingId = `h-${provision.id}`;
  return (
    <article
      className={`provision depth-${Math.min(depth, 3)} is-${provision.status}`}
      aria-labelledby={provision.heading ? `${labelId} ${headingId}` : labelId}
      id={`provision-${provision.id}`}
      data-provision-id={provision.id}
      tabIndex={current ? 0 : -1}
    >
      <div className="margin" id={labelId}>
        {parentLabel ? <span className="parent-label">in {parentLabel} </span> : null}
        {/* A plain link (the list routes its clicks, use-provision-keys.ts): 1,000 router Links cost a
            tenth of a second more to mount, and subscribe each to every navigation. */}
        <a href={provisionHref(negotiationId, provision.id)} data-provision-link="">
          {marginLabel(provision)}
        </a>
      </div>
      <div className="body">
        <div className={`provision-head${provision.heading ? "" : " no-heading"}`}>
          {provision.heading ? (
            <h2 className="heading" id={headingId}>
              {provision.heading}
            </h2>
          ) : null}
          <span className="provision-tags">
            {changedNote ? <span className="changed-tag">{changedNote}</span> : null}
            <BlankCount count={view.blanks.length} />
            <StatusBadge status={provision.status} />
          </span>
        </div>
        {!bracketed ? (
          provision.text ? (
            <p className="text">
              <BlankText text={provision.text} blanks={view.blanks} />
            </p>
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
    </article>
  );
});

function ProposalAlternative({
  proposal,
  positions,
  parties,
}: {
  proposal: Proposal;
  positions: Position[];
  parties: readonly Party[];
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
  parties: readonly Party[];
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
        <BlankText text={props.text} />
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
