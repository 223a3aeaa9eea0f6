import { Link } from "@tanstack/react-router";
import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import type { Instrument, ProvisionKind } from "../../../domain/entities.ts";
import { inText } from "../../api/drafting.ts";
import { instrumentQuery } from "../../api/queries.ts";
import type { InstrumentProvision, NegotiationSummary } from "../../api/types.ts";
import { marginLabel } from "../../text-labels.ts";
import { DocumentsMenu } from "../documents-menu.tsx";
import { AddProvision, DraftBlock } from "./draft-block.tsx";
import type { Drafting } from "./drafting.ts";
import { DraftingToolbar } from "./drafting-toolbar.tsx";
import { FormulaInPlace, TitleInPlace } from "./instrument-head.tsx";
import { holdsParagraphs, KIND_WORDS } from "./outline.ts";
import { StartText } from "./start-text.tsx";
import "./drafting.css";

/**
 * The single negotiating text while the mediation drafts it (not yet tabled): the mediation writes it in
 * place; everyone else reads the draft, with no control they could not use, and a banner saying why.
 */
export function DraftingText({
  negotiationId,
  summary,
  instrument,
  views,
  blanks,
}: {
  negotiationId: string;
  summary: NegotiationSummary;
  instrument: Instrument | null;
  views: readonly InstrumentProvision[];
  /** The blanks left in the whole text, as the server counts them. */
  blanks: number;
}) {
  const [said, setSaid] = useState("");
  const shown = useMemo(() => views.filter((v) => inText(v.provision)), [views]);
  const { abilities } = summary.you;
  const drafting: Drafting = useMemo(
    () => ({
      target: { negotiationId, staleKey: instrumentQuery(negotiationId).queryKey },
      provisions: shown.map((v) => v.provision),
      canDraft: abilities["add-provision"] === true,
      announce: setSaid,
    }),
    [negotiationId, shown, abilities],
  );

  return (
    <div className="instrument-screen drafting-screen">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/negotiations/$negotiationId" params={{ negotiationId }}>
          {summary.negotiation?.title ?? "Negotiation"}
        </Link>{" "}
        / The single negotiating text
      </nav>
      {drafting.canDraft ? null : (
        <p className="drafting-banner" role="note">
          <strong>The mediation is drafting; proposals open when the text is tabled.</strong> You read the
          draft as it stands.
        </p>
      )}
      <p className="said" role="status" aria-live="polite">
        {said}
      </p>
      {instrument === null ? (
        <StartText drafting={drafting} negotiationId={negotiationId} />
      ) : (
        <>
          <div className="instrument-actions">
            <DocumentsMenu negotiationId={negotiationId} importable={drafting.canDraft} />
          </div>
          {drafting.canDraft ? (
            <DraftingToolbar
              drafting={drafting}
              provisionCount={shown.length}
              blanks={blanks}
              canTable={abilities["table-text"] === true}
            />
          ) : (
            <p className="muted drafting-counts">
              {shown.length} {shown.length === 1 ? "provision" : "provisions"} in the draft · {blanks}{" "}
              {blanks === 1 ? "blank" : "blanks"} to fill
            </p>
          )}
          <div className="document draft-document">
            <TitleInPlace drafting={drafting} instrument={instrument} />
            <FormulaInPlace drafting={drafting} field="openingFormula" value={instrument.openingFormula} />
            <DraftParts drafting={drafting} shown={shown} closingFormula={instrument.closingFormula} />
          </div>
        </>
      )}
    </div>
  );
}

/**
 * The provisions in document order, with the closing formula after the preamble, and the mediation's "Add"
 * buttons at the end of each part: preamble, articles, final clauses.
 */
function DraftParts({
  drafting,
  shown,
  closingFormula,
}: {
  drafting: Drafting;
  shown: readonly InstrumentProvision[];
  closingFormula: string;
}) {
  const top = (v: InstrumentProvision | undefined) => (v && v.depth === 0 ? v.provision.provisionKind : null);
  // Where each part ends: the first top-level provision of a later part.
  const firstAfterPreamble = indexOrEnd(shown, (v) => top(v) === "article" || top(v) === "final");
  const firstFinal = indexOrEnd(shown, (v) => top(v) === "final");
  // The article a paragraph is being added to: its form stands after the article's last paragraph, where the
  // paragraph will go.
  const [addingTo, setAddingTo] = useState<string | null>(null);
  const addAfter = addingTo === null ? -1 : lastInside(shown, addingTo);
  const tail = (index: number) => (
    <>
      {index === firstAfterPreamble ? (
        <>
          <AddButton drafting={drafting} kind="preamble" />
          <FormulaInPlace drafting={drafting} field="closingFormula" value={closingFormula} />
        </>
      ) : null}
      {index === firstFinal ? <AddButton drafting={drafting} kind="article" /> : null}
    </>
  );
  const parent = shown.find((v) => v.provision.id === addingTo)?.provision;
  return (
    <div className="provision-list">
      {shown.length === 0 && !drafting.canDraft ? (
        <p className="muted empty">The draft has no provision yet.</p>
      ) : null}
      {shown.map((view, index) => (
        <Fragment key={view.provision.id}>
          {tail(index)}
          <DraftBlock
            drafting={drafting}
            view={view}
            onAddParagraph={holdsParagraphs(view.provision) ? () => setAddingTo(view.provision.id) : null}
          />
          {index === addAfter && parent ? (
            <div className="add-part add-paragraph">
              <AddProvision
                drafting={drafting}
                kind="paragraph"
                parentId={parent.id}
                title={`New paragraph in ${marginLabel(parent)}`}
                onDone={() => {
                  setAddingTo(null);
                  // Back to the button that opened the form, so the next paragraph is a key away.
                  requestAnimationFrame(() =>
                    document
                      .getElementById(`provision-${parent.id}`)
                      ?.querySelector<HTMLElement>("[data-add-paragraph]")
                      ?.focus(),
                  );
                }}
              />
            </div>
          ) : null}
        </Fragment>
      ))}
      {tail(shown.length)}
      <AddButton drafting={drafting} kind="final" />
    </div>
  );
}

/** The index of the last provision inside `id` (itself when it has none), in document order; -1 when absent. */
function lastInside(shown: readonly InstrumentProvision[], id: string): number {
  const at = shown.findIndex((v) => v.provision.id === id);
  if (at < 0) return -1;
  const depth = shown[at]?.depth ?? 0;
  let last = at;
  while ((shown[last + 1]?.depth ?? -1) > depth) last += 1;
  return last;
}

function indexOrEnd<T>(list: readonly T[], test: (item: T) => boolean): number {
  const index = list.findIndex(test);
  return index < 0 ? list.length : index;
}

/** "Add a preamble paragraph": opens the form for a new provision of that part, in place. */
function AddButton({ drafting, kind }: { drafting: Drafting; kind: Exclude<ProvisionKind, "paragraph"> }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const back = useRef(false);
  useEffect(() => {
    // The form closed: the focus goes back to the button that opened it, not to the top of the page.
    if (!open && back.current) {
      back.current = false;
      button.current?.focus();
    }
  }, [open]);
  if (!drafting.canDraft) return null;
  const words = KIND_WORDS[kind];
  const article = kind === "article" ? "an" : "a";
  if (!open) {
    return (
      <div className="add-part">
        <button type="button" ref={button} className="add-button" onClick={() => setOpen(true)}>
          + Add {article} {words}
        </button>
      </div>
    );
  }
  return (
    <div className="add-part open">
      <AddProvision
        drafting={drafting}
        kind={kind}
        parentId={null}
        title={`New ${words}`}
        onDone={() => {
          back.current = true;
          setOpen(false);
        }}
      />
    </div>
  );
}
