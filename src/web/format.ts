/** An instant, briefly: "2 May, 14:05". */
export const formatWhen = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });

/** "1–4 May 2023", "30 April – 2 May 2023", "16 January 2023". */
export function formatDays(from: string, to: string): string {
  const f = (day: string, parts: Intl.DateTimeFormatOptions) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { ...parts, timeZone: "UTC" });
  const full = { day: "numeric", month: "long", year: "numeric" } as const;
  if (from === to) return f(from, full);
  if (from.slice(0, 7) === to.slice(0, 7)) return `${f(from, { day: "numeric" })}–${f(to, full)}`;
  if (from.slice(0, 4) === to.slice(0, 4))
    return `${f(from, { day: "numeric", month: "long" })} – ${f(to, full)}`;
  return `${f(from, full)} – ${f(to, full)}`;
}
