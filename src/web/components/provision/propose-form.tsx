import { useId, useState } from "react";
import type { Scope } from "../../../domain/scope.ts";
import { ScopePicker } from "../scope-picker.tsx";
import { audienceFor, type ProvisionScreenData } from "./model.ts";
import { StalePanel, useDraftBase, useWrite, WriteError } from "./write-kit.tsx";

/** Table a proposal (a delegation) or a bridging proposal (the mediation): new wording, or deletion. */
export function ProposeForm({
  data,
  announce,
}: {
  data: ProvisionScreenData;
  announce: (message: string) => void;
}) {
  const { provision } = data.detail;
  const mediation = data.summary.you.role.startsWith("mediation");
  const id = useId();
  const draft = useDraftBase(data.detail);
  const write = useWrite(data, announce);
  const [kind, setKind] = useState<"replace" | "delete">("replace");
  const [text, setText] = useState<string | null>(null);
  const [rationale, setRationale] = useState("");
  const [scope, setScope] = useState<Scope>("shared");
  // Until the writer edits it, the wording starts from the provision's current text.
  const wording = text ?? provision.text;
  const title = mediation ? "Table a bridging proposal" : "Propose text";

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const audience = audienceFor(data.summary, scope);
    const sent = await write.send(
      "table-proposal",
      {
        provisionId: provision.id,
        proposalKind: kind,
        text: kind === "delete" ? "" : wording,
        rationale,
        scope,
        baseVersion: draft.baseVersion,
      },
      () =>
        `${mediation ? "Bridging proposal" : "Proposal"} tabled. ${audience.label} (${audience.readers.length} readers).`,
    );
    if (sent) {
      setText(null);
      setRationale("");
      setKind("replace");
      draft.reset();
    }
  };

  return (
    <form className="write-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <fieldset className="inline-choices">
        <legend>What you propose</legend>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            checked={kind === "replace"}
            onChange={() => {
              draft.begin();
              setKind("replace");
            }}
          />{" "}
          New wording for the provision
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            checked={kind === "delete"}
            onChange={() => {
              draft.begin();
              setKind("delete");
            }}
          />{" "}
          Delete the provision
        </label>
      </fieldset>
      {kind === "replace" ? (
        <label className="field">
          Proposed text
          <textarea
            rows={5}
            value={wording}
            onChange={(e) => {
              draft.begin();
              setText(e.target.value);
            }}
            required
          />
        </label>
      ) : null}
      <label className="field">
        Rationale (optional)
        <input
          type="text"
          value={rationale}
          onChange={(e) => {
            draft.begin();
            setRationale(e.target.value);
          }}
        />
      </label>
      <ScopePicker
        audiences={data.summary.you.writableScopes}
        value={scope}
        onChange={(s) => {
          draft.begin();
          setScope(s);
        }}
      />
      <StalePanel
        data={data}
        draft={draft}
        refused={write.refused}
        yours={kind === "delete" ? "Delete the provision." : wording}
        onRebase={() => {
          draft.rebase();
          write.clearRefused();
        }}
      />
      <WriteError write={write} />
      <button type="submit" className="primary" disabled={write.pending}>
        {mediation ? "Table the bridging proposal" : "Table the proposal"}
      </button>
    </form>
  );
}
