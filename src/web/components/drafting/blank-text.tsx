import { memo } from "react";
import { type Blank, blanksLabel, splitBlanks } from "./blanks.ts";

/**
 * A text with its blanks marked: a dotted box a sighted reader sees, a tooltip on hover, and the words
 * "blank to fill" for a screen reader, so a placeholder is never read as if it were agreed wording.
 */
export const BlankText = memo(function BlankText({
  text,
  blanks,
}: {
  text: string;
  /** The blanks the view found in this text; found here when the view carries none (an alternative's text). */
  blanks?: readonly Blank[];
}) {
  const pieces = splitBlanks(text, blanks);
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

/** "2 blanks to fill" beside a provision that leaves something to fill; nothing when it leaves none. */
export function BlankCount({ count }: { count: number }) {
  return count > 0 ? <span className="blank-count">{blanksLabel(count)} to fill</span> : null;
}
