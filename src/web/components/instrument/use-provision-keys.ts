import { useEffect, useRef } from "react";
import type { ProvisionView } from "../../../domain/view.ts";
import { isBracketed } from "../../text-labels.ts";

/** The element of a provision on the page (ProvisionBlock's id). */
export const provisionElement = (provisionId: string): HTMLElement | null =>
  document.getElementById(`provision-${provisionId}`);

/** The provision a key moves to from `index` in the shown list, or -1 to stay. */
export function targetOf(
  key: string,
  shift: boolean,
  index: number,
  shown: readonly ProvisionView[],
): number {
  const last = shown.length - 1;
  const bracketed = (i: number) => {
    const view = shown[i];
    return view !== undefined && isBracketed(view.provision.status);
  };
  switch (key) {
    case "j":
    case "ArrowDown":
      return Math.min(index + 1, last);
    case "k":
    case "ArrowUp":
      return Math.max(index - 1, 0);
    case "Home":
      return 0;
    case "End":
      return last;
    case "b":
    case "B": {
      const step = shift ? -1 : 1;
      for (let i = index + step; i >= 0 && i <= last; i += step) if (bracketed(i)) return i;
      return -1;
    }
    default:
      return -1;
  }
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
    target.closest("dialog") !== null);

/**
 * Keyboard reading of the text: j/k (or ↓/↑ on a provision) next and previous, b and Shift+B next and
 * previous bracketed, Home/End, Enter opens. j, k and b work anywhere but in a form field; the arrows,
 * Home, End and Enter only on a provision itself, so they keep scrolling the page and working in links.
 */
export function useProvisionKeys(options: {
  shown: readonly ProvisionView[];
  currentId: string | null;
  setCurrentId: (id: string) => void;
  open: (provisionId: string) => void;
}): void {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target))
        return;
      const { shown, currentId, setCurrentId, open } = latest.current;
      const onProvision = event.target instanceof HTMLElement && event.target.matches("[data-provision-id]");
      const letter = event.key === "j" || event.key === "k" || event.key === "b" || event.key === "B";
      if (!letter && !onProvision) return;
      const index = shown.findIndex((v) => v.provision.id === currentId);
      if (event.key === "Enter") {
        if (currentId && index >= 0) {
          event.preventDefault();
          open(currentId);
        }
        return;
      }
      const next = targetOf(event.key, event.shiftKey, index, shown);
      const view = shown[next];
      if (!view) return;
      event.preventDefault();
      setCurrentId(view.provision.id);
      const element = provisionElement(view.provision.id);
      element?.focus({ preventScroll: true });
      element?.scrollIntoView({ block: "nearest" });
    };
    // Focus anywhere in a provision (a click on it, Tab to its link) makes it the current one.
    const onFocusIn = (event: FocusEvent) => {
      const block =
        event.target instanceof Element ? event.target.closest<HTMLElement>("[data-provision-id]") : null;
      const id = block?.dataset.provisionId;
      if (id) latest.current.setCurrentId(id);
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("focusin", onFocusIn);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("focusin", onFocusIn);
    };
  }, []);
}
