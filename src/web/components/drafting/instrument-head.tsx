import { useState } from "react";
import type { Instrument } from "../../../domain/entities.ts";
import { useWrite, WriteError } from "../provision/write-kit.tsx";
import { useFocusOnMount } from "../rounds/write-parts.tsx";
import type { Drafting } from "./drafting.ts";

type HeadField = "title" | "openingFormula" | "closingFormula";

const WORDS: Record<HeadField, { name: string; empty: string; example: string }> = {
  title: { name: "Title", empty: "", example: "Agreement on …" },
  openingFormula: {
    name: "Opening formula",
    empty: "No opening formula yet (the words naming the parties before the preamble).",
    example: "The Republic of … and the Republic of …,",
  },
  closingFormula: {
    name: "Closing formula",
    empty: "No closing formula yet (the words between the preamble and the articles).",
    example: "Have agreed as follows:",
  },
};

/** The instrument's title, edited in place while the text is drafted. */
export function TitleInPlace({ drafting, instrument }: { drafting: Drafting; instrument: Instrument }) {
  return (
    <InPlace drafting={drafting} field="title" value={instrument.title}>
      <h1 className="instrument-title">{instrument.title}</h1>
    </InPlace>
  );
}

/** The opening formula (before the preamble) or the closing formula (before the articles), edited in place. */
export function FormulaInPlace({
  drafting,
  field,
  value,
}: {
  drafting: Drafting;
  field: "openingFormula" | "closingFormula";
  value: string;
}) {
  if (!drafting.canDraft && !value) return null;
  return (
    <InPlace drafting={drafting} field={field} value={value}>
      <p className={`formula${value ? "" : " muted empty-formula"}`}>{value || WORDS[field].empty}</p>
    </InPlace>
  );
}

function InPlace({
  drafting,
  field,
  value,
  children,
}: {
  drafting: Drafting;
  field: HeadField;
  value: string;
  children: React.ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const words = WORDS[field];
  if (!editing) {
    return (
      <div className={`in-place in-place-${field}`}>
        {children}
        {drafting.canDraft ? (
          <button type="button" className="quiet in-place-edit" onClick={() => setEditing(true)}>
            Edit {words.name.toLowerCase()}
          </button>
        ) : null}
      </div>
    );
  }
  return <InPlaceForm drafting={drafting} field={field} value={value} onDone={() => setEditing(false)} />;
}

function InPlaceForm({
  drafting,
  field,
  value,
  onDone,
}: {
  drafting: Drafting;
  field: HeadField;
  value: string;
  onDone: () => void;
}) {
  const write = useWrite(drafting.target, drafting.announce);
  const [text, setText] = useState(value);
  const input = useFocusOnMount<HTMLInputElement>();
  const words = WORDS[field];
  return (
    <form
      className={`in-place-form in-place-${field}`}
      aria-label={`Edit the ${words.name.toLowerCase()}`}
      onSubmit={async (event) => {
        event.preventDefault();
        const sent = await write.send(
          "edit-instrument",
          { [field]: text.trim() },
          () => `${words.name} saved.`,
        );
        if (sent) onDone();
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onDone();
      }}
    >
      <label className="field">
        {words.name}
        <input
          ref={input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={words.example}
          maxLength={field === "title" ? 500 : 2_000}
          required={field === "title"}
        />
      </label>
      <WriteError write={write} />
      <div className="editor-actions">
        <button type="submit" className="primary" disabled={write.pending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
