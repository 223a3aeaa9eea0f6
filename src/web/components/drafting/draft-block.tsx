import { useState } from "react";
import type { Provision } from "../../../domain/entities.ts";
import type { InstrumentProvision } from "../../api/types.ts";
import { marginLabel } from "../../text-labels.ts";
import { useWrite, WriteError } from "../provision/write-kit.tsx";
import { BlankCount, BlankText } from "./blank-text.tsx";
import { DraftActions } from "./draft-actions.tsx";
import type { Drafting } from "./drafting.ts";
import { KIND_WORDS, nextNumber, placeOfNew } from "./outline.ts";
import { ProvisionEditor, type ProvisionFields } from "./provision-editor.tsx";

/**
 * One provision of the text being drafted: as it reads, with its blanks marked and counted, and for the
 * mediation the edit in place, the moves, the renumbering and the withdrawal.
 */
export function DraftBlock({
  drafting,
  view,
  onAddParagraph,
}: {
  drafting: Drafting;
  view: InstrumentProvision;
  /** Opens the form for a new paragraph inside this article (it stands after the article's last paragraph). */
  onAddParagraph: (() => void) | null;
}) {
  const { provision, depth } = view;
  const [editing, setEditing] = useState(false);
  // Set when an edit ends, so the Edit button that comes back takes the focus.
  const [edited, setEdited] = useState(false);
  const label = marginLabel(provision);
  const headingId = `h-${provision.id}`;
  const labelId = `p-${provision.id}`;
  return (
    <article
      className={`provision draft-provision depth-${Math.min(depth, 3)}`}
      aria-labelledby={provision.heading ? `${labelId} ${headingId}` : labelId}
      id={`provision-${provision.id}`}
      data-provision-id={provision.id}
    >
      <div className="margin" id={labelId}>
        {label}
      </div>
      <div className="body">
        {editing ? (
          <EditProvision
            drafting={drafting}
            provision={provision}
            onDone={() => {
              setEditing(false);
              setEdited(true);
            }}
          />
        ) : (
          <>
            <div className={`provision-head${provision.heading ? "" : " no-heading"}`}>
              {provision.heading ? (
                <h2 className="heading" id={headingId}>
                  {provision.heading}
                </h2>
              ) : null}
              <span className="provision-tags">
                <BlankCount count={view.blanks.length} />
              </span>
            </div>
            {provision.text ? (
              <p className="text">
                <BlankText text={provision.text} blanks={view.blanks} />
              </p>
            ) : null}
          </>
        )}
        {drafting.canDraft && !editing ? (
          <DraftActions
            drafting={drafting}
            provision={provision}
            focusEdit={edited}
            onEdit={() => {
              setEdited(false);
              setEditing(true);
            }}
            onAddParagraph={onAddParagraph}
          />
        ) : null}
      </div>
    </article>
  );
}

/** Edits the heading and text in place; the write carries the version read when the edit began. */
function EditProvision({
  drafting,
  provision,
  onDone,
}: {
  drafting: Drafting;
  provision: Provision;
  onDone: () => void;
}) {
  const write = useWrite(drafting.target, drafting.announce);
  const [base, setBase] = useState(provision.version);
  const [yours, setYours] = useState<ProvisionFields | null>(null);
  const label = marginLabel(provision);
  const changed = write.refused || provision.version !== base;
  return (
    <ProvisionEditor
      kind={provision.provisionKind}
      initial={{ number: provision.number, heading: provision.heading, text: provision.text }}
      withNumber={false}
      title={`Edit ${label}`}
      submit="Save"
      pending={write.pending}
      onCancel={onDone}
      onSave={async (fields) => {
        setYours(fields);
        const sent = await write.send(
          "edit-provision",
          {
            provisionId: provision.id,
            ...(provision.provisionKind === "article" || provision.provisionKind === "final"
              ? { heading: fields.heading }
              : {}),
            text: fields.text,
            baseVersion: base,
          },
          () => `${label} saved.`,
        );
        if (sent) onDone();
        return sent;
      }}
    >
      {changed ? (
        <div className="stale-panel" role={write.refused ? "alert" : undefined}>
          <p>
            <strong>
              {write.refused
                ? `Not saved: ${label} changed since you began.`
                : `${label} changed while you were editing.`}
            </strong>{" "}
            You began from version {base}; it is now version {provision.version}. Your edit is kept; nothing
            was overwritten.
          </p>
          <div className="stale-sides">
            <section aria-label="The provision now">
              <h4>Now in the text</h4>
              {provision.heading ? <p className="stale-text">{provision.heading}</p> : null}
              <p className="stale-text">{provision.text || "(no text)"}</p>
            </section>
            {yours ? (
              <section aria-label="Your edit">
                <h4>What you wrote</h4>
                <p className="stale-text">{yours.text || "(no text)"}</p>
              </section>
            ) : null}
          </div>
          <button
            type="button"
            onClick={() => {
              setBase(provision.version);
              write.clearRefused();
            }}
          >
            I have read the newer version: base my edit on it
          </button>
        </div>
      ) : null}
      <WriteError write={write} />
    </ProvisionEditor>
  );
}

/** Writes a new provision of a kind: after the last of its kind, or at the end of its article. */
export function AddProvision({
  drafting,
  kind,
  parentId,
  title,
  onDone,
}: {
  drafting: Drafting;
  kind: Provision["provisionKind"];
  parentId: string | null;
  title: string;
  onDone: () => void;
}) {
  const write = useWrite(drafting.target, drafting.announce);
  const { provisions } = drafting;
  return (
    <ProvisionEditor
      kind={kind}
      initial={{ number: nextNumber(provisions, kind, parentId), heading: "", text: "" }}
      withNumber
      title={title}
      submit={`Add the ${KIND_WORDS[kind]}`}
      pending={write.pending}
      onCancel={onDone}
      onSave={async (fields) => {
        const { afterId } = placeOfNew(provisions, kind, parentId);
        const sent = await write.send(
          "add-provision",
          {
            provisionKind: kind,
            ...(parentId ? { parentId } : {}),
            ...(fields.number.trim() ? { number: fields.number.trim() } : {}),
            ...(fields.heading.trim() ? { heading: fields.heading.trim() } : {}),
            text: fields.text,
            ...(afterId ? { afterId } : {}),
          },
          () => `The ${KIND_WORDS[kind]} is in the text.`,
        );
        if (sent) onDone();
        return sent;
      }}
    >
      <WriteError write={write} />
    </ProvisionEditor>
  );
}
