/**
 * The app's tabs share one session cookie but each keeps in memory what it read. When one tab signs out or
 * signs in as someone, the others must forget what they hold at once: it may belong to an account that is no
 * longer the one at this browser. Only a signal crosses tabs, never data.
 */
const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("parley-session");

/** Tells the app's other tabs that the account at this browser changed (signed out, or signed in anew). */
export function announceAccountChange(): void {
  channel?.postMessage("account-changed");
}

/** Runs `handler` when another tab changes the account; returns the unsubscribe function. */
export function onAccountChangeElsewhere(handler: () => void): () => void {
  if (!channel) return () => undefined;
  const listener = () => handler();
  channel.addEventListener("message", listener);
  return () => channel.removeEventListener("message", listener);
}
