import { useState } from "react";
import { ImportDraft } from "../import-draft.tsx";
import { useWrite, WriteError } from "../provision/write-kit.tsx";
import { useFocusOnMount } from "../rounds/write-parts.tsx";
import type { Drafting } from "./drafting.ts";

/** A negotiation with no text yet: the mediation starts one by its title, or imports a draft. */
export function StartText({ drafting, negotiationId }: { drafting: Drafting; negotiationId: string }) {
  const write = useWrite(drafting.target, drafting.announce);
  const [title, setTitle] = useState("");
  const input = useFocusOnMount<HTMLInputElement>();
  if (!drafting.canDraft) {
    return (
      <div className="start-text">
        <h1>The single negotiating text</h1>
        <p className="muted">The mediation has not started the text yet.</p>
      </div>
    );
  }
  return (
    <div className="start-text">
      <h1>Start the text</h1>
      <p>
        The negotiation has no text yet. Give the instrument its title, then write its preamble, articles and
        final clauses here; the delegations read the draft as it grows and can propose changes once you table
        it.
      </p>
      <form
        className="start-form"
        aria-label="Start the text"
        onSubmit={async (event) => {
          event.preventDefault();
          await write.send("create-instrument", { title: title.trim() }, () => "The text is started.");
        }}
      >
        <label className="field">
          Title of the instrument
          <input
            ref={input}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Agreement on …"
            maxLength={500}
            required
          />
        </label>
        <WriteError write={write} />
        <button type="submit" className="primary" disabled={write.pending}>
          Start the text
        </button>
      </form>
      <h2>Or import a draft</h2>
      <p className="muted">
        A Word (DOCX) or Markdown draft: you see what was recognised (title, opening and closing formulas,
        preamble, articles) before anything is written.
      </p>
      <ImportDraft negotiationId={negotiationId} />
    </div>
  );
}
