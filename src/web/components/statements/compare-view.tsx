import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import type { WordOp } from "../../../text/edit-script.ts";
import type { Passage, SentenceRef } from "../../../text/statements.ts";
import { statementCompareQuery } from "../../api/statements.ts";
import { QueryState } from "../app-frame.tsx";

const percent = (x: number) => `${Math.round(x * 100)}%`;

const VERDICT: Record<"identical" | "near-identical" | "diverging", string> = {
  identical: "Identical",
  "near-identical": "Near-identical",
  diverging: "Diverging",
};

/** Two statements side by side: each passage labelled identical, near-identical or diverging, in words and colour. */
export function CompareView({ negotiationId, a, b }: { negotiationId: string; a: string; b: string }) {
  const result = useQuery(statementCompareQuery(negotiationId, a, b));
  const [showIdentical, setShowIdentical] = useState(true);
  const captionId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = result.data !== undefined;
  // Choosing a pair replaces the form that had focus: take the keyboard to the result.
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);
  if (!result.data) return <QueryState error={result.error} what="the comparison" />;
  const { comparison } = result.data;
  const passages = showIdentical
    ? comparison.passages
    : comparison.passages.filter((p) => p.kind !== "identical");
  return (
    <section className="compare" aria-labelledby={captionId}>
      <h2 id={captionId} ref={heading} tabIndex={-1}>
        Comparison:{" "}
        <span className={`verdict verdict-${comparison.verdict}`}>{VERDICT[comparison.verdict]}</span>,{" "}
        {percent(comparison.similarity)} similar
      </h2>
      <p className="muted" aria-live="polite">
        {comparison.counts.identical} identical, {comparison.counts.nearIdentical} near-identical and{" "}
        {comparison.counts.diverging} diverging {comparison.passages.length === 1 ? "passage" : "passages"}.
        {comparison.timedOut ? " The comparison ran out of time: passages are matched roughly." : ""}
      </p>
      <p className="compare-legend">
        Words only in the first statement are <del>struck through</del>; words only in the second are{" "}
        <ins>underlined</ins>.
      </p>
      <label className="toggle">
        <input type="checkbox" checked={showIdentical} onChange={(e) => setShowIdentical(e.target.checked)} />
        Show identical passages
      </label>
      <table className="compare-table">
        <caption className="visually-hidden">
          Passages of “{result.data.a.title}” and “{result.data.b.title}”, side by side
        </caption>
        <thead>
          <tr>
            <th scope="col" className="passage-kind">
              Passage
            </th>
            <th scope="col">{result.data.a.title}</th>
            <th scope="col">{result.data.b.title}</th>
          </tr>
        </thead>
        <tbody>
          {passages.map((p) => (
            <PassageRow key={`${p.a?.index ?? "-"}:${p.b?.index ?? "-"}`} passage={p} />
          ))}
        </tbody>
      </table>
      {passages.length === 0 ? <p className="muted">No passage differs.</p> : null}
    </section>
  );
}

function passageLabel(p: Passage): string {
  if (p.kind === "identical") return "Identical";
  if (p.kind === "near-identical") return `Near-identical, ${percent(p.similarity)} alike`;
  if (p.a === null) return "Only in the second";
  if (p.b === null) return "Only in the first";
  return `Diverging, ${percent(p.similarity)} alike`;
}

function PassageRow({ passage }: { passage: Passage }) {
  const moved = passage.kind !== "diverging" && passage.reordered;
  return (
    <tr className={`passage passage-${passage.kind}`}>
      <th scope="row" className="passage-kind">
        <span className="passage-label">{passageLabel(passage)}</span>
        {moved ? (
          <span className="moved">
            moved: sentence {(passage.a?.index ?? 0) + 1} in the first, {(passage.b?.index ?? 0) + 1} in the
            second
          </span>
        ) : null}
      </th>
      <td data-side="First">
        {passage.kind === "near-identical" ? <Ops ops={passage.ops} side="a" /> : <Sentence s={passage.a} />}
      </td>
      <td data-side="Second">
        {passage.kind === "near-identical" ? <Ops ops={passage.ops} side="b" /> : <Sentence s={passage.b} />}
      </td>
    </tr>
  );
}

function Sentence({ s }: { s: SentenceRef | null }) {
  return s ? <span>{s.text}</span> : <span className="muted">(nothing here)</span>;
}

/** One side of a word diff: the first statement shows what it has that the second lacks, and vice versa. */
function Ops({ ops, side }: { ops: readonly WordOp[]; side: "a" | "b" }) {
  return (
    <span>
      {ops.map((op, i) => {
        // The ops are an edit script: their order is their identity.
        const key = `${i}`;
        if (op.op === "equal") return <span key={key}>{op.text}</span>;
        if (op.op === "delete" && side === "a")
          return (
            <del key={key} className={op.minor ? "minor" : undefined}>
              <span className="visually-hidden">[only in the first: </span>
              {op.text}
              <span className="visually-hidden">]</span>
            </del>
          );
        if (op.op === "insert" && side === "b")
          return (
            <ins key={key} className={op.minor ? "minor" : undefined}>
              <span className="visually-hidden">[only in the second: </span>
              {op.text}
              <span className="visually-hidden">]</span>
            </ins>
          );
        return null;
      })}
    </span>
  );
}
