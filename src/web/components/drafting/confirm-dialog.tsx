import { type ReactNode, useEffect, useId, useRef } from "react";

/**
 * A question that must be answered before something that cannot be undone: a modal `<dialog>` (the
 * browser traps the focus, Escape cancels, and the focus returns to the button that opened it).
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirm,
  pending,
  tone = "primary",
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  /** The confirming button's words: what it does ("Withdraw Article 3"). */
  confirm: string;
  pending: boolean;
  /** "danger" for what removes something; the default is the app's primary action. */
  tone?: "primary" | "danger";
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The safe answer first: Enter on a dialog just opened must not do what cannot be undone.
      cancel.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      <div className="dialog-actions">
        <button type="button" className={tone} disabled={pending} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
