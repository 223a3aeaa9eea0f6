import { useId, useState } from "react";
import type { ProvisionKind } from "../../../domain/entities.ts";
import { useFocusOnMount } from "../rounds/write-parts.tsx";
import { countBlanks } from "./blanks.ts";
import { KIND_WORDS } from "./outline.ts";

export interface ProvisionFields {
  number: string;
  heading: string;
  text: string;
}

/**
 * The fields of a provision being written or edited in place: its number (when new), its heading (articles
 * and final clauses) and its text. Says how many blanks the text leaves before it is saved.
 */
export function ProvisionEditor({
  kind,
  initial,
  withNumber,
  title,
  submit,
  pending,
  onSave,
  onCancel,
  onChange,
  children,
}: {
  kind: ProvisionKind;
  initial: ProvisionFields;
  withNumber: boolean;
  /** The form's name, for assistive technology ("New article", "Edit Article 3"). */
  title: string;
  submit: string;
  pending: boolean;
  onSave: (fields: ProvisionFields) => Promise<boolean>;
  onCancel: () => void;
  /** Called at the first change: the edit is based on the version read then. */
  onChange?: () => void;
  /** Shown above the buttons: the error or the stale panel. */
  children?: React.ReactNode;
}) {
  const id = useId();
  const [fields, setFields] = useState(initial);
  const first = useFocusOnMount<HTMLInputElement & HTMLTextAreaElement>();
  const withHeading = kind === "article" || kind === "final";
  const blanks = countBlanks(fields.text);
  const set = (key: keyof ProvisionFields) => (event: { target: { value: string } }) => {
    onChange?.();
    setFields((f) => ({ ...f, [key]: event.target.value }));
  };
  const firstField = withNumber ? "number" : withHeading ? "heading" : "text";

  return (
    <form
      className="provision-editor"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void onSave(fields);
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <h3 id={`${id}-title`} className="editor-title">
        {title}
      </h3>
      {withNumber ? (
        <label className="field number-field">
          Number
          <input
            ref={firstField === "number" ? first : undefined}
            value={fields.number}
            onChange={set("number")}
            maxLength={40}
          />
        </label>
      ) : null}
      {withHeading ? (
        <label className="field">
          Heading
          <input
            ref={firstField === "heading" ? first : undefined}
            value={fields.heading}
            onChange={set("heading")}
            maxLength={300}
          />
        </label>
      ) : null}
      <label className="field">
        Text of the {KIND_WORDS[kind]}
        <textarea
          ref={firstField === "text" ? first : undefined}
          rows={Math.min(12, Math.max(3, Math.ceil(fields.text.length / 80) + 1))}
          value={fields.text}
          onChange={set("text")}
          aria-describedby={`${id}-hint`}
          required={kind !== "article" && kind !== "final"}
        />
      </label>
      <p className="muted small" id={`${id}-hint`}>
        Leave what is still to be settled as a blank: <code>____</code>, <code>[…]</code> or{" "}
        <code>[date]</code>
        {blanks > 0 ? `. This text leaves ${blanks} ${blanks === 1 ? "blank" : "blanks"} to fill.` : "."}
      </p>
      {children}
      <div className="editor-actions">
        <button type="submit" className="primary" disabled={pending}>
          {submit}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
