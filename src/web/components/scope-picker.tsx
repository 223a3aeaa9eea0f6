import { useId } from "react";
import type { Scope } from "../../domain/scope.ts";
import type { Audience } from "../api/types.ts";

/** The kind of a scope ("party", "caucus", …): it picks the coloured band the scope is shown with. */
export const scopeKind = (scope: Scope): string => scope.split(":")[0] ?? "shared";

/** The readers of an audience in words: "Ararat Mirzoyan and Narek Hovhannisyan". */
export function readersInWords(readers: readonly string[]): string {
  if (readers.length === 0) return "no one yet";
  if (readers.length === 1) return readers[0] ?? "";
  return `${readers.slice(0, -1).join(", ")} and ${readers.at(-1)}`;
}

/**
 * Who will be able to read a write, chosen before it is sent: one option per scope the member may write
 * to (`you.writableScopes`), each naming its readers. Reused by every write form in the app.
 */
export function ScopePicker({
  audiences,
  value,
  onChange,
  legend = "Who will be able to read this",
}: {
  audiences: readonly Audience[];
  value: Scope;
  onChange: (scope: Scope) => void;
  legend?: string;
}) {
  const name = useId();
  return (
    <fieldset className="scope-picker">
      <legend>{legend}</legend>
      {audiences.map((audience) => {
        const id = `${name}-${audience.scope}`;
        return (
          <div
            key={audience.scope}
            className={`scope-option scope-${scopeKind(audience.scope)}${audience.scope === value ? " chosen" : ""}`}
          >
            <input
              type="radio"
              id={id}
              name={name}
              value={audience.scope}
              checked={audience.scope === value}
              onChange={() => onChange(audience.scope)}
              aria-describedby={`${id}-readers`}
            />
            <label htmlFor={id}>{audience.label}</label>
            <span className="readers" id={`${id}-readers`}>
              {audience.readers.length} {audience.readers.length === 1 ? "reader" : "readers"}:{" "}
              {readersInWords(audience.readers)}
            </span>
          </div>
        );
      })}
    </fieldset>
  );
}

/** The audience of a write whose scope the command fixes (a status change is always on the shared text). */
export function FixedAudience({ audience }: { audience: Audience }) {
  return (
    <p className={`fixed-audience scope-${scopeKind(audience.scope)}`}>
      <strong>{audience.label}</strong>
      <span className="readers">
        {audience.readers.length} {audience.readers.length === 1 ? "reader" : "readers"}:{" "}
        {readersInWords(audience.readers)}
      </span>
    </p>
  );
}
