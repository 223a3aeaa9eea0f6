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

/**
 * Where a move starts: the current provision while the focus is in it; otherwise the reader is elsewhere on
 * the page (the filters, or scrolled away), so the next move lands on the first provision in view.
 */
function startOf(event: KeyboardEvent, index: number, shown: readonly ProvisionView[]): number {
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest("[data-provision-id]")) return index;
  const bar = document.querySelector(".toolbar")?.getBoundingClientRect().bottom ?? 0;
  const list = document.querySelector(".provision-list")?.getBoundingClientRect();
  if (!list) return index;
  const y = Math.max(bar, list.top) + 8;
  const seen = document
    .elementFromPoint(list.left + list.width / 2, y)
    ?.closest<HTMLElement>("[data-provision-id]");
  const visible = seen ? shown.findIndex((v) => v.provision.id === seen.dataset.provisionId) : 0;
  const at = Math.max(visible, 0);
  // One step back (or forward) so that "next" (or "previous") lands on the provision in view itself.
  const backwards = event.key === "k" || event.key === "ArrowUp" || (event.key === "B" && event.shiftKey);
  return backwards ? at + 1 : at - 1;
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
    target.closest("dialog") !== null);

/**
 * Reading the text with the keyboard, and opening a provision by its number's link. Keys: j/k (or ↓/↑ on a provision) next and previous, b and Shift+B next and
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
      const next = targetOf(event.key, event.shiftKey, startOf(event, index, shown), shown);
      const view = shown[next];
      if (!view) return;
      event.preventDefault();
      setCurrentId(view.provision.id);
      const element = provisionElement(view.provision.id);
      if (!element) return;
      element.focus({ preventScroll: true });
      // Scroll only when it is not wholly in view below the sticky filters; then bring its top just under
      // them (their height varies with the width: scroll-margin-top reads it from --sticky-top).
      const box = element.getBoundingClientRect();
      const toolbar = document.querySelector(".toolbar");
      const top =
        toolbar && getComputedStyle(toolbar).position === "sticky"
          ? toolbar.getBoundingClientRect().bottom
          : 0;
      if (box.top < top || box.bottom > window.innerHeight) {
        element.parentElement?.style.setProperty("--sticky-top", `${Math.ceil(top) + 8}px`);
        element.scrollIntoView({ block: "start" });
      }
    };
    // Focus anywhere in a provision (a click on it, Tab to its link) makes it the current one.
    const onFocusIn = (event: FocusEvent) => {
      const block =
        event.target instanceof Element ? event.target.closest<HTMLElement>("[data-provision-id]") : null;
      const id = block?.dataset.provisionId;
      if (id) latest.current.setCurrentId(id);
    };
    // A plain click on a provision's number opens it inside the app; with a modifier, the browser's own way
    // (a new tab, a new window) applies to the link as to any other.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[data-provision-link]") : null;
      const id = link?.closest<HTMLElement>("[data-provision-id]")?.dataset.provisionId;
      if (!id) return;
      event.preventDefault();
      latest.current.open(id);
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("focusin", onFocusIn);
      document.removeEventListener("click", onClick);
    };
  }, []);
}
