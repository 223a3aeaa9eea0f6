import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { compareQuery, type WordOp } from "../../api/provision.ts";
import { type AlternativeKey, alternativeName, type ProvisionScreenData } from "./model.ts";

const FOLD = 280;

/** An unchanged run, folded when long: its start and end stay, the middle opens on request. */
function Unchanged({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  if (open || text.length <= FOLD) return <span>{text}</span>;
  const words = text.trim().split(/\s+/).length;
  return (
    <span>
      {text.slice(0, 80)}
      <button type="button" className="fold" onClick={() => setOpen(true)}>
        … {words} unchanged words: show …
      </button>
      {text.slice(-80)}
    </span>
  );
}

/** One side of the split view: the left keeps deletions, the right keeps insertions. */
function Side({ ops, side }: { ops: WordOp[]; side: "a" | "b" }) {
  return (
    <p className="compare-text">
      {ops.map((op, index) => {
        const key = `${index}-${op.op}`;
        if (op.op === "equal") return <Unchanged key={key} text={op.text} />;
        if (op.op === "delete" && side === "a")
          return (
            <del key={key}>
              <span className="visually-hidden">[removed: </span>
              {op.text}
              <span className="visually-hidden">]</span>
            </del>
          );
        if (op.op === "insert" && side === "b")
          return (
            <ins key={key}>
              <span className="visually-hidden">[added: </span>
              {op.text}
              <span className="visually-hidden">]</span>
            </ins>
          );
        return null;
      })}
    </p>
  );
}

/** Two alternatives side by side, changed words marked, like a code-review split view. */
export function CompareView({ data, choices }: { data: ProvisionScreenData; choices: AlternativeKey[] }) {
  const id = useId();
  const { parties } = data.summary;
  const [picked, setPicked] = useState<{ a: AlternativeKey; b: AlternativeKey } | null>(null);
  // By default the two newest alternatives: what the table is weighing now.
  const fallback = { a: choices.at(-2) ?? choices[0] ?? "base", b: choices.at(-1) ?? "base" };
  const pair = picked && choices.includes(picked.a) && choices.includes(picked.b) ? picked : fallback;
  const result = useQuery({
    ...compareQuery(data.negotiationId, data.detail.provision.id, pair.a, pair.b),
    enabled: choices.length >= 2 && pair.a !== pair.b,
  });
  if (choices.length < 2) return null;
  const picker = (which: "a" | "b", label: string) => (
    <label className="field inline">
      {label}
      <select value={pair[which]} onChange={(e) => setPicked({ ...pair, [which]: e.target.value })}>
        {choices.map((key) => (
          <option key={key} value={key}>
            {alternativeName(key, data.detail, parties)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="compare" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Compare alternatives</h2>
      <div className="compare-pickers">
        {picker("a", "Compare")}
        {picker("b", "with")}
        {result.data ? (
          <span className="muted" aria-live="polite">
            {Math.round(result.data.similarity * 100)}% alike
            {result.data.timedOut ? " (long text: some changes shown as whole passages)" : ""}
          </span>
        ) : null}
      </div>
      <p className="muted small">
        Struck through: words only in the left text. Underlined: words only in the right text.
      </p>
      {pair.a === pair.b ? (
        <p className="muted">Pick two different alternatives.</p>
      ) : result.data ? (
        <div className="compare-sides">
          <div>
            <h3>{alternativeName(pair.a, data.detail, parties)}</h3>
            <Side ops={result.data.ops} side="a" />
          </div>
          <div>
            <h3>{alternativeName(pair.b, data.detail, parties)}</h3>
            <Side ops={result.data.ops} side="b" />
          </div>
        </div>
      ) : (
        <p className="muted" aria-live="polite">
          {result.error ? `Could not compare: ${String(result.error)}` : "Comparing…"}
        </p>
      )}
    </section>
  );
}
