import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { PresenceEntry } from "../../client/live-client.ts";
import { instrumentQuery } from "../api/queries.ts";
import type { NegotiationSummary } from "../api/types.ts";
import { formatWhen } from "../format.ts";
import type { LiveStatus } from "../live/use-live.ts";
import { roleInWords } from "../status.ts";
import { marginLabel } from "../text-labels.ts";

/**
 * Who is here now, as the live stream reports it: only entries the server sent, which it already limits to
 * the scopes this member reads. A member with several pages open is listed once, at their latest page.
 */
export function Presence({
  presence,
  status,
  summary,
  negotiationId,
}: {
  presence: PresenceEntry[];
  status: LiveStatus;
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const latest = new Map<string, PresenceEntry>();
  for (const entry of presence) {
    const seen = latest.get(entry.memberId);
    if (!seen || seen.since < entry.since) latest.set(entry.memberId, entry);
  }
  const here = [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
  const partyName = (id: string) => summary.parties.find((p) => p.id === id)?.name ?? id;
  // The text is usually cached already; until it is, a provision is named generically.
  const text = useQuery(instrumentQuery(negotiationId));
  const labels = new Map(
    (text.data?.provisions ?? []).map((view) => [view.provision.id, marginLabel(view.provision)]),
  );
  return (
    <div className="presence" aria-live="polite">
      {status !== "live" ? (
        <p className="muted">Not connected: who is here will show once the live connection is back.</p>
      ) : here.length === 0 ? (
        <p className="muted">No one else is here.</p>
      ) : (
        <ul className="presence-list">
          {here.map((entry) => {
            const member = summary.members.find((m) => m.id === entry.memberId);
            const you = entry.memberId === summary.you.memberId;
            return (
              <li key={entry.memberId}>
                <span className="presence-dot" aria-hidden="true" />
                <strong>{you ? `${entry.name} (you)` : entry.name}</strong>
                {member ? <span className="muted">, {roleInWords(member.role, partyName)}</span> : null}
                <div className="muted">
                  {entry.provisionId ? (
                    <>
                      Reading{" "}
                      <Link
                        to="/negotiations/$negotiationId/provisions/$provisionId"
                        params={{ negotiationId, provisionId: entry.provisionId }}
                      >
                        {labels.get(entry.provisionId) ?? "a provision"}
                      </Link>
                    </>
                  ) : (
                    "In the negotiation"
                  )}{" "}
                  since {formatWhen(entry.since)}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** On a provision: who else is reading it now (from the live stream's presence, already scoped by the server). */
export function AlsoReading({
  presence,
  provisionId,
  you,
}: {
  presence: PresenceEntry[];
  provisionId: string;
  you: string;
}) {
  const names = [
    ...new Set(
      presence.filter((p) => p.provisionId === provisionId && p.memberId !== you).map((p) => p.name),
    ),
  ].sort();
  if (names.length === 0) return null;
  return (
    <p className="also-reading muted" aria-live="polite">
      <span className="presence-dot" aria-hidden="true" /> Also reading this provision: {names.join(", ")}
    </p>
  );
}
