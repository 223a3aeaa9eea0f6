import { useQuery } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { membersQuery } from "../api/members.ts";
import { summaryQuery } from "../api/queries.ts";
import { QueryState } from "../components/app-frame.tsx";
import { FactorRequirement } from "../components/members/factor-requirement.tsx";
import { InviteForm } from "../components/members/invite-form.tsx";
import { MemberList } from "../components/members/member-list.tsx";
import { PendingInvitations } from "../components/members/pending-invitations.tsx";
import { Crumbs } from "../components/rounds/write-parts.tsx";
import { useLive } from "../live/use-live.ts";

/** Who is at the table, and, for those who may, inviting and removing members. */
export function MembersScreen() {
  const { negotiationId } = useParams({ from: "/signed-in/negotiations/$negotiationId/members" });
  const summary = useQuery(summaryQuery(negotiationId));
  // Live: what others do shows here without a reload, and this member counts as present.
  useLive(negotiationId, HERE);
  const members = useQuery(membersQuery(negotiationId));
  const s = summary.data;
  if (!s) return <QueryState error={summary.error} what="the negotiation" />;
  if (!members.data) return <QueryState error={members.error} what="the members" />;
  return (
    <article className="members-screen">
      <Crumbs summary={s} negotiationId={negotiationId} here="Members" />
      <header className="page-head">
        <h1>At the table</h1>
        <p className="lead">
          The parties' delegations, the mediation and the observers. Every member sees this list.
        </p>
        <FactorRequirement summary={s} negotiationId={negotiationId} />
      </header>
      <div className={s.you.abilities["add-member"] ? "members-layout" : "members-layout single"}>
        <div className="member-groups">
          <MemberList
            summary={s}
            parties={members.data.parties}
            members={members.data.members}
            negotiationId={negotiationId}
          />
        </div>
        {s.you.abilities["add-member"] ? (
          <div className="member-groups">
            <InviteForm summary={s} negotiationId={negotiationId} />
            <PendingInvitations summary={s} negotiationId={negotiationId} />
          </div>
        ) : null}
      </div>
    </article>
  );
}

const HERE = { provisionId: null };
