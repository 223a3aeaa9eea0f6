import { useEffect, useState } from "react";

/** Controls whose use means the user has moved on to something else. */
const ACTING = "button, a[href], input, select, textarea, summary, [role='button']";

/**
 * A short note on what just happened ("Round 1 scheduled."), kept until the user does something else: it goes on
 * their next click of a control anywhere on the page, so it never lingers under a form beside newer news. The
 * caller clears it too when its own form is edited by keyboard (see `clear`).
 */
export function usePassingNote(): {
  note: string | null;
  say: (note: string) => void;
  clear: () => void;
} {
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    if (note === null) return;
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest(ACTING)) setNote(null);
    };
    // Capture: a control that stops the click's propagation still counts as the user doing something.
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, [note]);
  return { note, say: setNote, clear: () => setNote(null) };
}
