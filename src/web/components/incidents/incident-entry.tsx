import { useId } from "react";
import type { Claim, Incident, KeyIssue, Party } from "../../../domain/entities.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { formatDays } from "../../format.ts";
import { scopeLabel } from "../../text-labels.ts";
import { scopeKind } from "../scope-picker.tsx";
import { ClaimForm } from "./claim-form.tsx";
import { CLAIM_KIND_WORDS, claimsOf, KEY_ISSUE_STATUS_WORDS, sourceInWords } from "./incident-words.ts";

const day = (iso: string) => formatDays(iso, iso);

/** One incident on the timeline: what happened, where, what it weighs on, and who said what about it. */
export function IncidentEntry({
  incident,
  claims,
  keyIssues,
  summary,
  negotiationId,
}: {
  incident: Incident;
  claims: readonly Claim[];
  keyIssues: readonly KeyIssue[];
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const headingId = useId();
  const { parties } = summary;
  const { threads, reactions } = claimsOf(incident.id, claims);
  const linked = incident.keyIssueIds.map((id) => keyIssues.find((k) => k.id === id) ?? id);
  return (
    <li className="incident">
      <article aria-labelledby={headingId}>
        <p className="incident-date">
          <time dateTime={incident.occurredOn}>{day(incident.occurredOn)}</time>
        </p>
        <h2 id={headingId}>{incident.title}</h2>
        {incident.location ? <p className="muted">{incident.location}</p> : null}
        <p className={`scope-line scope-${scopeKind(incident.scope)}`}>
          {scopeLabel(incident.scope, parties)}
        </p>
        {incident.description ? <p className="incident-description">{incident.description}</p> : null}
        {linked.length > 0 ? (
          <div className="linked-issues">
            <h3>Weighs on the key issues</h3>
            <ul>
              {linked.map((k) =>
                typeof k === "string" ? (
                  <li key={k}>{k}</li>
                ) : (
                  <li key={k.id}>
                    {k.title} <span className="tag">{KEY_ISSUE_STATUS_WORDS[k.status]}</span>
                  </li>
                ),
              )}
            </ul>
          </div>
        ) : null}
        <h3>Claims and responses</h3>
        {threads.length === 0 ? (
          <p className="muted">No claim recorded.</p>
        ) : (
          <ol className="claims">
            {threads.map((t) => (
              <li key={t.claim.id}>
                <ClaimBlock claim={t.claim} parties={parties} incidentScope={incident.scope} />
                {t.responses.length > 0 ? (
                  <ol className="responses" aria-label={`Responses to ${t.claim.source}`}>
                    {t.responses.map((r) => (
                      <li key={r.id}>
                        <ClaimBlock
                          claim={r}
                          parties={parties}
                          incidentScope={incident.scope}
                          answering={t.claim}
                        />
                      </li>
                    ))}
                  </ol>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        <h3>Third-party reactions</h3>
        {reactions.length === 0 ? (
          <p className="muted">No reaction recorded.</p>
        ) : (
          <ol className="claims">
            {reactions.map((r) => (
              <li key={r.id}>
                <ClaimBlock claim={r} parties={parties} incidentScope={incident.scope} />
              </li>
            ))}
          </ol>
        )}
        {summary.you.abilities["record-claim"] ? (
          <details className="record-form">
            <summary>Record a claim, response or reaction</summary>
            <ClaimForm
              incident={incident}
              claims={claims.filter((c) => c.incidentId === incident.id)}
              summary={summary}
              negotiationId={negotiationId}
            />
          </details>
        ) : null}
      </article>
    </li>
  );
}

function ClaimBlock({
  claim,
  parties,
  incidentScope,
  answering,
}: {
  claim: Claim;
  parties: readonly Party[];
  incidentScope: string;
  answering?: Claim;
}) {
  const responseTo = answering && answering.id !== claim.respondsTo ? " (to a response)" : "";
  return (
    <div className={`claim claim-${claim.claimKind}`}>
      <p className="claim-head">
        <span className="claim-kind">
          {CLAIM_KIND_WORDS[claim.claimKind]}
          {responseTo}
        </span>{" "}
        <cite>{sourceInWords(claim, parties)}</cite>
        <span className="muted">
          {" "}
          · <time dateTime={claim.statedOn}>{day(claim.statedOn)}</time>
        </span>
      </p>
      <blockquote className="claim-text">{claim.text}</blockquote>
      {claim.scope !== incidentScope ? (
        <p className={`scope-line scope-${scopeKind(claim.scope)}`}>{scopeLabel(claim.scope, parties)}</p>
      ) : null}
    </div>
  );
}
