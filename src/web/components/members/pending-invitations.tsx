import { useQuery } from "@tanstack/react-query";
import { type PendingInvitation, pendingInvitationsQuery } from "../../api/members.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { formatWhen } from "../../format.ts";
import { QueryState } from "../app-frame.tsx";

function seatWords(invitation: PendingInvitation, partyName: (id: string) => string): string {
  switch (invitation.role) {
    case "delegation":
      return `${partyName(invitation.partyId ?? "")} delegation${invitation.rank === "head" ? ", as its head" : ""}`;
    case "mediation":
      return `Mediation${invitation.rank === "lead" ? ", as a lead" : ""}`;
    case "observer":
      return "Observers";
  }
}

/** The invitations sent and not yet accepted that this member may see (the server decides which). */
export function PendingInvitations({
  summary,
  negotiationId,
}: {
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const pending = useQuery(pendingInvitationsQuery(negotiationId));
  const partyName = (id: string) => summary.parties.find((p) => p.id === id)?.name ?? id;
  const memberName = (id: string) => summary.members.find((m) => m.id === id)?.name ?? "a former member";
  return (
    <section className="panel" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Waiting for an answer</h2>
      {!pending.data ? (
        <QueryState error={pending.error} what="the invitations" />
      ) : pending.data.invitations.length === 0 ? (
        <p className="muted">No invitation is waiting.</p>
      ) : (
        <ul className="member-list" aria-live="polite">
          {pending.data.invitations.map((i) => (
            <li key={`${i.email}-${i.createdAt}`} className="member-row">
              <div>
                <strong>{i.name}</strong> <span className="tag">{seatWords(i, partyName)}</span>
                <div className="muted">{i.email}</div>
                <div className="muted">
                  Invited by {memberName(i.invitedBy)} on {formatWhen(i.createdAt)}; the link works until{" "}
                  {formatWhen(i.expiresAt)}.
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
