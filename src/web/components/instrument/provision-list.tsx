import { useNavigate } from "@tanstack/react-router";
import { Fragment, useCallback, useState } from "react";
import type { Party } from "../../../domain/entities.ts";
import type { InstrumentProvision } from "../../api/types.ts";
import { changedSince } from "./filters.ts";
import { ProvisionBlock } from "./provision-block.tsx";
import { useProvisionKeys } from "./use-provision-keys.ts";

/**
 * The provisions shown, in document order, read with the mouse or the keyboard. Every provision is in the
 * page (find-in-page and screen readers see the whole text); `content-visibility: auto` spares the browser
 * the layout and paint of those far off screen, which is what keeps 1,000 provisions quick.
 */
export function ProvisionList(props: {
  negotiationId: string;
  shown: readonly InstrumentProvision[];
  parties: readonly Party[];
  since: { at: string; roundName: string } | null;
  /** Each provision's enclosing provision's label, shown beside paragraphs when the text is filtered. */
  parentLabels: ReadonlyMap<string, string> | null;
  /** "Have agreed as follows:", between the preamble and the articles; null when filtered or there is none. */
  closingFormula?: string | null;
}) {
  const { negotiationId, shown, parties, since, parentLabels, closingFormula } = props;
  const navigate = useNavigate();
  const [currentId, setCurrentId] = useState<string | null>(null);
  // The roving tabindex: the provision last visited, else the first shown, is the one Tab reaches.
  const tabbable = shown.some((v) => v.provision.id === currentId)
    ? currentId
    : (shown[0]?.provision.id ?? null);

  const open = useCallback(
    (provisionId: string) =>
      void navigate({
        to: "/negotiations/$negotiationId/provisions/$provisionId",
        params: { negotiationId, provisionId },
      }),
    [navigate, negotiationId],
  );
  useProvisionKeys({ shown, currentId: tabbable, setCurrentId, open });

  const changedNote = since ? `Changed since ${since.roundName}` : null;
  const formulaAt = closingFormula
    ? shown.findIndex((v) => v.depth === 0 && v.provision.provisionKind !== "preamble")
    : -1;

  return (
    <div className="provision-list">
      {shown.map((view, index) => (
        <Fragment key={view.provision.id}>
          {index === formulaAt ? <p className="formula closing-formula">{closingFormula}</p> : null}
          <ProvisionBlock
            negotiationId={negotiationId}
            view={view}
            parties={parties}
            current={view.provision.id === tabbable}
            changedNote={since && changedSince(view, since.at) ? changedNote : null}
            parentLabel={parentLabels?.get(view.provision.id) ?? null}
          />
        </Fragment>
      ))}
    </div>
  );
}
