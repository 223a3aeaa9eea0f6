import { useId, useState } from "react";
import type { Party } from "../../../domain/entities.ts";
import { authorInWords, type StatementItem } from "./statement-words.ts";

/** Picks any two statements the member reads, drafts or releases, to compare. */
export function CompareChooser({
  items,
  parties,
  a,
  b,
  onCompare,
}: {
  items: readonly StatementItem[];
  parties: readonly Party[];
  a: string | undefined;
  b: string | undefined;
  onCompare: (a: string, b: string) => void;
}) {
  const id = useId();
  const [first, setFirst] = useState(a ?? items[0]?.id ?? "");
  const [second, setSecond] = useState(b ?? items.find((i) => i.id !== first)?.id ?? "");
  if (items.length < 2) return <p className="muted">Two statements are needed for a comparison.</p>;
  const option = (item: StatementItem) => (
    <option key={item.id} value={item.id}>
      {authorInWords(item, parties)}, {item.release ? "released" : `draft ${item.revision}`}: {item.title}
    </option>
  );
  return (
    <form
      className="compare-chooser"
      onSubmit={(e) => {
        e.preventDefault();
        onCompare(first, second);
      }}
    >
      <div>
        <label htmlFor={`${id}-a`}>First statement</label>
        <select id={`${id}-a`} value={first} onChange={(e) => setFirst(e.target.value)}>
          {items.map(option)}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-b`}>Second statement</label>
        <select id={`${id}-b`} value={second} onChange={(e) => setSecond(e.target.value)}>
          {items.map(option)}
        </select>
      </div>
      <button type="submit" className="primary" disabled={first === second || !first || !second}>
        Compare
      </button>
      {first === second ? <p className="muted">Choose two different statements.</p> : null}
    </form>
  );
}
