import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Statement } from "../../../domain/entities.ts";
import { sendCommand } from "../../api/statements.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { FixedAudience } from "../scope-picker.tsx";
import { listInWords } from "./statement-words.ts";

/** Revises a draft in place; its scope stays the one it was drafted in, and a joint text needs approving again. */
export function ReviseForm({
  statement,
  summary,
  negotiationId,
  onDone,
}: {
  statement: Statement;
  summary: NegotiationSummary;
  negotiationId: string;
  onDone: () => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(statement.title);
  const [text, setText] = useState(statement.text);
  const revise = useMutation({
    mutationFn: () =>
      sendCommand(negotiationId, "revise-statement", { statementId: statement.id, title, text }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
      onDone();
    },
  });
  const audience = summary.you.writableScopes.find((a) => a.scope === statement.scope);
  const approvedBy = summary.parties.filter((p) => statement.approvals.includes(p.id)).map((p) => p.name);
  return (
    <form
      className="statement-form"
      onSubmit={(e) => {
        e.preventDefault();
        revise.mutate();
      }}
    >
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
        rows={10}
        maxLength={50_000}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {audience ? <FixedAudience audience={audience} /> : null}
      {approvedBy.length > 0 ? (
        <p className="warning">
          Revising clears the approvals already given by {listInWords(approvedBy)}: every party approves the
          new text again before it can be released.
        </p>
      ) : null}
      <div className="buttons">
        <button type="submit" className="primary" disabled={revise.isPending || title.trim() === ""}>
          Save revision {statement.revision + 1}
        </button>
        <button type="button" onClick={onDone} disabled={revise.isPending}>
          Cancel
        </button>
      </div>
      {revise.error ? (
        <p role="alert" className="error">
          Could not revise: {revise.error.message}
        </p>
      ) : null}
    </form>
  );
}
