import { useEffect, useRef, useState } from "react";
import type { Provision } from "../../../domain/entities.ts";
import { marginLabel } from "../../text-labels.ts";
import { useWrite, WriteError } from "../provision/write-kit.tsx";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import type { Drafting } from "./drafting.ts";
import { moveChoices } from "./outline.ts";

/**
 * The mediation's tools on one provision of the draft: edit, add a paragraph, move (a menu: up, down, into
 * another article), renumber, withdraw (after a confirmation). Every write carries the version shown.
 */
export function DraftActions({
  drafting,
  provision,
  focusEdit,
  onEdit,
  onAddParagraph,
}: {
  drafting: Drafting;
  provision: Provision;
  /** The edit form just closed: its Edit button takes the focus back. */
  focusEdit: boolean;
  onEdit: () => void;
  onAddParagraph: (() => void) | null;
}) {
  const write = useWrite(drafting.target, drafting.announce);
  const label = marginLabel(provision);
  const moves = moveChoices(drafting.provisions, provision.id);
  const [menu, setMenu] = useState<"move" | "renumber" | null>(null);
  const [number, setNumber] = useState(provision.number);
  const [withdrawing, setWithdrawing] = useState(false);
  const moveButton = useRef<HTMLElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusEdit) editButton.current?.focus();
  }, [focusEdit]);

  const move = async (choice: (typeof moves)[number]) => {
    const sent = await write.send(
      "move-provision",
      {
        provisionId: provision.id,
        parentId: choice.parentId,
        afterId: choice.afterId,
        baseVersion: provision.version,
      },
      () => `${label} moved ${choice.label.charAt(0).toLowerCase()}${choice.label.slice(1)}.`,
    );
    if (sent) {
      setMenu(null);
      // The block moved in the page: the focus stays with it, on its Move button, so the next move is a key away.
      requestAnimationFrame(() => moveButton.current?.focus());
    }
  };

  // Escape closes an open menu and gives the focus back to what opened it, as a menu does.
  const closeOnEscape = (event: React.KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== "Escape" || menu === null) return;
    event.preventDefault();
    setMenu(null);
    event.currentTarget.querySelector("summary")?.focus();
  };

  return (
    <div className="draft-actions">
      <div className="draft-buttons">
        <button type="button" ref={editButton} className="quiet" onClick={onEdit}>
          Edit
        </button>
        {onAddParagraph ? (
          <button type="button" className="quiet" data-add-paragraph="" onClick={onAddParagraph}>
            Add a paragraph
          </button>
        ) : null}
        <details
          className="draft-menu"
          open={menu === "move"}
          onKeyDown={closeOnEscape}
          onToggle={(e) => {
            const open = (e.target as HTMLDetailsElement).open;
            setMenu((m) => (open ? "move" : m === "move" ? null : m));
          }}
        >
          <summary ref={moveButton} aria-label={`Move ${label}`}>
            Move…
          </summary>
          <div className="menu-panel">
            {moves.length === 0 ? (
              <p className="muted small">There is nowhere to move it.</p>
            ) : (
              <ul aria-label={`Where to move ${label}`}>
                {moves.map((choice) => (
                  <li key={choice.label}>
                    <button type="button" disabled={write.pending} onClick={() => void move(choice)}>
                      {choice.label}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </details>
        <details
          className="draft-menu"
          open={menu === "renumber"}
          onKeyDown={closeOnEscape}
          onToggle={(e) => {
            const open = (e.target as HTMLDetailsElement).open;
            if (open) setNumber(provision.number);
            setMenu((m) => (open ? "renumber" : m === "renumber" ? null : m));
          }}
        >
          <summary aria-label={`Renumber ${label}`}>Renumber…</summary>
          <form
            className="menu-panel renumber-form"
            onSubmit={async (event) => {
              event.preventDefault();
              const sent = await write.send(
                "renumber-provision",
                { provisionId: provision.id, number: number.trim(), baseVersion: provision.version },
                () => `${label} is now numbered ${number.trim()}.`,
              );
              if (sent) setMenu(null);
            }}
          >
            <label className="field">
              New number
              <input value={number} onChange={(e) => setNumber(e.target.value)} maxLength={40} required />
            </label>
            <button type="submit" disabled={write.pending}>
              Renumber
            </button>
          </form>
        </details>
        <button type="button" className="quiet withdraw" onClick={() => setWithdrawing(true)}>
          Withdraw…
        </button>
      </div>
      <WriteError write={write} />
      <ConfirmDialog
        open={withdrawing}
        title={`Withdraw ${label}?`}
        confirm={`Withdraw ${label}`}
        tone="danger"
        pending={write.pending}
        onCancel={() => setWithdrawing(false)}
        onConfirm={async () => {
          await write.send(
            "withdraw-provision",
            { provisionId: provision.id, baseVersion: provision.version },
            () => `${label} withdrawn from the draft.`,
          );
          // Refused or not, the question is answered: an error shows under the buttons.
          setWithdrawing(false);
        }}
      >
        <p>
          {label}
          {provision.heading ? ` (${provision.heading})` : ""} leaves the draft
          {provision.provisionKind === "article" || provision.provisionKind === "final"
            ? ", with the paragraphs inside it"
            : ""}
          . The record keeps it; it cannot be put back except by writing it again.
        </p>
      </ConfirmDialog>
    </div>
  );
}
