import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import type { Party } from "../../../domain/entities.ts";
import { sendCommand } from "../../api/statements.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { scopeLabel } from "../../text-labels.ts";
import { FixedAudience, scopeKind } from "../scope-picker.tsx";
import { ReviseForm } from "./revise-form.tsx";
import { StatementText } from "./statement-text.tsx";
import {
  authorInWords,
  mayRevise,
  missingApprovals,
  releaseBlock,
  releasedOn,
  type StatementItem,
  stateInWords,
} from "./statement-words.ts";

type Summary = NegotiationSummary;

/** One statement: who speaks, where it stands, who reads it, and what the member may do with it. */
export function StatementCard({
  item,
  summary,
  negotiationId,
}: {
  item: StatementItem;
  summary: Summary;
  negotiationId: string;
}) {
  const { parties, you } = summary;
  const headingId = useId();
  const [revising, setRevising] = useState(false);
  const state = item.release
    ? "released"
    : item.statementKind !== "joint"
      ? "draft"
      : missingApprovals(item, parties).length === 0
        ? "ready"
        : "awaiting";
  return (
    <article className={`statement-card state-${state}`} aria-labelledby={headingId}>
      <header className="statement-head">
        <h3 id={headingId}>{item.title}</h3>
        <p className="statement-meta">
          <span className="author">{authorInWords(item, parties)}</span>
          <span className={`statement-state state-${state}`}>{stateInWords(item, parties)}</span>
        </p>
      </header>
      <Audience item={item} summary={summary} />
      {item.statementKind === "joint" && !item.release ? <Approvals item={item} parties={parties} /> : null}
      {revising && item.statement ? (
        <ReviseForm
          statement={item.statement}
          summary={summary}
          negotiationId={negotiationId}
          onDone={() => setRevising(false)}
        />
      ) : (
        <StatementText text={item.text} />
      )}
      {revising ? null : (
        <Actions
          item={item}
          summary={summary}
          negotiationId={negotiationId}
          onRevise={mayRevise(item, you) ? () => setRevising(true) : null}
        />
      )}
    </article>
  );
}

/** Who reads it: the draft's scope with its readers' names when known, or the date it became public. */
function Audience({ item, summary }: { item: StatementItem; summary: Summary }) {
  if (item.release) {
    return (
      <p className="fixed-audience scope-public">
        <strong>Visible to: anyone (released to the public)</strong>
        <span className="readers">
          Released <time dateTime={item.release.createdAt}>{releasedOn(item.release.createdAt)}</time>
          {/* Only a joint text's revision is shared; a private draft's revisions are its authors' own. */}
          {item.release.revision === null ? null : `, revision ${item.release.revision}`}
        </span>
      </p>
    );
  }
  if (!item.statement) return null;
  const scope = item.statement.scope;
  const audience = summary.you.writableScopes.find((a) => a.scope === scope);
  if (audience) return <FixedAudience audience={audience} />;
  return (
    <p className={`fixed-audience scope-${scopeKind(scope)}`}>
      <strong>{scopeLabel(scope, summary.parties)}</strong>
    </p>
  );
}

function Approvals({ item, parties }: { item: StatementItem; parties: readonly Party[] }) {
  const approvals = item.statement?.approvals ?? [];
  return (
    <ul className="approvals" aria-label="Approvals of this revision">
      {parties.map((p) => {
        const approved = approvals.includes(p.id);
        return (
          <li key={p.id} className={approved ? "approved" : "pending"}>
            <span aria-hidden="true">{approved ? "✓" : "…"}</span> {p.name}:{" "}
            {approved ? "approved" : "not yet approved"}
          </li>
        );
      })}
    </ul>
  );
}

function Actions({
  item,
  summary,
  negotiationId,
  onRevise,
}: {
  item: StatementItem;
  summary: Summary;
  negotiationId: string;
  onRevise: (() => void) | null;
}) {
  const { you, parties } = summary;
  const queryClient = useQueryClient();
  const reasonId = useId();
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // The button that opened the confirmation is gone: keep the keyboard in the confirmation, on its safe choice.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);
  const command = useMutation({
    mutationFn: (type: "approve-statement" | "release-statement") =>
      sendCommand(negotiationId, type, { statementId: item.id }),
    onSuccess: () => {
      setConfirming(false);
      return queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
    },
  });
  const block = releaseBlock(item, you, parties);
  const myParty = parties.find((p) => p.id === you.party);
  const canApprove =
    item.statementKind === "joint" && !item.release && item.statement !== null && myParty !== undefined;
  const approved = myParty ? (item.statement?.approvals.includes(myParty.id) ?? false) : false;
  // The approvals list already says that this party approved; an empty action bar would only add a rule.
  if (!onRevise && block === "hidden" && !(canApprove && !approved)) return null;

  return (
    <div className="statement-actions">
      <div className="buttons">
        {onRevise ? (
          <button type="button" onClick={onRevise}>
            Revise
          </button>
        ) : null}
        {canApprove && myParty && !approved ? (
          you.abilities["approve-statement"] ? (
            <button
              type="button"
              disabled={command.isPending}
              onClick={() => command.mutate("approve-statement")}
            >
              Approve for {myParty.name}
            </button>
          ) : (
            <span className="muted">Only the head of your delegation approves a joint statement.</span>
          )
        ) : null}
        {block !== "hidden" && !confirming ? (
          <button
            type="button"
            className="primary"
            disabled={block !== null}
            aria-describedby={block ? reasonId : undefined}
            onClick={() => setConfirming(true)}
          >
            Release to the public…
          </button>
        ) : null}
      </div>
      {block !== "hidden" && block !== null ? (
        <p id={reasonId} className="reason">
          {block}
        </p>
      ) : null}
      {confirming ? (
        <fieldset className="confirm-release">
          <legend>Release to the public?</legend>
          <p>
            <strong>Once released, this statement becomes public to anyone,</strong> with no sign-in, on the
            negotiation's public page. It cannot be changed or withdrawn afterwards: a correction is a new
            statement.
          </p>
          <div className="buttons">
            <button
              type="button"
              className="primary"
              disabled={command.isPending}
              onClick={() => command.mutate("release-statement")}
            >
              Release to anyone
            </button>
            <button
              type="button"
              ref={cancelRef}
              onClick={() => setConfirming(false)}
              disabled={command.isPending}
            >
              Cancel
            </button>
          </div>
        </fieldset>
      ) : null}
      {command.error ? (
        <p role="alert" className="error">
          {command.error.message}
        </p>
      ) : null}
    </div>
  );
}
