import { Link } from "@tanstack/react-router";
import type { PresenceEntry } from "../../client/live-client.ts";
import type { NegotiationSummary } from "../api/types.ts";
import { formatWhen } from "../format.ts";
import type { LiveStatus } from "../live/use-live.ts";
import { roleInWords } from "../status.ts";

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
                        a provision
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
