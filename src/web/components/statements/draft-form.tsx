import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { StatementKind } from "../../../domain/entities.ts";
import { partyScope, type Scope } from "../../../domain/scope.ts";
import { sendCommand } from "../../api/statements.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { ScopePicker } from "../scope-picker.tsx";

/** The scope a draft of each kind is written in: the domain fixes it, so the picker offers only that one. */
function scopeOfKind(kind: StatementKind, party: string | null): Scope {
  if (kind === "party" && party) return partyScope(party);
  return kind === "joint" ? "shared" : "mediation";
}

/** Drafts a statement; it stays in its scope, named with its readers before saving, until it is released. */
export function DraftForm({
  summary,
  negotiationId,
}: {
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const { you, parties } = summary;
  const id = useId();
  const queryClient = useQueryClient();
  const kinds: { kind: StatementKind; label: string }[] =
    you.party !== null
      ? [
          {
            kind: "party",
            label: `${parties.find((p) => p.id === you.party)?.name ?? you.party}'s statement`,
          },
        ]
      : [
          { kind: "mediator", label: "The mediator's statement" },
          { kind: "joint", label: "A joint statement (released only when every party approves)" },
        ];
  const [kind, setKind] = useState<StatementKind>(kinds[0]?.kind ?? "party");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const scope = scopeOfKind(kind, you.party);
  const audiences = you.writableScopes.filter((a) => a.scope === scope);
  const draft = useMutation({
    mutationFn: () => sendCommand(negotiationId, "draft-statement", { statementKind: kind, title, text }),
    onSuccess: async () => {
      setTitle("");
      setText("");
      await queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
    },
  });

  return (
    <form
      className="statement-form"
      onSubmit={(e) => {
        e.preventDefault();
        draft.mutate();
      }}
    >
      {kinds.length > 1 ? (
        <fieldset className="kinds">
          <legend>Kind of statement</legend>
          {kinds.map((k) => (
            <label key={k.kind} className="toggle">
              <input
                type="radio"
                name={`${id}-kind`}
                value={k.kind}
                checked={kind === k.kind}
                onChange={() => setKind(k.kind)}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="muted">{kinds[0]?.label}</p>
      )}
      <label htmlFor={`${id}-title`}>Title</label>
      <input
        id={`${id}-title`}
        type="text"
        required
        maxLength={300}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <label htmlFor={`${id}-text`}>Text</label>
      <textarea
        id={`${id}-text`}
        rows={8}
        maxLength={50_000}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="muted">
        Leave a blank line between paragraphs. A draft is never public: only an explicit release publishes it.
      </p>
      <ScopePicker
        audiences={audiences}
        value={scope}
        onChange={() => undefined}
        legend="Who will be able to read this draft"
      />
      <button type="submit" className="primary" disabled={draft.isPending || title.trim() === ""}>
        Save the draft
      </button>
      {draft.error ? (
        <p role="alert" className="error">
          Could not save the draft: {draft.error.message}
        </p>
      ) : null}
      {draft.isSuccess ? (
        <p className="muted" role="status">
          Draft saved.
        </p>
      ) : null}
    </form>
  );
}
