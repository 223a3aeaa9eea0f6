import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { KeyIssue } from "../../../domain/entities.ts";
import type { Scope } from "../../../domain/scope.ts";
import { sendCommand } from "../../api/statements.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { ScopePicker } from "../scope-picker.tsx";

/** Records an event on the ground, linked to the key issues it weighs on, in a scope chosen with its readers named. */
export function IncidentForm({
  keyIssues,
  summary,
  negotiationId,
}: {
  keyIssues: readonly KeyIssue[];
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const audiences = summary.you.writableScopes;
  const [title, setTitle] = useState("");
  const [occurredOn, setOccurredOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [location, setLocation] = useState("");
  const [description, setDescription] = useState("");
  const [issues, setIssues] = useState<string[]>([]);
  const [scope, setScope] = useState<Scope>(audiences[0]?.scope ?? "shared");
  const record = useMutation({
    mutationFn: () =>
      sendCommand(negotiationId, "record-incident", {
        title,
        occurredOn,
        location,
        description,
        keyIssueIds: issues,
        scope,
      }),
    onSuccess: async () => {
      setTitle("");
      setLocation("");
      setDescription("");
      setIssues([]);
      await queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
    },
  });
  return (
    <form
      className="record-fields"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <label htmlFor={`${id}-title`}>What happened (title)</label>
      <input
        id={`${id}-title`}
        type="text"
        required
        maxLength={300}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <label htmlFor={`${id}-on`}>Occurred on</label>
      <input
        id={`${id}-on`}
        type="date"
        required
        value={occurredOn}
        onChange={(e) => setOccurredOn(e.target.value)}
      />
      <label htmlFor={`${id}-where`}>Where</label>
      <input
        id={`${id}-where`}
        type="text"
        maxLength={300}
        value={location}
        onChange={(e) => setLocation(e.target.value)}
      />
      <label htmlFor={`${id}-description`}>Description</label>
      <textarea
        id={`${id}-description`}
        rows={4}
        maxLength={20_000}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      {keyIssues.length > 0 ? (
        <fieldset className="kinds">
          <legend>Key issues it weighs on</legend>
          {keyIssues.map((k) => (
            <label key={k.id} className="toggle">
              <input
                type="checkbox"
                checked={issues.includes(k.id)}
                onChange={(e) =>
                  setIssues((now) => (e.target.checked ? [...now, k.id] : now.filter((x) => x !== k.id)))
                }
              />
              {k.title}
            </label>
          ))}
        </fieldset>
      ) : null}
      <ScopePicker audiences={audiences} value={scope} onChange={setScope} />
      <button type="submit" className="primary" disabled={record.isPending || !title.trim()}>
        Record the incident
      </button>
      {record.error ? (
        <p role="alert" className="error">
          Could not record the incident: {record.error.message}
        </p>
      ) : null}
      {record.isSuccess ? (
        <p role="status" className="muted">
          Incident recorded.
        </p>
      ) : null}
    </form>
  );
}
