import { useId, useState } from "react";
import type { Note } from "../../../domain/entities.ts";
import type { Scope } from "../../../domain/scope.ts";
import { scopeLabel } from "../../text-labels.ts";
import { ScopePicker, scopeKind } from "../scope-picker.tsx";
import { audienceFor, formatDay, memberName, type ProvisionScreenData } from "./model.ts";
import { useWrite, WriteError } from "./write-kit.tsx";

/** The notes on this provision the member may read, grouped by who can read them. */
export function NotesList({ data }: { data: ProvisionScreenData }) {
  const { notes } = data.detail;
  const { parties, members } = data.summary;
  if (notes.length === 0) return <p className="muted">No notes on this provision that you may read.</p>;
  const groups = new Map<Scope, Note[]>();
  for (const note of [...notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    groups.set(note.scope, [...(groups.get(note.scope) ?? []), note]);
  }
  return (
    <div className="note-groups">
      {[...groups].map(([scope, list]) => (
        <section
          key={scope}
          className={`note-group scope-${scopeKind(scope)}`}
          aria-label={scopeLabel(scope, parties)}
        >
          <h3 className="scope-band">{scopeLabel(scope, parties)}</h3>
          <ul>
            {list.map((note) => (
              <li key={note.id}>
                <p className="note-text">{note.text}</p>
                <p className="muted small">
                  {memberName(members, note.authorId)}, {formatDay(note.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** The narrowest scope the member may write to: a note is private unless the writer widens it. */
function narrowest(scopes: readonly Scope[]): Scope {
  return (
    scopes.find((s) => s.startsWith("party:")) ??
    scopes.find((s) => s === "mediation") ??
    scopes[0] ??
    "shared"
  );
}

/** Write a note on the provision, in a scope the writer picks seeing who will read it. */
export function NoteForm({
  data,
  announce,
}: {
  data: ProvisionScreenData;
  announce: (message: string) => void;
}) {
  const id = useId();
  const write = useWrite(data, announce);
  const audiences = data.summary.you.writableScopes;
  const [text, setText] = useState("");
  const [scope, setScope] = useState<Scope>(() => narrowest(audiences.map((a) => a.scope)));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const audience = audienceFor(data.summary, scope);
    const sent = await write.send(
      "write-note",
      { scope, text, target: { kind: "provision", id: data.detail.provision.id } },
      () => `Note written. ${audience.label}.`,
    );
    if (sent) setText("");
  };

  return (
    <form className="write-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Write a note</h3>
      <label className="field">
        Note
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} required />
      </label>
      <ScopePicker audiences={audiences} value={scope} onChange={setScope} />
      <WriteError write={write} />
      <button type="submit" className="primary" disabled={write.pending || text.trim() === ""}>
        Save the note
      </button>
    </form>
  );
}
