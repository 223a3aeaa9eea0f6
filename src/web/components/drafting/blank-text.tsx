import { memo } from "react";
import { blanksLabel, countBlanks, splitBlanks } from "./blanks.ts";

/**
 * A text with its blanks marked: a dotted box a sighted reader sees, a tooltip on hover, and the words
 * "blank to fill" for a screen reader, so a placeholder is never read as if it were agreed wording.
 */
export const BlankText = memo(function BlankText({ text }: { text: string }) {
  const pieces = splitBlanks(text);
  if (!pieces.some((p) => p.blank)) return <>{text}</>;
  return (
    <>
      {pieces.map((piece, index) =>
        piece.blank ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one text never reorder.
          <mark key={index} className="blank" title="blank to fill">
            {piece.text}
            <span className="visually-hidden"> (blank to fill)</span>
          </mark>
        ) : (
          piece.text
        ),
      )}
    </>
  );
});

/** "2 blanks" beside a provision that leaves something to fill; nothing when it leaves none. */
export function BlankCount({ text }: { text: string }) {
  const count = countBlanks(text);
  return count > 0 ? <span className="blank-count">{blanksLabel(count)} to fill</span> : null;
}
